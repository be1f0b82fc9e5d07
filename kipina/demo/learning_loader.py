"""The demo's learning content: the strategic competences, the resource catalogue, teams'
tailorings of the competences with their history, and guidance (recommendations, bookmarks,
learning logs, curators).

- learning_content/framework.json ("kipina-framework"): the framework with its names,
  descriptions, validity and taxonomy, the scale with its levels in order, and the competences
  in tree order (every parent before its children). When a framework with the same idnumber is
  already there (imported by hand, say), it is left alone.
- learning_content/resources.json ("kipina-resources"): providers and resources. Their dates
  were written for CONTENT_DAY and move by whole weeks to stand in the same place relative to
  the day of seeding, so the "upcoming" facet has courses to show whenever the demo is seeded.
  Resources whose key is taken already are skipped.
- learning_content/tailorings.json ("kipina-tailorings"): per team profile (a ward, payroll,
  ICT, home care…) the competences a team tailored, with levels now and at each past review,
  actions and linked resources and orders. Each profile goes to one team of its unit kind; the
  first goes to the team led by the team-lead persona.
- learning_content/guidance.json ("kipina-guidance"): support persons' recommendations to those
  teams and their members with the answers given, and people's bookmarks and learning logs.

Teams, members and support persons are chosen by a random generator seeded from the demo's
seed, and every date is relative to the anchor day: the same seed and day give the same data.
It all runs inside the seeding transaction, after the toolkit, in a few hundred queries
whatever the size of the organisation; on reset the loader wipes the learning tables first.
"""

import datetime as dt
import itertools
import json
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone

from kipina.agents.models import SupportPerson
from kipina.core.bulk_writes import update_by_pk
from kipina.demo import structure
from kipina.demo.generator import leaf_unit_sequence
from kipina.demo.personas import PERSONA_USERNAMES, PERSONAS_BY_KEY
from kipina.learning.enums import (
    CURATOR_GROUP,
    FORMATS_OF_KIND,
    MAX_DEPTH,
    ActionStatus,
    RecommendationResponse,
    ResourceStatus,
)
from kipina.learning.models import (
    Bookmark,
    Competence,
    CompetenceAction,
    CompetenceFramework,
    CompetenceReview,
    LearningLogEntry,
    ProficiencyScale,
    Provider,
    Recommendation,
    RecommendationAnswer,
    Resource,
    ResourceCompetence,
    ResourceDate,
    ReviewEntry,
    ScaleLevel,
    TeamCompetence,
    level_names,
)
from kipina.learning.resource_index import index_resource, refresh_derived
from kipina.orders.enums import OrderState
from kipina.orders.models import Order
from kipina.org.models import Language, Person, Team

CONTENT = Path(__file__).resolve().parent / "learning_content"
FRAMEWORK_FILE = CONTENT / "framework.json"
RESOURCES_FILE = CONTENT / "resources.json"
TAILORINGS_FILE = CONTENT / "tailorings.json"
GUIDANCE_FILE = CONTENT / "guidance.json"
FORMAT = "kipina-framework"
RESOURCES_FORMAT = "kipina-resources"
TAILORINGS_FORMAT = "kipina-tailorings"
GUIDANCE_FORMAT = "kipina-guidance"
VERSION = 1
LANGUAGES = ("fi", "sv", "en")
# The day resources.json was written for: its course dates stand where they should relative to
# this day, and move with the day of seeding by whole weeks (so a Tuesday course stays a Tuesday).
CONTENT_DAY = dt.date(2026, 11, 23)
# The audience word that means everyone: stored as no groups, which the catalogue reads so.
EVERYONE = "kaikki"
CURATORS = 2  # support persons who also curate the catalogue
TEAMS_DRAWN = 20  # teams drawn per profile, of which one with support orders is preferred
ORDERS_PER_LINK = 2  # a tailoring links at most this many of the team's orders of one service
TEAM_LEAD = PERSONAS_BY_KEY["team_lead"].username
EMPLOYEE = PERSONAS_BY_KEY["employee"].username
SUPPORT_PERSON = PERSONAS_BY_KEY["support_person"].username
# Orders whose support person counts as supporting the team (kipina.learning.rules).
SUPPORTING_STATES = (
    OrderState.ASSIGNED,
    OrderState.PLANNED,
    OrderState.DELIVERED,
    OrderState.CLOSED,
)


