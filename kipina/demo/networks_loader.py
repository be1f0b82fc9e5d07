"""The demo's support networks: members across unit silos, two years of meetings with agendas,
invitations, attendance, notes and decisions, and the good practices shared in them.

- networks_content/networks.json ("kipina-networks"): three networks like the source's — the
  coordinated learning-agent network run by the coordinator persona, the self-organising
  work-culture hackers convened by the support persona and a colleague, and the coordinated
  change agents run by a colleague of the coordinator persona. Each has its size, the roles it
  prefers, its meeting rhythm, and its meetings in order: the past ones (oldest first, each
  with agenda blocks, notes and decisions) and the upcoming ones.
- networks_content/practices.json ("kipina-practices"): good practices per network, dated in
  days before the seeding day, with tags, methods, resources, the service of an order of the
  author's to link, and comments.

Members are active support persons drawn so that each network reaches as many units as it can
(a few employees who are not support persons join the network that is open to all). Meetings
stand where their rhythm puts them relative to the day of seeding: the past ones have answers,
attendance (recorded), notes and decisions; the upcoming ones answers so far. Where a network
counts its meetings as support time, the loader writes the agents.OtherSupportTime rows the
meeting services would have written; a support person whose month is already booked to the
full approved budget skips that month's meeting (or answers maybe), so no budget is overrun.
Published practices are indexed for search.

Everything is drawn from a random generator seeded from the demo's seed: the same seed and day
give the same data. It runs inside the seeding transaction after the learning content, in a
bounded number of queries whatever the size of the organisation (only the chosen members'
orders are read).
"""

import datetime as dt
import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone

from kipina.agents.budgets import first_of_month
from kipina.agents.models import OtherSupportTime, SupportPerson
from kipina.core.bulk_writes import insert_rows, update_by_pk
from kipina.demo.personas import PERSONA_USERNAMES, PERSONAS_BY_KEY
from kipina.learning.enums import ResourceStatus
from kipina.learning.models import Resource
from kipina.networks.enums import (
    MeetingState,
    MemberRole,
    NetworkKind,
    PracticeStatus,
    Rsvp,
)
from kipina.networks.models import (
    Meeting,
    MeetingDecision,
    Membership,
    Network,
    Participation,
    Practice,
    PracticeComment,
    PracticeReaction,
    PracticeTag,
)
from kipina.orders.candidates import load_bookings
from kipina.orders.enums import OrderState
from kipina.orders.models import Order
from kipina.org.models import Person, Team
from kipina.toolkit.enums import BlockKind, MethodStatus
from kipina.toolkit.models import Agenda, AgendaBlock, Method

CONTENT = Path(__file__).resolve().parent / "networks_content"
NETWORKS_FILE = CONTENT / "networks.json"
PRACTICES_FILE = CONTENT / "practices.json"
NETWORKS_FORMAT = "kipina-networks"
PRACTICES_FORMAT = "kipina-practices"
VERSION = 1
COORDINATOR = PERSONAS_BY_KEY["coordinator"].username
SUPPORT_PERSON = PERSONAS_BY_KEY["support_person"].username
FOUNDED_DAYS_BEFORE_FIRST_MEETING = 30
LATE_JOINERS = 0.25  # share of members who joined after the first meeting
LEAVERS = 3  # former members per network, on top of its size
# Past meetings: answer → (weight, chance of attending).
PAST_ANSWERS: dict[str, tuple[int, float]] = {
    Rsvp.YES: (80, 0.95),
    Rsvp.MAYBE: (7, 0.5),
    Rsvp.NO: (9, 0.03),
    "": (4, 0.4),
}
# Upcoming meetings, nearest first: the share of invitees who have answered so far.
UPCOMING_ANSWERED = (0.75, 0.45, 0.25)
UPCOMING_ANSWERS = {Rsvp.YES: 70, Rsvp.MAYBE: 15, Rsvp.NO: 15}
REACTION_PEOPLE = 200  # employees beside the members who may find a practice helpful
HOURS = Decimal("0.01")
# Hours a month's meeting time leaves free in the support person's approved budget: meetings
# are booked time too, and a person whose month is full of orders skips the meeting (or says
# maybe). The support persona keeps room for the order journey's six-hour order and an hour
# and a half logged on the day (see kipina.demo.tests.test_support_history).
RESERVE_HOURS = 0.0
PERSONA_RESERVE_HOURS = 7.5
SUMMER_MONTH = 7


