"""The demo's training path: two programmes with their modules, past cohorts whose graduates
hold the trained status for their roles, a running cohort with a waiting list, and applications
to become a support person in every state.

training_content/programmes.json ("kipina-training") holds the programmes (roles, modules with
hours and catalogue resources, cohorts dated in days before the seeding day), the trained status
recorded for roles that no programme here trains (training done before Kipinä), and the
applications. Who takes part is drawn from the organisation:

- Each programme's graduates are the active support persons holding one of its roles, spread
  over its past cohorts (a few parallel groups per term in a large organisation; beyond those,
  the status is recorded as earlier training). The support persona graduated in the first
  cohorts; a few support persons are untrained yet and sit in the running cohort.
- The running cohort is full (placed applicants first), with a waiting list behind it; modules
  whose day has passed are marked for most of its people. The support persona trains the
  running learning-agent cohort with the coordinator persona.
- Applicants are ordinary employees (never the employee persona, whose journey the browser
  test walks); the first waits for the supervisor persona. Applications that went all the way
  belong to support persons who completed a past cohort.

The cohorts' counters equal their enrolled and waiting rows. Everything is drawn from a random
generator seeded from the demo's seed, relative to the anchor day; a bounded number of queries
whatever the size of the organisation.
"""

import datetime as dt
import json
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from kipina.agents.enums import AllocationState
from kipina.agents.models import Allocation, SupportPerson, SupportRole, TrainedStatus
from kipina.core.bulk_writes import insert_rows, update_by_pk
from kipina.demo.personas import PERSONA_USERNAMES, PERSONAS_BY_KEY
from kipina.learning.enums import ResourceStatus
from kipina.learning.models import Resource
from kipina.org.models import Person, Team
from kipina.training.enums import ApplicationState, EnrolmentState
from kipina.training.models import (
    Application,
    Cohort,
    Enrolment,
    Module,
    ModuleCompletion,
    Programme,
)

CONTENT = Path(__file__).resolve().parent / "training_content"
PROGRAMMES_FILE = CONTENT / "programmes.json"
FORMAT = "kipina-training"
VERSION = 1
COORDINATOR = PERSONAS_BY_KEY["coordinator"].username
SUPPORT_PERSON = PERSONAS_BY_KEY["support_person"].username
SUPERVISOR = PERSONAS_BY_KEY["supervisor"].username
EMPLOYEE = PERSONAS_BY_KEY["employee"].username
SEATED_STATES = (EnrolmentState.ENROLLED, EnrolmentState.COMPLETED)
MAX_PARALLEL = 4  # groups per term at most; graduates beyond them had earlier training
FREE_SEATS = 2  # a past cohort's seats left over (one may be taken by a leaver or applicant)
UNTRAINED_SHARE = 4  # one in this many of a programme's people is still untrained (at most…)
WAITING = 3  # people on the running cohort's waiting list
COMPLETION_CHANCE = 0.85  # in the running cohort, a passed module is marked for this share
LEAVER_CHANCE = 0.35  # a past cohort has someone who left half-way
ORDINARY_TEAMS = 30  # teams drawn to find applicants in


@dataclass(frozen=True, slots=True)
class TrainingLoadResult:
    programmes: int = 0
    cohorts: int = 0
    enrolments: int = 0
    completions: int = 0
    trained_statuses: int = 0
    applications: int = 0


@dataclass(slots=True)
class _SupportPerson:
    number: str
    person: int
    pk: int
    supervisor: int | None
    roles: frozenset[str]


@dataclass(slots=True)
class _Cohort:
    obj: Cohort
    programme: dict[str, Any]
    running: bool
    trainers: list[int] = field(default_factory=list)
    module_days: list[dt.date] = field(default_factory=list)


def _fail(message: str) -> Exception:
    from kipina.demo.loader import DemoSeedError

    return DemoSeedError(f"{PROGRAMMES_FILE.name}: {message}")


