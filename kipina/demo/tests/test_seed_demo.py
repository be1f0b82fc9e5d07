"""seed_demo and demo_logins: shape, determinism, personas, idempotence."""

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import RequestFactory

from kipina.agents.models import SupportPerson
from kipina.core.enums import COORDINATOR_GROUP
from kipina.demo.generator import (
    MIN_PEOPLE,
    TEAM_SIZE_MAX,
    TEAM_SIZE_MIN,
    ascii_fold,
    plan_organisation,
)
from kipina.demo.personas import DEMO_PASSWORD, PERSONAS, PERSONAS_BY_KEY
from kipina.org.models import PATH_SEPARATOR, Person, Team, Unit

SMALL = 120


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple]:
    return list(
        Person.objects.order_by("employee_number").values_list(
            "employee_number",
            "first_name",
            "last_name",
            "email",
            "user__username",
            "job_title",
            "weekly_hours",
            "unit__code",
            "team__code",
            "supervisor__employee_number",
        )
    )


def unit_snapshot() -> list[tuple]:
    return list(Unit.objects.order_by("code").values_list("code", "name", "parent__code", "depth"))


@pytest.mark.django_db
def test_small_seed_builds_a_three_level_tree_with_teams_of_five_to_fifteen():
    output = seed("--people", str(SMALL), "--seed", "7")

    assert f"{SMALL} people" in output
    assert Person.objects.count() == SMALL
    roots = list(Unit.objects.roots())
    assert len(roots) == 1
    assert {unit.depth for unit in Unit.objects.all()} == {0, 1, 2, 3}
    # Every leaf sits at the bottom level and has at least one team.
    leaves = Unit.objects.filter(children__isnull=True)
    assert set(leaves.values_list("depth", flat=True)) == {3}
    assert not leaves.filter(teams__isnull=True).exists()
    sizes = Team.objects.annotate(size=Count("members")).values_list("size", flat=True)
    assert sizes and all(TEAM_SIZE_MIN <= size <= TEAM_SIZE_MAX for size in sizes)
    assert not Team.objects.filter(lead__isnull=True).exists()
    for team in Team.objects.select_related("lead"):
        assert team.lead.team_id == team.pk
    assert not Person.objects.filter(unit__isnull=True).exists()
    assert not Person.objects.filter(languages__isnull=True).exists()
    assert Person.objects.filter(languages__code="sv").exists()


@pytest.mark.django_db
def test_supervisor_graph_is_one_tree_without_cycles():
    seed("--people", str(SMALL))
    supervisor_of = dict(Person.objects.values_list("pk", "supervisor_id"))

    assert list(supervisor_of.values()).count(None) == 1  # only the county director
    for start in supervisor_of:
        seen = set()
        current = start
        while current is not None:
            assert current not in seen, "supervisor cycle"
            seen.add(current)
            current = supervisor_of[current]
    # A team member's supervisor heads their unit: a person one level up, with no team.
    for person in Person.objects.filter(team__isnull=False).select_related("supervisor"):
        assert person.supervisor.unit_id == person.unit_id
        assert person.supervisor.team_id is None


@pytest.mark.django_db
def test_unit_paths_and_depths_match_the_model():
    seed("--people", str(SMALL))
    units = {unit.pk: unit for unit in Unit.objects.all()}

    for unit in units.values():
        unit.parent = units.get(unit.parent_id)
        assert unit.path == unit.compute_path()
        assert unit.depth == unit.path.count(PATH_SEPARATOR) - 2
        assert unit.ancestor_ids[-1] == unit.pk
    ward = Unit.objects.get(code="JHA-TERV-SAI-01")
    assert Unit.objects.subtree_of(Unit.objects.get(code="JHA")).count() == len(units)
    assert ward.ancestor_ids == [
        Unit.objects.get(code=code).pk for code in ("JHA", "JHA-TERV", "JHA-TERV-SAI")
    ] + [ward.pk]