@dataclass(frozen=True, slots=True)
class LearningLoadResult:
    created: bool
    levels: int = 0
    competences: int = 0
    related: int = 0  # pairs, each stored both ways


def _fail(path: Path, message: str) -> Exception:
    # Imported here: the seeding module imports this one at its top.
    from kipina.demo.loader import DemoSeedError

    return DemoSeedError(f"{path.name}: {message}")


def _read_document(path: Path, expected_format: str) -> dict[str, Any]:
    """The JSON document, if it is of the expected format and version."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise _fail(path, f"cannot be read as JSON ({error}).") from error
    if not isinstance(document, dict) or document.get("format") != expected_format:
        raise _fail(path, f'expected "format": "{expected_format}".')
    if document.get("version") != VERSION:
        raise _fail(
            path, f"version {document.get('version')!r} is not supported (expected {VERSION})."
        )
    return document


def _read(path: Path) -> dict[str, Any]:
    """The document, checked just enough that writing it cannot go wrong half-way."""
    document = _read_document(path, FORMAT)
    framework = document.get("framework")
    competences = document.get("competences")
    if not isinstance(framework, dict) or not isinstance(competences, list):
        raise _fail(path, 'needs a "framework" object and a "competences" list.')
    levels = framework.get("scale", {}).get("levels", [])
    if sum(1 for level in levels if level.get("default")) != 1:
        raise _fail(path, "the scale needs exactly one default level.")
    seen: set[str] = set()
    for competence in competences:
        idnumber = competence.get("idnumber")
        if not idnumber or idnumber in seen:
            raise _fail(path, f"competence idnumber {idnumber!r} is missing or repeated.")
        if competence.get("parent") is not None and competence["parent"] not in seen:
            raise _fail(path, f"{idnumber}: its parent must come before it in the file.")
        seen.add(idnumber)
    for competence in competences:
        unknown = set(competence.get("related", [])) - seen
        if unknown:
            raise _fail(path, f"{competence['idnumber']}: unknown related {sorted(unknown)}.")
    return document


def _texts(field: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{language}": texts.get(language, "") for language in LANGUAGES}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def load_framework(*, path: Path = FRAMEWORK_FILE) -> LearningLoadResult:
    """Write the scale with its levels, the framework and its competence tree."""
    document = _read(path)
    source = document["framework"]
    if CompetenceFramework.objects.filter(idnumber=source["idnumber"]).exists():
        return LearningLoadResult(created=False)

    scale = ProficiencyScale.objects.create(**_texts("name", source["scale"]["name"]))
    levels = ScaleLevel.objects.bulk_create(
        ScaleLevel(
            scale=scale,
            position=position,
            is_default=bool(level.get("default")),
            proficient=bool(level.get("proficient")),
            **_texts("name", level["name"]),
        )
        for position, level in enumerate(source["scale"]["levels"], start=1)
    )
    framework = CompetenceFramework(
        idnumber=source["idnumber"],
        scale=scale,
        valid_from=_date(source.get("valid_from")),
        valid_until=_date(source.get("valid_until")),
        taxonomy=list(source.get("taxonomy", [])),
        **_texts("shortname", source["shortname"]),
        **_texts("description", source.get("description", {})),
    )
    framework.full_clean()
    framework.save()

    # Parents come first in the file, so each level of the tree can go in as one batch once
    # the level above has its primary keys.
    saved: dict[str, Competence] = {}
    depth_of: dict[str, int] = {}
    siblings: dict[str | None, int] = {}
    by_depth: dict[int, list[tuple[str | None, Competence]]] = {}
    for row in document["competences"]:
        parent = row.get("parent")
        depth = depth_of[parent] + 1 if parent is not None else 0
        if depth > MAX_DEPTH:
            raise _fail(path, f"{row['idnumber']} is deeper than {MAX_DEPTH + 1} levels.")
        depth_of[row["idnumber"]] = depth
        position = siblings.get(parent, 0)
        siblings[parent] = position + 1
        competence = Competence(
            framework=framework,
            idnumber=row["idnumber"],
            position=position,
            depth=depth,
            **_texts("shortname", row["shortname"]),
            **_texts("description", row.get("description", {})),
        )
        by_depth.setdefault(depth, []).append((parent, competence))
    for depth in sorted(by_depth):
        batch = by_depth[depth]
        for parent, competence in batch:
            competence.parent = saved[parent] if parent is not None else None
        for competence in Competence.objects.bulk_create([c for _parent, c in batch]):
            saved[competence.idnumber] = competence

    # The relation is symmetrical: store every pair in both directions, as add() would.
    pairs = {
        frozenset((row["idnumber"], other))
        for row in document["competences"]
        for other in row.get("related", [])
        if other != row["idnumber"]
    }
    through = Competence.related.through
    links = sorted(
        (saved[a].pk, saved[b].pk) for pair in pairs for a, b in (tuple(pair), tuple(pair)[::-1])
    )
    through.objects.bulk_create(through(from_competence_id=a, to_competence_id=b) for a, b in links)
    return LearningLoadResult(
        created=True, levels=len(levels), competences=len(saved), related=len(pairs)
    )


# --- the whole of it -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CatalogueLoadResult:
    providers: int = 0
    resources: int = 0
    dates: int = 0
    competence_links: int = 0


@dataclass(frozen=True, slots=True)
class TailoringLoadResult:
    teams: int = 0
    competences: int = 0
    actions: int = 0
    reviews: int = 0


@dataclass(frozen=True, slots=True)
class GuidanceLoadResult:
    recommendations: int = 0
    answers: int = 0
    bookmarks: int = 0
    log_entries: int = 0
    curators: int = 0


@dataclass(frozen=True, slots=True)
class LearningSeedResult:
    framework: LearningLoadResult
    catalogue: CatalogueLoadResult
    tailoring: TailoringLoadResult
    guidance: GuidanceLoadResult


def load_learning(*, seed: int, anchor: dt.date) -> LearningSeedResult:
    """Framework → catalogue → the demo teams → their tailorings → guidance."""
    framework = load_framework()
    catalogue = load_catalogue(anchor=anchor)
    rng = random.Random(f"kipina-learning-{seed}")
    tailorings = _read_tailorings()
    teams = choose_teams(rng, tailorings["teams"])
    tailoring = write_tailorings(tailorings, teams=teams, rng=rng, anchor=anchor)
    guidance = write_guidance(_read_guidance(), teams=teams, rng=rng, anchor=anchor)
    return LearningSeedResult(framework, catalogue, tailoring, guidance)


def _moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_default_timezone())


def _framework_idnumber() -> str:
    return _read(FRAMEWORK_FILE)["framework"]["idnumber"]


def _competence_pks() -> dict[str, int]:
    """The demo framework's competences by idnumber (none if it is not there)."""
    return dict(
        Competence.objects.filter(framework__idnumber=_framework_idnumber()).values_list(
            "idnumber", "pk"
        )
    )


