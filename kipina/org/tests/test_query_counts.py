"""Every list page runs the same number of queries with 1 row as with 50 (no N+1)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kipina.org.tests import factories

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _grow(org, rows: int) -> None:
    """Add `rows` items to every list the pages show."""
    fi = factories.make_language("fi")
    en = factories.make_language("en")
    for index in range(rows):
        root = factories.UnitFactory(name=f"Juuri {index}")
        child = factories.UnitFactory(name=f"Ala {index}", parent=org.unit)
        team = factories.TeamFactory(unit=org.unit, name=f"Tiimi {index}")
        team.lead = factories.PersonFactory(unit=child, supervisor=org.people["supervisor"])
        team.save()
        member = factories.PersonFactory(
            unit=org.unit, team=org.team, supervisor=org.people["supervisor"]
        )
        member.languages.add(fi, en)
        factories.PersonFactory(unit=root, team=team)


PAGES = {
    "unit index": lambda org: reverse("org:unit_index"),
    "unit": lambda org: reverse("org:unit", args=[org.unit.code]),
    "team": lambda org: reverse("org:team", args=[org.team.code]),
    "directory": lambda org: reverse("org:directory"),
    "directory filtered": lambda org: reverse("org:directory") + "?q=a&unit=ROOT&language=fi",
    "person with reports": lambda org: reverse("org:person", args=[org.people["supervisor"].pk]),
    "home": lambda org: reverse("home"),
}


@pytest.mark.parametrize("persona", ["employee", "coordinator"])
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
    url = reverse("org:directory") + "?q=a"
    with CaptureQueriesContext(connection) as full_page:
        client.get(url)
    with CaptureQueriesContext(connection) as results_only:
        client.get(url, headers={"HX-Request": "true"})
    # the job-title, unit and language lists of the filter form
    choice_queries = (
        'GROUP BY "org_person"."job_title"',
        '"org_unit"."depth" <=',
        'FROM "org_language" ORDER BY',
    )

    def reads_choices(queries) -> bool:
        return any(marker in q["sql"] for q in queries for marker in choice_queries)

    assert reads_choices(full_page.captured_queries)
    assert not reads_choices(results_only.captured_queries)
