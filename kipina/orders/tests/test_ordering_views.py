"""The services catalogue, the order form and the order page with its actions, through HTTP."""

import datetime as dt
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kipina.agents.models import Skill, SupportRole
from kipina.orders import forms as order_forms
from kipina.orders import services
from kipina.orders.enums import AssignmentMode, OrderState
from kipina.orders.models import FollowUp, Order, OrderEvent, Service
from kipina.orders.tests.factories import (
    ServiceFactory,
    bookable_support_person,
    order_in_state,
)
from kipina.org.tests.factories import PersonFactory, TeamFactory, make_support_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client, org):
    """The test client signed in as a persona, with the UI in English."""

    def _sign_in(key: str):
        client.force_login(org.people[key].user)
        client.cookies["django_language"] = "en"
        return client

    return _sign_in


def _html(response) -> str:
    return response.content.decode()


def _action_forms(html: str, order: Order) -> set[str]:
    """The action names of the forms on the order page that post to this order."""
    prefix = f"/orders/{order.pk}/"
    return set(re.findall(rf'<form method="post" action="{prefix}([a-z-]+)/"', html))


# --- services catalogue ----------------------------------------------------------------------


def test_catalogue_lists_active_services_with_an_order_link(as_user):
    shown = ServiceFactory(name_en="Values discussion", description_en="Talk about values.")
    hidden = ServiceFactory(name_en="Old thing", active=False)
    html = _html(as_user("employee").get(reverse("orders:services")))
    assert "Values discussion" in html
    assert "Talk about values." in html
    assert f"{reverse('orders:new')}?service={shown.code}" in html
    assert hidden.name_en not in html
    assert reverse("orders:service_new") not in html


def test_catalogue_shows_coordinators_inactive_services_and_edit_links(as_user):
    hidden = ServiceFactory(name_en="Old thing", active=False)
    html = _html(as_user("coordinator").get(reverse("orders:services")))
    assert "Old thing" in html
    assert "not available" in html
    assert reverse("orders:service_new") in html
    assert reverse("orders:service_edit", args=[hidden.code]) in html


def test_service_names_follow_the_ui_language(client, org):
    ServiceFactory(name_fi="Arvokeskustelu", name_sv="Värdediskussion", name_en="Values talk")
    client.force_login(org.people["employee"].user)
    assert "Arvokeskustelu" in _html(client.get(reverse("orders:services")))
    client.cookies["django_language"] = "sv"
    assert "Värdediskussion" in _html(client.get(reverse("orders:services")))


def test_service_page(as_user):
    skill = Skill.objects.create(code="lean-x", name_fi="Lean", name_sv="Lean", name_en="Lean")
    service = ServiceFactory(name_en="Lean tools", typical_hours=6, required_skills=[skill])
    html = _html(as_user("employee").get(service.get_absolute_url()))
    assert "<h1>Lean tools" in html
    assert "6 h" in html
    assert "Lean" in html
    assert f"?service={service.code}" in html


def _service_post(**overrides):
    data = {
        "code": "values-talk",
        "name_fi": "Arvokeskustelu",
        "name_sv": "Värdediskussion",
        "name_en": "Values discussion",
        "description_fi": "",
        "description_sv": "",
        "description_en": "",
        "typical_hours": "3",
        "assignment_mode": AssignmentMode.CLAIM,
        "active": "on",
    }
    data.update(overrides)
    return data


def test_coordinator_creates_a_service_with_skills_and_roles(as_user):
    skill = Skill.objects.create(code="values-x", name_fi="A", name_sv="A", name_en="Values work")
    role = SupportRole.objects.create(code="hacker-x", name_fi="B", name_sv="B", name_en="Hacker")
    client = as_user("coordinator")
    form_page = _html(client.get(reverse("orders:service_new")))
    assert "<legend>Required skills</legend>" in form_page
    assert "<legend>Assignment" in form_page
    response = client.post(
        reverse("orders:service_new"),
        _service_post(required_skills=[skill.pk], eligible_roles=[role.pk]),
    )
    service = Service.objects.get(code="values-talk")
    assert response.status_code == 302
    assert response["Location"] == service.get_absolute_url()
    assert list(service.required_skills.all()) == [skill]
    assert list(service.eligible_roles.all()) == [role]
    assert service.assignment_mode == AssignmentMode.CLAIM