@dataclass(frozen=True, slots=True)
class NetworksLoadResult:
    networks: int = 0
    members: int = 0
    meetings: int = 0
    participations: int = 0
    support_time: int = 0
    practices: int = 0
    comments: int = 0
    reactions: int = 0


@dataclass(slots=True)
class _Candidate:
    number: str  # employee number: a stable order
    person: int
    unit: int
    support_person: int | None
    roles: frozenset[str] = frozenset()


@dataclass(slots=True)
class _Member:
    person: int
    support_person: int | None
    role: str
    joined: dt.datetime
    left: dt.datetime | None = None

    def member_at(self, moment: dt.datetime) -> bool:
        return self.joined < moment and (self.left is None or self.left > moment)


class _Budgets:
    """Free hours per support person and month, as the app's booking view counts them on the
    seeding day, less the meeting time given out so far."""

    def __init__(
        self,
        networks: "dict[str, _Network]",
        anchor: dt.date,
        zone,
        persona: int | None,
        days: list[dt.date],
    ) -> None:
        ids = sorted(
            {
                m.support_person
                for n in networks.values()
                if n.spec["count_as_support_time"]
                for m in n.members
                if m.support_person is not None
            }
        )
        self.persona = persona
        self.given: dict[tuple[int, dt.date], float] = defaultdict(float)
        self.bookings = (
            load_bookings(
                first=min(days),
                last=max(days),
                support_person_ids=ids,
                today=anchor,
                now=dt.datetime.combine(anchor, dt.time(), tzinfo=zone),
            )
            if ids and days
            else None
        )

    def take(self, support_person: int, day: dt.date, hours: Decimal) -> bool:
        """Give the meeting's hours if they fit the month with the reserve left; say whether."""
        if self.bookings is None:
            return False
        month = first_of_month(day)
        found = self.bookings.month(support_person, month)
        reserve = PERSONA_RESERVE_HOURS if support_person == self.persona else RESERVE_HOURS
        free = found.budget - found.booked - self.given[(support_person, month)]
        if free - float(hours) < reserve:
            return False
        self.given[(support_person, month)] += float(hours)
        return True


@dataclass(slots=True)
class _Network:
    spec: dict[str, Any]
    obj: Network
    members: list[_Member] = field(default_factory=list)
    runners: list[int] = field(default_factory=list)  # people who plan its meetings


def _fail(path: Path, message: str) -> Exception:
    from kipina.demo.loader import DemoSeedError

    return DemoSeedError(f"{path.name}: {message}")


def _read(path: Path, expected_format: str) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise _fail(path, f"cannot be read as JSON ({error}).") from error
    if not isinstance(document, dict) or document.get("format") != expected_format:
        raise _fail(path, f'expected "format": "{expected_format}".')
    if document.get("version") != VERSION:
        raise _fail(path, f"version {document.get('version')!r} is not supported.")
    return document


def read_networks(path: Path = NETWORKS_FILE) -> list[dict[str, Any]]:
    networks = _read(path, NETWORKS_FORMAT).get("networks")
    if not isinstance(networks, list) or not networks:
        raise _fail(path, 'needs a "networks" list.')
    keys = [network.get("key") for network in networks]
    if len(set(keys)) != len(keys) or not all(keys):
        raise _fail(path, "network keys must be present and unique.")
    for network in networks:
        if network.get("support_persona") not in (None, *MemberRole.values):
            raise _fail(path, f"{network['key']}: support_persona is a member role or null.")
        if network["kind"] not in NetworkKind.values:
            raise _fail(path, f"{network['key']}: unknown kind {network['kind']!r}.")
        for meeting in network["meetings"] + network["upcoming"]:
            minutes = sum(block[-1] for block in meeting["blocks"])
            if minutes > network["schedule"]["minutes"]:
                raise _fail(path, f"{meeting['title']}: the agenda is longer than the meeting.")
    return networks


def read_practices(path: Path = PRACTICES_FILE) -> list[dict[str, Any]]:
    practices = _read(path, PRACTICES_FORMAT).get("practices")
    if not isinstance(practices, list):
        raise _fail(path, 'needs a "practices" list.')
    for practice in practices:
        if practice["status"] not in PracticeStatus.values:
            raise _fail(path, f"{practice['title']}: unknown status.")
    return practices