@pytest.mark.django_db
def test_every_persona_exists_in_its_role_and_can_sign_in():
    seed("--people", str(MIN_PEOPLE))
    users = {user.username: user for user in get_user_model().objects.select_related("person")}

    for persona in PERSONAS:
        user = users[persona.username]
        assert user.check_password(DEMO_PASSWORD)
        assert user.person.full_name == f"{persona.first_name} {persona.last_name}"
        assert user.person.job_title == persona.job_title

    def person(key: str) -> Person:
        return users[PERSONAS_BY_KEY[key].username].person

    employee, lead, supervisor = person("employee"), person("team_lead"), person("supervisor")
    assert employee.team.lead == lead
    assert employee.supervisor == supervisor == lead.supervisor
    assert not employee.led_teams.exists() and not employee.reports.exists()
    assert not SupportPerson.objects.filter(person=employee).exists()
    assert SupportPerson.objects.filter(person=person("support_person"), active=True).exists()
    assert person("support_person").support_profile.introduction
    coordinator = person("coordinator").user
    assert coordinator.groups.filter(name=COORDINATOR_GROUP).exists()
    admin = person("admin").user
    assert admin.is_staff and admin.is_superuser
    assert not users[PERSONAS_BY_KEY["employee"].username].is_staff
    # Everyone else has an unusable password: demo accounts are the only way in.
    others = get_user_model().objects.exclude(username__in=[p.username for p in PERSONAS])
    assert not any(user.has_usable_password() for user in others)

    request = RequestFactory().post("/")
    signed_in = authenticate(request, username="tyontekija", password=DEMO_PASSWORD)
    assert signed_in == users["tyontekija"]


@pytest.mark.django_db
def test_same_arguments_give_identical_data_and_another_seed_differs():
    seed("--people", str(SMALL), "--seed", "11")
    first, first_units = snapshot(), unit_snapshot()
    support = sorted(SupportPerson.objects.values_list("person__employee_number", "introduction"))

    seed("--people", str(SMALL), "--seed", "11", "--reset")
    assert snapshot() == first
    assert unit_snapshot() == first_units
    assert (
        sorted(SupportPerson.objects.values_list("person__employee_number", "introduction"))
        == support
    )
    assert get_user_model().objects.count() == SMALL

    seed("--people", str(SMALL), "--seed", "12", "--reset")
    assert snapshot() != first


@pytest.mark.django_db
def test_second_run_keeps_existing_data():
    seed("--people", str(MIN_PEOPLE), "--seed", "3")
    before = snapshot()

    output = seed("--people", "500", "--seed", "4")

    assert "already present" in output
    assert snapshot() == before


@pytest.mark.django_db
def test_too_few_people_is_refused():
    with pytest.raises(CommandError):
        seed("--people", str(MIN_PEOPLE - 1))
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_a_foreign_account_with_a_persona_username_stops_the_seed():
    get_user_model().objects.create_user(username="admin", password="x")

    with pytest.raises(CommandError, match="admin"):
        seed("--people", str(MIN_PEOPLE))
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_demo_logins_lists_the_personas_or_says_the_demo_is_missing():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "not loaded" in out.getvalue()
    assert DEMO_PASSWORD not in out.getvalue()

    seed("--people", str(MIN_PEOPLE))
    out = StringIO()
    call_command("demo_logins", stdout=out)
    table = out.getvalue()
    for persona in PERSONAS:
        assert persona.username in table
        assert persona.label_fi in table and persona.label_en in table
    assert DEMO_PASSWORD in table
    assert "Keskussairaalan sisätautiosasto" in table


@pytest.mark.parametrize("people", [MIN_PEOPLE, 51, 73, 99, 260, 1013])
def test_plans_of_any_size_keep_the_rules(people):
    plan = plan_organisation(people=people, seed=people)

    assert len(plan.people) == people
    team_sizes = Counter(p.team for p in plan.people if p.team is not None)
    assert len(team_sizes) == len(plan.teams)
    assert all(TEAM_SIZE_MIN <= size <= TEAM_SIZE_MAX for size in team_sizes.values())
    assert {p.persona for p in plan.people if p.persona} == set(PERSONAS_BY_KEY)
    emails = [p.email for p in plan.people]
    assert len(set(emails)) == people
    assert all(email.isascii() and email.endswith("@jarvilaakso.example") for email in emails)
    assert len({p.employee_number for p in plan.people}) == people
    assert len({p.username for p in plan.people}) == people
    assert len({u.code for u in plan.units}) == len(plan.units)
    assert len({t.code for t in plan.teams}) == len(plan.teams)
    for index, person in enumerate(plan.people):
        if person.supervisor is not None:
            assert plan.people[person.supervisor].level < person.level, index
    share = len(plan.support_persons) / people
    assert 0.01 <= share <= 0.05


def test_unit_codes_do_not_depend_on_seed_or_size():
    small = {u.code: u.name for u in plan_organisation(people=MIN_PEOPLE, seed=1).units}
    large = {u.code: u.name for u in plan_organisation(people=1500, seed=2).units}

    assert small["JHA-TERV-SAI-01"] == "Keskussairaalan sisätautiosasto"
    assert all(large[code] == name for code, name in small.items())


def test_ascii_fold_makes_address_safe_names():
    assert ascii_fold("Sjöberg") == "sjoberg"
    assert ascii_fold("Åkerlund") == "akerlund"
    assert ascii_fold("Anna-Maija") == "anna-maija"
    assert ascii_fold("Hämäläinen") == "hamalainen"
