"""The onboarding pages: applying, one's application with its steps, the supervisor's queue,
the coordinators' placing, activating and overview — each without JavaScript (POST → redirect
→ GET), refusals shown beside their field and changing nothing."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from kipina.agents.models import SupportPerson
from kipina.org.tests.factories import PersonFactory
from kipina.training import services_onboarding as services
from kipina.training.enums import ApplicationState, EnrolmentState
from kipina.training.models import Application
from kipina.training.tests.factories_onboarding import application, cohort_for, role
from kipina.training.tests.factories_programmes import enrolled

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(login_as):
    def _login(key: str):
        client = login_as(key)
        client.cookies["django_language"] = "en"
        return client

    return _login


def text(response) -> str:
    """The page's visible text with whitespace squeezed."""
    content = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", content)


def submitted(org, key="employee") -> Application:
    return services.application_submit(
        actor=org.people[key].user, role=role(), motivation="Haluan auttaa.", percent=Decimal(10)
    )


def approved(org) -> Application:
    return services.application_decide(
        actor=org.people["supervisor"].user, application=submitted(org), approve=True
    )


# --- Apply ----------------------------------------------------------------------------------


def test_the_apply_form_has_the_roles_as_a_group_and_ten_per_cent_by_default(org, english):
    role()
    response = english("employee").get(reverse("training:apply"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<legend>Support role" in html
    assert 'type="radio" name="role"' in html
    assert 'name="percent" value="10"' in html
    assert "is asked to approve the time share" in text(response)


def test_with_a_supervisor_no_longer_active_the_pages_say_the_coordinators_decide(org, english):
    role()
    gone = org.people["supervisor"]
    gone.active = False
    gone.save()
    apply_page = text(english("employee").get(reverse("training:apply")))
    assert f"The supervisor on record, {gone.full_name}, is no longer active" in apply_page
    application = submitted(org)
    detail = text(english("coordinator").get(application.get_absolute_url()))
    assert f"{gone.full_name} (no longer active: the coordinators decide)" in detail
    assert "the supervisor on record" in detail and "is no longer active)" in detail
    queue = english("coordinator").get(reverse("training:applications_to_decide"))
    assert application in queue.context["page"].object_list


def test_applying_leads_to_my_application(org, english):
    agent = role()
    client = english("employee")
    response = client.post(
        reverse("training:apply"),
        {"role": agent.pk, "motivation": "Haluan auttaa tiimejä.", "percent": "15"},
    )
    app = Application.objects.get(person=org.people["employee"])
    assert response.status_code == 302
    assert response["Location"] == reverse("training:application", args=[app.pk])
    assert app.percent == Decimal(15)
    page = client.get(response["Location"])
    assert "Your application is sent" in text(page)
    assert "My application to become a support person" in text(page)


def test_a_missing_motivation_is_shown_beside_its_field(org, english):
    response = english("employee").post(
        reverse("training:apply"), {"role": role().pk, "motivation": "", "percent": "10"}
    )
    assert response.status_code == 400
    assert 'id="id_motivation_error"' in response.content.decode()
    assert not Application.objects.exists()


def test_a_share_over_50_is_refused(org, english):
    response = english("employee").post(
        reverse("training:apply"), {"role": role().pk, "motivation": "x", "percent": "60"}
    )
    assert response.status_code == 400
    assert 'id="id_percent_error"' in response.content.decode()


def test_with_an_open_application_the_page_points_to_it_and_refuses_another(org, english):
    app = submitted(org)
    client = english("employee")
    page = client.get(reverse("training:apply"))
    assert "You have an open application" in text(page)
    assert reverse("training:application", args=[app.pk]) in page.content.decode()
    assert 'name="motivation"' not in page.content.decode()
    response = client.post(
        reverse("training:apply"),
        {"role": role("change_agent").pk, "motivation": "Toinen", "percent": "10"},
    )
    assert response.status_code == 400
    assert "You already have an open application" in text(response)
    assert Application.objects.count() == 1


def test_an_active_support_person_in_the_role_is_told_beside_the_role(org, english):
    agent = role()
    org.people["support_person"].support_profile.roles.add(agent)
    response = english("support_person").post(
        reverse("training:apply"), {"role": agent.pk, "motivation": "x", "percent": "10"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_role_error"' in html
    assert "already an active support person in this role" in html


# --- My application --------------------------------------------------------------------------


def test_my_application_shows_the_steps_in_words_and_who_acts_next(org, english):
    app = submitted(org)
    response = english("employee").get(reverse("training:application", args=[app.pk]))
    assert response.status_code == 200
    page = text(response)
    assert "Applied (done)" in page
    assert "Supervisor approved the time share (current step)" in page
    assert "Placed in a training cohort (not yet)" in page
    assert 'aria-current="step"' in response.content.decode()
    supervisor = org.people["supervisor"].full_name
    assert f"Next: {supervisor} (supervisor) approves or declines the time share." in page
    assert "Withdraw my application" in page
    assert "Your decision" not in page


def test_withdrawing_from_the_page(org, english):
    app = submitted(org)
    client = english("employee")
    response = client.post(reverse("training:application_withdraw", args=[app.pk]))
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == ApplicationState.WITHDRAWN
    page = text(client.get(response["Location"]))
    assert "Your application is withdrawn." in page
    assert "Withdraw my application" not in page
    assert "Supervisor approved the time share (not reached)" in page


def test_a_withdrawn_application_cannot_be_withdrawn_again(org, english):
    app = application(org.people["employee"], state=ApplicationState.WITHDRAWN)
    response = english("employee").post(reverse("training:application_withdraw", args=[app.pk]))
    assert response.status_code == 409
    assert "Someone else already moved this application on" in text(response)


# --- The supervisor decides -------------------------------------------------------------------


def test_the_supervisor_sees_the_period_and_approves_from_the_application(org, english):
    app = submitted(org)
    client = english("supervisor")
    page = client.get(reverse("training:application", args=[app.pk]))
    start = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    end = date_format(dt.date(timezone.localdate().year + 1, 12, 31), "SHORT_DATE_FORMAT")
    assert f"Approving gives a time share of 10 % from {start} to {end}." in text(page)
    assert 'name="back"' not in page.content.decode()  # from here, back to the application
    response = client.post(
        reverse("training:application_decide", args=[app.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("training:application", args=[app.pk])
    app.refresh_from_db()
    assert app.state == ApplicationState.APPROVED
    assert app.allocation.percent == Decimal(10)


def test_the_queue_lists_the_reports_applications_and_returns_to_itself(org, english):
    app = submitted(org)
    submitted(org, "supervisor")  # the supervisor's own: never in their queue
    client = english("supervisor")
    queue = client.get(reverse("training:applications_to_decide"))
    assert queue.status_code == 200
    page = text(queue)
    assert "1 application is waiting." in page
    assert org.people["employee"].full_name in page
    response = client.post(
        reverse("training:application_decide", args=[app.pk]),
        {"decision": "decline", "reason": "Ei nyt.", "back": "decide"},
    )
    assert response["Location"] == reverse("training:applications_to_decide")
    assert "Nothing waiting for your decision." in text(client.get(response["Location"]))


def test_the_coordinators_queue_has_the_applications_without_a_supervisor(org, english):
    submitted(org)
    submitted(org, "supervisor")
    page = text(english("coordinator").get(reverse("training:applications_to_decide")))
    assert "1 application is waiting." in page
    assert org.people["supervisor"].full_name in page
    assert "you decide as a coordinator and must give a reason" in page


def test_standing_in_without_a_reason_is_shown_beside_the_reason(org, english):
    app = submitted(org, "supervisor")
    response = english("coordinator").post(
        reverse("training:application_decide", args=[app.pk]), {"decision": "approve"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_decide_{app.pk}_reason_error"' in html
    assert "please give a reason for the record" in html
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED


def test_deciding_what_someone_else_already_decided_is_a_conflict(org, english):
    app = approved(org)
    response = english("supervisor").post(
        reverse("training:application_decide", args=[app.pk]),
        {"decision": "decline", "reason": "Ei"},
    )
    assert response.status_code == 409
    assert "it is now: Waiting for a training place" in text(response)
    app.refresh_from_db()
    assert app.state == ApplicationState.APPROVED


# --- A coordinator places ---------------------------------------------------------------------


def test_the_placing_queue_offers_the_cohorts_for_the_role_with_seats_left(org, english):
    app = approved(org)
    right = cohort_for(role(), name="Kevät", capacity=3)
    enrolled(right, PersonFactory())
    full = cohort_for(role(), name="Syksy", capacity=1)
    enrolled(full, PersonFactory())
    cohort_for(role("change_agent"), name="Muutosagentit")
    response = english("coordinator").get(reverse("training:applications_to_place"))
    assert response.status_code == 200
    page = text(response)
    assert "Kevät" in page and "2 of 3 seats left" in page
    assert "Syksy" in page and "full: joins the waiting list" in page
    assert "Muutosagentit" not in page
    assert f'id="id_place_{app.pk}_cohort_0"' in response.content.decode()


def test_placing_from_the_queue(org, english):
    app = approved(org)
    cohort = cohort_for(role(), name="Kevät")
    client = english("coordinator")
    response = client.post(
        reverse("training:application_place", args=[app.pk]),
        {"cohort": cohort.pk, "back": "place"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("training:applications_to_place")
    app.refresh_from_db()
    assert app.state == ApplicationState.PLACED
    assert app.enrolment.state == EnrolmentState.ENROLLED
    page = text(client.get(response["Location"]))
    assert f"{org.people['employee'].full_name} has a seat in Kevät." in page


def test_a_cohort_for_another_role_cannot_be_posted(org, english):
    app = approved(org)
    other = cohort_for(role("change_agent"))
    response = english("coordinator").post(
        reverse("training:application_place", args=[app.pk]), {"cohort": other.pk}
    )
    assert response.status_code == 400
    assert "Choose one of the cohorts listed." in text(response)
    app.refresh_from_db()
    assert app.state == ApplicationState.APPROVED


# --- Activate and the overview ----------------------------------------------------------------


def test_activating_from_the_overview(org, english):
    app = application(org.people["employee"], state=ApplicationState.TRAINED)
    SupportPerson.objects.create(person=org.people["employee"], active=False)
    client = english("coordinator")
    overview = client.get(reverse("training:applications") + "?state=trained")
    assert "Activate" in text(overview)
    response = client.post(
        reverse("training:application_activate", args=[app.pk]), {"back": "list"}
    )
    assert response["Location"] == reverse("training:applications")
    app.refresh_from_db()
    assert app.state == ApplicationState.ACTIVE
    assert SupportPerson.objects.get(person=org.people["employee"]).active
    assert "is now an active support person" in text(client.get(response["Location"]))


def test_the_overview_counts_by_state_and_filters(org, english):
    for _ in range(3):
        application(PersonFactory(), state=ApplicationState.SUBMITTED)
    application(PersonFactory(), state=ApplicationState.PLACED)
    client = english("coordinator")
    page = text(client.get(reverse("training:applications")))
    assert "Waiting for the supervisor : 3" in page
    assert "In training : 1" in page
    assert "Declined : 0" in page
    assert "4 applications" in page
    filtered = text(client.get(reverse("training:applications") + "?state=placed"))
    assert "1 application" in filtered and "4 applications" not in filtered


def test_the_overview_answers_htmx_with_the_results_only(org, english):
    application(PersonFactory(), state=ApplicationState.SUBMITTED)
    response = english("coordinator").get(
        reverse("training:applications") + "?state=submitted", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<h1>" not in html