def load_networks(*, seed: int, anchor: dt.date) -> NetworksLoadResult:
    """Networks and members → meetings with agendas, invitations, attendance, notes, decisions
    and support time → good practices with comments and reactions → the search index."""
    specs = read_networks()
    practices = read_practices()
    rng = random.Random(f"kipina-networks-{seed}")
    zone = timezone.get_default_timezone()
    personas = dict(
        Person.objects.filter(user__username__in=PERSONA_USERNAMES).values_list(
            "user__username", "pk"
        )
    )
    candidates = _candidates(personas)
    if not candidates:
        return NetworksLoadResult()
    schedules = {spec["key"]: _schedule(spec, anchor) for spec in specs}
    networks = _write_networks(rng, specs, candidates, personas, schedules, anchor, zone)
    persona_sp = next(
        (c.support_person for c in candidates if c.person == personas.get(SUPPORT_PERSON)), None
    )
    days = [day for past, upcoming in schedules.values() for day in past + upcoming]
    budgets = _Budgets(networks, anchor, zone, persona_sp, days)
    meetings = _write_meetings(rng, networks, schedules, budgets, anchor, zone)
    practice_counts = _write_practices(rng, practices, networks, anchor, zone)
    return NetworksLoadResult(
        networks=len(networks),
        members=sum(len(n.members) for n in networks.values()),
        meetings=meetings[0],
        participations=meetings[1],
        support_time=meetings[2],
        practices=practice_counts[0],
        comments=practice_counts[1],
        reactions=practice_counts[2],
    )


# --- members ------------------------------------------------------------------------------


def _candidates(personas: dict[str, int]) -> list[_Candidate]:
    """The active support persons with their units and roles, in employee-number order (sorted
    here: SQLite would walk every person by number to sort in SQL)."""
    rows = sorted(
        SupportPerson.objects.filter(active=True, person__active=True)
        .order_by()
        .values_list("person__employee_number", "person_id", "person__unit_id", "pk")
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
        _Candidate(number, person, unit, pk, frozenset(roles[pk]))
        for number, person, unit, pk in rows
        if person not in others
    ]


def _spread(
    rng: random.Random, pool: list[_Candidate], wanted: int, prefer: set[str], covered: set[int]
) -> list[_Candidate]:
    """Up to `wanted` of the pool: first those with a preferred role from units not yet
    covered, then any with a preferred role, then others from new units, then anyone."""
    shuffled = pool[:]
    rng.shuffle(shuffled)
    preferred = [c for c in shuffled if c.roles & prefer]
    rest = [c for c in shuffled if not c.roles & prefer]
    chosen: list[_Candidate] = []
    taken: set[int] = set()
    for group, new_units_only in (
        (preferred, True),
        (preferred, False),
        (rest, True),
        (rest, False),
    ):
        for candidate in group:
            if len(chosen) == wanted:
                return chosen
            if candidate.person in taken or (new_units_only and candidate.unit in covered):
                continue
            chosen.append(candidate)
            taken.add(candidate.person)
            covered.add(candidate.unit)
    return chosen


def _outsiders(rng: random.Random, wanted: int, exclude: set[int]) -> list[_Candidate]:
    """Employees who are not support persons, from a few teams drawn at random."""
    if wanted <= 0:
        return []
    teams = sorted(Team.objects.order_by().values_list("pk", flat=True))
    drawn = rng.sample(teams, min(len(teams), wanted * 3))
    rows = sorted(
        Person.objects.filter(team_id__in=drawn, active=True, support_profile__isnull=True)
        .order_by()
        .values_list("employee_number", "pk", "unit_id", "team_id")
    )
    by_team: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for number, pk, unit, team in rows:
        if pk not in exclude:
            by_team[team].append((number, pk, unit))
    chosen = []
    for team in drawn:
        if by_team[team] and len(chosen) < wanted:
            number, pk, unit = rng.choice(by_team[team])
            chosen.append(_Candidate(number, pk, unit, None))
    return chosen