def test_coordinator_sets_and_clears_the_required_training(as_user):
    role = SupportRole.objects.create(code="agent-x", name_fi="C", name_sv="C", name_en="Agent")
    SupportRole.objects.create(code="old-x", name_fi="D", name_sv="D", name_en="Old", active=False)
    client = as_user("coordinator")
    form_page = _html(client.get(reverse("orders:service_new")))
    assert "<legend>Required training</legend>" in form_page
    assert ">Agent<" in form_page and ">Old<" not in form_page
    response = client.post(
        reverse("orders:service_new"), _service_post(required_trainings=[role.pk])
    )
    assert response.status_code == 302
    service = Service.objects.get(code="values-talk")
    assert list(service.required_trainings.all()) == [role]
    # Shown checked when editing; saving without it clears it.
    edit_page = _html(client.get(reverse("orders:service_edit", args=[service.code])))
    checked = re.findall(r'<input[^>]*name="required_trainings"[^>]*>', edit_page)
    assert [tag for tag in checked if "checked" in tag and f'value="{role.pk}"' in tag]
    client.post(reverse("orders:service_edit", args=[service.code]), _service_post())
    assert not service.required_trainings.exists()


def test_service_form_errors_stay_beside_the_field(as_user):
    response = as_user("coordinator").post(
        reverse("orders:service_new"), _service_post(name_fi="", typical_hours="0")
    )
    assert response.status_code == 400
    html = _html(response)
    assert 'id="id_name_fi_error"' in html
    assert 'id="id_typical_hours_error"' in html
    assert not Service.objects.filter(code="values-talk").exists()


def test_editing_keeps_the_code(as_user):
    service = ServiceFactory(code="retro")
    response = as_user("coordinator").post(
        reverse("orders:service_edit", args=["retro"]),
        _service_post(code="renamed", name_en="Retrospective", active=""),
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.code, service.name_en, service.active) == ("retro", "Retrospective", False)


def test_employees_cannot_edit_services(as_user):
    response = as_user("employee").post(reverse("orders:service_new"), _service_post())
    assert response.status_code == 403
    assert not Service.objects.filter(code="values-talk").exists()


# --- the order form --------------------------------------------------------------------------


def _order_post(org, service, **overrides):
    today = timezone.localdate()
    data = {
        "service": service.pk,
        "team": org.team.pk,
        "need": "Vuorovaihdot ovat sekavia.",
        "goal": "Sujuva raportointi.",
        "earliest": (today + dt.timedelta(days=3)).isoformat(),
        "latest": (today + dt.timedelta(days=30)).isoformat(),
        "participants": "7",
        "language": "fi",
        "onsite": "1",
        "place": "Kokoushuone",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_order_form_preselects_the_service_and_own_team(as_user, org):
    service = ServiceFactory()
    html = _html(as_user("employee").get(reverse("orders:new") + f"?service={service.code}"))
    assert f'<option value="{service.pk}" selected>' in html
    assert f'<option value="{org.team.pk}" selected>' in html
    # An employee orders only for their own team.
    assert org.other_team.name not in html
    assert re.search(r'name="submission_key" value="[0-9a-f-]{36}"', html)
    assert '<legend>Where? <span class="required"' in html
    assert '<option value="fi" selected>' in html


def test_team_leads_choose_among_the_teams_they_lead(as_user, org):
    led = TeamFactory(unit=org.unit, name="Yövuoro", lead=org.people["team_lead"])
    html = _html(as_user("team_lead").get(reverse("orders:new")))
    assert "Yövuoro" in html and org.team.name in html
    assert org.other_team.name not in html
    assert led.code in html


def test_coordinators_choose_any_team(as_user, org):
    html = _html(as_user("coordinator").get(reverse("orders:new")))
    assert org.team.name in html and org.other_team.name in html


def test_coordinators_with_many_teams_type_a_team_code(as_user, org, monkeypatch):
    monkeypatch.setattr(order_forms, "TEAM_SELECT_LIMIT", 1)
    client = as_user("coordinator")
    html = _html(client.get(reverse("orders:new")))
    assert 'name="team" value="PAY-1"' in html
    service = ServiceFactory()
    response = client.post(reverse("orders:new"), _order_post(org, service, team="NOPE"))
    assert response.status_code == 400
    assert "No team with this code." in _html(response)
    response = client.post(reverse("orders:new"), _order_post(org, service, team="ward-a"))
    assert response.status_code == 302
    assert Order.objects.get().team == org.team


def test_ordering_creates_the_order_and_shows_it(as_user, org):
    service = ServiceFactory()
    client = as_user("employee")
    response = client.post(reverse("orders:new"), _order_post(org, service), follow=True)
    order = Order.objects.get()
    assert response.redirect_chain == [(order.get_absolute_url(), 302)]
    assert (order.requester, order.team, order.service) == (
        org.people["employee"],
        org.team,
        service,
    )
    assert order.place == "Kokoushuone"
    assert "Your order was sent" in _html(response)


def test_submitting_twice_makes_one_order(as_user, org):
    client = as_user("employee")
    data = _order_post(org, ServiceFactory())
    first = client.post(reverse("orders:new"), data)
    second = client.post(reverse("orders:new"), data)
    order = Order.objects.get()
    assert first["Location"] == second["Location"] == order.get_absolute_url()
    assert OrderEvent.objects.filter(order=order).count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"earliest": "2000-01-01"}, "earliest", "The date cannot be in the past."),
        (
            {"latest": (dt.date.today() + dt.timedelta(days=1)).isoformat()},
            "latest",
            "The latest date cannot be before the earliest date.",
        ),
        ({"place": ""}, "place", "Please say where the support happens."),
        ({"need": ""}, "need", "This field is required."),
        ({"participants": "0"}, "participants", ""),
        ({"team": "999999"}, "team", ""),
    ],
)
def test_bad_order_input_is_shown_beside_the_field(as_user, org, changes, field, message):
    response = as_user("employee").post(
        reverse("orders:new"), _order_post(org, ServiceFactory(), **changes)
    )
    assert response.status_code == 400
    html = _html(response)
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert not Order.objects.exists()


