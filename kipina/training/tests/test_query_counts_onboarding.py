"""The onboarding lists run the same number of queries with 1 row as with 50: the coordinators'
overview, the supervisor's queue and the coordinators' placing queue (with several cohorts to
choose from for each applicant)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kipina.core.cache_versions import clear_memos
from kipina.orders.tests.factories import make_allocation
from kipina.org.tests.factories import PersonFactory
from kipina.training.enums import ApplicationState
from kipina.training.tests.factories_onboarding import application, cohort_for, role
from kipina.training.tests.factories_programmes import enrolled

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    cache.clear()
    clear_memos()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _client(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def _grow(count: int, make) -> None:
    for index in range(count):
        make(index)


STATES = list(ApplicationState)


@pytest.mark.parametrize("query", ["", "?state=submitted"])
def test_overview_does_not_grow_with_applications(org, query):
    client = _client(org.people["coordinator"])
    url = reverse("training:applications") + query
    agent, coach = role(), role("change_agent")
    cohort = cohort_for(agent)

    def make(index):
        person = PersonFactory(unit=org.unit)
        state = STATES[index % len(STATES)] if query == "" else ApplicationState.SUBMITTED
        fields = {}
        if state == ApplicationState.PLACED:
            fields["enrolment"] = enrolled(cohort, person)
        application(person, role_=agent if index % 2 else coach, state=state, **fields)

    make(0)
    one = _queries(client, url)
    _grow(49, lambda index: make(index + 1))
    assert _queries(client, url) == one


def test_supervisor_queue_does_not_grow_with_applications(org):
    client = _client(org.people["supervisor"])
    url = reverse("training:applications_to_decide")

    def make(index):
        person = PersonFactory(unit=org.unit, supervisor=org.people["supervisor"])
        if index % 3 == 0:  # some already support persons with a share: the period moves
            from kipina.agents.models import SupportPerson

            make_allocation(SupportPerson.objects.create(person=person))
        application(person)

    make(0)
    one = _queries(client, url)
    _grow(49, lambda index: make(index + 1))
    assert _queries(client, url) == one


def test_placing_queue_does_not_grow_with_applicants_or_cohorts(org):
    client = _client(org.people["coordinator"])
    url = reverse("training:applications_to_place")
    roles = [role(), role("change_agent")]
    for the_role in roles:
        cohort_for(the_role)

    def make(index):
        the_role = roles[index % 2]
        if index % 5 == 0:
            cohort_for(the_role)
        application(PersonFactory(unit=org.unit), role_=the_role, state=ApplicationState.APPROVED)

    make(0)
    one = _queries(client, url)
    _grow(49, lambda index: make(index + 1))
    assert _queries(client, url) == one
