"""The programme list, a programme page and a cohort page run the same number of queries with
1 row as with 50 (programmes, modules, cohorts, enrolments, completions)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kipina.agents.tests import factories as agent_factories
from kipina.core.cache_versions import clear_memos
from kipina.learning.tests.factories import ResourceFactory
from kipina.org.tests.factories import PersonFactory
from kipina.training.models import ModuleCompletion
from kipina.training.tests.factories_programmes import (
    CohortFactory,
    ModuleFactory,
    ProgrammeFactory,
    enrolled,
    waiting,
)

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    cache.clear()
    clear_memos()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _same_for_1_and_50(client, url: str, grow) -> None:
    grow(1)
    with_one = _queries(client, url)
    grow(49)
    with_fifty = _queries(client, url)
    assert with_fifty == with_one, f"{with_one} queries with 1 row, {with_fifty} with 50"


@pytest.mark.parametrize("persona", ["employee", "coordinator"])
def test_programme_list(org, login_as, persona):
    role = agent_factories.role("learning_agent")

    def grow(count: int) -> None:
        for _ in range(count):
            programme = ProgrammeFactory(roles=[role])
            ModuleFactory(programme=programme)
            ModuleFactory(programme=programme)
            CohortFactory(programme=programme)
            CohortFactory(programme=programme)

    _same_for_1_and_50(login_as(persona), reverse("training:programmes"), grow)


@pytest.mark.parametrize("persona", ["employee", "coordinator"])
def test_programme_page(org, login_as, persona):
    programme = ProgrammeFactory(roles=[agent_factories.role("learning_agent")])

    def grow(count: int) -> None:
        for _ in range(count):
            module = ModuleFactory(programme=programme)
            module.resources.add(ResourceFactory())
            CohortFactory(programme=programme)

    _same_for_1_and_50(login_as(persona), programme.get_absolute_url(), grow)


@pytest.mark.parametrize("persona", ["employee", "team_lead", "coordinator"])
def test_cohort_page(org, login_as, persona):
    programme = ProgrammeFactory()
    cohort = CohortFactory(programme=programme, capacity=200, trainers=[org.people["team_lead"]])

    def grow(count: int) -> None:
        for _ in range(count):
            module = ModuleFactory(programme=programme)
            seat = enrolled(cohort, PersonFactory(unit=org.unit))
            ModuleCompletion.objects.create(
                enrolment=seat, module=module, completed_on=timezone.localdate()
            )
            waiting(cohort, PersonFactory(unit=org.unit))
            cohort.trainers.add(PersonFactory(unit=org.unit))

    _same_for_1_and_50(login_as(persona), cohort.get_absolute_url(), grow)
