"""Plan the demo organisation's support history in memory. No database here.

Given an organisation plan, a seed and an anchor day (the day of seeding), this plans:

- each support person's roles, skills, scope, delivery mode, pause and absences;
- their time shares (allocations): approved yearly shares for the two past years, this year and
  the next, a few requests still waiting for the supervisor and a few rejected ones;
- two years of orders up to the anchor, each with its whole event chain, sessions, time
  entries, feedback and follow-up.

Every order is simulated to its end first and then cut at the anchor: whatever would happen on
or after the anchor day is left out, so an order's state is simply the last step it reached.
Planned orders therefore always have a session ahead, and delivered ones wait for feedback.
Support persons are chosen roughly as the matching rules would (skills, role, scope, delivery
mode, time share, absences, pause; nearest first), and every booking goes into a table of booked
hours per person and month that never exceeds the approved monthly budget. The table counts what
the app will count on the anchor day (kipina.orders.candidates): the hours logged before it, the
sessions ahead of it and, for each order still assigned or planned then, the estimate of its rest
spread over the months it can still happen in (kipina.agents.budgets.spread_over_months). So a
past month holds the hours logged in it, and no month from the anchor's on is booked past the
budget as the coordinator's load page and the support person's desk show it.

Times are local wall-clock "moments": day ordinal × 1440 + minute of the day; the writer turns
them into aware datetimes in the project's time zone. Same seed and anchor → the same plan.
The order loop runs 200 000 times for the large demo, so it draws numbers with random() and
plain arithmetic rather than randint()/choice(), which cost several Python calls each.
"""

import itertools
import math
import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from kipina.agents.budgets import allocation_hours, last_of_month, spread_over_months
from kipina.agents.enums import AllocationState, DeliveryMode, ServiceScope
from kipina.core.enums import Role
from kipina.demo import support_content as content
from kipina.demo.generator import LEVEL_STAFF, OrganisationPlan
from kipina.orders.enums import (
    DEFAULT_FOLLOW_UP_WEEKS,
    REMINDER_WORKING_DAYS,
    Action,
    FollowUpAnswer,
    OrderState,
)

MINUTES_PER_DAY = 1440
DAY_START = 8 * 60  # working moments fall between 8:00 and 16:00 local time
DAY_LENGTH = 8 * 60
HISTORY_DAYS = 730  # orders are submitted over the two years before the anchor
ORDERS_PER_PERSON = 2.0  # over those two years: about one per person a year
# The persona team's and the persona support person's orders of the last months are scripted,
# so that the demo shows them exactly what its walkthrough expects.
PROTECTED_DAYS = 120
# An order is returned by its first support person within five working days of being assigned;
# one assigned closer to the anchor than this is not returned (its first person would still
# hold it on the anchor day, and the planner books hours for the person who keeps the order).
RETURN_DAYS = 10
FOLLOW_UP_DAYS = 7 * DEFAULT_FOLLOW_UP_WEEKS

# --- states and actions as plain strings (rows are tuples of strings and ints) ----------------
SUBMITTED = OrderState.SUBMITTED.value
ASSIGNED = OrderState.ASSIGNED.value
PLANNED = OrderState.PLANNED.value
DELIVERED = OrderState.DELIVERED.value
CLOSED = OrderState.CLOSED.value
DECLINED = OrderState.DECLINED.value
CANCELLED = OrderState.CANCELLED.value
SUBMIT = Action.SUBMIT.value
ASSIGN = Action.ASSIGN.value
CLAIM = Action.CLAIM.value
PICK = Action.PICK.value
ACCEPT = Action.ACCEPT.value
RETURN = Action.RETURN.value
PLAN = Action.PLAN.value
DELIVER = Action.DELIVER.value
CLOSE = Action.CLOSE.value
DECLINE = Action.DECLINE.value
CANCEL = Action.CANCEL.value
ASSIGN_ACTION = {content.COORDINATOR: ASSIGN, content.CLAIM: CLAIM, content.REQUESTER_PICKS: PICK}
YES, PARTLY, NO = FollowUpAnswer.YES.value, FollowUpAnswer.PARTLY.value, FollowUpAnswer.NO.value

ONSITE, REMOTE, BOTH = DeliveryMode.ONSITE.value, DeliveryMode.REMOTE.value, DeliveryMode.BOTH.value
OWN_TEAM = ServiceScope.OWN_TEAM.value
OWN_UNIT = ServiceScope.OWN_UNIT.value
ORGANISATION = ServiceScope.ORGANISATION.value

# --- profiles ------------------------------------------------------------------------------
# How common each role is among support persons, and the skills that go with it: everyone
# holding the role has its core skills; likely extras fill a profile up to two to five skills.
ROLE_WEIGHTS: dict[str, int] = {
    "learning_agent": 20,
    "learning_coach": 12,
    "career_coach": 11,
    "change_agent": 10,
    "learning_activist": 10,
    "work_culture_hacker": 8,
    "lean_expert": 8,
    "agile_coach": 7,
    "learning_trainer": 7,
    "learning_designer": 7,
}
ROLE_CORE_SKILLS: dict[str, tuple[str, ...]] = {
    "learning_agent": ("learning_guidance",),
    "learning_trainer": ("facilitation",),
    "learning_designer": ("learning_design",),
    "learning_coach": ("facilitation",),
    "career_coach": ("career_coaching",),
    "agile_coach": ("agile", "retrospectives"),
    "lean_expert": ("lean_tools",),
    "change_agent": ("change_support", "facilitation"),
    "learning_activist": ("learning_guidance",),
    "work_culture_hacker": ("facilitation", "values_work"),
}
ROLE_EXTRA_SKILLS: dict[str, tuple[str, ...]] = {
    "learning_agent": (
        "digital_learning",
        "competence_tailoring",
        "facilitation",
        "learning_design",
    ),
    "learning_trainer": ("learning_design", "digital_learning", "retrospectives"),
    "learning_designer": ("digital_learning", "competence_tailoring", "facilitation"),
    "learning_coach": (
        "self_organising",
        "competence_tailoring",
        "learning_design",
        "retrospectives",
        "learning_guidance",
        "change_support",
    ),
    "career_coach": ("learning_guidance", "competence_tailoring"),
    "agile_coach": ("self_organising", "facilitation", "change_support"),
    "lean_expert": ("facilitation", "retrospectives", "change_support"),
    "change_agent": ("self_organising", "lean_tools", "values_work"),
    "learning_activist": ("facilitation", "values_work", "digital_learning", "retrospectives"),
    "work_culture_hacker": ("self_organising", "retrospectives"),
}
PERSONA_ROLES = ("learning_agent", "work_culture_hacker")
PERSONA_SKILLS = (
    "facilitation",
    "retrospectives",
    "values_work",
    "self_organising",
    "learning_guidance",
)
SCOPE_WEIGHTS = ((OWN_UNIT, 50), (ORGANISATION, 45), (OWN_TEAM, 5))
MODE_WEIGHTS = ((BOTH, 62), (ONSITE, 24), (REMOTE, 14))
# The support person persona's supervisor approved a larger share than most: her desk shows an
# order to accept and two planned ones (about 13 h of open work, possibly all in one month), and
# she still has room for the next order (the order journey assigns her a 6-hour workshop) even
# in a 20-weekday month of a 30-hour week: 30 × 0.20 × 20 / 5 = 24 h.
PERSONA_PERCENT = 20
PAUSED_SHARE = 0.05
PERCENT_WEIGHTS = ((10, 65), (15, 14), (20, 12), (5, 9))
PERCENT_CHANGES = 0.15  # a person's share changes from one year to the next this often
PENDING_SHARE = 0.02
REJECTED_SHARE = 0.02
FEW = 2  # at least this many pending and rejected requests besides the persona's