def test_remote_orders_need_no_place(as_user, org):
    response = as_user("employee").post(
        reverse("orders:new"), _order_post(org, ServiceFactory(), onsite="0", place="")
    )
    assert response.status_code == 302
    assert Order.objects.get().onsite is False


def test_ordering_for_another_team_is_refused_beside_the_team(as_user, org):
    response = as_user("employee").post(
        reverse("orders:new"), _order_post(org, ServiceFactory(), team=org.other_team.pk)
    )
    assert response.status_code == 400
    assert 'id="id_team_error"' in _html(response)
    assert not Order.objects.exists()


# --- the order page --------------------------------------------------------------------------


def test_order_page_shows_the_summary_and_timeline(as_user, org):
    order = order_in_state(org, OrderState.PLANNED)
    html = _html(as_user("employee").get(order.get_absolute_url()))
    assert order.need in html and order.goal in html
    assert org.people["support_person"].full_name in html
    assert "Neuvotteluhuone 2" in html
    assert '<ol class="timeline">' in html
    assert html.count('<li class="timeline__event">') == 3
    for label in ("Submitted the order", "Assigned a support person", "Scheduled the first"):
        assert label in html
    assert "Submitted → Assigned" in html
    assert "Sessions" in html  # the sessions include


def test_team_sees_the_order_but_outsiders_get_404(client, org):
    order = order_in_state(org, OrderState.ASSIGNED)
    outsider = PersonFactory(unit=org.other_unit, team=org.other_team)
    client.force_login(outsider.user)
    assert client.get(order.get_absolute_url()).status_code == 404
    for key in ("employee", "team_lead", "support_person", "coordinator"):
        client.force_login(org.people[key].user)
        assert client.get(order.get_absolute_url()).status_code == 200, key


def test_support_persons_see_open_orders_but_not_the_reasons_inside(client, org):
    order = order_in_state(org, OrderState.SUBMITTED)
    other = PersonFactory(unit=org.other_unit, team=org.other_team)
    make_support_person(other)
    order = Order.objects.get(pk=order.pk)
    services.order_assign(
        actor=org.people["coordinator"].user,
        order=order,
        support_person=org.people["support_person"].support_profile,
    )
    services.order_return(
        actor=org.people["support_person"].user,
        order=Order.objects.get(pk=order.pk),
        reason="Salainen syy",
    )
    client.force_login(other.user)
    response = client.get(order.get_absolute_url())
    assert response.status_code == 200
    assert "Salainen syy" not in _html(response)


