"""The plain data the matching package takes in and gives back.

Everything here is a frozen value: the `orders` app builds `Need` and `Candidate` from the
database, `rank()` returns `Suggestion`s whose `Reason`s (and `violations()`'s `Violation`s)
carry a code and parameters, never text, so the UI can translate them with gettext.

The string values of `ServiceScope` and `DeliveryMode` are those of the `agents` app's
TextChoices of the same names, so a database value can be passed straight through.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

Month = date
"""The first day of a calendar month."""


class ServiceScope(StrEnum):
    """Whom a support person offers to serve."""

    OWN_TEAM = "own_team"
    OWN_UNIT = "own_unit"  # the own unit and its whole subtree
    ORGANISATION = "organisation"


class DeliveryMode(StrEnum):
    ONSITE = "onsite"
    REMOTE = "remote"
    BOTH = "both"


class ReasonCode(StrEnum):
    """Every `Reason.code` rank() produces, and the params each one carries."""

    SAME_TEAM = "same_team"  # {}
    SAME_UNIT = "same_unit"  # {}: same unit, another team (or no team)
    UNIT_DISTANCE = "unit_distance"  # {"distance": int}: steps between the units in the tree
    SKILL = "skill"  # {"skills": tuple[str, ...]}: the required skills, sorted (0 points)
    FREE_HOURS = "free_hours"  # {"hours": float, "month": Month} (0 points)
    LOW_LOAD = "low_load"  # {"load_ratio": float}: booked / budget recently
    NOT_RECENTLY_ASSIGNED = "not_recently_assigned"  # {"months": float}
    NEVER_ASSIGNED = "never_assigned"  # {}: has had no order yet
    HELPED_TEAM_BEFORE = "helped_team_before"  # {"orders": int}
    LANGUAGE = "language"  # {"language": str}
    GOOD_FEEDBACK = "good_feedback"  # {"rating": float, "ratings": int}
    POOR_FEEDBACK = "poor_feedback"  # {"rating": float, "ratings": int}: negative points


class ViolationCode(StrEnum):
    """Every `Violation.code`, in the order violations() reports them, with their params."""

    NO_ALLOCATION = "no_allocation"  # {"earliest": date, "latest": date}
    UNAVAILABLE = "unavailable"  # {"earliest": date, "latest": date}
    MISSING_SKILL = "missing_skill"  # {"skills": tuple[str, ...]}: the missing ones, sorted
    MISSING_ROLE = "missing_role"  # {"roles": tuple[str, ...]}: the eligible ones, sorted
    MISSING_TRAINING = "missing_training"  # {"trainings": tuple[str, ...]}: missing, sorted
    OUT_OF_SCOPE = "out_of_scope"  # {"scope": ServiceScope}
    DELIVERY_MODE = "delivery_mode"  # {"mode": DeliveryMode, "onsite": bool}
    # {"hours": float, "needed": float, "month": Month | None}: the best month's free hours
    # (0 when overbooked or when no month of the window has a budget and an available day)
    NOT_ENOUGH_HOURS = "not_enough_hours"


# Need and Candidate take keyword arguments only: too many fields to pass by position safely.
@dataclass(frozen=True, slots=True, kw_only=True)
class Need:
    """One order, as far as choosing its support person goes."""

    service_id: int
    required_skills: frozenset[str]  # skill codes, all required
    eligible_roles: frozenset[str]  # role codes; empty = any role, else at least one
    required_trainings: frozenset[str] = frozenset()  # trained-status codes, all required
    hours: float  # free time the candidate needs within one month of the window
    team_id: int | None
    unit_path: tuple[int, ...]  # the ordering team's unit and its ancestors, root first
    language: str | None  # e.g. "fi"
    onsite: bool  # True = delivered on site, False = remotely
    earliest: date  # the window, inclusive at both ends
    latest: date


@dataclass(frozen=True, slots=True)
class MonthBudget:
    month: Month
    budget_hours: float  # from the approved allocation(s) of that month
    booked_hours: float  # planned (sessions) + logged hours already in that month

    def __post_init__(self) -> None:
        if self.month.day != 1:
            raise ValueError(f"a month is its first day, got {self.month}")


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # inclusive


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """One support person, with what the hard and soft rules look at."""

    id: int  # support person id
    team_id: int | None
    unit_path: tuple[int, ...]  # root first, ends with the own unit
    skills: frozenset[str]
    roles: frozenset[str]
    trainings: frozenset[str] = frozenset()
    languages: frozenset[str]
    scope: ServiceScope
    mode: DeliveryMode
    allocations: tuple[Period, ...]  # approved allocation periods only
    months: tuple[MonthBudget, ...]  # one per month, at least the months of the need's window
    unavailable: tuple[Period, ...]  # paused-until (from today) and absences
    load_ratio: float  # booked / budget over a recent window; 0.0 when nothing
    months_since_last_order: float | None  # None = never assigned
    team_orders: int  # past orders of this need's team the candidate delivered
    service_rating: float | None  # average 1–5 feedback for this service; None when none
    service_ratings: int  # how many ratings the average is over


@dataclass(frozen=True, slots=True)
class Weights:
    """The most points each soft rule can give; 0 switches a rule off.

    Defaults, and why:
    - proximity 3.0: a colleague from the same team gets it all, the same unit 70 %, and each
      step further in the unit tree halves that: the seed's "same work community" wish.
    - load 3.0: as much as proximity, so a busy neighbour gives way to a free colleague; an
      idle candidate gets it all, one booked to the full budget nothing.
    - starvation 2.0: grows evenly to its full value six months after the last order (or never
      having had one), so nobody waits for ever behind the favourites.
    - continuity 1.5: half after one order for the team, three quarters after two, ...; known
      faces help, but must not lock a team to one person.
    - language 1.0: speaking the order's language; a tie-breaker more than a decider.
    - feedback 2.0: (rating − 3) / 2 damped by n / (n + 3) ratings: ±1.0 after three ratings at
      the extremes, below three stars it counts against.
    """

    proximity: float = 3.0
    load: float = 3.0
    starvation: float = 2.0
    continuity: float = 1.5
    language: float = 1.0
    feedback: float = 2.0


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class Reason:
    """One line of a suggestion's score breakdown; the points of all lines add up to its score."""

    code: str  # a ReasonCode
    points: float  # 0 for the informative lines (skills, free hours)
    params: Mapping[str, object] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class Violation:
    """A hard rule the candidate breaks for this need."""

    code: str  # a ViolationCode
    params: Mapping[str, object] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class Suggestion:
    candidate_id: int
    score: float
    reasons: tuple[Reason, ...]  # most important first
    month: Month  # the window's month with the most free hours (ties → the earliest)
    free_hours: float  # free hours in that month
