"""Plan a demo organisation in memory: units, teams, people, support persons. No database here.

Everything is drawn from one `random.Random(seed)`, so the same seed and size give the same plan.
The sequence of front-line units does not depend on the seed at all: the unit coded
"JHA-TERV-SAI-01" is always the internal-medicine ward, in every size of organisation.
"""

import functools
import itertools
import math
import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from kipina.core.enums import Role
from kipina.demo import structure
from kipina.demo.introductions import compose_introduction
from kipina.demo.names import (
    BACKGROUNDS,
    ENGLISH_SHARE,
    ENGLISH_SHARE_DEFAULT,
    SWEDISH_SHARE_OF_FINNS,
    NameBackground,
)
from kipina.demo.personas import PERSONAS, PERSONAS_BY_KEY, Persona
from kipina.demo.structure import Division, ServiceArea, UnitKind

MIN_PEOPLE = 50
DEFAULT_PEOPLE = 2000
DEFAULT_SEED = 2026
PEOPLE_PER_UNIT = 25  # a front-line unit: its head and a few teams
TEAM_SIZE_MIN = 5
TEAM_SIZE_MAX = 15
TEAM_SIZE_TARGET = (8.0, 12.0)
SUPPORT_PERSON_SHARE = 0.03
MANAGER_FEMALE_SHARE = 0.6

# Levels of the line organisation; a person's supervisor is always on a smaller level, which is
# what makes the supervisor graph acyclic and lets the loader insert level by level.
LEVEL_COUNTY = 0
LEVEL_DIVISION = 1
LEVEL_AREA = 2
LEVEL_UNIT = 3
LEVEL_STAFF = 4


@dataclass(slots=True)
class UnitPlan:
    code: str
    name: str
    parent: int | None  # index into OrganisationPlan.units
    depth: int


@dataclass(slots=True)
class TeamPlan:
    code: str
    name: str
    unit: int
    lead: int = -1  # index into OrganisationPlan.people


@dataclass(slots=True)
class PersonPlan:
    first_name: str
    last_name: str
    email: str
    username: str
    unit: int
    team: int | None
    job_title: str
    supervisor: int | None
    weekly_hours: Decimal
    languages: tuple[str, ...]
    level: int
    persona: str = ""
    employee_number: str = ""


@dataclass(slots=True)
class SupportPersonPlan:
    person: int
    introduction: str


@dataclass(slots=True)
class OrganisationPlan:
    units: list[UnitPlan] = field(default_factory=list)
    teams: list[TeamPlan] = field(default_factory=list)
    people: list[PersonPlan] = field(default_factory=list)
    support_persons: list[SupportPersonPlan] = field(default_factory=list)

    def persona_index(self, key: str) -> int:
        return next(i for i, person in enumerate(self.people) if person.persona == key)


@dataclass(frozen=True, slots=True)
class LeafUnit:
    """One front-line unit of the fixed unit sequence."""

    division: Division
    area: ServiceArea
    kind: UnitKind
    name: str
    number: int  # 1-based within its service area

    @property
    def area_code(self) -> str:
        return f"{structure.COUNTY_CODE}-{self.division.code}-{self.area.code}"

    @property
    def code(self) -> str:
        return f"{self.area_code}-{self.number:02d}"


def area_key(division: Division, area: ServiceArea) -> str:
    return f"{division.code}-{area.code}"


def _unit_names(area: ServiceArea) -> Iterator[tuple[UnitKind, str]]:
    """Fixed names first (taking turns between kinds), then place names, then numbered repeats."""
    fixed = [[name for name in kind.names if "{" not in name] for kind in area.kinds]
    first_round: list[tuple[UnitKind, str]] = []
    for position in range(max(len(names) for names in fixed)):
        for kind, names in zip(area.kinds, fixed, strict=True):
            if position < len(names):
                first_round.append((kind, names[position]))
    templated = [(kind, name) for kind in area.kinds for name in kind.names if "{" in name]
    for place in structure.PLACES:
        for kind, template in templated:
            first_round.append((kind, template.format(paikka=place.name, paikan=place.genitive)))
    yield from first_round
    for repeat in itertools.count(2):
        for kind, name in first_round:
            yield kind, f"{name} {repeat}"


def leaf_unit_sequence() -> Iterator[LeafUnit]:
    """Front-line units in opening order: the persona units, then weighted turns between areas."""
    areas = {
        area_key(division, area): (division, area)
        for division in structure.DIVISIONS
        for area in division.areas
    }
    order = {key: position for position, key in enumerate(areas)}
    streams = {key: _unit_names(area) for key, (_, area) in areas.items()}
    opened = dict.fromkeys(areas, 0)

    def open_unit(key: str) -> LeafUnit:
        division, area = areas[key]
        kind, name = next(streams[key])
        opened[key] += 1
        return LeafUnit(division, area, kind, name, opened[key])

    for key in structure.PERSONA_AREAS:
        yield open_unit(key)
    while True:
        # The area furthest behind its share opens the next unit; ties go to the earlier area.
        key = min(areas, key=lambda k: ((opened[k] + 1) / areas[k][1].weight, order[k]))
        yield open_unit(key)