EXPECTED_FORMS = {
    # persona → the action forms on the page of an order in each state
    ("coordinator", OrderState.SUBMITTED): {"assign", "decline", "cancel"},
    ("employee", OrderState.SUBMITTED): {"cancel"},
    ("support_person", OrderState.SUBMITTED): set(),
    ("support_person", OrderState.ASSIGNED): {"accept", "return"},
    ("coordinator", OrderState.ASSIGNED): {"unassign", "decline", "cancel"},
    ("employee", OrderState.PLANNED): {"cancel"},
    ("support_person", OrderState.PLANNED): {"deliver", "return"},
    ("employee", OrderState.DELIVERED): {"feedback"},
    ("team_lead", OrderState.DELIVERED): {"feedback"},
    ("support_person", OrderState.DELIVERED): {"reflect"},
    ("coordinator", OrderState.DELIVERED): {"close"},
    ("admin", OrderState.DELIVERED): {"close"},
}


@pytest.mark.parametrize(("persona", "state"), list(EXPECTED_FORMS))
def test_the_page_offers_exactly_the_allowed_actions(as_user, org, persona, state):
    order = order_in_state(org, state)
    html = _html(as_user(persona).get(order.get_absolute_url()))
    assert _action_forms(html, order) == EXPECTED_FORMS[(persona, state)]


@pytest.mark.parametrize("persona", ["employee", "support_person", "coordinator", "admin"])
@pytest.mark.parametrize("state", [OrderState.CLOSED, OrderState.DECLINED, OrderState.CANCELLED])
def test_finished_orders_have_no_forms(as_user, org, persona, state):
    order = order_in_state(org, state)
    html = _html(as_user(persona).get(order.get_absolute_url()))
    assert _action_forms(html, order) == set()
    assert "session_new" not in html and "/sessions/new/" not in html
    assert "This order is finished" in html


def test_closed_order_asks_the_follow_up_when_due_and_only_that(as_user, org):
    order = order_in_state(org, OrderState.CLOSED)
    FollowUp.objects.filter(order=order).update(due=timezone.localdate())
    client = as_user("employee")
    html = _html(client.get(order.get_absolute_url()))
    assert _action_forms(html, order) == {"follow-up"}
    assert "<legend>Did the new practice stick?" in html
    response = client.post(
        reverse("orders:follow_up", args=[order.pk]), {"answer": "partly", "comment": "Osin."}
    )
    assert response.status_code == 302
    html = _html(client.get(order.get_absolute_url()))
    assert _action_forms(html, order) == set()
    assert "Partly" in html and "Osin." in html