def read_programmes(path: Path = PROGRAMMES_FILE) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise _fail(f"cannot be read as JSON ({error}).") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _fail(f'expected "format": "{FORMAT}".')
    if document.get("version") != VERSION:
        raise _fail(f"version {document.get('version')!r} is not supported.")
    for programme in document["programmes"]:
        running = [c for c in programme["cohorts"] if c.get("running")]
        if len(running) != 1 or programme["cohorts"][-1] is not running[0]:
            raise _fail(f"{programme['key']}: exactly one running cohort, the last.")
        if not programme["modules"]:
            raise _fail(f"{programme['key']}: needs modules.")
    states = set(ApplicationState.values)
    for application in document["applications"]:
        if application["state"] not in states:
            raise _fail(f"unknown application state {application['state']!r}.")
    return document


def season(day: dt.date) -> str:
    """The Finnish season a cohort starting on the day is named after."""
    if day.month <= 5:
        return "kevät"
    if day.month <= 7:
        return "kesä"
    return "syksy"


def load_training(*, seed: int, anchor: dt.date) -> TrainingLoadResult:
    """Programmes and modules → cohorts with trainers → enrolments and completions → trained
    statuses → applications → counters and dates."""
    document = read_programmes()
    rng = random.Random(f"kipina-training-{seed}")
    zone = timezone.get_default_timezone()
    personas = dict(
        Person.objects.filter(user__username__in=PERSONA_USERNAMES).values_list(
            "user__username", "pk"
        )
    )
    coordinator = personas.get(COORDINATOR)
    coordinator_user = (
        get_user_model().objects.filter(username=COORDINATOR).values_list("pk", flat=True).first()
    )
    roles = dict(SupportRole.objects.values_list("code", "pk"))
    pool = _support_persons(personas)
    persona_sp = next((s for s in pool if s.person == personas.get(SUPPORT_PERSON)), None)
    applicants = _applicants(rng, document["applications"], personas)

    programmes = _write_programmes(document["programmes"], roles)
    writer = _Writer(rng, anchor, zone, coordinator)
    statuses: dict[tuple[int, str], tuple[dt.date, str]] = {}
    graduates: dict[str, list[tuple[_SupportPerson, Enrolment, _Cohort]]] = defaultdict(list)
    running: dict[str, _Cohort] = {}
    latest_past: dict[str, _Cohort] = {}
    placed = [a for a in applicants if a[0]["state"] == ApplicationState.PLACED]
    trained = [a for a in applicants if a[0]["state"] == ApplicationState.TRAINED]
    application_enrolments: dict[int, Enrolment] = {}

    in_running: set[int] = set()
    for spec in document["programmes"]:
        programme = programmes[spec["key"]]
        own_roles = set(spec["roles"])
        eligible = [s for s in pool if s.roles & own_roles]
        others = [s for s in pool if not s.roles & own_roles and s.person not in in_running]
        rng.shuffle(eligible)
        rng.shuffle(others)
        if persona_sp in eligible:
            eligible.remove(persona_sp)
        # The running cohort: placed applicants, then untrained people of the roles, then
        # support persons adding the role; behind them the waiting list.
        cohorts = _dated_cohorts(spec, programme, anchor)
        current = cohorts[-1]
        seats = current.obj.capacity
        mine = [a for a in placed if _programme_of(a[0]["role"], document) == spec["key"]]
        mine = mine[:seats]
        untrained_n = min(len(eligible) // UNTRAINED_SHARE, max(0, seats - len(mine)))
        untrained, eligible = eligible[:untrained_n], eligible[untrained_n:]
        extra = [s for s in others if s.person not in in_running]
        fill = extra[: max(0, seats - len(mine) - len(untrained))]
        waiting = (
            extra[len(fill) : len(fill) + WAITING]
            if len(mine) + len(untrained) + len(fill) == seats
            else []
        )
        seated = [a[1] for a in mine] + [s.person for s in untrained + fill]
        in_running.update(seated)
        in_running.update(s.person for s in waiting)
        # Past cohorts: the graduates, the persona in the first one.
        past = cohorts[:-1]
        terms = len(past)
        per_cohort = max(1, past[0].obj.capacity - FREE_SEATS) if past else 1
        parallel = (
            min(MAX_PARALLEL, max(1, math.ceil((len(eligible) + 1) / (terms * per_cohort))))
            if terms
            else 0
        )
        groups = _parallel_groups(past, parallel, spec)
        ordered = [persona_sp] if persona_sp and persona_sp.roles & own_roles else []
        ordered += eligible
        places = len(groups) * per_cohort
        through_cohorts, earlier = ordered[:places], ordered[places:]
        assignment: dict[int, list[_SupportPerson]] = defaultdict(list)
        for index, person in enumerate(through_cohorts):
            assignment[index % len(groups)].append(person)  # the persona in the first
        for index, group in enumerate(groups):
            members = assignment[index]
            group.trainers = [coordinator] if coordinator else []
            # From the second cohort on, a graduate of an earlier one trains beside her.
            senior = [g for g, _e, c in graduates[spec["key"]] if c.obj.start < group.obj.start]
            if senior:
                group.trainers.append(rng.choice(senior).person)
            leaver = None
            if others and rng.random() < LEAVER_CHANCE:
                leaver = rng.choice(others)
            enrolments = writer.past_cohort(group, [m.person for m in members], leaver)
            for member, enrolment in zip(members, enrolments, strict=True):
                graduates[spec["key"]].append((member, enrolment, group))
                for code in member.roles & own_roles:
                    statuses.setdefault(
                        (member.pk, code),
                        (group.obj.end, f"{programme.name}, {group.obj.name}"),
                    )
        if groups:
            latest_past[spec["key"]] = max(groups, key=lambda g: (g.obj.start, g.obj.name))
        first_day = min((g.obj.start for g in groups), default=anchor)
        for member in earlier:
            for code in member.roles & own_roles:
                day = first_day - dt.timedelta(days=rng.randint(60, 700))
                statuses.setdefault(
                    (member.pk, code), (day, document["earlier_training"]["source"])
                )
        # The running cohort itself.
        current.trainers = _running_trainers(spec, personas, coordinator, graduates, rng)
        enrolments = writer.running_cohort(current, seated, [s.person for s in waiting])
        for (application, _person), enrolment in zip(mine, enrolments, strict=False):
            application_enrolments[id(application)] = enrolment
        running[spec["key"]] = current
        # "Trained" applicants completed the latest past cohort.
        for application, person in trained:
            if (
                _programme_of(application["role"], document) == spec["key"]
                and spec["key"] in latest_past
            ):
                (enrolment,) = writer.past_cohort(latest_past[spec["key"]], [person], None)
                application_enrolments[id(application)] = enrolment

    # Roles no programme here trains: recorded as training done before Kipinä.
    recorded = document["earlier_training"]["roles"]
    for member in pool:
        for code in sorted(member.roles & set(recorded)):
            day = anchor - dt.timedelta(days=rng.randint(760, 1500))
            statuses.setdefault((member.pk, code), (day, recorded[code]))

    writer.save()
    TrainedStatus.objects.bulk_create(
        [
            TrainedStatus(
                support_person_id=support_person,
                role_id=roles[code],
                granted_on=day,
                source=source[:200],
                granted_by_id=coordinator_user,
            )
            for (support_person, code), (day, source) in sorted(statuses.items())
            if code in roles
        ],
        batch_size=2000,
    )
    applications = _write_applications(
        rng, applicants, application_enrolments, graduates, document, roles, personas, anchor, zone
    )
    return TrainingLoadResult(
        programmes=len(programmes),
        cohorts=len(writer.cohorts),
        enrolments=len(writer.enrolments),
        completions=len(writer.completions),
        trained_statuses=len(statuses),
        applications=applications,
    )


def _programme_of(role: str, document: dict[str, Any]) -> str:
    return next(
        (p["key"] for p in document["programmes"] if role in p["roles"]),
        document["programmes"][0]["key"],
    )


def _support_persons(personas: dict[str, int]) -> list[_SupportPerson]:
    """Active support persons with their roles, by employee number (sorted here)."""
    rows = sorted(
        SupportPerson.objects.filter(active=True, person__active=True)
        .order_by()
        .values_list("person__employee_number", "person_id", "pk", "person__supervisor_id")
    )
    roles: dict[int, set[str]] = defaultdict(set)
    for support_person, code in (
        SupportPerson.roles.through.objects.filter(
            supportperson__active=True, supportperson__person__active=True
        )
        .order_by()
        .values_list("supportperson_id", "supportrole__code")
    ):
        roles[support_person].add(code)
    others = set(personas.values()) - {personas.get(SUPPORT_PERSON)}
    return [
        _SupportPerson(number, person, pk, supervisor, frozenset(roles[pk]))
        for number, person, pk, supervisor in rows
        if person not in others
    ]


def _applicants(
    rng: random.Random, rows: list[dict[str, Any]], personas: dict[str, int]
) -> list[tuple[dict[str, Any], int]]:
    """An ordinary employee (no support person, no persona, with a supervisor) per application
    that is not yet active; the first marked one reports to the supervisor persona. Active
    applications get their applicant later, from the graduates."""
    exclude = set(personas.values())
    supervisor = personas.get(SUPERVISOR)
    teams = sorted(Team.objects.order_by().values_list("pk", flat=True))
    drawn = rng.sample(teams, min(len(teams), ORDINARY_TEAMS))
    ordinary = sorted(
        Person.objects.filter(
            team_id__in=drawn, active=True, support_profile__isnull=True, supervisor__isnull=False
        )
        .exclude(pk__in=exclude)
        .exclude(supervisor_id=supervisor)  # her queue holds only the one meant for her
        .order_by()
        .values_list("employee_number", "pk")
    )
    reports = sorted(
        Person.objects.filter(supervisor_id=supervisor, active=True, support_profile__isnull=True)
        .exclude(pk__in=exclude)
        .order_by()
        .values_list("employee_number", "pk")
    )
    rng.shuffle(ordinary)
    taken: set[int] = set()
    chosen: list[tuple[dict[str, Any], int]] = []
    for row in rows:
        if row["state"] == ApplicationState.ACTIVE:
            continue
        options = reports if row.get("supervisor_persona") and reports else ordinary
        person = next((pk for _number, pk in options if pk not in taken), None)
        if person is None:
            continue
        taken.add(person)
        chosen.append((row, person))
    return chosen


def _write_programmes(specs: list[dict[str, Any]], roles: dict[str, int]) -> dict[str, Programme]:
    resources = dict(
        Resource.objects.filter(status=ResourceStatus.PUBLISHED).values_list("key", "pk")
    )
    programmes = [
        Programme(key=spec["key"], name=spec["name"], description=spec["description"])
        for spec in specs
    ]
    Programme.objects.bulk_create(programmes)
    Programme.roles.through.objects.bulk_create(
        [
            Programme.roles.through(programme_id=programme.pk, supportrole_id=roles[code])
            for programme, spec in zip(programmes, specs, strict=True)
            for code in spec["roles"]
            if code in roles
        ]
    )
    modules: list[tuple[Module, list[str]]] = [
        (
            Module(
                programme=programme,
                position=position,
                title=row["title"],
                description=row["description"],
                hours=Decimal(row["hours"]),
            ),
            row["resources"],
        )
        for programme, spec in zip(programmes, specs, strict=True)
        for position, row in enumerate(spec["modules"])
    ]
    Module.objects.bulk_create([module for module, _keys in modules])
    Module.resources.through.objects.bulk_create(
        [
            Module.resources.through(module_id=module.pk, resource_id=resources[key])
            for module, keys in modules
            for key in keys
            if key in resources
        ]
    )
    by_key = {programme.key: programme for programme in programmes}
    for programme in programmes:
        programme.module_pks = [m.pk for m, _k in modules if m.programme is programme]
    return by_key


def _dated_cohorts(spec: dict[str, Any], programme: Programme, anchor: dt.date) -> list[_Cohort]:
    """One unsaved cohort per entry, dated from the anchor (a Monday to a Friday), named by
    the programme and the season and year it starts; its modules' days spread over it."""
    cohorts = []
    for row in spec["cohorts"]:
        start = _outside_holidays(
            anchor - dt.timedelta(days=row["start_days_ago"]), backwards=bool(row.get("running"))
        )
        end = start + dt.timedelta(weeks=row["weeks"], days=-3)  # the Friday of the last week
        cohort = Cohort(
            programme=programme,
            name=f"{season(start).capitalize()} {start.year}",
            start=start,
            end=end,
            capacity=row["capacity"],
        )
        entry = _Cohort(cohort, spec, bool(row.get("running")))
        count = len(spec["modules"])
        span = (end - start).days
        entry.module_days = [
            start + dt.timedelta(days=round(i * span / max(1, count - 1))) for i in range(count)
        ]
        cohorts.append(entry)
    return cohorts


# No cohort starts in the Christmas or the summer holidays: (first, last) month and day.
HOLIDAYS = (((12, 15), (1, 7)), ((6, 20), (8, 7)))


def _outside_holidays(day: dt.date, *, backwards: bool) -> dt.date:
    """The Monday of the day's week, moved out of a holiday: forwards to the first Monday
    after it, or (a cohort that must have started already) back to the last Monday before."""
    day -= dt.timedelta(days=day.weekday())
    for (first_month, first_day), (last_month, last_day) in HOLIDAYS:
        year = day.year - 1 if first_month > last_month and day.month <= last_month else day.year
        first = dt.date(year, first_month, first_day)
        last = dt.date(year + (first_month > last_month), last_month, last_day)
        if first <= day <= last:
            if backwards:
                day = first - dt.timedelta(days=first.weekday() or 7)
            else:
                day = last + dt.timedelta(days=7 - last.weekday())
    return day


def _parallel_groups(past: list[_Cohort], parallel: int, spec: dict[str, Any]) -> list[_Cohort]:
    """Each past term as `parallel` groups (the first is the term's own cohort)."""
    groups: list[_Cohort] = []
    for term in past:
        for number in range(1, parallel + 1):
            if number == 1:
                group = term
            else:
                obj = Cohort(
                    programme=term.obj.programme,
                    name=term.obj.name,
                    start=term.obj.start + dt.timedelta(days=7 * (number - 1)),
                    end=term.obj.end + dt.timedelta(days=7 * (number - 1)),
                    capacity=term.obj.capacity,
                )
                shift = dt.timedelta(days=7 * (number - 1))
                group = _Cohort(obj, spec, False, module_days=[d + shift for d in term.module_days])
            if parallel > 1:
                group.obj.name = f"{term.obj.name} – ryhmä {number}"
            groups.append(group)
    return groups


def _running_trainers(
    spec: dict[str, Any],
    personas: dict[str, int],
    coordinator: int | None,
    graduates: dict[str, list[tuple[_SupportPerson, Enrolment, _Cohort]]],
    rng: random.Random,
) -> list[int]:
    """The learning-agent cohort: the support persona and the coordinator; the other: the
    coordinator and one of its graduates."""
    trainers = [coordinator] if coordinator else []
    persona = personas.get(SUPPORT_PERSON)
    if "learning_agent" in spec["roles"] and persona:
        return [persona, *trainers]
    people = sorted({g.person for g, _e, _c in graduates[spec["key"]] if g.person != persona})
    if people:
        trainers.append(rng.choice(people))
    return trainers


class _Writer:
    """Collects cohorts, enrolments and completions; writes them in a few bulk INSERTs."""

    def __init__(self, rng: random.Random, anchor: dt.date, zone, placed_by: int | None) -> None:
        self.rng = rng
        self.anchor = anchor
        self.zone = zone
        self.placed_by = placed_by
        self.cohorts: list[_Cohort] = []
        self.enrolments: list[Enrolment] = []
        self.completions: list[tuple[Enrolment, int, dt.date, int | None]] = []
        self._seen: set[int] = set()

    def _at(self, day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime.combine(
            day, dt.time(hour, self.rng.choice((0, 15, 30, 45))), tzinfo=self.zone
        )

    def _add_cohort(self, cohort: _Cohort) -> None:
        if id(cohort) not in self._seen:
            self._seen.add(id(cohort))
            self.cohorts.append(cohort)

    def _enrolment(
        self, cohort: _Cohort, person: int, state: str, *, queued: dt.datetime, seated: bool
    ) -> Enrolment:
        enrolment = Enrolment(
            cohort=cohort.obj,
            person_id=person,
            state=state,
            queued_at=queued,
            enrolled_at=queued if seated else None,
            placed_by_id=self.placed_by,
        )
        self.enrolments.append(enrolment)
        return enrolment

    def _complete(self, enrolment: Enrolment, cohort: _Cohort, upto: int) -> None:
        modules = cohort.obj.programme.module_pks
        marker = cohort.trainers[0] if cohort.trainers else None
        for module, day in list(zip(modules, cohort.module_days, strict=True))[:upto]:
            done = min(day + dt.timedelta(days=self.rng.randint(0, 3)), cohort.obj.end)
            self.completions.append((enrolment, module, done, marker))

    def past_cohort(
        self, cohort: _Cohort, people: list[int], leaver: _SupportPerson | None
    ) -> list[Enrolment]:
        """Everyone completed every module; a leaver left half-way."""
        self._add_cohort(cohort)
        start, end = cohort.obj.start, cohort.obj.end
        done = []
        for person in people:
            queued = self._at(start - dt.timedelta(days=self.rng.randint(14, 45)), 10)
            enrolment = self._enrolment(
                cohort, person, EnrolmentState.COMPLETED, queued=queued, seated=True
            )
            enrolment.ended_at = self._at(end, 15)
            self._complete(enrolment, cohort, len(cohort.module_days))
            done.append(enrolment)
        if leaver is not None and leaver.person not in people:
            queued = self._at(start - dt.timedelta(days=self.rng.randint(14, 45)), 10)
            enrolment = self._enrolment(
                cohort, leaver.person, EnrolmentState.LEFT, queued=queued, seated=True
            )
            half = len(cohort.module_days) // 2
            enrolment.ended_at = self._at(cohort.module_days[half] - dt.timedelta(days=1), 12)
            self._complete(enrolment, cohort, half)
        return done

    def running_cohort(
        self, cohort: _Cohort, seated: list[int], waiting: list[int]
    ) -> list[Enrolment]:
        """Seats first (in the order given), then the waiting list; passed modules marked for
        most of the seated."""
        self._add_cohort(cohort)
        start = cohort.obj.start
        passed = sum(1 for day in cohort.module_days if day < self.anchor)
        enrolments = []
        for person in seated:
            queued = self._at(start - dt.timedelta(days=self.rng.randint(10, 40)), 10)
            enrolment = self._enrolment(
                cohort, person, EnrolmentState.ENROLLED, queued=queued, seated=True
            )
            modules = cohort.obj.programme.module_pks
            marker = cohort.trainers[0] if cohort.trainers else None
            for module, day in list(zip(modules, cohort.module_days, strict=True))[:passed]:
                if self.rng.random() < COMPLETION_CHANCE:
                    done = min(
                        day + dt.timedelta(days=self.rng.randint(0, 3)),
                        self.anchor - dt.timedelta(days=1),
                    )
                    self.completions.append((enrolment, module, done, marker))
            enrolments.append(enrolment)
        last = max((e.queued_at for e in enrolments), default=self._at(start, 9))
        for position, person in enumerate(waiting, start=1):
            queued = last + dt.timedelta(days=position, hours=self.rng.randint(1, 5))
            self._enrolment(cohort, person, EnrolmentState.WAITING, queued=queued, seated=False)
        return enrolments

    def save(self) -> None:
        cohorts = [c.obj for c in self.cohorts]
        for cohort in cohorts:
            cohort.programme_id = cohort.programme.pk
        counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for enrolment in self.enrolments:
            counts[id(enrolment.cohort)][enrolment.state] += 1
        for cohort in cohorts:
            # As kipina.training.services_programmes counts seats: completing keeps the seat.
            cohort.enrolled_count = sum(counts[id(cohort)][state] for state in SEATED_STATES)
            cohort.waiting_count = counts[id(cohort)][EnrolmentState.WAITING]
        Cohort.objects.bulk_create(cohorts)
        Cohort.trainers.through.objects.bulk_create(
            [
                Cohort.trainers.through(cohort_id=c.obj.pk, person_id=person)
                for c in self.cohorts
                for person in dict.fromkeys(c.trainers)
                if person
            ]
        )
        for enrolment in self.enrolments:
            enrolment.cohort_id = enrolment.cohort.pk
        Enrolment.objects.bulk_create(self.enrolments, batch_size=2000)
        insert_rows(
            ModuleCompletion,
            ["enrolment", "module", "completed_on", "marked_by"],
            [(enrolment.pk, module, day, by) for enrolment, module, day, by in self.completions],
        )
        update_by_pk(
            Cohort,
            ["created_at"],
            [
                (
                    c.pk,
                    dt.datetime.combine(
                        c.start - dt.timedelta(days=60), dt.time(9), tzinfo=self.zone
                    ),
                )
                for c in cohorts
            ],
        )


def _write_applications(
    rng: random.Random,
    applicants: list[tuple[dict[str, Any], int]],
    enrolments: dict[int, Enrolment],
    graduates: dict[str, list[tuple[_SupportPerson, Enrolment, _Cohort]]],
    document: dict[str, Any],
    roles: dict[str, int],
    personas: dict[str, int],
    anchor: dt.date,
    zone,
) -> int:
    """Applications in every state. Active ones belong to graduates who hold the role, with
    their completed enrolment and the approved time share running when they finished."""
    supervisors = dict(
        Person.objects.filter(pk__in=[person for _row, person in applicants]).values_list(
            "pk", "supervisor_id"
        )
    )
    rows: list[tuple[dict[str, Any], int, int | None, Enrolment | None, int | None]] = [
        (row, person, supervisors.get(person), enrolments.get(id(row)), None)
        for row, person in applicants
    ]
    used: set[int] = {personas.get(SUPPORT_PERSON)}
    for row in document["applications"]:
        if row["state"] != ApplicationState.ACTIVE:
            continue
        key = _programme_of(row["role"], document)
        fitting = [
            (g, e, c)
            for g, e, c in graduates.get(key, [])
            if row["role"] in g.roles
            and g.person not in used
            and g.supervisor is not None
            and c.obj.start - dt.timedelta(days=30) > anchor - dt.timedelta(days=720)
        ]
        if not fitting:
            continue
        graduate, enrolment, cohort = rng.choice(fitting)
        used.add(graduate.person)
        allocation = (
            Allocation.objects.filter(
                support_person_id=graduate.pk,
                state=AllocationState.APPROVED,
                start__lte=cohort.obj.end,
                end__gte=cohort.obj.end,
            )
            .values_list("pk", flat=True)
            .first()
        )
        row = {**row, "days_ago": (anchor - cohort.obj.start).days + rng.randint(30, 60)}
        rows.append((row, graduate.person, graduate.supervisor, enrolment, allocation))

    applications: list[tuple[Application, dt.datetime, dt.datetime]] = []
    for row, person, supervisor, enrolment, allocation in rows:
        state = row["state"]
        submitted = dt.datetime.combine(
            anchor - dt.timedelta(days=row["days_ago"]),
            dt.time(rng.randint(8, 20), 10),
            tzinfo=zone,
        )
        if enrolment is not None:
            earliest = enrolment.queued_at - dt.timedelta(days=rng.randint(10, 30))
            submitted = min(submitted, earliest)
        decided = state != ApplicationState.SUBMITTED
        decided_at = submitted + dt.timedelta(days=rng.randint(1, 6), hours=2) if decided else None
        if enrolment is not None and decided_at is not None:
            decided_at = min(decided_at, enrolment.queued_at - dt.timedelta(hours=1))
        application = Application(
            person_id=person,
            role_id=roles[row["role"]],
            motivation=row["motivation"],
            percent=Decimal(row["percent"]),
            state=state,
            allocation_id=allocation,
            enrolment=enrolment,
            decided_at=decided_at,
            decided_by_id=supervisor if decided else None,
            decision_reason=row.get("reason", ""),
        )
        updated = max(
            (
                m
                for m in (
                    decided_at,
                    enrolment.ended_at if enrolment else None,
                    enrolment.queued_at if enrolment else None,
                )
                if m
            ),
            default=submitted,
        )
        applications.append((application, submitted, min(updated, _now(anchor, zone))))
    for application, _submitted, _updated in applications:
        if application.enrolment is not None:
            application.enrolment_id = application.enrolment.pk
    Application.objects.bulk_create([a for a, _s, _u in applications])
    update_by_pk(
        Application,
        ["submitted_at", "updated_at"],
        [(a.pk, submitted, updated) for a, submitted, updated in applications],
    )
    return len(applications)


def _now(anchor: dt.date, zone) -> dt.datetime:
    return dt.datetime.combine(anchor, dt.time(7), tzinfo=zone)