def _coordinator_colleague(rng: random.Random, personas: dict[str, int]) -> int | None:
    """Someone from the coordinator persona's team (the development unit) who is no persona."""
    coordinator = personas.get(COORDINATOR)
    team = Person.objects.filter(pk=coordinator).values_list("team_id", flat=True).first()
    if team is None:
        return coordinator
    colleagues = sorted(
        Person.objects.filter(team_id=team, active=True)
        .exclude(pk__in=personas.values())
        .order_by()
        .values_list("employee_number", "pk")
    )
    return rng.choice(colleagues)[1] if colleagues else coordinator


def _moment(day: dt.date, time: dt.time, zone) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=zone)


def _write_networks(
    rng: random.Random,
    specs: list[dict[str, Any]],
    candidates: list[_Candidate],
    personas: dict[str, int],
    schedules: dict[str, tuple[list[dt.date], list[dt.date]]],
    anchor: dt.date,
    zone,
) -> dict[str, _Network]:
    by_person = {c.person: c for c in candidates}
    persona_sp = by_person.get(personas.get(SUPPORT_PERSON, -1))
    networks: dict[str, _Network] = {}
    for spec in specs:
        past, upcoming = schedules[spec["key"]]
        first = (past or upcoming)[0]
        founded = _moment(
            first - dt.timedelta(days=FOUNDED_DAYS_BEFORE_FIRST_MEETING), dt.time(10), zone
        )
        coordinator = None
        if spec["run_by"] == "coordinator":
            coordinator = personas.get(COORDINATOR)
        elif spec["run_by"] == "development_colleague":
            coordinator = _coordinator_colleague(rng, personas)
        network = Network(
            key=spec["key"],
            name=spec["name"],
            purpose=spec["purpose"],
            kind=spec["kind"],
            coordinator_id=coordinator,
            open_to_all=spec["open_to_all"],
            meetings_count_as_support_time=spec["count_as_support_time"],
        )
        entry = networks[spec["key"]] = _Network(spec, network)

        prefer = set(spec["prefer_roles"])
        size = spec["members"]
        fixed: list[tuple[_Candidate, str]] = []
        if coordinator is not None:
            found = by_person.get(coordinator) or _Candidate("", coordinator, 0, None)
            fixed.append((found, MemberRole.MEMBER))
            entry.runners.append(coordinator)
        if persona_sp is not None and spec.get("support_persona"):
            fixed.append((persona_sp, spec["support_persona"]))
        taken = {c.person for c, _role in fixed}
        if persona_sp is not None:
            taken.add(persona_sp.person)
        covered = {c.unit for c, _role in fixed}
        pool = [c for c in candidates if c.person not in taken]
        wanted_support = max(0, size - len(fixed) - spec["non_support_members"])
        drawn = _spread(rng, pool, wanted_support + LEAVERS, prefer, covered)
        leavers, drawn = drawn[wanted_support:], drawn[:wanted_support]
        chosen = fixed + [(c, MemberRole.MEMBER) for c in drawn]
        if spec["kind"] == NetworkKind.SELF_ORGANISING:
            # A second convener: a member with a preferred role (or any member).
            fitting = [i for i, (c, role) in enumerate(chosen) if role == MemberRole.MEMBER]
            best = [i for i in fitting if chosen[i][0].roles & prefer] or fitting
            if best:
                index = best[0]
                chosen[index] = (chosen[index][0], MemberRole.CONVENER)
            entry.runners.extend(c.person for c, role in chosen if role == MemberRole.CONVENER)
        outsiders = _outsiders(
            rng,
            spec["non_support_members"],
            {c.person for c, _r in chosen} | set(personas.values()),
        )
        chosen += [(c, MemberRole.MEMBER) for c in outsiders]
        span = max(1, (anchor - dt.timedelta(days=20) - first).days)
        for candidate, role in chosen:
            late = (
                role == MemberRole.MEMBER
                and candidate.person not in entry.runners
                and (rng.random() < LATE_JOINERS)
            )
            joined = (
                _moment(first + dt.timedelta(days=rng.randint(1, span)), dt.time(9, 30), zone)
                if late
                else founded + dt.timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 6))
            )
            entry.members.append(_Member(candidate.person, candidate.support_person, role, joined))
        for candidate in leavers:
            joined = founded + dt.timedelta(days=rng.randint(0, 20))
            left = joined + dt.timedelta(days=rng.randint(90, max(91, span - 30)))
            entry.members.append(
                _Member(candidate.person, candidate.support_person, MemberRole.MEMBER, joined, left)
            )
    Network.objects.bulk_create([n.obj for n in networks.values()])
    memberships = [
        Membership(
            network_id=n.obj.pk,
            person_id=m.person,
            role=m.role,
            joined_at=m.joined,
            left_at=m.left,
            wants_digest=rng.random() < 0.85,
        )
        for n in networks.values()
        for m in n.members
    ]
    Membership.objects.bulk_create(memberships)
    update_by_pk(
        Network,
        ["created_at"],
        [
            (n.obj.pk, min(m.joined for m in n.members) - dt.timedelta(days=1))
            for n in networks.values()
            if n.members
        ],
    )
    return networks


