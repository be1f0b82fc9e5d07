"""Reads for the organisation pages: scoped to the viewer, annotated, never N+1."""

import rules
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from kipina.core.enums import Role
from kipina.core.rules import has_person, is_admin, is_coordinator, is_coordinator_or_admin
from kipina.org.models import (
    Language,
    Person,
    PersonQuerySet,
    Team,
    Unit,
    UnitQuerySet,
    path_ids,
)

PAGE_SIZE = 25
DIRECTORY_UNIT_FILTER_DEPTH = 2


def org_roles_of(user) -> frozenset[str]:
    """Team-lead and supervisor roles, computed once per request and kept on the user object."""
    cached = getattr(user, "_kipina_org_roles", None)
    if cached is not None:
        return cached
    roles: set[str] = set()
    if user.is_authenticated:
        if Team.objects.filter(lead__user=user, lead__active=True).exists():
            roles.add("team_lead")
        if Person.objects.filter(supervisor__user=user, active=True).exists():
            roles.add("supervisor")
    result = frozenset(roles)
    user._kipina_org_roles = result
    return result


def people_visible_to(user) -> PersonQuerySet:
    """Everyone sees active colleagues; HR roles also see people who have left."""
    people = Person.objects.all()
    if not is_coordinator_or_admin(user):
        people = people.filter(active=True)
    return people


def paginate(queryset, page_number, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(page_number)


def subtree_headcounts(units) -> dict[int, int]:
    """Active people in each given unit's whole subtree, in two queries whatever the tree's size.

    People are counted per unit with the (unit, active) index, and the counts are rolled up the
    materialised paths in Python: a prefix match of every person's unit path against every
    unit would make SQLite scan the people table once per unit.
    """
    targets = {unit.pk for unit in units}
    if not targets:
        return {}
    in_any_subtree = Q()
    for unit in units:
        in_any_subtree |= Q(path__startswith=unit.path)
    descendants = Unit.objects.filter(in_any_subtree)
    per_unit = dict(
        Person.objects.filter(active=True, unit_id__in=descendants.values("pk"))
        .order_by()
        .values_list("unit_id")
        .annotate(total=Count("pk"))
    )
    totals = dict.fromkeys(targets, 0)
    for pk, path in descendants.values_list("pk", "path"):
        count = per_unit.get(pk, 0)
        if not count:
            continue
        for ancestor in path_ids(path):
            if ancestor in totals:
                totals[ancestor] += count
    return totals


def with_headcounts(page: Page) -> Page:
    """Attach `headcount` (active people in the subtree) to every unit on a page."""
    counts = subtree_headcounts(page.object_list)
    for unit in page.object_list:
        unit.headcount = counts.get(unit.pk, 0)
    return page


def root_units() -> UnitQuerySet:
    return Unit.objects.roots().order_by("name", "pk")


def unit_by_code(code: str) -> Unit:
    return get_object_or_404(Unit.objects.select_related("parent"), code=code)


def unit_ancestors(unit: Unit) -> list[Unit]:
    ids = unit.ancestor_ids[:-1]
    by_id = Unit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def unit_headcount(unit: Unit) -> int:
    return subtree_headcounts([unit])[unit.pk]


def unit_children(unit: Unit) -> QuerySet[Unit]:
    return unit.children.order_by("name", "pk")


def unit_teams(unit: Unit) -> QuerySet[Team]:
    return (
        unit.teams.select_related("lead")
        .annotate(member_count=Count("members", filter=Q(members__active=True)))
        .order_by("name")
    )


def unit_people(*, user, unit: Unit) -> QuerySet[Person]:
    return (
        people_visible_to(user)
        .filter(unit=unit)
        .select_related("team")
        .order_by("last_name", "first_name", "pk")
    )


def team_by_code(code: str) -> Team:
    return get_object_or_404(Team.objects.select_related("unit", "lead"), code=code)


def team_members(*, user, team: Team) -> QuerySet[Person]:
    return people_visible_to(user).filter(team=team).order_by("last_name", "first_name", "pk")


def person_for_viewer(*, user, pk: int) -> Person:
    """Someone the viewer may not see is a 404, exactly like someone who does not exist."""
    return get_object_or_404(
        people_visible_to(user)
        .select_related("unit", "team", "supervisor", "user")
        .prefetch_related("languages"),
        pk=pk,
    )


def person_reports(*, user, person: Person) -> QuerySet[Person]:
    return people_visible_to(user).filter(supervisor=person).order_by("last_name", "first_name")


def directory(
    *,
    user,
    text: str = "",
    unit: Unit | None = None,
    job_title: str = "",
    language: str = "",
    include_inactive: bool = False,
) -> QuerySet[Person]:
    people = people_visible_to(user)
    if not include_inactive:
        people = people.filter(active=True)
    if text:
        people = people.search(text)
    if unit is not None:
        people = people.in_subtree(unit)
    if job_title:
        people = people.filter(job_title=job_title)
    if language:
        people = people.filter(languages__code=language)
    return (
        people.select_related("unit", "team")
        .prefetch_related(Prefetch("languages", queryset=Language.objects.order_by("code")))
        .order_by("last_name", "first_name", "pk")
    )


def directory_unit_choices() -> list[tuple[str, str]]:
    """The upper levels of the tree, each unit under its parent, alphabetical within a level."""
    units = list(
        Unit.objects.filter(depth__lte=DIRECTORY_UNIT_FILTER_DEPTH).only(
            "code", "name", "depth", "path"
        )
    )
    names = {unit.pk: unit.name.casefold() for unit in units}

    def tree_key(unit: Unit) -> list[str]:
        return [names.get(pk, "") for pk in unit.ancestor_ids]

    return [(u.code, "\u2003" * u.depth + u.name) for u in sorted(units, key=tree_key)]


def job_title_choices() -> list[str]:
    """Job titles that someone active holds, read from the (job_title, active) index.

    GROUP BY over a range on job_title lets SQLite walk the covering index in order; a plain
    DISTINCT with `active = 1` makes it visit every person's row instead.
    """
    return list(
        Person.objects.filter(job_title__gt="")
        .values("job_title")
        .annotate(active_count=Count("pk", filter=Q(active=True)))
        .filter(active_count__gt=0)
        .order_by("job_title")
        .values_list("job_title", flat=True)
    )


def language_choices() -> list[Language]:
    return list(Language.objects.order_by("code"))


def roles_for_display(user) -> list[str]:
    """The viewer's roles, in the order the Role enum lists them, as translated labels."""
    held = {
        Role.EMPLOYEE: has_person(user),
        # rules.has_perm tests the predicate itself: user.has_perm() is always true for a
        # superuser, who would then be shown every role.
        Role.TEAM_LEAD: rules.has_perm("org.lead_team", user),
        Role.SUPERVISOR: rules.has_perm("org.supervise", user),
        Role.SUPPORT_PERSON: rules.has_perm("agents.act_as_support_person", user),
        Role.COORDINATOR: is_coordinator(user),
        Role.ADMIN: is_admin(user),
    }
    return [str(role.label) for role in Role if held[role]]


def coordinator_users() -> list:
    """Active coordinator accounts: who hears about the support queue."""
    from django.contrib.auth import get_user_model

    from kipina.core.enums import COORDINATOR_GROUP

    return list(get_user_model().objects.filter(groups__name=COORDINATOR_GROUP, is_active=True))