SUMMER_HOLIDAY = "Kesäloma"
ABSENCE_NOTES = ("Koulutus", "Lomapäiviä", "Työmatka", "Vuosiloma", "Perhevapaa")
ALLOCATION_NOTES = (
    "Oppimisen tukihenkilön tehtävät vuonna {year}",
    "Jatkan tukihenkilönä myös vuonna {year}.",
    "Työaikaosuus tukitehtäviin {year}, sovittu kehityskeskustelussa.",
    "Tukihenkilön työaika {year}",
)
LARGER_SHARE_NOTE = "Tarvitsisin enemmän aikaa tukitehtäviin, koska tilauksia on paljon."
ALLOCATION_REJECT_REASONS = (
    "Yksikön henkilöstötilanne ei tänä vuonna salli suurempaa osuutta. Palataan asiaan syksyllä.",
    "Osuus on liian suuri päätyön kiireisimmälle kaudelle. Ehdotan 10 prosenttia koko vuodelle.",
    "Pyyntö tuli päällekkäin jo hyväksytyn osuuden kanssa. Tehdään yksi yhteinen pyyntö.",
    "Perehdytysvastuusi jatkuu kevääseen, joten uutta osuutta ei voi vielä hyväksyä.",
)
# Standing in for a missing supervisor needs a reason (allocation_decide requires one).
COORDINATOR_APPROVAL_REASONS = (
    (
        "Yksiköllä ei ole tällä hetkellä esihenkilöä; hyväksytty palvelualueen johdon kanssa "
        "sovitusti."
    ),
)

# --- orders --------------------------------------------------------------------------------
# How often each service is ordered: short everyday help far more often than long change work.
SERVICE_WEIGHTS: dict[str, int] = {
    "workshop_facilitation": 14,
    "self_organising_start": 4,
    "lean_tools": 5,
    "team_learning_plan": 6,
    "learning_guidance": 18,
    "values_discussion": 7,
    "retrospective": 14,
    "career_conversation": 12,
    "change_support": 4,
    "digital_learning_intro": 10,
    "onboarding_design": 3,
    "peer_learning": 6,
}
SERVICE_WEIGHT_DEFAULT = 5
# Orders per month of the year, relative: quiet in July and at Christmas.
MONTH_WEIGHTS = (1.1, 1.1, 1.15, 1.05, 1.0, 0.7, 0.25, 0.8, 1.2, 1.15, 1.1, 0.65)
# Teams with a support person in their own unit order more, and what that colleague offers:
# the source's "same work community" at work. This share of orders starts from such a colleague.
LOCAL_SHARE = 0.4
# The share of an organisation-wide support person's time counted for each service they can
# deliver, when matching the demand for services to the supply of people (see plan_orders).
SUPPLY_SHARE = 0.2
TEAM_LEAD_REQUESTS = 0.4
DECLINED_SHARE = 0.03  # by the coordinator for a reason; more are declined for lack of time
CANCELLED_SHARE = 0.05
RETURNED_SHARE = 0.04
ONSITE_SHARE = 0.75
RESCHEDULED_SHARE = 0.08
REFLECTION_SHARE = 0.85
FOLLOW_UP_ANSWERED = 0.8
RATING_CUMULATIVE = (1, 4, 16, 56, 100)  # ratings 1..5: mostly fours and fives
TEAM_FEEDBACK_CUMULATIVE = (30, 60, 80, 92, 100)  # 0..4 team members besides the requester
FOLLOW_UP_CUMULATIVE = ((YES, PARTLY, NO), (55, 85, 100))
CANCEL_STAGES = (("queue", "assigned", "planned"), (50, 80, 100))
# Which of the session notes (by a word in them) fit each service's sessions and preparation.
SESSION_NOTE_WORDS: dict[str, tuple[str, ...]] = {
    "workshop_facilitation": ("Työpaja", "Yhteenvedon"),
    "retrospective": ("Retrospektiivi",),
    "career_conversation": ("Urakeskustelu", "Jatkokeskustelu"),
    "learning_guidance": ("Verkkokoulun", "Jatkokeskustelu"),
    "digital_learning_intro": ("Verkkokoulun",),
    "lean_tools": ("Prosessikävely", "Tilannetaulun", "Seurantatapaaminen"),
    "onboarding_design": ("Haastattelut", "Seurantatapaaminen"),
}
SESSION_NOTE_DEFAULT = ("Työpaja", "Seurantatapaaminen", "Jatkokeskustelu")
PREPARATION_NOTE_WORDS = ("Alkupalaveri", "Valmistelu", "Menetelmien")
CANDIDATES_CHECKED = 12  # per tier of a large pool
LINK_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789"
ONLINE_LINK = "https://meet.example.org/{}"
REMOTE_PLACES = frozenset({"Teams-etäyhteys"})
MODE_CODES = {BOTH: 0, ONSITE: 1, REMOTE: 2}


class AbsencePlan(NamedTuple):
    support_person: int  # index into OrganisationPlan.support_persons
    start: date
    end: date
    note: str


class AllocationPlan(NamedTuple):
    support_person: int
    percent: int
    start: date
    end: date
    weekly_hours: Decimal
    state: str
    note: str
    requested_by: int  # person index
    requested_at: int  # moment
    decided_by: int | None  # person index
    decided_at: int | None  # moment
    decision_reason: str


@dataclass(slots=True)
class ProfilePlan:
    roles: tuple[str, ...]
    skills: tuple[str, ...]
    scope: str
    mode: str
    paused_until: date | None = None  # paused since a few weeks before the anchor


@dataclass(slots=True)
class OrderPlan:
    service: int  # index into SupportHistoryPlan.services
    team: int
    requester: int  # person index
    need: str
    goal: str
    earliest: int  # day ordinal
    latest: int
    participants: int
    language: str
    onsite: bool
    place: str
    key: int  # 128 random bits: the submission key
    submitted_at: int  # moment
    state: str = SUBMITTED
    support_person: int = -1
    accepted_at: int = -1  # moment; -1 = none
    reflection: str = ""
    updated_at: int = 0
    closed_at: int = -1
    reminded_at: int = -1


# The big tables are plain tuples (a named tuple costs a Python call per row). Orders are
# referred to by their index in SupportHistoryPlan.orders, people by person index, support
# persons by their index in OrganisationPlan.support_persons; moments as above; -1 = none.
EventRow = tuple[int, str, int, int, str, str, int, str]
"""(order, action, actor, at, from_state, to_state, support_person, note)"""
SessionRow = tuple[int, int, int, str, str, int, int, int, int]
"""(order, start, duration_minutes, place, online_link, cancelled_at, uid bits, sequence,
created_at)"""
TimeEntryRow = tuple[int, int, int, int, str, int, int]
"""(order, support_person, day ordinal, hours × 10, note, created_at, created_by)"""
FeedbackRow = tuple[int, int, int, str, str, int]
"""(order, person, rating, helped, keep_doing, created_at)"""
FollowUpRow = tuple[int, int, int, str, str, int]
"""(order, due day ordinal, asked_at, answer, comment, answered_at)"""


@dataclass(slots=True)
class SupportHistoryPlan:
    anchor: date
    services: tuple[content.ServiceText, ...]
    support_persons: list[int]  # person index of each support person, as in the org plan
    profiles: list[ProfilePlan] = field(default_factory=list)
    absences: list[AbsencePlan] = field(default_factory=list)
    allocations: list[AllocationPlan] = field(default_factory=list)
    orders: list[OrderPlan] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    sessions: list[SessionRow] = field(default_factory=list)
    time_entries: list[TimeEntryRow] = field(default_factory=list)
    feedback: list[FeedbackRow] = field(default_factory=list)
    follow_ups: list[FollowUpRow] = field(default_factory=list)


# --- calendar arithmetic on day ordinals (date(1, 1, 1), ordinal 1, was a Monday) ------------


def weekday(day: int) -> int:
    return (day - 1) % 7


def next_working_day(day: int) -> int:
    """The day itself on Monday–Friday, else the following Monday."""
    offset = (day - 1) % 7
    return day + 7 - offset if offset >= 5 else day


def add_working_days(day: int, count: int) -> int:
    """`count` working days after the day (after the next working day, if it is a weekend)."""
    day = next_working_day(day)
    position = (day - 1) % 7 + count
    return day - (day - 1) % 7 + position // 5 * 7 + position % 5


def day_of(at: int) -> int:
    return at // MINUTES_PER_DAY


