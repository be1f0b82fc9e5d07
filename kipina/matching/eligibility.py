"""Hard rules: who may take an order at all, and when they have the time for it.

`NeedContext` holds what every candidate is checked against, worked out once per need, so
that checking one candidate costs a few set operations and a walk over a handful of periods
and months. rank() uses the two halves apart: `qualified()` (the person: skills, roles,
trainings, scope, delivery mode) on every candidate, `free_month()` (their time: allocation,
availability, hours) only on the best scored until it has enough. `violations()` names every
rule broken, for a coordinator who picks someone by hand; the property tests hold it and
rank() to the same rules.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from kipina.matching.types import (
    Candidate,
    DeliveryMode,
    Month,
    MonthBudget,
    Need,
    Period,
    ServiceScope,
    Violation,
    ViolationCode,
)

Span = tuple[date, date]  # inclusive

ONE_DAY = timedelta(days=1)
# Hours are sums and differences of decimals (0.1 h); float rounding must not turn "exactly
# enough" into "not enough".
HOURS_TOLERANCE = 1e-6


def next_month(month: Month) -> Month:
    if month.month == 12:
        return date(month.year + 1, 1, 1)
    return date(month.year, month.month + 1, 1)


def unit_prefixes(unit_path: tuple[int, ...]) -> frozenset[tuple[int, ...]]:
    """The paths of the unit and all its ancestors (not the empty path)."""
    return frozenset(unit_path[:length] for length in range(1, len(unit_path) + 1))


class NeedContext:
    """One need, prepared for checking many candidates against it."""

    __slots__ = (
        "delivery_mode_refused",
        "earliest",
        "eligible_roles",
        "enough_hours",
        "latest",
        "month_spans",
        "need",
        "required_skills",
        "required_trainings",
        "team_id",
        "unit_prefixes",
    )

    def __init__(self, need: Need) -> None:
        self.need = need
        self.earliest = need.earliest
        self.latest = need.latest
        self.required_skills = need.required_skills
        self.eligible_roles = need.eligible_roles
        self.required_trainings = need.required_trainings
        self.enough_hours = need.hours - HOURS_TOLERANCE
        self.team_id = need.team_id
        # An OWN_UNIT candidate serves this need when their unit is on the need's unit path.
        self.unit_prefixes = unit_prefixes(need.unit_path)
        self.delivery_mode_refused = DeliveryMode.REMOTE if need.onsite else DeliveryMode.ONSITE
        # Each month touching the window → the part of it inside the window.
        self.month_spans: dict[Month, Span] = {}
        month = need.earliest.replace(day=1)
        while month <= need.latest:
            following = next_month(month)
            self.month_spans[month] = (
                max(month, need.earliest),
                min(following - ONE_DAY, need.latest),
            )
            month = following

    # --- the single rules ---------------------------------------------------------------------

    def serves(self, candidate: Candidate) -> bool:
        """The candidate's service scope includes the ordering team."""
        scope = candidate.scope
        if scope == ServiceScope.ORGANISATION:
            return True
        if scope == ServiceScope.OWN_TEAM:
            return self.team_id is not None and candidate.team_id == self.team_id
        return candidate.unit_path in self.unit_prefixes

    def allocated_spans(self, allocations: tuple[Period, ...]) -> list[Span]:
        """The parts of the window the approved allocations cover."""
        earliest, latest = self.earliest, self.latest
        spans = []
        for period in allocations:
            start = period.start if period.start > earliest else earliest
            end = period.end if period.end < latest else latest
            if start <= end:
                spans.append((start, end))
        return spans

    def available_spans(self, spans: list[Span], unavailable: tuple[Period, ...]) -> list[Span]:
        """The spans with the unavailable periods cut out."""
        for period in unavailable:
            if period.end < self.earliest or period.start > self.latest:
                continue
            remaining = []
            for start, end in spans:
                if period.end < start or period.start > end:
                    remaining.append((start, end))
                    continue
                if period.start > start:
                    remaining.append((start, period.start - ONE_DAY))
                if period.end < end:
                    remaining.append((period.end + ONE_DAY, end))
            spans = remaining
        return spans

    def best_month(
        self, months: tuple[MonthBudget, ...], spans: list[Span]
    ) -> tuple[Month, float] | None:
        """The window's month with an available day and the most free hours (ties → earliest)."""
        month_spans = self.month_spans
        best: Month | None = None
        best_free = 0.0
        for budget in months:
            bounds = month_spans.get(budget.month)
            if bounds is None:
                continue
            first, last = bounds
            for start, end in spans:
                if start <= last and end >= first:
                    break
            else:
                continue
            free = budget.budget_hours - budget.booked_hours
            if best is None or free > best_free or (free == best_free and budget.month < best):
                best, best_free = budget.month, free
        return None if best is None else (best, best_free)

    # --- all rules ----------------------------------------------------------------------------

    def qualified(self, candidates: Iterable[Candidate]) -> list[Candidate]:
        """The candidates who may serve this need at all, in their order.

        The rules about the person (skills, roles, trainings, scope, delivery mode), not about
        their time: a few set operations per candidate. This runs for thousands of candidates
        per order, so the loop is here and everything it reads is a local.
        """
        required_skills, required_trainings = self.required_skills, self.required_trainings
        eligible_roles, refused_mode = self.eligible_roles, self.delivery_mode_refused
        organisation, serves = ServiceScope.ORGANISATION, self.serves
        qualified = []
        for candidate in candidates:
            if not required_skills <= candidate.skills:
                continue
            if eligible_roles and eligible_roles.isdisjoint(candidate.roles):
                continue
            if required_trainings and not required_trainings <= candidate.trainings:
                continue
            if candidate.scope != organisation and not serves(candidate):
                continue
            if candidate.mode == refused_mode:
                continue
            qualified.append(candidate)
        return qualified

    def free_month(self, candidate: Candidate) -> tuple[Month, float] | None:
        """The rules about time: the best month when the candidate has the hours, else None."""
        best = self.free_time(candidate)
        if best is None or best[1] < self.enough_hours:
            return None
        return best

    def free_time(self, candidate: Candidate) -> tuple[Month, float] | None:
        spans = self.allocated_spans(candidate.allocations)
        if candidate.unavailable:
            spans = self.available_spans(spans, candidate.unavailable)
        return self.best_month(candidate.months, spans) if spans else None

    def violations(self, candidate: Candidate) -> tuple[Violation, ...]:
        need = self.need
        window = {"earliest": need.earliest, "latest": need.latest}
        found: list[Violation] = []
        allocated = self.allocated_spans(candidate.allocations)
        available = self.available_spans(allocated, candidate.unavailable)
        if not allocated:
            found.append(Violation(ViolationCode.NO_ALLOCATION, window))
        elif not available:
            found.append(Violation(ViolationCode.UNAVAILABLE, window))
        missing_skills = need.required_skills - candidate.skills
        if missing_skills:
            found.append(
                Violation(ViolationCode.MISSING_SKILL, {"skills": tuple(sorted(missing_skills))})
            )
        if need.eligible_roles and need.eligible_roles.isdisjoint(candidate.roles):
            found.append(
                Violation(ViolationCode.MISSING_ROLE, {"roles": tuple(sorted(need.eligible_roles))})
            )
        missing_trainings = need.required_trainings - candidate.trainings
        if missing_trainings:
            found.append(
                Violation(
                    ViolationCode.MISSING_TRAINING,
                    {"trainings": tuple(sorted(missing_trainings))},
                )
            )
        if not self.serves(candidate):
            found.append(Violation(ViolationCode.OUT_OF_SCOPE, {"scope": candidate.scope}))
        if candidate.mode == self.delivery_mode_refused:
            found.append(
                Violation(
                    ViolationCode.DELIVERY_MODE, {"mode": candidate.mode, "onsite": need.onsite}
                )
            )
        if available:
            best = self.best_month(candidate.months, available)
            if best is None or best[1] < self.enough_hours:
                found.append(
                    Violation(
                        ViolationCode.NOT_ENOUGH_HOURS,
                        {
                            "hours": 0.0 if best is None else max(best[1], 0.0),
                            "needed": need.hours,
                            "month": None if best is None else best[0],
                        },
                    )
                )
        return tuple(found)


def violations(need: Need, candidate: Candidate) -> tuple[Violation, ...]:
    """Every hard rule the candidate breaks for this need; empty = eligible."""
    return NeedContext(need).violations(candidate)


def free_time(need: Need, candidate: Candidate) -> tuple[Month, float] | None:
    """The window's month with an available day and the most free hours, whether enough or not.

    None when no month of the window has an approved, available day with a budget.
    """
    return NeedContext(need).free_time(candidate)