# --- meetings -----------------------------------------------------------------------------


def _schedule(spec: dict[str, Any], anchor: dt.date) -> tuple[list[dt.date], list[dt.date]]:
    """The days of the past meetings (oldest first) and of the upcoming ones, by the network's
    rhythm: monthly on a weekday after a day of the month, or every few weeks; no meetings in
    July. Nothing on the seeding day itself."""
    rhythm = spec["schedule"]
    past_count, upcoming_count = len(spec["meetings"]), len(spec["upcoming"])
    weekday = rhythm["weekday"]
    if rhythm.get("every") == "month":
        skip = set(rhythm.get("skip_months", []))

        def day_in(year: int, month: int) -> dt.date:
            first = dt.date(year, month, rhythm["from_day"])
            return first + dt.timedelta(days=(weekday - first.weekday()) % 7)

        days = []
        for offset in range(-(past_count * 2 + 6), upcoming_count * 2 + 6):
            index = anchor.year * 12 + anchor.month - 1 + offset
            year, month = divmod(index, 12)
            if month + 1 not in skip:
                days.append(day_in(year, month + 1))
        past = [day for day in days if day < anchor][-past_count:]
        upcoming = [day for day in days if day > anchor][:upcoming_count]
        return past, upcoming
    step = dt.timedelta(weeks=rhythm["every_weeks"])
    last = anchor - dt.timedelta(days=4)
    last -= dt.timedelta(days=(last.weekday() - weekday) % 7)
    past: list[dt.date] = []
    day = last
    while len(past) < past_count:
        if day.month != SUMMER_MONTH:
            past.append(day)
        day -= step
    upcoming: list[dt.date] = []
    day = last + step
    while len(upcoming) < upcoming_count:
        if day.month != SUMMER_MONTH:
            upcoming.append(day)
        day += step
    return past[::-1], upcoming