def test_feedback_is_a_rating_fieldset_and_closes_the_order(as_user, org):
    order = order_in_state(org, OrderState.DELIVERED)
    client = as_user("employee")
    html = _html(client.get(order.get_absolute_url()))
    assert "<legend>How much did the support help?" in html
    assert html.count('name="rating"') == 5
    response = client.post(
        reverse("orders:feedback", args=[order.pk]),
        {"rating": "5", "helped": "Selkeys", "keep_doing": "Retrot", "seen_state": "delivered"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == order.get_absolute_url()
    html = _html(response)
    assert "Thank you for your feedback!" in html
    assert "5 / 5" in html and "Selkeys" in html and "Retrot" in html
    assert Order.objects.get(pk=order.pk).state == OrderState.CLOSED


def test_missing_rating_is_shown_beside_the_rating(as_user, org):
    order = order_in_state(org, OrderState.DELIVERED)
    response = as_user("employee").post(reverse("orders:feedback", args=[order.pk]), {})
    assert response.status_code == 400
    assert 'id="id_feedback_rating_error"' in _html(response)
    assert "Choose a rating from 1 to 5." in _html(response)
    assert Order.objects.get(pk=order.pk).state == OrderState.DELIVERED


@pytest.mark.parametrize(
    ("action", "state", "persona"),
    [
        ("return", OrderState.ASSIGNED, "support_person"),
        ("unassign", OrderState.ASSIGNED, "coordinator"),
        ("decline", OrderState.SUBMITTED, "coordinator"),
        ("cancel", OrderState.SUBMITTED, "employee"),
    ],
)
def test_a_missing_reason_is_shown_beside_the_reason(as_user, org, action, state, persona):
    order = order_in_state(org, state)
    response = as_user(persona).post(
        reverse(f"orders:{action}", args=[order.pk]), {"reason": "  ", "seen_state": state}
    )
    assert response.status_code == 400
    html = _html(response)
    assert f'id="id_{action}_reason_error"' in html
    assert "Please give a reason." in html
    assert Order.objects.get(pk=order.pk).state == state


def test_actions_answer_405_to_get(as_user, org):
    order = order_in_state(org, OrderState.SUBMITTED)
    response = as_user("coordinator").get(reverse("orders:decline", args=[order.pk]))
    assert response.status_code == 405


def test_an_action_someone_may_not_take_is_403_with_a_message(as_user, org):
    order = order_in_state(org, OrderState.SUBMITTED)
    response = as_user("employee").post(
        reverse("orders:decline", args=[order.pk]), {"reason": "Ei."}
    )
    assert response.status_code == 403
    assert "You cannot do that to this order" in _html(response)
    assert Order.objects.get(pk=order.pk).state == OrderState.SUBMITTED


def test_a_stale_page_gets_a_conflict(as_user, org):
    order = order_in_state(org, OrderState.SUBMITTED)
    client = as_user("coordinator")
    # The coordinator's page still showed "submitted" when someone cancelled the order.
    services.order_cancel(
        actor=org.people["employee"].user, order=Order.objects.get(pk=order.pk), reason="Turha"
    )
    response = client.post(
        reverse("orders:decline", args=[order.pk]), {"reason": "Ei.", "seen_state": "submitted"}
    )
    assert response.status_code == 409
    assert "Someone else changed this order a moment ago" in _html(response)
    assert Order.objects.get(pk=order.pk).state == OrderState.CANCELLED


def test_coordinator_assigns_from_the_explained_suggestions(as_user, org):
    order = order_in_state(org, OrderState.SUBMITTED)
    helper = org.people["support_person"].support_profile
    client = as_user("coordinator")
    html = _html(client.get(order.get_absolute_url()))
    assert f'name="support_person" value="{helper.pk}"' in html
    assert "From the same team" in html  # the explanation, in the UI language
    response = client.post(
        reverse("orders:assign", args=[order.pk]),
        {"support_person": helper.pk, "seen_state": "submitted"},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.state, order.support_person) == (OrderState.ASSIGNED, helper)


def test_assigning_someone_else_needs_a_reason_when_the_rules_exclude_them(as_user, org):
    order = order_in_state(org, OrderState.SUBMITTED)
    stranger = make_support_person(PersonFactory(unit=org.other_unit, employee_number="X-42"))
    client = as_user("coordinator")
    url = reverse("orders:assign", args=[order.pk])
    response = client.post(url, {"employee_number": "NOBODY"})
    assert response.status_code == 400
    assert 'id="id_assign_employee_number_error"' in _html(response)
    response = client.post(url, {"employee_number": "X-42"})
    assert response.status_code == 400
    assert 'id="id_assign_override_reason_error"' in _html(response)
    assert Order.objects.get(pk=order.pk).state == OrderState.SUBMITTED
    response = client.post(url, {"employee_number": "X-42", "override_reason": "Ainoa osaaja."})
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.support_person, order.override_reason) == (stranger, "Ainoa osaaja.")


def test_orderer_picks_from_suggestions(as_user, org):
    service = ServiceFactory(assignment_mode=AssignmentMode.REQUESTER_PICKS)
    order = order_in_state(org, OrderState.SUBMITTED, service=service)
    helper = org.people["support_person"].support_profile
    client = as_user("employee")
    html = _html(client.get(order.get_absolute_url()))
    assert _action_forms(html, order) == {"pick", "cancel"}
    assert "Someone else" not in html
    response = client.post(reverse("orders:pick", args=[order.pk]), {"support_person": helper.pk})
    assert response.status_code == 302
    assert Order.objects.get(pk=order.pk).support_person == helper


def test_claim_from_the_desk_returns_to_a_safe_next(as_user, org):
    service = ServiceFactory(assignment_mode=AssignmentMode.CLAIM)
    order = order_in_state(org, OrderState.SUBMITTED, service=service)
    client = as_user("support_person")
    desk = reverse("orders:desk")
    response = client.post(reverse("orders:claim", args=[order.pk]), {"next": desk})
    assert (response.status_code, response["Location"]) == (302, desk)
    assert Order.objects.get(pk=order.pk).accepted_at is not None


def test_claim_ignores_an_unsafe_next(as_user, org):
    service = ServiceFactory(assignment_mode=AssignmentMode.CLAIM)
    order = order_in_state(org, OrderState.SUBMITTED, service=service)
    response = as_user("support_person").post(
        reverse("orders:claim", args=[order.pk]), {"next": "https://evil.example.org/"}
    )
    assert response["Location"] == order.get_absolute_url()


def test_the_one_who_claims_second_is_told(client, org):
    service = ServiceFactory(assignment_mode=AssignmentMode.CLAIM)
    order = order_in_state(org, OrderState.SUBMITTED, service=service)
    rival = PersonFactory(unit=org.unit, team=org.team)
    bookable_support_person(rival)
    services.order_claim(actor=rival.user, order=Order.objects.get(pk=order.pk))
    client.force_login(org.people["support_person"].user)
    client.cookies["django_language"] = "en"
    # From the order page (same team: they still see it), the page says why nothing happened.
    response = client.post(reverse("orders:claim", args=[order.pk]), {"seen_state": "submitted"})
    assert response.status_code == 409
    assert "Someone else took this order first." in _html(response)
    # From the desk, they go back to the desk with the message.
    response = client.post(
        reverse("orders:claim", args=[order.pk]),
        {"seen_state": "submitted", "next": reverse("orders:desk")},
    )
    assert (response.status_code, response["Location"]) == (302, reverse("orders:desk"))
    messages = [str(message) for message in response.wsgi_request._messages]
    assert messages == ["Someone else took this order first."]


def test_the_one_who_claims_second_from_another_team_is_sent_back_with_a_message(client, org):
    service = ServiceFactory(assignment_mode=AssignmentMode.CLAIM)
    order = order_in_state(org, OrderState.SUBMITTED, service=service)
    outsider = PersonFactory(unit=org.unit, team=org.other_team)
    bookable_support_person(outsider)
    services.order_claim(
        actor=org.people["support_person"].user, order=Order.objects.get(pk=order.pk)
    )
    client.force_login(outsider.user)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("orders:claim", args=[order.pk]), {"next": reverse("orders:desk")}
    )
    assert (response.status_code, response["Location"]) == (302, reverse("orders:desk"))
    messages = [str(message) for message in response.wsgi_request._messages]
    assert messages == ["Someone else took this order first."]