@functools.cache  # names repeat a lot; folding each one once keeps 100 000 people fast
def ascii_fold(text: str) -> str:
    """Fold a name for an e-mail address (Sjöberg → sjoberg): ASCII letters, digits, hyphens."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9-]", "", ascii_text)


class _Addresses:
    """Hands out unique firstname.lastname(N) addresses; the personas' plain ones are kept free."""

    def __init__(self, reserved: list[tuple[str, str]]) -> None:
        self._taken: dict[str, int] = {}
        self._reserved = {self.base(first, last) for first, last in reserved}

    @staticmethod
    def base(first_name: str, last_name: str) -> str:
        return f"{ascii_fold(first_name)}.{ascii_fold(last_name)}"

    def local_part(self, first_name: str, last_name: str) -> str:
        base = self.base(first_name, last_name)
        count = self._taken.get(base, 1 if base in self._reserved else 0) + 1
        self._taken[base] = count
        return base if count == 1 else f"{base}{count}"


class _PeopleFactory:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.addresses = _Addresses([(p.first_name, p.last_name) for p in PERSONAS])
        self.persona_names = {(p.first_name, p.last_name) for p in PERSONAS}
        self.background_weights = list(itertools.accumulate(b.share for b in BACKGROUNDS))

    def _background(self) -> NameBackground:
        draw = self.rng.random() * self.background_weights[-1]
        for background, limit in zip(BACKGROUNDS, self.background_weights, strict=True):
            if draw < limit:
                return background
        return BACKGROUNDS[0]

    def _languages(self, background: NameBackground) -> tuple[str, ...]:
        rng = self.rng
        languages = {background.home_language}
        if rng.random() < background.speaks_finnish:
            languages.add("fi")
        if background.home_language == "fi" and rng.random() < SWEDISH_SHARE_OF_FINNS:
            languages.add("sv")
        if rng.random() < ENGLISH_SHARE.get(background.key, ENGLISH_SHARE_DEFAULT):
            languages.add("en")
        return tuple(sorted(languages))

    def person(
        self,
        *,
        unit: int,
        team: int | None,
        job_title: str,
        supervisor: int | None,
        level: int,
        female_share: float,
        weekly_hours: Decimal,
    ) -> PersonPlan:
        rng = self.rng
        background = self._background()
        female = rng.random() < female_share
        first_name = rng.choice(background.female_first if female else background.male_first)
        surnames = background.last_female if female else background.last_male
        last_name = rng.choice(surnames)
        while (first_name, last_name) in self.persona_names:
            last_name = rng.choice(surnames)
        local = self.addresses.local_part(first_name, last_name)
        return PersonPlan(
            first_name=first_name,
            last_name=last_name,
            email=f"{local}@{structure.EMAIL_DOMAIN}",
            username=local,
            unit=unit,
            team=team,
            job_title=job_title,
            supervisor=supervisor,
            weekly_hours=weekly_hours,
            languages=self._languages(background),
            level=level,
        )

    def make_persona(self, person: PersonPlan, persona: Persona) -> None:
        """Turn a planned person into the persona: fixed name, title, languages and username."""
        local = self.addresses.base(persona.first_name, persona.last_name)
        person.first_name = persona.first_name
        person.last_name = persona.last_name
        person.email = f"{local}@{structure.EMAIL_DOMAIN}"
        person.username = persona.username
        person.job_title = persona.job_title
        person.languages = persona.languages
        person.persona = persona.key


def _split_evenly(total: int, parts: int) -> list[int]:
    base, remainder = divmod(total, parts)
    return [base + 1 if i < remainder else base for i in range(parts)]


def _staff_per_unit(rng: random.Random, leaves: list[LeafUnit], staff: int) -> list[int]:
    """At least one minimal team per unit; the rest in proportion to the unit kind's size."""
    weights = [leaf.kind.size * rng.uniform(0.7, 1.3) for leaf in leaves]
    extra = staff - TEAM_SIZE_MIN * len(leaves)
    total_weight = sum(weights)
    quotas = [extra * weight / total_weight for weight in weights]
    sizes = [TEAM_SIZE_MIN + math.floor(quota) for quota in quotas]
    leftover = staff - sum(sizes)
    by_fraction = sorted(range(len(leaves)), key=lambda i: (math.floor(quotas[i]) - quotas[i], i))
    for i in by_fraction[:leftover]:
        sizes[i] += 1
    return sizes


