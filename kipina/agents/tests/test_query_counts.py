"""The support-person lists run the same number of queries with 1 row as with 50 (no N+1)."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kipina.agents.enums import AllocationState
from kipina.agents.tests import factories
from kipina.org.tests import factories as org_factories

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _grow(org, rows: int) -> None:
    """`rows` more support persons (with roles, skills, languages, their own supervisor-less
    request, a request waiting for `supervisor`), and `rows` more shares of support_person."""
    fi = org_factories.make_language("fi")
    en = org_factories.make_language("en")
    roles = [factories.role("learning_agent"), factories.role("lean_expert")]
    skills = [factories.skill("facilitation"), factories.skill("lean_tools")]
    profile = org.people["support_person"].support_profile
    start = dt.date(2030, 1, 1) + dt.timedelta(days=400 * profile.allocations.count())
    for index in range(rows):
        report = factories.support_person(
            unit=org.unit, team=org.team, supervisor=org.people["supervisor"]
        )
        report.roles.add(*roles)
        report.skills.add(*skills)
        report.person.languages.add(fi, en)
        report.paused_until = dt.date(2099, 1, 1)
        report.save()
        factories.allocation(report)
        factories.allocation(factories.support_person(unit=org.other_unit))
        first = start + dt.timedelta(days=400 * index)
        factories.allocation(
            profile,
            state=AllocationState.APPROVED if index % 2 else AllocationState.REQUESTED,
            start=first,
            end=first + dt.timedelta(days=364),
            requested_by=org.people["coordinator"].user,
        )


PAGES = {
    "directory": lambda org: reverse("agents:directory"),
    "directory filtered": lambda org: (
        reverse("agents:directory")
        + "?q=a&unit=ROOT&language=fi&role=learning_agent&skill=facilitation"
    ),
    "approvals": lambda org: reverse("agents:approvals"),
    "allocations": lambda org: reverse(
        "agents:allocations", args=[org.people["support_person"].support_profile.pk]
    ),
    "profile": lambda org: reverse(
        "agents:profile", args=[org.people["support_person"].support_profile.pk]
    ),
}


@pytest.mark.parametrize("persona", ["support_person", "supervisor", "coordinator"])
@pytest.mark.parametrize("page", PAGES)
def test_list_pages_do_not_grow_queries_with_rows(org, page, persona):
    client = Client()
    client.force_login(org.people[persona].user)
    url = PAGES[page](org)
    _grow(org, 1)
    with_one = _queries(client, url)
    _grow(org, 49)
    with_fifty = _queries(client, url)
    assert with_fifty == with_one, f"{page}: {with_one} queries with 1 row, {with_fifty} with 50"


def test_htmx_results_skip_the_filter_choice_queries(org):
    client = Client()
    client.force_login(org.people["employee"].user)
    url = reverse("agents:directory") + "?q=a"
    with CaptureQueriesContext(connection) as full_page:
        client.get(url)
    with CaptureQueriesContext(connection) as results_only:
        client.get(url, headers={"HX-Request": "true"})
    markers = ('FROM "agents_supportrole"', 'FROM "agents_skill"', '"org_unit"."depth" <=')

    def reads_choices(queries) -> bool:
        return any(
            marker in q["sql"] and "INNER JOIN" not in q["sql"]
            for q in queries
            for marker in markers
        )

    assert reads_choices(full_page.captured_queries)
    assert not reads_choices(results_only.captured_queries)