def _write_meetings(
    rng: random.Random,
    networks: dict[str, _Network],
    schedules: dict[str, tuple[list[dt.date], list[dt.date]]],
    budgets: "_Budgets",
    anchor: dt.date,
    zone,
) -> tuple[int, int, int]:
    methods = dict(Method.objects.filter(status=MethodStatus.PUBLISHED).values_list("key", "pk"))
    meetings: list[Meeting] = []
    agendas: list[Agenda] = []
    blocks: list[AgendaBlock] = []
    invitations: list[tuple[Meeting, int, str, dt.datetime | None, bool | None]] = []
    decisions: list[MeetingDecision] = []
    created: list[tuple[Meeting, dt.datetime]] = []
    support_time: list[tuple[Meeting, int, dt.date, Decimal]] = []
    for entry in networks.values():
        spec = entry.spec
        rhythm = spec["schedule"]
        start_time = dt.time.fromisoformat(rhythm["time"])
        minutes = rhythm["minutes"]
        hours = (Decimal(minutes) / 60).quantize(HOURS, rounding=ROUND_HALF_UP)
        past, upcoming = schedules[spec["key"]]
        dated = [(day, content, True) for day, content in zip(past, spec["meetings"], strict=True)]
        dated += [
            (day, content, False) for day, content in zip(upcoming, spec["upcoming"], strict=True)
        ]
        nearest = 0
        for number, (day, content, is_past) in enumerate(dated):
            starts = _moment(day, start_time, zone)
            owner = (
                entry.runners[number % len(entry.runners)]
                if entry.runners
                else (entry.members[0].person)
            )
            cancelled = bool(content.get("cancelled"))
            meeting = Meeting(
                network=entry.obj,
                title=content["title"],
                starts_at=starts,
                duration_minutes=minutes,
                place=spec["place"],
                online_link=spec["online"],
                notes=content.get("notes", "") if is_past else "",
                state=MeetingState.CANCELLED if cancelled else MeetingState.PLANNED,
                sequence=1 if cancelled else 0,
                created_by_id=owner,
            )
            invited = [m for m in entry.members if m.member_at(starts - dt.timedelta(days=14))]
            agenda = Agenda(
                title=content["title"],
                date=day,
                start_time=start_time,
                available_minutes=minutes,
                participants=len(invited),
                owner_id=owner,
            )
            meeting.agenda = agenda
            agendas.append(agenda)
            for position, block in enumerate(content["blocks"]):
                blocks.append(_block(agenda, position, block, methods))
            planned_at = starts - dt.timedelta(days=rng.randint(21, 35), hours=3)
            if planned_at.date() >= anchor:
                planned_at = _moment(
                    anchor - dt.timedelta(days=rng.randint(1, 5)), dt.time(9), zone
                )
            meetings.append(meeting)
            created.append((meeting, planned_at))
            answered_share = 1.0
            if not is_past:
                answered_share = UPCOMING_ANSWERED[min(nearest, len(UPCOMING_ANSWERED) - 1)]
                nearest += 1
            attendees: list[_Member] = []
            counts = spec["count_as_support_time"] and not cancelled
            for member in invited:
                answer, attended = _answer(rng, is_past and not cancelled, answered_share)
                booked = (
                    counts
                    and member.support_person is not None
                    and (attended if is_past else answer == Rsvp.YES)
                )
                if booked and not budgets.take(member.support_person, day, hours):
                    # No room in the month: they did not come, or are not sure they can.
                    booked = False
                    if is_past:
                        attended = False
                        answer = rng.choice((Rsvp.NO, answer))
                    else:
                        answer = Rsvp.MAYBE
                answered_at = None
                if answer:
                    latest = min(starts, _moment(anchor, dt.time(8), zone))
                    gap = max(1, int((latest - planned_at).total_seconds() // 3600) - 1)
                    answered_at = planned_at + dt.timedelta(hours=rng.randint(1, gap))
                invitations.append((meeting, member.person, answer, answered_at, attended))
                if attended:
                    attendees.append(member)
                if booked:
                    support_time.append((meeting, member.support_person, day, hours))
            if is_past and not cancelled:
                meeting.attendance_recorded_at = starts + dt.timedelta(
                    minutes=minutes, hours=rng.randint(1, 30)
                )
                people = [m.person for m in attendees] or [owner]
                for position, text in enumerate(content.get("decisions", [])):
                    decisions.append(
                        MeetingDecision(
                            meeting=meeting,
                            position=position,
                            text=text,
                            responsible_id=rng.choice(people),
                            due=day + dt.timedelta(days=rng.randint(14, 42)),
                        )
                    )
    Agenda.objects.bulk_create(agendas)
    for block in blocks:
        block.agenda_id = block.agenda.pk
    AgendaBlock.objects.bulk_create(blocks)
    for meeting in meetings:
        meeting.agenda_id = meeting.agenda.pk
        meeting.network_id = meeting.network.pk
    Meeting.objects.bulk_create(meetings)
    # The large tables go in through insert_rows: bulk_create would compile SQL per object.
    insert_rows(
        Participation,
        ["meeting", "person", "rsvp", "answered_at", "attended"],
        [(meeting.pk, *rest) for meeting, *rest in invitations],
    )
    for decision in decisions:
        decision.meeting_id = decision.meeting.pk
    MeetingDecision.objects.bulk_create(decisions)
    insert_rows(
        OtherSupportTime,
        ["support_person", "date", "hours", "source", "description"],
        [
            (
                support_person,
                day,
                hours,
                f"networks.meeting:{meeting.pk}",
                support_time_description(meeting),
            )
            for meeting, support_person, day, hours in support_time
        ],
    )
    update_by_pk(
        Meeting,
        ["created_at", "updated_at"],
        [(m.pk, at, m.attendance_recorded_at or at) for m, at in created],
    )
    update_by_pk(Agenda, ["created_at", "updated_at"], [(m.agenda_id, at, at) for m, at in created])
    return len(meetings), len(invitations), len(support_time)


def support_time_description(meeting: Meeting) -> str:
    """As kipina.networks.services_meetings writes it: the network's name and the title."""
    limit = OtherSupportTime._meta.get_field("description").max_length
    return f"{meeting.network.name}: {meeting.title}"[:limit]


def _block(agenda: Agenda, position: int, block: list, methods: dict[str, int]) -> AgendaBlock:
    """["<method key>", minutes], ["own", "<title>", minutes] or ["break", minutes]."""
    kind = block[0]
    if kind == "own":
        return AgendaBlock(
            agenda=agenda, position=position, kind=BlockKind.OWN, title=block[1], minutes=block[2]
        )
    if kind in (BlockKind.BREAK, BlockKind.LUNCH):
        return AgendaBlock(agenda=agenda, position=position, kind=kind, minutes=block[1])
    if kind not in methods:
        raise _fail(NETWORKS_FILE, f"unknown or unpublished method {kind!r}.")
    return AgendaBlock(
        agenda=agenda,
        position=position,
        kind=BlockKind.METHOD,
        method_id=methods[kind],
        minutes=block[1],
    )


def _answer(rng: random.Random, past: bool, answered_share: float) -> tuple[str, bool | None]:
    """An invitee's answer and, for a past meeting, whether they came."""
    if past:
        answers = list(PAST_ANSWERS)
        answer = rng.choices(answers, weights=[PAST_ANSWERS[a][0] for a in answers])[0]
        return answer, rng.random() < PAST_ANSWERS[answer][1]
    if rng.random() >= answered_share:
        return "", None
    answers = list(UPCOMING_ANSWERS)
    return rng.choices(answers, weights=list(UPCOMING_ANSWERS.values()))[0], None


# --- good practices -----------------------------------------------------------------------


def _write_practices(
    rng: random.Random,
    rows: list[dict[str, Any]],
    networks: dict[str, _Network],
    anchor: dt.date,
    zone,
) -> tuple[int, int, int]:
    from kipina.networks.practice_index import index_practices

    methods = dict(
        Method.objects.filter(status=MethodStatus.PUBLISHED, language_id="fi").values_list(
            "key", "pk"
        )
    )
    resources = dict(
        Resource.objects.filter(status=ResourceStatus.PUBLISHED).values_list("key", "pk")
    )
    orders = _member_orders(networks)
    names = sorted({tag for row in rows for tag in row["tags"]})
    PracticeTag.objects.bulk_create(
        [PracticeTag(name=name) for name in names], ignore_conflicts=True
    )
    tags = dict(PracticeTag.objects.filter(name__in=names).values_list("name", "pk"))
    everyone = sorted({m.person for n in networks.values() for m in n.members if m.left is None})
    readers = sorted(set(everyone) | set(_reaction_people(rng, networks)))

    practices: list[tuple[Practice, dt.datetime]] = []
    links: dict[str, list[tuple[Practice, int]]] = defaultdict(list)
    comments: list[tuple[PracticeComment, dt.datetime]] = []
    reactions: list[tuple[PracticeReaction, dt.datetime]] = []
    for row in rows:
        entry = networks.get(row["network"])
        if entry is None:
            continue
        day = anchor - dt.timedelta(days=row["days_ago"])
        written = _moment(day, dt.time(rng.randint(8, 15), rng.choice((0, 15, 30, 45))), zone)
        present = [m for m in entry.members if m.member_at(written)] or entry.members
        author, order = _author(rng, present, row.get("order"), orders, written)
        published = row["status"] == PracticeStatus.PUBLISHED
        practice = Practice(
            network=entry.obj,
            title=row["title"],
            situation=row["situation"],
            what_we_did=row["did"],
            what_we_learned=row["learned"],
            status=row["status"],
            author_id=author,
            published_at=written if published else None,
        )
        practices.append((practice, written))
        links["tags"] += [(practice, tags[name]) for name in row["tags"]]
        links["methods"] += [(practice, methods[k]) for k in row["methods"] if k in methods]
        links["resources"] += [(practice, resources[k]) for k in row["resources"] if k in resources]
        if order is not None:
            links["orders"].append((practice, order))
        if not published:
            continue
        others = [p for p in everyone if p != author]
        for text in row.get("comments", []):
            later = written + dt.timedelta(
                days=rng.randint(1, max(1, min(40, row["days_ago"] - 1))), hours=rng.randint(0, 5)
            )
            comments.append(
                (PracticeComment(practice=practice, author_id=rng.choice(others), body=text), later)
            )
        helped = rng.randint(0, 6) + min(10, row["days_ago"] // 60)
        audience = [p for p in readers if p != author]
        for person in rng.sample(audience, min(helped, len(audience))):
            later = written + dt.timedelta(days=rng.randint(0, max(0, row["days_ago"] - 1)))
            reactions.append((PracticeReaction(practice=practice, person_id=person), later))

    helped_counts: dict[int, int] = defaultdict(int)
    for reaction, _at in reactions:
        helped_counts[id(reaction.practice)] += 1
    for practice, _at in practices:
        practice.network_id = practice.network.pk
        practice.helped_count = helped_counts[id(practice)]
    Practice.objects.bulk_create([p for p, _at in practices])
    for name, model, column in (
        ("tags", Practice.tags.through, "practicetag_id"),
        ("methods", Practice.methods.through, "method_id"),
        ("resources", Practice.resources.through, "resource_id"),
        ("orders", Practice.orders.through, "order_id"),
    ):
        model.objects.bulk_create(
            [model(practice_id=p.pk, **{column: target}) for p, target in links[name]]
        )
    for comment, _at in comments:
        comment.practice_id = comment.practice.pk
    PracticeComment.objects.bulk_create([c for c, _at in comments])
    insert_rows(
        PracticeReaction,
        ["practice", "person", "created_at"],
        [(r.practice.pk, r.person_id, at) for r, at in reactions],
    )
    update_by_pk(Practice, ["created_at", "updated_at"], [(p.pk, at, at) for p, at in practices])
    update_by_pk(PracticeComment, ["created_at"], [(c.pk, at) for c, at in comments])
    index_practices([p.pk for p, _at in practices if p.status == PracticeStatus.PUBLISHED])
    return len(practices), len(comments), len(reactions)


def _member_orders(networks: dict[str, _Network]) -> dict[int, list[tuple[str, dt.datetime, int]]]:
    """Support person → their delivered and closed orders (service, submitted, pk)."""
    support_persons = {
        m.support_person for n in networks.values() for m in n.members if m.support_person
    }
    found: dict[int, list[tuple[str, dt.datetime, int]]] = defaultdict(list)
    for pk, support_person, service, submitted in sorted(
        Order.objects.filter(
            support_person_id__in=support_persons,
            state__in=[OrderState.DELIVERED, OrderState.CLOSED],
        )
        .order_by()
        .values_list("pk", "support_person_id", "service__code", "submitted_at")
    ):
        found[support_person].append((service, submitted, pk))
    return found


def _author(
    rng: random.Random,
    members: list[_Member],
    service: str | None,
    orders: dict[int, list[tuple[str, dt.datetime, int]]],
    written: dt.datetime,
) -> tuple[int, int | None]:
    """A member (a support person when there is one), and with a service one whose earlier
    order of it the practice links."""
    support = [m for m in members if m.support_person is not None] or members
    if service:
        fitting = []
        for member in support:
            earlier = [
                pk
                for code, submitted, pk in orders.get(member.support_person or 0, [])
                if code == service and submitted < written
            ]
            if earlier:
                fitting.append((member, earlier[-1]))
        if fitting:
            member, order = rng.choice(fitting)
            return member.person, order
    return rng.choice(support).person, None


def _reaction_people(rng: random.Random, networks: dict[str, _Network]) -> list[int]:
    """Colleagues from the members' units who read the practices too."""
    units = sorted(
        set(
            Person.objects.filter(
                pk__in=[m.person for n in networks.values() for m in n.members]
            ).values_list("unit_id", flat=True)
        )
    )
    drawn = rng.sample(units, min(len(units), 20))
    people = sorted(
        Person.objects.filter(unit_id__in=drawn, active=True)
        .order_by()
        .values_list("employee_number", "pk")
    )
    chosen = rng.sample(people, min(REACTION_PEOPLE, len(people)))
    return [pk for _number, pk in chosen]
