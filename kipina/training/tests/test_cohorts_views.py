"""The cohort pages: seats, waiting list, enrolling, leaving, the completion grid."""

import pytest
from django.urls import reverse

from kipina.org.tests.factories import PersonFactory
from kipina.training.enums import EnrolmentState
from kipina.training.models import Cohort, Enrolment, ModuleCompletion
from kipina.training.tests.factories_programmes import (
    CohortFactory,
    ModuleFactory,
    ProgrammeFactory,
    enrolled,
    waiting,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def cohort(org):
    programme = ProgrammeFactory(name="Valmennus")
    ModuleFactory(programme=programme, title="Aloitus")
    ModuleFactory(programme=programme, title="Lopetus")
    made = CohortFactory(programme=programme, capacity=2, trainers=[org.people["team_lead"]])
    enrolled(made, org.people["employee"])
    enrolled(made, PersonFactory(unit=org.unit, first_name="Istuva", last_name="Ihminen"))
    waiting(made, PersonFactory(unit=org.unit, first_name="Eka", last_name="Jonossa"))
    waiting(made, PersonFactory(unit=org.unit, first_name="Toka", last_name="Jonossa"))
    return made


def test_the_page_shows_seats_and_the_queue_in_order(org, login_as, english, cohort):
    page = login_as("supervisor").get(cohort.get_absolute_url()).content.decode()
    assert "2 / 2" in page
    assert page.index("Eka Jonossa") < page.index("Toka Jonossa")
    assert '<td class="num">1</td>' in page and '<td class="num">2</td>' in page
    assert "Mark Aloitus completed for" not in page  # not a trainer
    assert "Enrol a person" not in page


def test_trainers_see_the_grid_with_named_buttons(org, login_as, english, cohort):
    page = login_as("team_lead").get(cohort.get_absolute_url()).content.decode()
    employee = org.people["employee"].full_name
    assert f"Mark Aloitus completed for {employee}" in page
    assert f"Mark Lopetus completed for {employee}" in page
    assert 'aria-pressed="false"' in page
    assert "does not remove a trained status" in page


def test_own_enrolment_can_be_left(org, login_as, english, cohort):
    client = login_as("employee")
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert "You have a seat in this cohort." in page
    own = Enrolment.objects.get(person=org.people["employee"])
    response = client.post(reverse("training:enrolment_leave", args=[own.pk]))
    assert response.status_code == 302
    assert Enrolment.objects.get(pk=own.pk).state == EnrolmentState.LEFT
    promoted = Enrolment.objects.get(person__first_name="Eka")
    assert promoted.state == EnrolmentState.ENROLLED


def test_coordinator_enrols_by_search(org, login_as, english, cohort):
    client = login_as("coordinator")
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert "Enrol a person" in page
    person = PersonFactory(unit=org.unit, first_name="Uniikki", last_name="Nimi")
    response = client.post(
        reverse("training:cohort_enrol", args=[cohort.pk]), {"person_query": "Uniikki"}
    )
    assert response.status_code == 302
    assert Enrolment.objects.get(person=person).state == EnrolmentState.WAITING
    again = client.post(
        reverse("training:cohort_enrol", args=[cohort.pk]), {"person_query": "Uniikki"}
    )
    assert again.status_code == 400
    assert "already on this cohort" in again.content.decode()


def test_marking_a_cell_without_javascript_redirects(org, login_as, english, cohort):
    seat = Enrolment.objects.get(person=org.people["employee"])
    module = cohort.programme.modules.get(title="Aloitus")
    response = login_as("team_lead").post(
        reverse("training:completion", args=[seat.pk, module.pk]), {"completed": "1"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#enrolment-{seat.pk}")
    assert ModuleCompletion.objects.filter(enrolment=seat, module=module).exists()


def test_marking_with_htmx_returns_the_row_and_a_status(org, login_as, english, cohort):
    seat = Enrolment.objects.get(person=org.people["employee"])
    client = login_as("coordinator")
    last = None
    for module in cohort.programme.modules.all():
        last = client.post(
            reverse("training:completion", args=[seat.pk, module.pk]),
            {"completed": "1"},
            headers={"HX-Request": "true"},
        )
    assert last.status_code == 200
    body = last.content.decode()
    assert body.lstrip().startswith(f'<tr id="enrolment-{seat.pk}">')
    assert body.count('aria-pressed="true"') == 2
    assert 'id="grid-status" hx-swap-oob="innerHTML"' in body
    assert "has completed the programme" in body
    assert "Completed" in body
    assert Enrolment.objects.get(pk=seat.pk).state == EnrolmentState.COMPLETED


def test_cohort_form_finds_trainers_and_refuses_too_few_seats(org, login_as, english, cohort):
    client = login_as("coordinator")
    url = reverse("training:cohort_edit", args=[cohort.pk])
    trainer = PersonFactory(unit=org.unit, first_name="Kouluttaja", last_name="Uusi")
    data = {
        "name": cohort.name,
        "start": cohort.start.isoformat(),
        "end": cohort.end.isoformat(),
        "capacity": "1",
        "version": str(cohort.version),
        "trainers": [org.people["team_lead"].pk],
        "trainer_query": "Kouluttaja",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "2 people already have a seat" in refused.content.decode()
    saved = client.post(url, {**data, "capacity": "3"})
    assert saved.status_code == 302
    cohort.refresh_from_db()
    assert set(cohort.trainers.all()) == {org.people["team_lead"], trainer}
    assert (cohort.enrolled_count, cohort.waiting_count) == (3, 1)


def test_coordinator_creates_a_cohort(org, login_as, english):
    programme = ProgrammeFactory()
    response = login_as("coordinator").post(
        reverse("training:cohort_create", args=[programme.key]),
        {"name": "Uusi", "start": "2030-01-10", "end": "2030-02-10", "capacity": "12"},
    )
    cohort = Cohort.objects.get(name="Uusi")
    assert response.status_code == 302 and response["Location"] == cohort.get_absolute_url()
