"""The catalogue's pages run the same number of queries with 1 resource as with 50 (no N+1):
the list with and without search and filters, one resource with many dates and competences,
the edit form, a competence page with many resources."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kipina.core.cache_versions import clear_memos
from kipina.learning.models import ResourceDate
from kipina.learning.tests.factories import (
    CompetenceFactory,
    ProviderFactory,
    ResourceCompetenceFactory,
    indexed_resource,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _queries(client: Client, url: str) -> int:
    cache.clear()
    clear_memos()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _resources(count: int, competence=None) -> list:
    provider = ProviderFactory()
    made = []
    for number in range(count):
        start = TODAY + dt.timedelta(days=number + 1)
        resource = indexed_resource(
            title=f"Johtamisen kurssi {number}",
            provider=provider if number % 2 else None,
            dates=[(start, start, 10)],
        )
        ResourceCompetenceFactory(resource=resource, competence=competence or CompetenceFactory())
        made.append(resource)
    return made


CATALOGUE_QUERIES = [
    "",
    "?q=johtaminen",
    "?q=johtaminen&sort=start",
    "?kind=web_course&starts=90&price=free",
    "?q=kurssi&duration=day&language=fi&page=1",
]


@pytest.mark.parametrize("query", CATALOGUE_QUERIES)
@pytest.mark.parametrize("persona", ["employee", "coordinator"])
def test_catalogue_same_queries_for_1_and_50(org, login_as, persona, query):
    client = login_as(persona)
    url = reverse("learning:resources") + query
    competence = CompetenceFactory()
    _resources(1, competence)
    one = _queries(client, url + ("&" if "?" in query else "?") + f"competence={competence.pk}")
    few = _queries(client, url)
    _resources(49, competence)
    assert _queries(client, url) == few
    assert (
        _queries(client, url + ("&" if "?" in query else "?") + f"competence={competence.pk}")
        == one
    )


def test_htmx_results_same_queries_for_1_and_50(org):
    client = Client(headers={"HX-Request": "true"})
    client.force_login(org.people["employee"].user)
    url = reverse("learning:resources") + "?q=johtaminen"
    _resources(1)
    one = _queries(client, url)
    _resources(49)
    assert _queries(client, url) == one


def _grow(resource, count: int) -> None:
    for number in range(count):
        day = TODAY + dt.timedelta(days=number + 10)
        ResourceDate.objects.create(resource=resource, start=day, end=day, seats=number)
        ResourceCompetenceFactory(resource=resource, competence=CompetenceFactory())


@pytest.mark.parametrize(
    ("persona", "view"),
    [
        ("employee", "learning:resource"),
        ("coordinator", "learning:resource"),
        ("coordinator", "learning:resource_edit"),
    ],
)
def test_resource_page_same_queries_for_1_and_50_dates_and_competences(
    org, login_as, persona, view
):
    client = login_as(persona)
    small, big = _resources(2)
    small.audience_units.add(org.unit)
    big.audience_units.add(org.unit, org.other_unit, org.division, org.root)
    _grow(big, 49)
    assert _queries(client, reverse(view, args=[small.key])) == _queries(
        client, reverse(view, args=[big.key])
    )


def test_competence_page_same_queries_for_1_and_50_resources(org, login_as):
    client = login_as("employee")
    small, big = CompetenceFactory(), CompetenceFactory()
    _resources(1, small)
    _resources(50, big)
    url = "learning:competence"
    assert _queries(client, reverse(url, args=[small.framework.idnumber, small.idnumber])) == (
        _queries(client, reverse(url, args=[big.framework.idnumber, big.idnumber]))
    )