# --- the resource catalogue ----------------------------------------------------------------


def _decimal(value: float | int | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _shift_weeks(anchor: dt.date) -> dt.timedelta:
    """How far the catalogue's dates move: the whole weeks nearest to anchor − CONTENT_DAY."""
    return dt.timedelta(weeks=round((anchor - CONTENT_DAY).days / 7))


def _read_catalogue(path: Path) -> dict[str, Any]:
    document = _read_document(path, RESOURCES_FORMAT)
    providers, resources = document.get("providers"), document.get("resources")
    if not isinstance(providers, list) or not isinstance(resources, list):
        raise _fail(path, 'needs a "providers" list and a "resources" list.')
    provider_keys = [provider.get("key") for provider in providers]
    if len(set(provider_keys)) != len(provider_keys) or not all(provider_keys):
        raise _fail(path, "provider keys must be present and unique.")
    seen: set[str] = set()
    for row in resources:
        key = row.get("key")
        if not key or key in seen:
            raise _fail(path, f"resource key {key!r} is missing or repeated.")
        seen.add(key)
        if row.get("provider") not in (None, *provider_keys):
            raise _fail(path, f"{key}: unknown provider {row['provider']!r}.")
        formats = FORMATS_OF_KIND.get(row.get("kind"), ())
        if (row.get("subkind") or "") not in ({*formats} if formats else {""}):
            raise _fail(path, f"{key}: {row.get('subkind')!r} is no format of {row.get('kind')}.")
        for date in row.get("dates", []):
            if date["end"] < date["start"]:
                raise _fail(path, f"{key}: a date ends before it starts.")
    return document


def load_catalogue(*, anchor: dt.date, path: Path = RESOURCES_FILE) -> CatalogueLoadResult:
    """Write the providers, then the resources with their dates and competences; index the
    published ones and set every resource's next start as of the anchor day."""
    document = _read_catalogue(path)
    providers = {p.key: p for p in Provider.objects.filter(key__in=_keys(document["providers"]))}
    new_providers = [
        Provider(
            key=row["key"],
            kind=row["kind"],
            city=row.get("city") or "",
            description=row.get("description") or "",
            url=row.get("url") or "",
            **_texts("name", row["name"]),
        )
        for row in document["providers"]
        if row["key"] not in providers
    ]
    for provider in Provider.objects.bulk_create(new_providers):
        providers[provider.key] = provider

    taken = set(
        Resource.objects.filter(key__in=_keys(document["resources"])).values_list("key", flat=True)
    )
    rows = [row for row in document["resources"] if row["key"] not in taken]
    languages = sorted({row["language"] for row in rows})
    Language.objects.bulk_create([Language(code=code) for code in languages], ignore_conflicts=True)
    resources = [_resource(row, providers, path) for row in rows]
    Resource.objects.bulk_create(resources)

    shift = _shift_weeks(anchor)
    competences = _competence_pks()
    dates = [
        ResourceDate(
            resource=resource,
            start=dt.date.fromisoformat(date["start"]) + shift,
            end=dt.date.fromisoformat(date["end"]) + shift,
            seats=date.get("seats"),
        )
        for resource, row in zip(resources, rows, strict=True)
        for date in row.get("dates", [])
    ]
    ResourceDate.objects.bulk_create(dates)
    links = [
        ResourceCompetence(
            resource=resource,
            competence_id=competences[link["idnumber"]],
            relevance=link["relevance"],
        )
        for resource, row in zip(resources, rows, strict=True)
        for link in row.get("competences", [])
        if link["idnumber"] in competences
    ]
    ResourceCompetence.objects.bulk_create(links)
    for resource in resources:
        index_resource(resource)
    refresh_derived([resource.pk for resource in resources], today=anchor)
    return CatalogueLoadResult(
        providers=len(new_providers),
        resources=len(resources),
        dates=len(dates),
        competence_links=len(links),
    )


def _keys(rows: Iterable[dict[str, Any]]) -> list[str]:
    return [row["key"] for row in rows]


def _resource(row: dict[str, Any], providers: dict[str, Provider], path: Path) -> Resource:
    resource = Resource(
        key=row["key"],
        title=row["title"],
        description=row.get("description") or "",
        kind=row["kind"],
        format=row.get("subkind") or "",
        provider=providers[row["provider"]] if row.get("provider") else None,
        language_id=row["language"],
        duration_hours=_decimal(row.get("duration_hours")),
        cost_eur=_decimal(row.get("cost_eur")) or Decimal("0"),
        credits=_decimal(row.get("credits")),
        url=row.get("url") or "",
        enrolment_url=row.get("enrolment_url") or "",
        mode=row["mode"],
        place=row.get("place") or "",
        audience_groups=[group for group in row.get("audience", []) if group != EVERYONE],
        status=row["status"],
    )
    try:
        # Keys were checked against the database above; the foreign keys are our own objects.
        resource.full_clean(
            exclude=["provider", "language"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        raise _fail(path, f"{row['key']}: {error.message_dict}") from error
    return resource


# --- the demo teams --------------------------------------------------------------------------


@dataclass(slots=True)
class DemoTeam:
    """A team a tailoring profile went to, with the people the content refers to."""

    pk: int
    lead: int | None
    members: list[int]  # shuffled; neither the lead nor a persona: "m1" is members[0]
    persona_team: bool = False  # led by the team-lead persona
    employee: int | None = None  # the employee persona, when in the team
    supporter: int | None = None  # the person of a support person on one of its orders
    recommender: int | None = None  # who recommends to the team and its members
    orders: dict[str, list[int]] = field(default_factory=dict)  # service code → newest first

    def person(self, who: str) -> int | None:
        """The person the content means by "lead", "employee" or "m<n>" (the n-th member;
        with fewer members the count wraps round, with none it falls to the lead)."""
        if who == "lead":
            return self.lead
        if who == "employee":
            return self.employee
        if not self.members:
            return self.lead
        return self.members[(int(who[1:]) - 1) % len(self.members)]


def _persona_people() -> dict[str, int]:
    return dict(
        Person.objects.filter(user__username__in=PERSONA_USERNAMES).values_list(
            "user__username", "pk"
        )
    )


def _unit_kinds(unit_codes: set[str]) -> dict[str, str]:
    """Front-line unit code → the name of its kind in kipina.demo.structure, read off the
    generator's fixed unit sequence (its first units are exactly the organisation's)."""
    names = {
        id(value): name
        for name, value in vars(structure).items()
        if isinstance(value, structure.UnitKind)
    }
    kinds: dict[str, str] = {}
    for leaf in itertools.islice(leaf_unit_sequence(), len(unit_codes) * 2 + 10):
        if leaf.code in unit_codes:
            kinds[leaf.code] = names[id(leaf.kind)]
            if len(kinds) == len(unit_codes):
                break
    return kinds


def choose_teams(rng: random.Random, profiles: list[dict[str, Any]]) -> dict[str, DemoTeam]:
    """Profile key → the team it goes to: the persona profile to the team-lead persona's team,
    each other profile to a team of one of its unit kinds not chosen yet (none if there is no
    such team). Of a few teams drawn at random, one with an order of a service the profile
    links is preferred, then one with any support order, so the tailoring has a support person
    beside it. Members are shuffled; each team gets a supporter and a recommender."""
    personas = _persona_people()
    rows = list(Team.objects.order_by("code").values_list("pk", "unit__code", "lead_id"))
    kinds = _unit_kinds({unit for _pk, unit, _lead in rows})
    persona_team = next((pk for pk, _unit, lead in rows if lead == personas.get(TEAM_LEAD)), None)
    drawn: dict[str, list[tuple[int, int | None]]] = {}
    for profile in profiles:
        if profile.get("persona_team"):
            candidates = [(pk, lead) for pk, _unit, lead in rows if pk == persona_team]
        else:
            wanted = set(profile["unit_kinds"])
            candidates = [
                (pk, lead)
                for pk, unit, lead in rows
                if kinds.get(unit) in wanted and pk != persona_team
            ]
        drawn[profile["key"]] = rng.sample(candidates, min(TEAMS_DRAWN, len(candidates)))
    services: dict[int, set[str]] = defaultdict(set)
    # No ORDER BY in these queries: without statistics SQLite would walk a whole table in
    # that order rather than look the few teams up by index (seconds at 100 000 people).
    for team, service in (
        Order.objects.filter(
            team_id__in={pk for options in drawn.values() for pk, _lead in options},
            state__in=SUPPORTING_STATES,
        )
        .order_by()
        .values_list("team_id", "service__code")
        .distinct()
    ):
        services[team].add(service)
    chosen: dict[str, tuple[int, int | None]] = {}
    taken: set[int] = set()
    for profile in profiles:
        linked = {service for row in profile["competences"] for service in row.get("orders", [])}
        options = [option for option in drawn[profile["key"]] if option[0] not in taken]
        if options:
            # max() keeps the first of equals: the order of the draw decides among them.
            pick = max(options, key=lambda o: (bool(services[o[0]] & linked), bool(services[o[0]])))
            chosen[profile["key"]] = pick
            taken.add(pick[0])

    persona_pks = set(personas.values())
    members: dict[int, list[int]] = defaultdict(list)
    for _number, pk, team, active in sorted(
        Person.objects.filter(team_id__in=taken)
        .order_by()
        .values_list("employee_number", "pk", "team_id", "active")
    ):
        if active:
            members[team].append(pk)
    teams: dict[str, DemoTeam] = {}
    for key, (pk, lead) in chosen.items():
        own = [p for p in members[pk] if p != lead and p not in persona_pks]
        rng.shuffle(own)
        employee = personas.get(EMPLOYEE)
        teams[key] = DemoTeam(
            pk=pk,
            lead=lead,
            members=own,
            persona_team=pk == persona_team,
            employee=employee if employee in members[pk] else None,
        )
    _add_support(rng, teams, members, personas)
    return teams


def _add_support(
    rng: random.Random,
    teams: dict[str, DemoTeam],
    members: dict[int, list[int]],
    personas: dict[str, int],
) -> None:
    """Each team's orders that count as support, its supporter (the support person of its
    newest such order; the support persona on her own teams) and its recommender (the
    supporter unless that is the support persona or a member, else an active support person
    from outside the team)."""
    persona_sp = personas.get(SUPPORT_PERSON)
    by_team: dict[int, DemoTeam] = {team.pk: team for team in teams.values()}
    supporters: dict[int, list[int]] = defaultdict(list)
    newest_first = sorted(
        Order.objects.filter(team_id__in=by_team, state__in=SUPPORTING_STATES)
        .order_by()
        .values_list(
            "submitted_at",
            "pk",
            "team_id",
            "service__code",
            "support_person__person_id",
            "support_person__active",
            "support_person__person__active",
        ),
        reverse=True,
    )
    for _submitted, order, team, service, person, *active in newest_first:
        if person is None or not all(active):
            continue
        by_team[team].orders.setdefault(service, []).append(order)
        supporters[team].append(person)
    pool = [person for _number, person in _support_persons("person_id", persona_sp)]
    for team in teams.values():
        own = set(members[team.pk])
        found = supporters[team.pk]
        team.supporter = persona_sp if persona_sp in found else (found[0] if found else None)
        if team.persona_team and team.supporter == persona_sp:
            team.recommender = persona_sp
            continue
        fitting = [p for p in found if p != persona_sp and p not in own]
        outside = [p for p in pool if p not in own]
        team.recommender = fitting[0] if fitting else (rng.choice(outside) if outside else None)


def _support_persons(column: str, persona_sp: int | None) -> list[tuple[str, int]]:
    """(employee number, column) of the active support persons but the persona, in the order
    of their numbers, sorted here: SQLite would walk all people by number to sort in SQL."""
    return sorted(
        SupportPerson.objects.filter(active=True, person__active=True)
        .exclude(person_id=persona_sp)
        .order_by()
        .values_list("person__employee_number", column)
    )


# --- tailorings -----------------------------------------------------------------------------


def _read_tailorings(path: Path = TAILORINGS_FILE) -> dict[str, Any]:
    document = _read_document(path, TAILORINGS_FORMAT)
    profiles = document.get("teams")
    if not isinstance(profiles, list) or not profiles:
        raise _fail(path, 'needs a "teams" list.')
    keys = [profile.get("key") for profile in profiles]
    if len(set(keys)) != len(keys) or not all(keys):
        raise _fail(path, "team keys must be present and unique.")
    if not profiles[0].get("persona_team") or any(p.get("persona_team") for p in profiles[1:]):
        raise _fail(path, "the first team, and only it, is the persona team.")
    statuses = set(ActionStatus.values)
    for profile in profiles:
        reviews = len(profile.get("reviews", []))
        for row in profile["competences"]:
            where = f"{profile['key']} {row['idnumber']}"
            if len(row.get("history", [])) > reviews:
                raise _fail(path, f"{where}: more history than the team has reviews.")
            for action in row.get("actions", []):
                if action["status"] not in statuses:
                    raise _fail(path, f"{where}: unknown action status {action['status']!r}.")
                if action["who"] == "employee" and not profile.get("persona_team"):
                    raise _fail(path, f"{where}: only the persona team has the employee.")
    return document


def write_tailorings(
    document: dict[str, Any], *, teams: dict[str, DemoTeam], rng: random.Random, anchor: dt.date
) -> TailoringLoadResult:
    """The chosen teams' tailored competences with their resources, orders and actions, then
    their past reviews with the levels as they were; all dated before the anchor day."""
    framework = CompetenceFramework.objects.filter(idnumber=_framework_idnumber()).first()
    if framework is None:
        return TailoringLoadResult()
    levels = {level.position: level for level in framework.scale.levels.all()}
    competences = _competence_pks()
    resources = dict(
        Resource.objects.filter(status=ResourceStatus.PUBLISHED).values_list("key", "pk")
    )
    tailorings: list[TeamCompetence] = []
    resource_links: list[tuple[TeamCompetence, int]] = []
    order_links: list[tuple[TeamCompetence, int]] = []
    actions: list[tuple[CompetenceAction, dt.datetime]] = []
    reviews: list[tuple[CompetenceReview, list[ReviewEntry]]] = []
    updated: list[tuple[TeamCompetence, dt.datetime]] = []
    for profile in document["teams"]:
        team = teams.get(profile["key"])
        if team is None:
            continue
        dated_reviews = [
            (anchor - dt.timedelta(days=review["days_ago"]), review["note"])
            for review in profile.get("reviews", [])
        ]
        entries: list[list[ReviewEntry]] = [[] for _ in dated_reviews]
        for row in profile["competences"]:
            competence = competences.get(row["idnumber"])
            if competence is None:
                continue
            tailoring = TeamCompetence(
                team_id=team.pk,
                competence_id=competence,
                meaning=row["meaning"],
                current_level=levels.get(row["current"]),
                target_level=levels.get(row["target"]),
                updated_by_id=team.supporter
                if row.get("edited_by_supporter") and team.supporter
                else team.lead,
            )
            tailorings.append(tailoring)
            updated.append((tailoring, _moment(anchor - dt.timedelta(days=rng.randint(2, 30)), 14)))
            resource_links.extend(
                (tailoring, resources[key]) for key in row.get("resources", []) if key in resources
            )
            for service in row.get("orders", []):
                order_links.extend(
                    (tailoring, order) for order in team.orders.get(service, [])[:ORDERS_PER_LINK]
                )
            for action in row.get("actions", []):
                due = anchor + dt.timedelta(days=action["due_days"])
                created = min(due, anchor) - dt.timedelta(days=rng.randint(14, 60))
                actions.append(
                    (
                        CompetenceAction(
                            team_competence=tailoring,
                            description=action["description"],
                            owner_id=team.person(action["who"]),
                            due=due,
                            status=action["status"],
                        ),
                        _moment(created, 10),
                    )
                )
            history = row.get("history", [])
            first = len(dated_reviews) - len(history)  # a competence joins at a later review
            for offset, (current, target) in enumerate(history):
                entries[first + offset].append(
                    ReviewEntry(
                        competence_id=competence,
                        current_position=current,
                        current_names=level_names(levels[current]),
                        target_position=target,
                        target_names=level_names(levels[target]),
                    )
                )
        for (day, note), review_entries in zip(dated_reviews, entries, strict=True):
            review = CompetenceReview(
                team_id=team.pk, reviewed_on=day, note=note, reviewed_by_id=team.lead
            )
            reviews.append((review, review_entries))

    TeamCompetence.objects.bulk_create(tailorings)
    through = TeamCompetence.resources.through
    through.objects.bulk_create(
        through(teamcompetence_id=t.pk, resource_id=r) for t, r in resource_links
    )
    through = TeamCompetence.orders.through
    through.objects.bulk_create(through(teamcompetence_id=t.pk, order_id=o) for t, o in order_links)
    for action, _created in actions:
        action.team_competence_id = action.team_competence.pk
    CompetenceAction.objects.bulk_create([action for action, _created in actions])
    CompetenceReview.objects.bulk_create([review for review, _entries in reviews])
    for review, review_entries in reviews:
        for entry in review_entries:
            entry.review_id = review.pk
    ReviewEntry.objects.bulk_create([e for _review, entries in reviews for e in entries])

    update_by_pk(TeamCompetence, ["updated_at"], [(t.pk, moment) for t, moment in updated])
    update_by_pk(CompetenceAction, ["created_at"], [(a.pk, moment) for a, moment in actions])
    update_by_pk(
        CompetenceReview,
        ["created_at"],
        [(review.pk, _moment(review.reviewed_on, 15)) for review, _entries in reviews],
    )
    return TailoringLoadResult(
        teams=len({t.team_id for t in tailorings}),
        competences=len(tailorings),
        actions=len(actions),
        reviews=len(reviews),
    )


# --- guidance ---------------------------------------------------------------------------------


def _read_guidance(path: Path = GUIDANCE_FILE) -> dict[str, Any]:
    document = _read_document(path, GUIDANCE_FORMAT)
    recommendations, people = document.get("recommendations"), document.get("people")
    if not isinstance(recommendations, list) or not isinstance(people, list):
        raise _fail(path, 'needs a "recommendations" list and a "people" list.')
    responses = set(RecommendationResponse.values)
    for number, row in enumerate(recommendations, start=1):
        if row["to"] != "team" and any(who != row["to"] for who, _response in row["answers"]):
            raise _fail(path, f"recommendation {number}: only its recipient answers it.")
        if any(response not in responses for _who, response in row["answers"]):
            raise _fail(path, f"recommendation {number}: unknown response.")
    return document


def write_guidance(
    document: dict[str, Any], *, teams: dict[str, DemoTeam], rng: random.Random, anchor: dt.date
) -> GuidanceLoadResult:
    """Recommendations to the demo teams and their people with the answers given, bookmarks
    and learning-log entries, and the curator group for a few support persons."""
    resources = dict(
        Resource.objects.filter(status=ResourceStatus.PUBLISHED).values_list("key", "pk")
    )
    competences = _competence_pks()
    persona_sp = _persona_people().get(SUPPORT_PERSON)
    recommendations: list[tuple[Recommendation, dt.datetime]] = []
    answers: list[tuple[RecommendationAnswer, dt.datetime]] = []
    for row in document["recommendations"]:
        team = teams.get(row["team"])
        resource = resources.get(row["resource"])
        if team is None or resource is None:
            continue
        by = team.recommender
        to_person = None if row["to"] == "team" else team.person(row["to"])
        if by is None or (row["to"] != "team" and to_person in (None, by)):
            continue
        days_ago = row["days_ago"]
        created = _moment(anchor - dt.timedelta(days=days_ago), 9 + rng.randint(0, 6), 15)
        recommendation = Recommendation(
            resource_id=resource,
            recommended_by_id=by,
            team_id=team.pk if to_person is None else None,
            person_id=to_person,
            competence_id=competences.get(row.get("competence") or ""),
            note=row["note"],
        )
        recommendations.append((recommendation, created))
        answered: set[int] = set()
        for who, response in row["answers"]:
            person = team.person(who)
            if person is None or person in answered or person == by:
                continue
            answered.add(person)
            later = created + dt.timedelta(days=rng.randint(0, max(0, days_ago - 1)), hours=3)
            answers.append(
                (
                    RecommendationAnswer(
                        recommendation=recommendation, person_id=person, response=response
                    ),
                    later,
                )
            )
    Recommendation.objects.bulk_create([r for r, _created in recommendations])
    for answer, _later in answers:
        answer.recommendation_id = answer.recommendation.pk
    RecommendationAnswer.objects.bulk_create([a for a, _later in answers])
    update_by_pk(Recommendation, ["created_at"], [(r.pk, at) for r, at in recommendations])
    update_by_pk(RecommendationAnswer, ["updated_at"], [(a.pk, at) for a, at in answers])

    bookmarks: dict[tuple[int, int], Bookmark] = {}
    log: list[tuple[LearningLogEntry, dt.datetime]] = []
    for row in document["people"]:
        team = teams.get(row["team"])
        person = team.person(row["who"]) if team else None
        if person is None:
            continue
        for key in row.get("bookmarks", []):
            if key in resources:
                bookmarks.setdefault(
                    (person, resources[key]), Bookmark(person_id=person, resource_id=resources[key])
                )
        for entry in row.get("log", []):
            day = anchor - dt.timedelta(days=entry["days_ago"])
            log.append(
                (
                    LearningLogEntry(
                        person_id=person,
                        resource_id=resources.get(entry.get("resource") or ""),
                        competence_id=competences.get(entry.get("competence") or ""),
                        title=entry["title"],
                        learned_on=day,
                        hours=_decimal(entry.get("hours")),
                        reflection=entry.get("reflection", ""),
                    ),
                    _moment(day, 17),
                )
            )
    Bookmark.objects.bulk_create(list(bookmarks.values()))
    LearningLogEntry.objects.bulk_create([entry for entry, _at in log])
    update_by_pk(LearningLogEntry, ["created_at"], [(e.pk, at) for e, at in log])
    return GuidanceLoadResult(
        recommendations=len(recommendations),
        answers=len(answers),
        bookmarks=len(bookmarks),
        log_entries=len(log),
        curators=_add_curators(rng, persona_sp),
    )


def _add_curators(rng: random.Random, persona_sp: int | None) -> int:
    """A few active support persons other than the persona also curate the catalogue."""
    candidates = [user for _number, user in _support_persons("person__user_id", persona_sp)]
    chosen = rng.sample(candidates, min(CURATORS, len(candidates)))
    if chosen:
        group, _created = Group.objects.get_or_create(name=CURATOR_GROUP)
        group.user_set.add(*chosen)
    return len(chosen)