def _team_sizes(rng: random.Random, staff: int) -> list[int]:
    fewest = math.ceil(staff / TEAM_SIZE_MAX)
    most = staff // TEAM_SIZE_MIN
    count = min(max(round(staff / rng.uniform(*TEAM_SIZE_TARGET)), fewest), most)
    return _split_evenly(staff, count)


def _team_label(kind: UnitKind, position: int) -> str:
    labels = kind.team_labels
    label = labels[position % len(labels)]
    repeat = position // len(labels)
    return label if repeat == 0 else f"{label} {repeat + 1}"


@functools.cache
def _title_table(kind: UnitKind) -> tuple[list[str], list[int]]:
    titles = [title for title, _ in kind.titles]
    return titles, list(itertools.accumulate(weight for _, weight in kind.titles))


def _weighted_title(rng: random.Random, kind: UnitKind) -> str:
    titles, cumulative = _title_table(kind)
    return rng.choices(titles, cum_weights=cumulative)[0]


def _staff_hours(rng: random.Random, kind: UnitKind) -> Decimal:
    if rng.random() < kind.part_time_share:
        return rng.choice(structure.PART_TIME_CHOICES)
    return kind.weekly_hours


def plan_organisation(
    *, people: int = DEFAULT_PEOPLE, seed: int = DEFAULT_SEED
) -> OrganisationPlan:
    """Plan the county: unit tree, line managers, teams with leads and staff, personas,
    employee numbers, support persons."""
    if people < MIN_PEOPLE:
        raise ValueError(f"A demo organisation needs at least {MIN_PEOPLE} people.")
    planner = _Planner(people=people, seed=seed)
    planner.plan_units()
    planner.plan_line_managers()
    planner.plan_teams_and_staff()
    planner.place_personas()
    planner.number_employees()
    planner.choose_support_persons()
    return planner.plan