class _Draw:
    """Quick draws from one random.Random: random() is a single C call."""

    __slots__ = ("bits", "random")

    def __init__(self, rng: random.Random) -> None:
        self.random = rng.random
        self.bits = rng.getrandbits

    def between(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def pick[T](self, items: Sequence[T]) -> T:
        return items[int(self.random() * len(items))]

    def weighted[T](self, values: Sequence[T], cumulative: Sequence[float]) -> T:
        return values[bisect_right(cumulative, self.random() * cumulative[-1])]

    def working_moment(self, day: int) -> int:
        """A moment between 8:00 and 16:00 on the day, or on the next working day."""
        return next_working_day(day) * MINUTES_PER_DAY + DAY_START + int(self.random() * DAY_LENGTH)


def _cumulative[T](choices: Sequence[tuple[T, int]]) -> tuple[tuple[T, ...], tuple[int, ...]]:
    values = tuple(value for value, _ in choices)
    return values, tuple(itertools.accumulate(weight for _, weight in choices))


@dataclass(slots=True)
class _Trajectory:
    """One order from submission to its end, before it is cut at the anchor."""

    order: OrderPlan
    # (at, action, actor, from_state, to_state, support_person, note)
    steps: list[tuple[int, str, int, str, str, int, str]] = field(default_factory=list)
    # (start, minutes, cancelled_at or -1); all are created when the first one is scheduled
    sessions: list[tuple[int, int, int]] = field(default_factory=list)
    online_link: str = ""
    entries: list[tuple[int, int, str]] = field(default_factory=list)  # (day, tenths, note)
    feedback: list[tuple[int, int, str, str, int]] = field(default_factory=list)
    follow_up: tuple[str, str, int] | None = None  # (answer, comment, answered_at)
    reflection: str = ""

    def step(
        self, at: int, action: str, actor: int, to_state: str, sp: int, note: str = ""
    ) -> None:
        from_state = self.steps[-1][4] if self.steps else ""
        self.steps.append((at, action, actor, from_state, to_state, sp, note))


def plan_support_history(plan: OrganisationPlan, *, seed: int, anchor: date) -> SupportHistoryPlan:
    """Plan profiles, time shares, absences, the personas' scripted orders and two years of
    orders, in that order: the scripted orders book their hours before the random ones."""
    planner = _HistoryPlanner(plan, seed=seed, anchor=anchor)
    planner.plan_profiles()
    planner.plan_allocations()
    planner.plan_absences()
    scripted = planner.script_persona_orders()
    planner.index_candidates()
    planner.plan_orders(scripted)
    return planner.history


class _HistoryPlanner:
    def __init__(self, plan: OrganisationPlan, *, seed: int, anchor: date) -> None:
        self.plan = plan
        self.rng = random.Random(f"kipina-support-history-{seed}")
        self.draw = _Draw(self.rng)
        self.anchor = anchor
        self.anchor_day = anchor.toordinal()
        self.cutoff = self.anchor_day * MINUTES_PER_DAY
        self.services = content.SERVICES
        self.coordinator = plan.persona_index(Role.COORDINATOR.value)
        self.session_notes = [
            _notes(SESSION_NOTE_WORDS.get(service.code, SESSION_NOTE_DEFAULT))
            for service in self.services
        ]
        self.preparation_notes = _notes(PREPARATION_NOTE_WORDS)
        self.sp_person = [s.person for s in plan.support_persons]
        self.history = SupportHistoryPlan(
            anchor=anchor, services=self.services, support_persons=self.sp_person
        )
        self.base_year = anchor.year - 2
        self.month_count = 12 * 5  # two years back .. two years ahead
        self.typical_tenths = [round(service.typical_hours * 10) for service in self.services]
        self._month_of_day: dict[int, int] = {}

        units = plan.units
        self.unit_area = [0] * len(units)
        self.unit_division = [0] * len(units)
        for index in range(len(units)):
            chain = [index]
            while (parent := units[chain[-1]].parent) is not None:
                chain.append(parent)
            chain.reverse()  # root first: county, division, area, unit
            self.unit_division[index] = chain[min(1, len(chain) - 1)]
            self.unit_area[index] = chain[min(2, len(chain) - 1)]
        self.team_unit = [team.unit for team in plan.teams]
        self.team_members: list[list[int]] = [[] for _ in plan.teams]
        for index, person in enumerate(plan.people):
            if person.team is not None:
                self.team_members[person.team].append(index)
        self.team_swedish = [
            sum("sv" in plan.people[p].languages for p in members) * 2 >= len(members)
            for members in self.team_members
        ]
        self.staff = [
            index
            for index, person in enumerate(plan.people)
            if person.level == LEVEL_STAFF and person.team is not None
        ]

        self.persona_sp = self.sp_person.index(plan.persona_index(Role.SUPPORT_PERSON.value))
        self.employee = plan.persona_index(Role.EMPLOYEE.value)
        self.team_lead = plan.persona_index(Role.TEAM_LEAD.value)
        team = plan.people[self.team_lead].team
        assert team is not None
        self.persona_team: int = team
        count = len(self.sp_person)
        self.budget = [[0] * self.month_count for _ in range(count)]
        self.booked = [[0] * self.month_count for _ in range(count)]
        self.absent: list[set[int]] = [set() for _ in range(count)]
        self.mode_code = [0] * count
        self.pause = [(0, 0)] * count  # (first, last) day ordinal of a pause

    # --- months and budgets -----------------------------------------------------------------

    def month_index(self, day: int) -> int:
        index = self._month_of_day.get(day)
        if index is None:
            calendar_day = date.fromordinal(day)
            index = (calendar_day.year - self.base_year) * 12 + calendar_day.month - 1
            self._month_of_day[day] = index
        return index

    def _hours_by_month(self, entries: list[tuple[int, int, str]]) -> dict[int, int]:
        hours: dict[int, int] = {}
        for day, tenths, _note in entries:
            month = self.month_index(day)
            hours[month] = hours.get(month, 0) + tenths
        return hours

    def _anchor_hours(
        self,
        order: OrderPlan,
        assigned_at: int,
        planned_at: int,
        cancelled_at: int,
        sessions: Sequence[tuple[int, int]],
        entries: list[tuple[int, int, str]],
    ) -> dict[int, int]:
        """What the app counts against the order's support person on the anchor day, in
        tenths per month index (the booked hours of kipina.orders.candidates).

        `planned_at` and `cancelled_at` are -1 when the order is never planned or cancelled;
        `sessions` are its sessions that are not called off. Nothing is booked for an order
        still in the queue on the anchor day or cancelled before it. An order delivered before
        the anchor day books the hours logged on it. One still assigned or planned books the
        hours logged before the anchor day, its sessions ahead and the rest of the service's
        typical hours spread from the month of max(anchor, earliest) to the month of its last
        session ahead, or of its latest date when it has none.
        """
        cutoff, anchor_day = self.cutoff, self.anchor_day
        if assigned_at >= cutoff or 0 <= cancelled_at < cutoff:
            return {}
        planned = 0 <= planned_at < cutoff
        if planned and sessions[-1][0] < cutoff:  # delivered on the day of its last session
            return self._hours_by_month(entries)
        hours: dict[int, int] = {}
        month_index = self.month_index
        done = 0  # tenths logged or in sessions ahead
        last_ahead = -1
        if planned:
            for day, tenths, _note in entries:
                if day < anchor_day:
                    month = month_index(day)
                    hours[month] = hours.get(month, 0) + tenths
                    done += tenths
            for start, minutes in sessions:
                if start >= cutoff:
                    day = start // MINUTES_PER_DAY
                    month = month_index(day)
                    tenths = minutes // 6  # whole half hours: exact tenths
                    hours[month] = hours.get(month, 0) + tenths
                    done += tenths
                    last_ahead = max(last_ahead, day)
        remaining = self.typical_tenths[order.service] - done
        if remaining > 0:
            spread = spread_over_months(
                Decimal(remaining) / 10,
                date.fromordinal(max(anchor_day, order.earliest)),
                date.fromordinal(last_ahead if last_ahead >= 0 else order.latest),
            )
            for month_start, part in spread.items():
                month = (month_start.year - self.base_year) * 12 + month_start.month - 1
                hours[month] = hours.get(month, 0) + int(part * 10)
        return hours

    def _trajectory_hours(self, t: _Trajectory) -> dict[int, int]:
        """_anchor_hours of a whole trajectory (the scripted orders)."""
        assigned_at = planned_at = cancelled_at = -1
        for at, action, *_rest in t.steps:
            if action in (ASSIGN, CLAIM, PICK) and assigned_at < 0:
                assigned_at = at
            elif action == PLAN:
                planned_at = at
            elif action == CANCEL:
                cancelled_at = at
        if assigned_at < 0:
            return {}
        sessions = [(start, minutes) for start, minutes, called_off in t.sessions if called_off < 0]
        return self._anchor_hours(
            t.order, assigned_at, planned_at, cancelled_at, sessions, t.entries
        )

    def _last_budget_day(self, s: int) -> int:
        """The last day of the last month with an approved budget (day ordinal)."""
        budget = self.budget[s]
        index = max((i for i, tenths in enumerate(budget) if tenths > 0), default=0)
        month = date(self.base_year + index // 12, index % 12 + 1, 1)
        return last_of_month(month).toordinal()

    def _add_budget(
        self,
        s: int,
        percent: int,
        weekly_hours: Decimal,
        start: date,
        end: date,
        cache: dict[tuple[Decimal, int, int], int],
    ) -> None:
        """The formula of agents.budgets.monthly_budgets, in tenths of an hour. Approved shares
        here are whole calendar years, so a month's budget depends on the month alone."""
        first = (start.year - self.base_year) * 12 + start.month - 1
        last = (end.year - self.base_year) * 12 + end.month - 1
        budget = self.budget[s]
        for index in range(max(first, 0), min(last, self.month_count - 1) + 1):
            key = (weekly_hours, percent, index)
            tenths = cache.get(key)
            if tenths is None:
                month = date(self.base_year + index // 12, index % 12 + 1, 1)
                share = _Share(Decimal(percent), weekly_hours, start, end)
                tenths = int(allocation_hours(share, month, last_of_month(month)) * 10)
                cache[key] = tenths
            budget[index] += tenths

    # --- profiles -------------------------------------------------------------------------------

    def plan_profiles(self) -> None:
        """Roles, skills that go with them, scope, delivery mode and a pause for a few."""
        draw = self.draw
        roles, role_weights = _cumulative(list(ROLE_WEIGHTS.items()))
        scopes, modes = _cumulative(SCOPE_WEIGHTS), _cumulative(MODE_WEIGHTS)
        for s in range(len(self.sp_person)):
            if s == self.persona_sp:
                profile = ProfilePlan(PERSONA_ROLES, PERSONA_SKILLS, ORGANISATION, BOTH)
                self.history.profiles.append(profile)
                continue
            wanted = draw.weighted((1, 2, 3), (45, 85, 100))
            chosen: list[str] = []
            while len(chosen) < wanted:
                role = draw.weighted(roles, role_weights)
                if role not in chosen:
                    chosen.append(role)
            skills = list(dict.fromkeys(s for role in chosen for s in ROLE_CORE_SKILLS[role]))
            extras = sorted({s for role in chosen for s in ROLE_EXTRA_SKILLS[role]} - set(skills))
            self.rng.shuffle(extras)
            target = min(5, max(len(skills), draw.between(2, 5)))
            skills.extend(extras[: max(0, target - len(skills))])
            profile = ProfilePlan(
                roles=tuple(chosen),
                skills=tuple(skills),
                scope=draw.weighted(*scopes),
                mode=draw.weighted(*modes),
            )
            if draw.random() < PAUSED_SHARE:
                profile.paused_until = self.anchor + timedelta(days=draw.between(14, 70))
                paused_from = self.anchor_day - draw.between(7, 45)
                self.pause[s] = (paused_from, profile.paused_until.toordinal())
            self.mode_code[s] = MODE_CODES[profile.mode]
            self.history.profiles.append(profile)

    # --- time shares ----------------------------------------------------------------------------

    def plan_allocations(self) -> None:
        """Approved yearly shares for the two past years, this year and the next, decided by the
        supervisor. A few people (the persona among them) still wait for the decision on the
        coming year; a few had a larger share turned down with a reason."""
        draw, people = self.draw, self.plan.people
        percents = _cumulative(PERCENT_WEIGHTS)
        year = self.anchor.year
        # The open request is for next year, unless the persona's planned sessions (up to a
        # month ahead) already reach into it: then next year is settled, the year after open.
        next_year = date(year + 1, 1, 1)
        pending_year = year + 1 if self.anchor + timedelta(days=30) < next_year else year + 2
        cache: dict[tuple[Decimal, int, int], int] = {}
        others = [s for s in range(len(self.sp_person)) if s != self.persona_sp]
        waiting = {self.persona_sp, *self._few(others, PENDING_SHARE)}
        supervised = [s for s in others if people[self.sp_person[s]].supervisor is not None]
        rejected = set(self._few(supervised, REJECTED_SHARE))
        for s in range(len(self.sp_person)):
            persona = s == self.persona_sp
            percent = PERSONA_PERCENT if persona else draw.weighted(*percents)
            waits = s in waiting
            for allocation_year in range(year - 2, pending_year + 1):
                if not persona and draw.random() < PERCENT_CHANGES:
                    percent = draw.weighted(*percents)
                if allocation_year == pending_year and waits:
                    self._request_allocation(s, percent, allocation_year)
                elif allocation_year <= year + 1:
                    self._approve_allocation(s, percent, allocation_year, cache)
            if s in rejected:
                self._reject_allocation(s, percent, draw.pick((year - 1, year)))

    def _few(self, items: list[int], share: float) -> list[int]:
        """The share of the items, but at least a few (FEW) when there are that many."""
        wanted = min(len(items), max(FEW, round(len(items) * share)))
        return self.rng.sample(items, wanted)

    def _year_share(self, s: int, allocation_year: int) -> tuple[date, date, Decimal]:
        weekly_hours = self.plan.people[self.sp_person[s]].weekly_hours
        return date(allocation_year, 1, 1), date(allocation_year, 12, 31), weekly_hours

    def _decision(self, requested_day: int) -> tuple[int, int]:
        """(requested_at, decided_at): asked on a working day, decided 1–5 working days later,
        both before the anchor day."""
        draw = self.draw
        requested_at = draw.working_moment(min(requested_day, self.anchor_day - 4))
        decided_at = draw.working_moment(add_working_days(day_of(requested_at), draw.between(1, 5)))
        return requested_at, max(min(decided_at, self.cutoff - 30), requested_at + 30)

    def _request_allocation(self, s: int, percent: int, allocation_year: int) -> None:
        draw = self.draw
        start, end, weekly_hours = self._year_share(s, allocation_year)
        requested_at = draw.working_moment(self.anchor_day - draw.between(1, 10))
        self.history.allocations.append(
            AllocationPlan(
                s,
                percent,
                start,
                end,
                weekly_hours,
                AllocationState.REQUESTED.value,
                draw.pick(ALLOCATION_NOTES).format(year=allocation_year),
                self.sp_person[s],
                min(requested_at, self.cutoff - 60),
                None,
                None,
                "",
            )
        )

    def _approve_allocation(
        self,
        s: int,
        percent: int,
        allocation_year: int,
        cache: dict[tuple[Decimal, int, int], int],
    ) -> None:
        draw = self.draw
        start, end, weekly_hours = self._year_share(s, allocation_year)
        person_index = self.sp_person[s]
        # Usually asked in late autumn for the coming year; never after the anchor.
        natural = date(allocation_year - 1, 11, 15).toordinal() + draw.between(0, 30)
        latest = self.anchor_day - draw.between(10, 45)
        requested_at, decided_at = self._decision(min(natural, latest))
        requester = person_index if draw.random() < 0.8 else self.coordinator
        decider = self.plan.people[person_index].supervisor
        reason = ""
        if decider is None:
            decider, reason = self.coordinator, draw.pick(COORDINATOR_APPROVAL_REASONS)
        self.history.allocations.append(
            AllocationPlan(
                s,
                percent,
                start,
                end,
                weekly_hours,
                AllocationState.APPROVED.value,
                draw.pick(ALLOCATION_NOTES).format(year=allocation_year),
                requester,
                requested_at,
                decider,
                decided_at,
                reason,
            )
        )
        self._add_budget(s, percent, weekly_hours, start, end, cache)

    def _reject_allocation(self, s: int, percent: int, rejected_year: int) -> None:
        """A larger share asked for the rest of a year, turned down by the supervisor."""
        draw = self.draw
        person_index = self.sp_person[s]
        start = date(rejected_year, draw.pick((3, 5, 8)), 1)
        _, end, weekly_hours = self._year_share(s, rejected_year)
        requested_at, decided_at = self._decision(start.toordinal() - draw.between(10, 40))
        self.history.allocations.append(
            AllocationPlan(
                s,
                20 if percent < 20 else 30,
                start,
                end,
                weekly_hours,
                AllocationState.REJECTED.value,
                LARGER_SHARE_NOTE,
                person_index,
                requested_at,
                self.plan.people[person_index].supervisor,
                decided_at,
                draw.pick(ALLOCATION_REJECT_REASONS),
            )
        )

    # --- absences -------------------------------------------------------------------------------

    def plan_absences(self) -> None:
        """A summer holiday of three or four weeks every year; now and then a few days of
        training or leave."""
        draw = self.draw
        for s in range(len(self.sp_person)):
            for year in range(self.anchor.year - 2, self.anchor.year + 1):
                start = date(year, 6, 15) + timedelta(days=draw.between(0, 35))
                start -= timedelta(days=start.weekday())  # a Monday
                last = start + timedelta(days=draw.pick((18, 25)))  # a Friday
                self.history.absences.append(AbsencePlan(s, start, last, SUMMER_HOLIDAY))
                if draw.random() < 0.5:
                    spring = draw.random() < 0.5
                    offset = draw.between(20, 150) if spring else draw.between(240, 340)
                    first = next_working_day(date(year, 1, 1).toordinal() + offset)
                    self.history.absences.append(
                        AbsencePlan(
                            s,
                            date.fromordinal(first),
                            date.fromordinal(first + draw.between(0, 4)),
                            draw.pick(ABSENCE_NOTES),
                        )
                    )

    def _fill_absent_days(self, keep_free: set[int]) -> None:
        """The absent days per person; the persona's absences never cover a scripted day."""
        kept = []
        for absence in self.history.absences:
            first, last = absence.start.toordinal(), absence.end.toordinal()
            if absence.support_person == self.persona_sp and any(
                first <= day <= last for day in keep_free
            ):
                continue
            kept.append(absence)
            self.absent[absence.support_person].update(range(first, last + 1))
        self.history.absences = kept

    # --- candidates -----------------------------------------------------------------------------

    def index_candidates(self) -> None:
        """Who can deliver each service, grouped by whom they serve: by team (own-team scope),
        by unit (own-unit and organisation scope) and organisation-wide by area, division and
        all. Each group is shuffled once, so that checking a slice of it is a fair sample."""
        people = self.plan.people
        self.pools: dict[tuple, list[int]] = {}
        self._tier_cache: dict[tuple[int, int], tuple[list[int], ...]] = {}
        required = [
            (frozenset(service.required_skills), frozenset(service.eligible_roles))
            for service in self.services
        ]
        pools = self.pools
        for s, profile in enumerate(self.history.profiles):
            skills, roles = frozenset(profile.skills), frozenset(profile.roles)
            person = people[self.sp_person[s]]
            unit = person.unit
            for k, (needed, eligible) in enumerate(required):
                if not needed <= skills or (eligible and eligible.isdisjoint(roles)):
                    continue
                if profile.scope == OWN_TEAM:
                    pools.setdefault(("team", k, person.team), []).append(s)
                    continue
                pools.setdefault(("unit", k, unit), []).append(s)
                if profile.scope == ORGANISATION:
                    pools.setdefault(("area", k, self.unit_area[unit]), []).append(s)
                    pools.setdefault(("division", k, self.unit_division[unit]), []).append(s)
                    pools.setdefault(("all", k), []).append(s)
        for pool in pools.values():
            self.rng.shuffle(pool)

    def _tiers(self, k: int, team: int) -> tuple[list[int], ...]:
        """Nearest first: the same team and unit, the area, the division, everyone."""
        tiers = self._tier_cache.get((k, team))
        if tiers is None:
            unit, pools = self.team_unit[team], self.pools
            empty: list[int] = []
            tiers = (
                pools.get(("team", k, team), empty) + pools.get(("unit", k, unit), empty),
                pools.get(("area", k, self.unit_area[unit]), empty),
                pools.get(("division", k, self.unit_division[unit]), empty),
                pools.get(("all", k), empty),
            )
            self._tier_cache[(k, team)] = tiers
        return tiers

    def _choose(
        self,
        k: int,
        team: int,
        onsite: bool,
        days: Sequence[int],
        hours: dict[int, int],
        on_day: int,
        exclude: tuple[int, ...],
    ) -> int:
        """The nearest support person who passes the hard rules for these days and hours;
        among the fits of one tier, the one with most hours free. -1 when nobody fits."""
        refused_mode = 2 if onsite else 1
        mode_code, pause, absent = self.mode_code, self.pause, self.absent
        budget, booked, random_ = self.budget, self.booked, self.draw.random
        first_month = next(iter(hours), -1)
        for tier in self._tiers(k, team):
            size = len(tier)
            if not size:
                continue
            sample = tier
            if size > CANDIDATES_CHECKED:
                offset = int(random_() * size)
                sample = tier[offset : offset + CANDIDATES_CHECKED]
                if len(sample) < CANDIDATES_CHECKED:
                    sample = sample + tier[: CANDIDATES_CHECKED - len(sample)]
            best, best_free = -1, -1
            for s in sample:
                if mode_code[s] == refused_mode or s in exclude:
                    continue
                first, last = pause[s]
                if first <= on_day <= last or not absent[s].isdisjoint(days):
                    continue
                own_budget, own_booked = budget[s], booked[s]
                for month, tenths in hours.items():
                    if own_booked[month] + tenths > own_budget[month]:
                        break
                else:
                    if first_month < 0:
                        return s
                    free = own_budget[first_month] - own_booked[first_month]
                    if free > best_free:
                        best, best_free = s, free
            if best >= 0:
                return best
        return -1

    def _book(self, s: int, hours: dict[int, int]) -> None:
        booked = self.booked[s]
        for month, tenths in hours.items():
            booked[month] += tenths

    # --- building one order ---------------------------------------------------------------------

    def _later(self, at: int, low: int, high: int) -> int:
        """A working-hours moment low..high working days after `at`; always after it."""
        random_ = self.draw.random
        days = low + int(random_() * (high - low + 1))
        day = at // MINUTES_PER_DAY
        if days == 0 and (day - 1) % 7 < 5:
            minute = at % MINUTES_PER_DAY + 5 + int(random_() * 86)
            if minute < 17 * 60:
                return day * MINUTES_PER_DAY + minute
        target = add_working_days(day, max(days, 1))
        return target * MINUTES_PER_DAY + DAY_START + int(random_() * DAY_LENGTH)

    def _new_order(self, k: int, team: int, requester: int, submitted_at: int) -> OrderPlan:
        draw, service = self.draw, self.services[k]
        random_ = draw.random
        need, goal = draw.pick(service.needs)
        size = len(self.team_members[team])
        if service.typical_hours <= 3 and service.code != "retrospective":
            participants = draw.between(1, min(6, size))
        else:
            participants = max(2, size - draw.between(0, 3))
        languages = self.plan.people[requester].languages
        language = "fi"
        if "sv" in languages and random_() < (0.5 if self.team_swedish[team] else 0.1):
            language = "sv"
        elif "fi" not in languages and "en" in languages:
            language = "en"
        onsite = random_() < ONSITE_SHARE
        place = ""
        if onsite:
            place = draw.pick(content.SESSION_PLACES)
            while place in REMOTE_PLACES:
                place = draw.pick(content.SESSION_PLACES)
        earliest = submitted_at // MINUTES_PER_DAY + draw.between(5, 21)
        latest = earliest + draw.between(14, 35) + 12 * (_session_count(service.typical_hours) - 1)
        return OrderPlan(
            service=k,
            team=team,
            requester=requester,
            need=need,
            goal=goal,
            earliest=earliest,
            latest=latest,
            participants=participants,
            language=language,
            onsite=onsite,
            place=place,
            key=draw.bits(128),
            submitted_at=submitted_at,
        )

    def _schedule(
        self, order: OrderPlan, plan_day: int, first_day: int = 0
    ) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
        """Sessions (start moment, minutes) from two working days after planning, inside the
        order's window where it allows, and the time entries (day, tenths, note) that deliver
        them: about the service's typical hours in half hours, each session day at least the
        session's length, the rest as preparation a few days before the first session."""
        draw, service = self.draw, self.services[order.service]
        count = _session_count(service.typical_hours)
        minutes = _session_minutes(service.typical_hours, count)
        if not first_day:
            low = max(order.earliest, add_working_days(plan_day, 2))
            first_day = draw.between(low, max(low, order.latest - 10 * (count - 1)))
        days = [next_working_day(first_day)]
        for _ in range(count - 1):
            days.append(next_working_day(days[-1] + draw.between(5, 12)))
        anchor_day = self.anchor_day
        while anchor_day in days:  # nothing on the seeding day itself: neither past nor ahead
            days = [next_working_day(day + 1) if day >= anchor_day else day for day in days]
        order.earliest = min(order.earliest, days[0])
        order.latest = max(order.latest, days[-1])
        start_slots = (DAY_LENGTH - minutes) // 30 + 1
        sessions = [
            (day * MINUTES_PER_DAY + DAY_START + 30 * draw.between(0, start_slots - 1), minutes)
            for day in days
        ]
        session_tenths = -(-minutes // 30) * 5
        total = max(
            count * session_tenths, round(service.typical_hours * draw.between(12, 20) / 10) * 5
        )
        rest = total - count * session_tenths
        notes = self.session_notes[order.service]
        entries: list[tuple[int, int, str]] = []
        prep_day = next_working_day(days[0] - draw.between(1, 5))
        if count < 3 and rest and plan_day < prep_day < days[0]:
            entries.append((prep_day, rest, draw.pick(self.preparation_notes)))
            rest = 0
        for day in days:
            entries.append((day, session_tenths + rest, draw.pick(notes)))
            rest = 0
        return sessions, entries

    def _deliver_and_close(self, t: _Trajectory, sp: int, sessions: list[tuple[int, int]]) -> None:
        """Delivered after the last session; the team's feedback, the requester's feedback that
        closes the order, and (usually) the answer to the follow-up question."""
        draw, order = self.draw, t.order
        random_ = draw.random
        sp_person = self.sp_person[sp]
        last_start, minutes = sessions[-1]
        delivered_at = last_start + minutes + draw.between(15, 120)
        t.reflection = draw.pick(content.REFLECTIONS) if random_() < REFLECTION_SHARE else ""
        t.step(delivered_at, DELIVER, sp_person, DELIVERED, sp)
        closed_at = self._later(delivered_at, 1, 10)
        extra = draw.weighted((0, 1, 2, 3, 4), TEAM_FEEDBACK_CUMULATIVE)
        if extra:
            members = [p for p in self.team_members[order.team] if p != order.requester]
            for person in self.rng.sample(members, min(extra, len(members))):
                helped = draw.pick(content.FEEDBACK_HELPED) if random_() < 0.5 else ""
                keep = draw.pick(content.FEEDBACK_KEEP_DOING) if random_() < 0.3 else ""
                at = draw.between(delivered_at + 1, closed_at - 1)
                t.feedback.append((person, _rating(draw), helped, keep, at))
        helped, keep = draw.pick(content.FEEDBACK_HELPED), draw.pick(content.FEEDBACK_KEEP_DOING)
        t.feedback.append((order.requester, _rating(draw), helped, keep, closed_at))
        t.step(closed_at, CLOSE, order.requester, CLOSED, sp)
        if random_() < FOLLOW_UP_ANSWERED:
            t.follow_up = self._follow_up_answer(closed_at)

    def _follow_up_answer(self, closed_at: int) -> tuple[str, str, int]:
        """The requester's answer, a few days after the question comes."""
        draw = self.draw
        answer = draw.weighted(*FOLLOW_UP_CUMULATIVE)
        if answer == YES:
            texts = content.FOLLOW_UP_STUCK
        else:
            prefix = "Osittain" if answer == PARTLY else "Ei vielä"
            texts = tuple(t for t in content.FOLLOW_UP_NOT_STUCK if t.startswith(prefix))
        comment = draw.pick(texts or content.FOLLOW_UP_NOT_STUCK) if draw.random() < 0.75 else ""
        due = closed_at // MINUTES_PER_DAY + FOLLOW_UP_DAYS
        return answer, comment, draw.working_moment(due + draw.between(0, 14))

    def _assign(self, t: _Trajectory, at: int, sp: int, *, accept: bool) -> None:
        """Assigned by the coordinator, claimed by the support person or picked by the
        requester, as the service's assignment mode says; then accepted unless claimed."""
        order = t.order
        action = ASSIGN_ACTION[self.services[order.service].assignment_mode]
        actor = {ASSIGN: self.coordinator, CLAIM: self.sp_person[sp], PICK: order.requester}[action]
        t.step(at, action, actor, ASSIGNED, sp)
        if accept and action != CLAIM:
            t.step(self._later(at, 0, 1), ACCEPT, self.sp_person[sp], ASSIGNED, sp)

    # --- the random orders ----------------------------------------------------------------------

    def _submission_moments(self) -> list[int]:
        """Weekday moments over the two years, fewer in July and at Christmas."""
        draw = self.draw
        days = [d for d in range(self.anchor_day - HISTORY_DAYS, self.anchor_day) if weekday(d) < 5]
        cumulative = list(
            itertools.accumulate(MONTH_WEIGHTS[date.fromordinal(d).month - 1] for d in days)
        )
        count = round(len(self.plan.people) * ORDERS_PER_PERSON)
        return sorted(draw.working_moment(draw.weighted(days, cumulative)) for _ in range(count))

    def _supplied_weights(self, weights: list[int]) -> list[float]:
        """The services' weights for orders from anywhere, each cut down to what the support
        persons who serve the whole organisation could deliver: in a small organisation only
        two or three people may have a rare service's skills and role, and a demand far beyond
        their time would only fill the history with orders declined for lack of time."""
        first = self.month_index(self.anchor_day - HISTORY_DAYS)
        last = self.month_index(self.anchor_day)
        free = [sum(budget[first:last]) / 10 for budget in self.budget]
        orders = len(self.plan.people) * ORDERS_PER_PERSON * (1 - LOCAL_SHARE)
        total = sum(weights)
        supplied = []
        for k, service in enumerate(self.services):
            people = set(self.pools.get(("all", k), ()))
            # A person's time is shared by every service they can deliver: count a part of it.
            hours = SUPPLY_SHARE * sum(free[s] for s in people)
            most = hours / (service.typical_hours * 0.8) * total / orders
            supplied.append(min(float(weights[k]), most))
        return supplied

    def _local_offers(self, weights: list[int]) -> list[tuple[list[int], list[int], list[int]]]:
        """Per own-team or own-unit support person: the teams they serve and the services they
        can deliver, with the services' cumulative weights."""
        people = self.plan.people
        unit_teams: dict[int, list[int]] = {}
        for t, unit in enumerate(self.team_unit):
            unit_teams.setdefault(unit, []).append(t)
        offers = []
        for s, profile in enumerate(self.history.profiles):
            if profile.scope == ORGANISATION:
                continue
            person = people[self.sp_person[s]]
            own_team = [person.team] if person.team is not None else []
            served = own_team if profile.scope == OWN_TEAM else unit_teams[person.unit]
            skills, roles = set(profile.skills), set(profile.roles)
            services = [
                k
                for k, service in enumerate(self.services)
                if set(service.required_skills) <= skills
                and (not service.eligible_roles or roles & set(service.eligible_roles))
            ]
            if services:
                cumulative = list(itertools.accumulate(weights[k] for k in services))
                offers.append((served, services, cumulative))
        return offers

    def plan_orders(self, scripted: list[_Trajectory]) -> None:
        """Random orders in submission order, with the scripted ones merged in."""
        draw, people, teams = self.draw, self.plan.people, self.plan.teams
        random_ = draw.random
        weights = [SERVICE_WEIGHTS.get(s.code, SERVICE_WEIGHT_DEFAULT) for s in self.services]
        service_indexes = list(range(len(self.services)))
        service_cumulative = list(itertools.accumulate(self._supplied_weights(weights)))
        local = self._local_offers(weights)
        self.capacity_reason = next(
            (r for r in content.DECLINE_REASONS_COORDINATOR if "vapaata tukihenkilöä" in r),
            content.DECLINE_REASONS_COORDINATOR[0],
        )
        protected_from = (self.anchor_day - PROTECTED_DAYS) * MINUTES_PER_DAY
        pending = sorted(scripted, key=lambda t: t.order.submitted_at, reverse=True)
        for submitted_at in self._submission_moments():
            while pending and pending[-1].order.submitted_at <= submitted_at:
                self._emit(pending.pop())
            protected = submitted_at >= protected_from
            team = -1
            if local and random_() < LOCAL_SHARE:
                local_teams, local_services, local_cumulative = draw.pick(local)
                team = draw.pick(local_teams)
                k = draw.weighted(local_services, local_cumulative)
            if team < 0 or (protected and team == self.persona_team):
                team = people[draw.pick(self.staff)].team  # type: ignore[assignment]
                while protected and team == self.persona_team:
                    team = people[draw.pick(self.staff)].team  # type: ignore[assignment]
                k = draw.weighted(service_indexes, service_cumulative)
            if random_() < TEAM_LEAD_REQUESTS:
                requester = teams[team].lead
            else:
                requester = draw.pick(self.team_members[team])
            order = self._new_order(k, team, requester, submitted_at)
            exclude = (self.persona_sp,) if protected else ()
            self._emit(self._random_trajectory(order, exclude))
        while pending:
            self._emit(pending.pop())

    def _random_trajectory(self, order: OrderPlan, exclude: tuple[int, ...]) -> _Trajectory:
        draw, service = self.draw, self.services[order.service]
        random_ = draw.random
        t = _Trajectory(order)
        t.step(order.submitted_at, SUBMIT, order.requester, SUBMITTED, -1)
        mode = service.assignment_mode
        fate = random_()
        if fate < DECLINED_SHARE:
            note = draw.pick(content.DECLINE_REASONS_COORDINATOR)
            at = self._later(order.submitted_at, 1, 4)
            t.step(at, DECLINE, self.coordinator, DECLINED, -1, note)
            return t
        # Where a cancelled order stops: in the queue, once assigned, or once planned.
        cancel_stage = ""
        if fate < DECLINED_SHARE + CANCELLED_SHARE:
            cancel_stage = draw.weighted(*CANCEL_STAGES)
        returned = not cancel_stage and fate < DECLINED_SHARE + CANCELLED_SHARE + RETURNED_SHARE
        if mode == content.COORDINATOR:  # the coordinator's queue: a few days, now and then more
            waiting = min(15, int(-4 * math.log(1.0 - random_())))
        else:
            waiting = draw.between(0, 6)
        if cancel_stage == "queue":
            at = self._later(order.submitted_at, 0, waiting + 1)
            t.step(at, CANCEL, order.requester, CANCELLED, -1, draw.pick(content.CANCEL_REASONS))
            return t
        assigned_at = self._later(order.submitted_at, waiting, waiting)
        if returned and day_of(assigned_at) + RETURN_DAYS < self.anchor_day:
            first = self._choose(
                order.service, order.team, order.onsite, (), {}, day_of(assigned_at), exclude
            )
            if first >= 0:
                self._assign(t, assigned_at, first, accept=random_() < 0.5)
                returned_at = self._later(t.steps[-1][0], 1, 4)
                note = draw.pick(content.SUPPORT_DECLINE_REASONS)
                t.step(returned_at, RETURN, self.sp_person[first], SUBMITTED, -1, note)
                assigned_at = self._later(returned_at, 0, 3)
                exclude = (*exclude, first)
        for waited in range(2):  # when nobody has the time, the order waits a week or two
            if waited:
                assigned_at = self._later(assigned_at, 5, 10)
            accepted_at = assigned_at if mode == content.CLAIM else self._later(assigned_at, 0, 1)
            planned_at = self._later(accepted_at, 0, 2)
            sessions, entries = self._schedule(order, day_of(planned_at))
            days = [start // MINUTES_PER_DAY for start, _ in sessions]
            if entries[0][0] != days[0]:
                days.append(entries[0][0])
            cancelled_at = -1
            if cancel_stage == "assigned":
                cancelled_at = self._later(accepted_at, 0, 2)
            elif cancel_stage == "planned":
                before_first = max(planned_at + 1, sessions[0][0] - 60)
                cancelled_at = draw.between(planned_at + 1, before_first)
            # Booked as the app will see it on the anchor day.
            hours = self._anchor_hours(
                order,
                assigned_at,
                -1 if cancel_stage == "assigned" else planned_at,
                cancelled_at,
                sessions,
                entries,
            )
            sp = self._choose(
                order.service, order.team, order.onsite, days, hours, day_of(assigned_at), exclude
            )
            if sp >= 0:
                break
        else:  # still nobody: the coordinator says so
            t.step(assigned_at, DECLINE, self.coordinator, DECLINED, -1, self.capacity_reason)
            return t
        self._book(sp, hours)
        sp_person = self.sp_person[sp]
        self._assign(t, assigned_at, sp, accept=False)
        if mode != content.CLAIM:
            t.step(accepted_at, ACCEPT, sp_person, ASSIGNED, sp)
        if cancel_stage == "assigned":
            note = draw.pick(content.CANCEL_REASONS)
            t.step(cancelled_at, CANCEL, order.requester, CANCELLED, sp, note)
            return t
        t.step(planned_at, PLAN, sp_person, PLANNED, sp)
        t.sessions = [(start, minutes, -1) for start, minutes in sessions]
        t.entries = entries
        if not order.onsite:
            t.online_link = _online_link(draw)
        if cancel_stage == "planned":
            note = draw.pick(content.CANCEL_REASONS)
            t.step(cancelled_at, CANCEL, order.requester, CANCELLED, sp, note)
            return t
        if len(sessions) > 1 and random_() < RESCHEDULED_SHARE:
            # The second session was first set a few days earlier and called off before it.
            start, minutes = sessions[1]
            day = start // MINUTES_PER_DAY - draw.between(1, 3)
            while weekday(day) >= 5:
                day -= 1
            original = day * MINUTES_PER_DAY + start % MINUTES_PER_DAY
            if original - 60 > planned_at + 1:
                t.sessions.append((original, minutes, draw.between(planned_at + 1, original - 60)))
        self._deliver_and_close(t, sp, sessions)
        return t

    # --- the personas' scripted orders ----------------------------------------------------------

    def _other_teams(self) -> list[int]:
        """Teams outside the persona ward for the support person's current orders: teams of
        the same service area first."""
        ward = self.team_unit[self.persona_team]
        area = self.unit_area[ward]
        near: list[int] = []
        far: list[int] = []
        for t, unit in enumerate(self.team_unit):
            if unit != ward:
                (near if self.unit_area[unit] == area else far).append(t)
        return near + far or [t for t in range(len(self.team_unit)) if t != self.persona_team]

    def script_persona_orders(self) -> list[_Trajectory]:
        """What the personas find in the demo: the support person has an order waiting for her
        to accept, two planned ones with sessions ahead, one delivered and a closed history
        with the employee's and team lead's team; the employee has a follow-up question due,
        the team lead a delivered order waiting for their feedback, and the coordinator an
        order that has waited in the queue for over three working days."""
        lead, employee, team = self.team_lead, self.employee, self.persona_team
        others = self._other_teams() or [team]
        teams = self.plan.teams

        def other(position: int) -> tuple[int, int]:
            chosen = others[position % len(others)]
            return chosen, teams[chosen].lead

        specs = [
            # (service, team, requester, days before the anchor it was submitted, how far it got)
            ("retrospective", team, lead, 200, "closed"),
            ("workshop_facilitation", team, employee, 125, "closed"),
            ("values_discussion", team, employee, 110, "follow_up_due"),
            ("retrospective", team, lead, 14, "delivered"),
            ("workshop_facilitation", *other(0), 6, "assigned"),
            ("values_discussion", *other(1), 8, "planned"),
            ("learning_guidance", *other(2), 7, "planned"),
            # The coordinator's queue has something that has waited over three working days.
            ("lean_tools", *other(3), 9, "submitted"),
        ]
        trajectories = [self._scripted(*spec) for spec in specs]
        keep_free: set[int] = set()
        for t in trajectories:
            keep_free.update(start // MINUTES_PER_DAY for start, _, _ in t.sessions)
            keep_free.update(day for day, _, _ in t.entries)
        self._fill_absent_days(keep_free)
        self._book_scripted(trajectories, self.persona_sp)
        return trajectories

    def _scripted(
        self, code: str, team: int, requester: int, days_ago: int, reach: str
    ) -> _Trajectory:
        draw, anchor_day, sp = self.draw, self.anchor_day, self.persona_sp
        sp_person = self.sp_person[sp]
        k = next(i for i, service in enumerate(self.services) if service.code == code)
        submitted_day = next_working_day(anchor_day - days_ago)
        if submitted_day >= anchor_day:
            submitted_day = anchor_day - 3
        submitted_at = submitted_day * MINUTES_PER_DAY + 9 * 60 + draw.between(0, 300)
        order = self._new_order(k, team, requester, submitted_at)
        order.language = "fi"
        if reach in ("assigned", "planned"):
            # Open on the anchor day: its estimate must not reach a month without a budget.
            order.latest = max(order.earliest, min(order.latest, self._last_budget_day(sp)))
        t = _Trajectory(order)
        t.step(submitted_at, SUBMIT, requester, SUBMITTED, -1)
        if reach == "submitted":
            return t
        if reach == "assigned":  # assigned yesterday or so, not yet accepted
            assigned_day = min(add_working_days(submitted_day, 2), anchor_day - 1)
            while weekday(assigned_day) >= 5:
                assigned_day -= 1
            self._assign(t, assigned_day * MINUTES_PER_DAY + 14 * 60, sp, accept=False)
            return t
        self._assign(t, self._later(submitted_at, 0, 1), sp, accept=True)
        planned_at = min(self._later(t.steps[-1][0], 0, 1), self.cutoff - 60)
        plan_day = planned_at // MINUTES_PER_DAY
        if reach == "planned":
            first_day = add_working_days(anchor_day, draw.between(3, 8))
        elif reach == "delivered":  # the last working day before the anchor
            first_day = anchor_day - 1
            while weekday(first_day) >= 5:
                first_day -= 1
            first_day = max(first_day, plan_day + 1)
        else:
            first_day = add_working_days(plan_day, draw.between(4, 8))
        sessions, entries = self._schedule(order, plan_day, first_day)
        t.step(planned_at, PLAN, sp_person, PLANNED, sp)
        t.sessions = [(start, minutes, -1) for start, minutes in sessions]
        t.entries = entries
        if not order.onsite:
            t.online_link = _online_link(draw)
        if reach == "planned":
            return t
        if reach == "delivered":
            last_start, minutes = sessions[-1]
            delivered_at = last_start + minutes + 30
            t.reflection = draw.pick(content.REFLECTIONS)
            t.step(delivered_at, DELIVER, sp_person, DELIVERED, sp)
            # One colleague has answered already; the team lead and the employee have not.
            colleagues = [p for p in self.team_members[team] if p not in (requester, self.employee)]
            if colleagues:
                t.feedback.append(
                    (colleagues[0], 5, content.FEEDBACK_HELPED[0], "", delivered_at + 90)
                )
            return t
        self._deliver_and_close(t, sp, sessions)
        closed_at = t.steps[-1][0]
        due = closed_at // MINUTES_PER_DAY + FOLLOW_UP_DAYS
        if reach == "follow_up_due":  # asked, not yet answered
            if due >= anchor_day:
                raise AssertionError("the scripted follow-up would not be due yet")
            t.follow_up = None
        else:
            answer, comment, answered_at = self._follow_up_answer(closed_at)
            if answered_at >= self.cutoff:
                answered_at = max(due, anchor_day - 1) * MINUTES_PER_DAY + 12 * 60
            t.follow_up = (answer, comment, answered_at)
        return t

    def _book_scripted(self, trajectories: list[_Trajectory], s: int) -> None:
        """Book the scripted orders as the app sees them on the anchor day: first the orders
        still open then (their logged hours, sessions ahead and estimated rest), then the hours
        logged on the others, shortened or left out where the month's budget cannot take them."""
        budget, booked = self.budget[s], self.booked[s]
        cutoff = self.cutoff
        is_open = [_state_at(t, cutoff) in (ASSIGNED, PLANNED) for t in trajectories]
        for t, open_ in zip(trajectories, is_open, strict=True):
            if open_:
                self._book(s, self._trajectory_hours(t))
        for t, open_ in zip(trajectories, is_open, strict=True):
            if open_:
                continue
            fitted = []  # all logged before the anchor day: the order was delivered by then
            for day, tenths, note in t.entries:
                month = self.month_index(day)
                tenths = min(tenths, budget[month] - booked[month])
                if tenths > 0:
                    fitted.append((day, tenths, note))
                    booked[month] += tenths
            t.entries = fitted

    # --- cutting at the anchor ------------------------------------------------------------------

    def _emit(self, t: _Trajectory) -> None:
        """Keep what happened before the anchor day; the order's fields follow its last step."""
        history, cutoff, order = self.history, self.cutoff, t.order
        index = len(history.orders)
        history.orders.append(order)
        events = history.events
        accepted_at = planned_at = delivered_at = cancelled_at = closed_at = -1
        last = t.steps[0]
        for step in t.steps:
            at, action, actor, from_state, to_state, sp, note = step
            if at >= cutoff:
                break
            events.append((index, action, actor, at, from_state, to_state, sp, note))
            last = step
            if action in (ASSIGN, PICK, RETURN):
                accepted_at = -1
            elif action in (ACCEPT, CLAIM):
                accepted_at = at
            elif action == PLAN:
                planned_at = at
            elif action == DELIVER:
                delivered_at = at
            elif action == CANCEL:
                cancelled_at = at
            elif action == CLOSE:
                closed_at = at
        order.updated_at, order.state, order.support_person = last[0], last[4], last[5]
        order.accepted_at, order.closed_at = accepted_at, closed_at
        if delivered_at >= 0:
            order.reflection = t.reflection
        # The coordinators were reminded if it waited unassigned three working days.
        handled = t.steps[1][0] if len(t.steps) > 1 else cutoff
        submitted_day = order.submitted_at // MINUTES_PER_DAY
        reminder = add_working_days(submitted_day, REMINDER_WORKING_DAYS) * MINUTES_PER_DAY + 480
        if reminder < handled and reminder < cutoff:
            order.reminded_at = reminder
        if planned_at >= 0:
            self._emit_delivery(t, index, planned_at, cancelled_at)
        for person, rating, helped, keep, at in t.feedback:
            if at < cutoff:
                history.feedback.append((index, person, rating, helped, keep, at))
        if closed_at >= 0:
            due = closed_at // MINUTES_PER_DAY + FOLLOW_UP_DAYS
            asked_at = due * MINUTES_PER_DAY + 7 * 60 if due < self.anchor_day else -1
            answer, comment, answered_at = "", "", -1
            if asked_at >= 0 and t.follow_up is not None:
                answer, comment, answered_at = t.follow_up
                answered_at = max(answered_at, asked_at + 30)
                if answered_at >= cutoff:
                    answer, comment, answered_at = "", "", -1
            history.follow_ups.append((index, due, asked_at, answer, comment, answered_at))

    def _emit_delivery(self, t: _Trajectory, index: int, planned_at: int, cancelled_at: int):
        """Sessions (all made when the first was scheduled; the future ones called off if the
        order was cancelled) and the hours logged before the anchor day."""
        history, cutoff, order = self.history, self.cutoff, t.order
        bits = self.draw.bits
        for start, minutes, called_off in t.sessions:
            if called_off >= cutoff:
                continue  # called off only after the anchor: leave the first date out
            if called_off < 0 and 0 <= cancelled_at < start:
                called_off = cancelled_at
            history.sessions.append(
                (
                    index,
                    start,
                    minutes,
                    order.place,
                    t.online_link,
                    called_off,
                    bits(128),
                    1 if called_off >= 0 else 0,
                    planned_at,
                )
            )
        if cancelled_at >= 0:
            return
        sp = order.support_person
        logger = self.sp_person[sp]
        random_ = self.draw.random
        for day, tenths, note in t.entries:
            if day < self.anchor_day:
                created_at = day * MINUTES_PER_DAY + 15 * 60 + int(random_() * 150)
                history.time_entries.append((index, sp, day, tenths, note, created_at, logger))


@dataclass(slots=True)
class _Share:
    """A time share as agents.budgets sees it."""

    percent: Decimal
    weekly_hours: Decimal
    start: date
    end: date
    support_person_id: int = 0


def _state_at(t: _Trajectory, cutoff: int) -> str:
    """The trajectory's state just before the moment `cutoff`."""
    state = ""
    for step in t.steps:
        if step[0] >= cutoff:
            break
        state = step[4]
    return state


def _notes(words: Sequence[str]) -> tuple[str, ...]:
    """The session notes that contain one of the words; all of them if none does."""
    found = tuple(note for note in content.SESSION_NOTES if any(w in note for w in words))
    return found or content.SESSION_NOTES


def _rating(draw: _Draw) -> int:
    return draw.weighted((1, 2, 3, 4, 5), RATING_CUMULATIVE)


def _online_link(draw: _Draw) -> str:
    return ONLINE_LINK.format("".join(draw.pick(LINK_ALPHABET) for _ in range(10)))


def _session_count(typical_hours: float) -> int:
    if typical_hours < 5:
        return 1
    if typical_hours < 7:
        return 2
    return 3 if typical_hours >= 10 else 2


def _session_minutes(typical_hours: float, count: int) -> int:
    """About half of the hours are spent in sessions: 60–180 minutes, in half hours."""
    minutes = round(typical_hours * 60 * 0.45 / count / 30) * 30
    return max(60, min(180, minutes))
