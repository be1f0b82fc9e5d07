"""Shared fixtures: a small organisation with one person per persona (and an outsider)."""

from dataclasses import dataclass

import pytest

from kipina.org.models import Person, Team, Unit
from kipina.org.tests import factories

PERSONA_KEYS = [
    "anonymous",
    "employee",
    "team_lead",
    "supervisor",
    "support_person",
    "coordinator",
    "admin",
]


@dataclass
class Org:
    root: Unit
    division: Unit
    unit: Unit
    other_unit: Unit
    team: Team
    other_team: Team
    people: dict[str, Person]
    left: Person  # someone who has left the organisation


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: cached figures must not leak between tests."""
    from django.core.cache import cache

    from kipina.core.cache_versions import clear_memos

    cache.clear()
    clear_memos()
    yield
    cache.clear()
    clear_memos()


@pytest.fixture
def org(db) -> Org:
    root = factories.UnitFactory(code="ROOT", name="Testialue")
    division = factories.UnitFactory(code="DIV", name="Sosiaali- ja terveyspalvelut", parent=root)
    unit = factories.UnitFactory(code="WARD", name="Sisätautiosasto", parent=division)
    other_unit = factories.UnitFactory(code="PAY", name="Palkkapalvelut", parent=root)
    team = factories.TeamFactory(code="WARD-A", name="Osasto A:n tiimi", unit=unit)
    other_team = factories.TeamFactory(code="PAY-1", name="Palkkatiimi", unit=other_unit)
    fi = factories.make_language("fi")
    sv = factories.make_language("sv")

    def person(key: str, **kwargs) -> Person:
        defaults = {"unit": unit, "team": team, "user__username": key}
        defaults.update(kwargs)
        made = factories.PersonFactory(**defaults)
        made.languages.add(fi)
        return made

    supervisor = person("supervisor", job_title="Osastonhoitaja", team=None)
    people = {
        "supervisor": supervisor,
        "team_lead": person("team_lead", supervisor=supervisor, job_title="Vastaava hoitaja"),
        "employee": person("employee", supervisor=supervisor, job_title="Lähihoitaja"),
        "support_person": person(
            "support_person", supervisor=supervisor, job_title="Sairaanhoitaja"
        ),
        "coordinator": person(
            "coordinator", unit=other_unit, team=other_team, job_title="HR-asiantuntija"
        ),
        "admin": person("admin", unit=other_unit, team=other_team, job_title="IT-asiantuntija"),
    }
    people["support_person"].languages.add(sv)
    team.lead = people["team_lead"]
    team.save(update_fields=["lead"])
    factories.make_support_person(people["support_person"])
    factories.make_coordinator(people["coordinator"])
    factories.make_admin(people["admin"])
    left = person("left", active=False, supervisor=supervisor)
    return Org(root, division, unit, other_unit, team, other_team, people, left)


@pytest.fixture
def login_as(client, org):
    """Sign the test client in as one persona (or leave it anonymous)."""

    def _login(key: str):
        if key != "anonymous":
            client.force_login(org.people[key].user)
        return client

    return _login