class _Planner:
    def __init__(self, *, people: int, seed: int) -> None:
        self.people = people
        self.rng = random.Random(seed)
        self.factory = _PeopleFactory(self.rng)
        self.plan = OrganisationPlan()
        unit_count = max(len(structure.PERSONA_AREAS), round(people / PEOPLE_PER_UNIT))
        self.leaves = list(itertools.islice(leaf_unit_sequence(), unit_count))
        self.division_unit: dict[str, int] = {}  # division code → unit index
        self.area_unit: dict[str, int] = {}  # area key → unit index
        self.leaf_unit: dict[int, int] = {}  # position in self.leaves → unit index
        self.head_of_unit: dict[int, int] = {}  # unit index → person index
        self.members_of_team: dict[int, list[int]] = {}

    def _area_unit_of(self, leaf: LeafUnit) -> int:
        return self.area_unit[area_key(leaf.division, leaf.area)]

    def plan_units(self) -> None:
        """The county, divisions and areas in the structure's order (only those with units),
        then the front-line units grouped by area."""
        units = self.plan.units
        area_keys = {area_key(leaf.division, leaf.area) for leaf in self.leaves}
        division_codes = {leaf.division.code for leaf in self.leaves}
        units.append(UnitPlan(structure.COUNTY_CODE, structure.COUNTY_NAME, None, 0))
        for division in structure.DIVISIONS:
            if division.code not in division_codes:
                continue
            self.division_unit[division.code] = len(units)
            code = f"{structure.COUNTY_CODE}-{division.code}"
            units.append(UnitPlan(code, division.name, 0, 1))
            for area in division.areas:
                key = area_key(division, area)
                if key in area_keys:
                    self.area_unit[key] = len(units)
                    code = f"{structure.COUNTY_CODE}-{key}"
                    units.append(UnitPlan(code, area.name, self.division_unit[division.code], 2))
        self.ordered_leaves = sorted(
            range(len(self.leaves)),
            key=lambda i: (self._area_unit_of(self.leaves[i]), self.leaves[i].number),
        )
        for i in self.ordered_leaves:
            leaf = self.leaves[i]
            self.leaf_unit[i] = len(units)
            units.append(UnitPlan(leaf.code, leaf.name, self._area_unit_of(leaf), 3))

    def _add_head(self, unit: int, **attributes) -> None:
        self.head_of_unit[unit] = len(self.plan.people)
        self.plan.people.append(self.factory.person(unit=unit, team=None, **attributes))

    def plan_line_managers(self) -> None:
        """County director → division directors → area heads → unit heads."""
        manager = {"female_share": MANAGER_FEMALE_SHARE, "weekly_hours": structure.FULL_TIME}
        self._add_head(
            0,
            job_title=structure.COUNTY_DIRECTOR_TITLE,
            supervisor=None,
            level=LEVEL_COUNTY,
            **manager,
        )
        for division in structure.DIVISIONS:
            if division.code in self.division_unit:
                self._add_head(
                    self.division_unit[division.code],
                    job_title=division.director_title,
                    supervisor=self.head_of_unit[0],
                    level=LEVEL_DIVISION,
                    **manager,
                )
        for division in structure.DIVISIONS:
            for area in division.areas:
                key = area_key(division, area)
                if key in self.area_unit:
                    self._add_head(
                        self.area_unit[key],
                        job_title=area.head_title,
                        supervisor=self.head_of_unit[self.division_unit[division.code]],
                        level=LEVEL_AREA,
                        **manager,
                    )
        for i in self.ordered_leaves:
            leaf = self.leaves[i]
            self._add_head(
                self.leaf_unit[i],
                job_title=leaf.kind.head_title,
                supervisor=self.head_of_unit[self._area_unit_of(leaf)],
                level=LEVEL_UNIT,
                female_share=leaf.kind.female_share,
                weekly_hours=leaf.kind.weekly_hours,
            )

    def plan_teams_and_staff(self) -> None:
        """Everyone else works in a team of their unit; the first member leads the team."""
        staff = self.people - len(self.plan.people)
        if staff < TEAM_SIZE_MIN * len(self.leaves):  # cannot happen for people >= MIN_PEOPLE
            raise ValueError("Too few people for the units of the demo organisation.")
        rng, plan = self.rng, self.plan
        staff_sizes = _staff_per_unit(rng, self.leaves, staff)
        for i in self.ordered_leaves:
            leaf, unit = self.leaves[i], self.leaf_unit[i]
            for position, size in enumerate(_team_sizes(rng, staff_sizes[i])):
                team = len(plan.teams)
                label = _team_label(leaf.kind, position)
                plan.teams.append(
                    TeamPlan(f"{leaf.code}-T{position + 1}", f"{leaf.name} – {label}", unit)
                )
                members = self.members_of_team[team] = []
                for _ in range(size):
                    members.append(len(plan.people))
                    plan.people.append(
                        self.factory.person(
                            unit=unit,
                            team=team,
                            job_title=_weighted_title(rng, leaf.kind),
                            supervisor=self.head_of_unit[unit],
                            level=LEVEL_STAFF,
                            female_share=leaf.kind.female_share,
                            weekly_hours=_staff_hours(rng, leaf.kind),
                        )
                    )
                plan.teams[team].lead = members[0]

    def _teams_of(self, unit: int) -> list[list[int]]:
        teams = self.plan.teams
        return [members for t, members in self.members_of_team.items() if teams[t].unit == unit]

    def place_personas(self) -> None:
        """Fixed seats: the first three units of the sequence are the persona units."""
        ward, development, ict = self.leaf_unit[0], self.leaf_unit[1], self.leaf_unit[2]
        ward_teams = self._teams_of(ward)
        first_team = ward_teams[0]
        # The support person works in the ward's second team when there is one: the same work
        # community as the employee, but not the same team.
        support_seat = ward_teams[1][1] if len(ward_teams) > 1 else first_team[2]
        seats = {
            Role.SUPERVISOR.value: self.head_of_unit[ward],
            Role.TEAM_LEAD.value: first_team[0],
            Role.EMPLOYEE.value: first_team[1],
            Role.SUPPORT_PERSON.value: support_seat,
            Role.COORDINATOR.value: self._teams_of(development)[0][1],
            Role.ADMIN.value: self._teams_of(ict)[0][1],
        }
        for key, index in seats.items():
            self.factory.make_persona(self.plan.people[index], PERSONAS_BY_KEY[key])

    def number_employees(self) -> None:
        """Unique E-numbers scattered over a six-digit range, as a payroll system's would be."""
        upper = max(10**6, 10 * self.people)
        numbers = self.rng.sample(range(1, upper), self.people)
        for person, number in zip(self.plan.people, numbers, strict=True):
            person.employee_number = f"E{number:06d}"

    def choose_support_persons(self) -> None:
        """About 3 % of people, drawn from staff across all units, the persona included."""
        plan = self.plan
        persona_seat = plan.persona_index(Role.SUPPORT_PERSON.value)
        eligible = [
            i
            for i, person in enumerate(plan.people)
            if person.level == LEVEL_STAFF and not person.persona
        ]
        wanted = max(1, round(self.people * SUPPORT_PERSON_SHARE)) - 1
        chosen = sorted([persona_seat, *self.rng.sample(eligible, min(wanted, len(eligible)))])
        for index in chosen:
            person = plan.people[index]
            introduction = compose_introduction(
                self.rng, job_title=person.job_title, unit_name=plan.units[person.unit].name
            )
            plan.support_persons.append(SupportPersonPlan(index, introduction))