def test_full_walk_through_the_pages(as_user, org):
    """Order → assign → accept → deliver → feedback, all by posting the page's forms."""
    client = as_user("employee")
    client.post(reverse("orders:new"), _order_post(org, ServiceFactory()))
    order = Order.objects.get()
    helper = org.people["support_person"]
    bookable_support_person(helper)
    response = as_user("coordinator").post(
        reverse("orders:assign", args=[order.pk]),
        {"support_person": helper.support_profile.pk},
    )
    assert response.status_code == 302
    client = as_user("support_person")
    assert client.post(reverse("orders:accept", args=[order.pk])).status_code == 302
    start = timezone.make_aware(dt.datetime.combine(order.earliest, dt.time(9)))
    services.session_schedule(
        actor=helper.user,
        order=Order.objects.get(pk=order.pk),
        start=start,
        duration_minutes=60,
        place="Sali",
    )
    response = client.post(
        reverse("orders:deliver", args=[order.pk]), {"reflection": "Hyvin meni."}
    )
    assert response.status_code == 302
    client = as_user("employee")
    response = client.post(reverse("orders:feedback", args=[order.pk]), {"rating": "4"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == OrderState.CLOSED
    html = _html(client.get(order.get_absolute_url()))
    assert html.count('<li class="timeline__event">') == 6
    assert "Hyvin meni." in html  # the reflection, shown to the team


# --- query counts ----------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_catalogue_queries_do_not_grow_with_services(as_user):
    skill = Skill.objects.create(code="s-x", name_fi="S", name_sv="S", name_en="S")
    ServiceFactory(required_skills=[skill])
    client = as_user("coordinator")
    one = _queries(client, reverse("orders:services"))
    for _ in range(49):
        ServiceFactory(required_skills=[skill])
    assert _queries(client, reverse("orders:services")) == one


def test_order_page_queries_do_not_grow_with_its_history(as_user, org):
    order = order_in_state(org, OrderState.ASSIGNED)
    client = as_user("coordinator")
    before = _queries(client, order.get_absolute_url())
    coordinator = org.people["coordinator"].user
    helper = org.people["support_person"].support_profile
    for _ in range(10):
        services.order_unassign(
            actor=coordinator, order=Order.objects.get(pk=order.pk), reason="Vaihto"
        )
        services.order_assign(
            actor=coordinator, order=Order.objects.get(pk=order.pk), support_person=helper
        )
    assert OrderEvent.objects.filter(order=order).count() == 22
    assert _queries(client, order.get_absolute_url()) == before
