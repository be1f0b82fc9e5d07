"""The database side of matching: orders become `Need`s, support persons become `Candidate`s.

`kipina.matching` is pure Python; this module feeds it. Candidate data is loaded with a fixed
number of aggregated queries however many support persons there are (nine: profiles, their
roles/skills/languages/trained statuses, approved time shares, absences, logged hours and other
support time per month, future sessions, active orders, last orders, past orders for the teams
and services in question), so one page can rank candidates for many orders from one
`CandidatePool`.

Booked hours of a month (what the budget has already gone to), for each support person:

    booked = hours logged in the month (time entries, any order)
           + other support time in the month (network meetings and the like,
             agents.OtherSupportTime): rows dated before today as logged, from today on as
             planned
           + hours of the future sessions (not cancelled, starting from now) of their assigned
             and planned orders, in the month the session starts
           + for each assigned or planned order, the estimate of the work not yet logged nor
             scheduled: max(0, service.typical_hours − hours logged on the order − hours of its
             future sessions), spread evenly over the months the work can still happen in: from
             the month of max(today, order.earliest) to the month of the order's last future
             session, or of order.latest when it has no future session (always at least the
             first of those months; kipina.agents.budgets.spread_over_months, in tenths)

The load ratio is booked / budget summed over the three months before this one, this month and
the two after it (0 when there is no budget in those months).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Substr
from django.utils import timezone

from kipina import matching
from kipina.agents.budgets import (
    add_months,
    first_of_month,
    last_of_month,
    monthly_budgets,
    spread_over_months,
)
from kipina.agents.models import (
    Absence,
    Allocation,
    OtherSupportTime,
    SupportPerson,
    TrainedStatus,
)
from kipina.core.cache_versions import SUPPORT_HISTORY, SUPPORT_POOL, VersionedMemo
from kipina.orders.enums import ACTIVE_STATES, Action, OrderState
from kipina.orders.models import (
    Feedback,
    MatchingSettings,
    Order,
    OrderEvent,
    Service,
    Session,
    TimeEntry,
)
from kipina.org.models import Person, path_ids

# The load ratio looks at the three months before this one, this one and the two after it.
LOAD_MONTHS_BEFORE = 3
LOAD_MONTHS_AFTER = 2
DAYS_PER_MONTH = 30.4375
# Not a matching.ViolationCode: the person is not an active support person at all.
INACTIVE = "inactive"
PAST_ORDER_STATES = (OrderState.DELIVERED, OrderState.CLOSED)
LAST_ORDER_ACTIONS = (Action.ASSIGN, Action.CLAIM, Action.PICK)
ZERO = Decimal(0)


def _today() -> dt.date:
    return timezone.localdate()


# --- the need ------------------------------------------------------------------------------


def matching_window(
    earliest: dt.date, latest: dt.date, today: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """An order's dates from today on: nobody can book a past day.

    An order whose whole window has passed keeps its own dates, so the rules still say what
    they would have said rather than reporting an empty window.
    """
    today = today or _today()
    if latest < today:
        return earliest, latest
    return max(earliest, today), latest


REQUIRES_SKILL, ELIGIBLE_ROLE, REQUIRES_TRAINING = "skill", "role", "training"


def load_requirements(services: Iterable[Service]) -> None:
    """Attach `matching_requirements` (skill codes, eligible role codes, required training role
    codes) to each service, read for all of them in one UNION query."""
    by_pk = {service.pk: service for service in services}
    if not by_pk:
        return

    def rows(relation, kind: str, code: str) -> QuerySet:
        return (
            relation.through.objects.filter(service_id__in=by_pk)
            .annotate(
                requirement=Value(kind, output_field=CharField()),
                requirement_code=F(code),
            )
            .order_by()
            .values_list("service_id", "requirement", "requirement_code")
        )

    found: dict[int, dict[str, set[str]]] = {
        pk: {REQUIRES_SKILL: set(), ELIGIBLE_ROLE: set(), REQUIRES_TRAINING: set()} for pk in by_pk
    }
    skills = rows(Service.required_skills, REQUIRES_SKILL, "skill__code")
    roles = rows(Service.eligible_roles, ELIGIBLE_ROLE, "supportrole__code")
    trainings = rows(Service.required_trainings, REQUIRES_TRAINING, "supportrole__code")
    for service_id, kind, code in skills.union(roles, trainings, all=True).order_by():
        found[service_id][kind].add(code)
    for pk, service in by_pk.items():
        codes = found[pk]
        service.matching_requirements = (
            frozenset(codes[REQUIRES_SKILL]),
            frozenset(codes[ELIGIBLE_ROLE]),
            frozenset(codes[REQUIRES_TRAINING]),
        )


def _requirements(service: Service) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(skills, eligible roles, required trainings) as codes: from `load_requirements` when it
    ran, else from the (possibly prefetched) relations."""
    found = getattr(service, "matching_requirements", None)
    if found is not None:
        return found
    return (
        frozenset(skill.code for skill in service.required_skills.all()),
        frozenset(role.code for role in service.eligible_roles.all()),
        frozenset(role.code for role in service.required_trainings.all()),
    )


def need_for(order: Order, *, today: dt.date | None = None) -> matching.Need:
    """The order as the matching engine sees it.

    Reads the service's required skills, eligible roles and required trainings: call
    `load_requirements` on the services (and select team__unit) when building needs for many
    orders.
    """
    return need_from(
        order.service,
        team_id=order.team_id,
        unit_path=order.team.unit.path,
        language=order.language_id,
        onsite=order.onsite,
        earliest=order.earliest,
        latest=order.latest,
        today=today,
    )


def need_from(
    service: Service,
    *,
    team_id: int,
    unit_path: str,
    language: str,
    onsite: bool,
    earliest: dt.date,
    latest: dt.date,
    today: dt.date | None = None,
) -> matching.Need:
    """A need from an order's fields, for lists that read orders as plain values."""
    earliest, latest = matching_window(earliest, latest, today)
    required_skills, eligible_roles, required_trainings = _requirements(service)
    return matching.Need(
        service_id=service.pk,
        required_skills=required_skills,
        eligible_roles=eligible_roles,
        required_trainings=required_trainings,
        hours=float(service.typical_hours),
        team_id=team_id,
        unit_path=tuple(path_ids(unit_path)),
        language=language,
        onsite=onsite,
        earliest=earliest,
        latest=latest,
    )


def weights() -> matching.Weights:
    settings = MatchingSettings.current()
    return matching.Weights(
        proximity=settings.proximity,
        load=settings.load,
        starvation=settings.starvation,
        continuity=settings.continuity,
        language=settings.language,
        feedback=settings.feedback,
    )


# --- booked hours --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MonthHours:
    """One support person's month: the budget and what it has gone to, in hours."""

    month: dt.date
    budget: float = 0.0
    logged: float = 0.0
    planned: float = 0.0  # future sessions
    estimated: float = 0.0  # active orders' work not yet logged nor scheduled

    @property
    def booked(self) -> float:
        # Rounded: sums of tenths in floats must not turn "exactly the budget" into "over it".
        return round(self.logged + self.planned + self.estimated, 2)

    @property
    def free(self) -> float:
        return round(self.budget - self.booked, 2)

    @property
    def ratio(self) -> float:
        return self.booked / self.budget if self.budget else 0.0


LOGGED, PLANNED, ESTIMATED = range(3)


@dataclass(slots=True)
class _AllocationRow:
    """An approved allocation's numbers, as kipina.agents.budgets reads them."""

    support_person_id: int
    percent: Decimal
    weekly_hours: Decimal
    start: dt.date
    end: dt.date


def _scoped(queryset: QuerySet, prefix: str, ids: Sequence[int] | QuerySet | None) -> QuerySet:
    """Limit rows to the support persons of `ids` (reached through `prefix`), if given.

    `ids` may be a list or a queryset of support person ids (a subquery: 10 000 ids would not
    fit in one SQLite statement). Without ids every support person's rows are read, active or
    not: joining to check "active" costs more than the few extra rows, which are dropped when
    the candidates are built from the active support persons.
    """
    if ids is not None:
        queryset = queryset.filter(**{f"{prefix}id__in": ids})
    return queryset


def _active(queryset: QuerySet, prefix: str = "") -> QuerySet:
    return queryset.filter(**{f"{prefix}active": True, f"{prefix}person__active": True})


def months_from(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months from `first`'s to `last`'s, inclusive."""
    months = []
    month = first_of_month(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


@dataclass
class Bookings:
    """Budgets and booked hours per support person and month, plus their time-share periods.

    Plain dictionaries, because thousands of support persons × months are summed on every
    queue page: `budgets` {person: {month: hours}} (people with the same time-share terms share
    one read-only dictionary) and `booked` {person: {month: [logged, planned, estimated]}}
    for those with anything booked.
    """

    first: dt.date
    last: dt.date  # first day of the last month
    budgets: dict[int, dict[dt.date, float]] = field(default_factory=dict)
    booked: dict[int, dict[dt.date, list[float]]] = field(default_factory=dict)
    allocations: dict[int, list[matching.Period]] = field(default_factory=dict)
    active_orders: dict[int, int] = field(default_factory=dict)

    def month(self, support_person_id: int, month: dt.date) -> MonthHours:
        budget = self.budgets.get(support_person_id, {}).get(month, 0.0)
        booked = self.booked.get(support_person_id, {}).get(month)
        if booked is None:
            return MonthHours(month, round(budget, 2))
        return MonthHours(month, round(budget, 2), *(round(value, 2) for value in booked))

    def series(self, support_person_id: int, first: dt.date, last: dt.date) -> list[MonthHours]:
        return [self.month(support_person_id, month) for month in months_from(first, last)]

    def booked_hours(self, support_person_id: int, month: dt.date) -> float:
        booked = self.booked.get(support_person_id, {}).get(month)
        return 0.0 if booked is None else round(sum(booked), 2)

    def ratio(self, support_person_id: int, months: Sequence[dt.date]) -> float:
        """Booked / budget summed over the months; 0 without a budget."""
        budgets = self.budgets.get(support_person_id)
        if not budgets:
            return 0.0
        booked_by_month = self.booked.get(support_person_id, {})
        budget = booked = 0.0
        for month in months:
            budget += budgets.get(month, 0.0)
            cell = booked_by_month.get(month)
            if cell is not None:
                booked += cell[LOGGED] + cell[PLANNED] + cell[ESTIMATED]
        return booked / budget if budget > 0 else 0.0


def load_bookings(
    *,
    first: dt.date,
    last: dt.date,
    support_person_ids: Sequence[int] | QuerySet | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Bookings:
    """Budget, logged, planned and estimated hours from `first`'s month to `last`'s month.

    Four queries whatever the number of support persons: approved time shares, logged hours
    and other support time per month (one UNION), future sessions, and active orders with the
    hours logged on them. `today` and `now` (default: the present) say which sessions and other
    support time lie ahead and where estimates start.
    """
    today = today or _today()
    now = now or timezone.now()
    first, last = first_of_month(first), first_of_month(last)
    range_end = last_of_month(last)
    ids = support_person_ids
    bookings = Bookings(first=first, last=last)
    booked: dict[int, dict[dt.date, list[float]]] = defaultdict(dict)

    def cell(support_person_id: int, month: dt.date) -> list[float]:
        months = booked[support_person_id]
        found = months.get(month)
        if found is None:
            found = months[month] = [0.0, 0.0, 0.0]
        return found

    # Many people share a time share's terms and dates: work each one's months out once.
    budget_of_terms: dict[tuple, dict[dt.date, float]] = {}
    budgets = bookings.budgets
    allocations = bookings.allocations
    # Read as text: thousands of Decimal conversions would cost more than the budgets do.
    allocation_rows = (
        _scoped(
            Allocation.objects.approved().overlapping(first, range_end), "support_person__", ids
        )
        .annotate(
            percent_text=Cast("percent", CharField()),
            weekly_hours_text=Cast("weekly_hours", CharField()),
        )
        .values_list("support_person_id", "percent_text", "weekly_hours_text", "start", "end")
    )
    for support_person_id, percent, weekly_hours, start, end in allocation_rows:
        terms = (percent, weekly_hours, max(start, first), min(end, range_end))
        months = budget_of_terms.get(terms)
        if months is None:
            row = _AllocationRow(0, Decimal(percent), Decimal(weekly_hours), start, end)
            computed = monthly_budgets([row], first, range_end).get(0, {})
            months = budget_of_terms[terms] = {m: float(h) for m, h in computed.items()}
        if support_person_id in allocations:
            # A second time share: the shared dictionary must not change, so add into a copy.
            merged = dict(budgets[support_person_id])
            for month, hours in months.items():
                merged[month] = merged.get(month, 0.0) + hours
            budgets[support_person_id] = merged
            allocations[support_person_id].append(matching.Period(start, end))
        else:
            budgets[support_person_id] = months
            allocations[support_person_id] = [matching.Period(start, end)]

    # Months as "YYYY-MM" text: both databases cut an ISO date natively, where TruncMonth on
    # SQLite calls back into Python for every row (tens of thousands at 100 000 people).
    # Logged hours and other support time (network meetings…: done before today, planned from
    # today on) are read in one UNION query.
    def by_month(queryset: QuerySet) -> QuerySet:
        return queryset.filter(date__gte=first, date__lte=range_end).annotate(
            month=Substr(Cast("date", CharField()), 1, 7)
        )

    logged_rows = (
        by_month(_scoped(TimeEntry.objects.all(), "support_person__", ids))
        .annotate(column=Value(LOGGED, output_field=IntegerField()))
        .order_by()
        .values_list("support_person_id", "month", "column")
        .annotate(total=Sum("hours"))
    )
    other_rows = (
        by_month(_scoped(OtherSupportTime.objects.all(), "support_person__", ids))
        .annotate(
            column=Case(
                When(date__lt=today, then=Value(LOGGED)),
                default=Value(PLANNED),
                output_field=IntegerField(),
            )
        )
        .order_by()
        .values_list("support_person_id", "month", "column")
        .annotate(total=Sum("hours"))
    )
    months_by_text: dict[str, dt.date] = {}
    for support_person_id, month_text, column, total in logged_rows.union(
        other_rows, all=True
    ).order_by():
        month = months_by_text.get(month_text)
        if month is None:
            year, number = month_text.split("-")
            month = months_by_text[month_text] = dt.date(int(year), int(number), 1)
        cell(support_person_id, month)[column] += float(total or 0)

    # Future sessions of active orders, row by row: their months are local-time months.
    planned_minutes: dict[int, int] = defaultdict(int)
    last_session: dict[int, dt.date] = {}
    session_rows = _scoped(
        Session.objects.filter(
            cancelled_at__isnull=True, start__gte=now, order__state__in=ACTIVE_STATES
        ),
        "order__support_person__",
        ids,
    ).values_list("order_id", "order__support_person_id", "start", "duration_minutes")
    for order_id, support_person_id, start, minutes in session_rows:
        planned_minutes[order_id] += minutes
        day = timezone.localtime(start).date()
        if order_id not in last_session or day > last_session[order_id]:
            last_session[order_id] = day
        month = first_of_month(day)
        if first <= month <= last:
            cell(support_person_id, month)[PLANNED] += minutes / 60

    logged_on_order = (
        TimeEntry.objects.filter(order=OuterRef("pk"))
        .order_by()
        .values("order")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    order_rows = (
        _scoped(Order.objects.filter(state__in=ACTIVE_STATES), "support_person__", ids)
        .annotate(
            logged=Coalesce(
                Subquery(logged_on_order, output_field=DecimalField()),
                Value(ZERO, output_field=DecimalField()),
            )
        )
        .values_list(
            "id", "support_person_id", "earliest", "latest", "service__typical_hours", "logged"
        )
    )
    active_orders: dict[int, int] = defaultdict(int)
    for order_id, support_person_id, earliest, latest, typical, logged in order_rows:
        active_orders[support_person_id] += 1
        remaining = (
            Decimal(typical) - Decimal(logged or 0) - Decimal(planned_minutes.get(order_id, 0)) / 60
        )
        if remaining <= 0:
            continue
        until = last_session.get(order_id, latest)
        for month, part in spread_over_months(remaining, max(today, earliest), until).items():
            if first <= month <= last:
                cell(support_person_id, month)[ESTIMATED] += float(part)
    bookings.booked = dict(booked)
    bookings.active_orders = dict(active_orders)
    return bookings


def load_window(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """First days of the first and last month the load ratio is computed over."""
    this_month = first_of_month(today or _today())
    return add_months(this_month, -LOAD_MONTHS_BEFORE), add_months(this_month, LOAD_MONTHS_AFTER)


# --- candidates ----------------------------------------------------------------------------


ROLE, SKILL, LANGUAGE, TRAINING = "role", "skill", "language", "training"


def _tags(ids: Sequence[int] | None) -> dict[str, dict[int, frozenset[str]]]:
    """{kind: {support person: codes}} of roles, skills, languages and trained statuses (role
    codes) in one UNION query.

    Equal sets are one shared frozenset: most people hold one of a few combinations.
    """

    def rows(queryset: QuerySet, kind: str, owner: str, code: str) -> QuerySet:
        return (
            queryset.annotate(
                tag_kind=Value(kind, output_field=CharField()),
                tag_owner=F(owner),
                tag_code=F(code),
            )
            .order_by()
            .values_list("tag_kind", "tag_owner", "tag_code")
        )

    roles = rows(
        _scoped(SupportPerson.roles.through.objects.all(), "supportperson__", ids),
        ROLE,
        "supportperson_id",
        "supportrole__code",
    )
    skills = rows(
        _scoped(SupportPerson.skills.through.objects.all(), "supportperson__", ids),
        SKILL,
        "supportperson_id",
        "skill__code",
    )
    languages = rows(
        _scoped(
            Person.languages.through.objects.filter(person__support_profile__isnull=False),
            "person__support_profile__",
            ids,
        ),
        LANGUAGE,
        "person__support_profile__id",
        "language_id",
    )
    trainings = rows(
        _scoped(TrainedStatus.objects.all(), "support_person__", ids),
        TRAINING,
        "support_person_id",
        "role__code",
    )
    found: dict[str, dict[int, set[str]]] = {ROLE: {}, SKILL: {}, LANGUAGE: {}, TRAINING: {}}
    for kind, owner, code in roles.union(skills, languages, trainings, all=True).order_by():
        of_kind = found[kind]
        codes = of_kind.get(owner)
        if codes is None:
            of_kind[owner] = {code}
        else:
            codes.add(code)
    shared: dict[frozenset[str], frozenset[str]] = {}
    return {
        kind: {
            owner: shared.setdefault(frozenset(codes), frozenset(codes))
            for owner, codes in of_kind.items()
        }
        for kind, of_kind in found.items()
    }


def _absences(
    ids: Sequence[int] | None, first: dt.date, last: dt.date
) -> dict[int, list[matching.Period]]:
    found: dict[int, list[matching.Period]] = defaultdict(list)
    rows = _scoped(
        Absence.objects.filter(start__lte=last, end__gte=first), "support_person__", ids
    ).values_list("support_person_id", "start", "end")
    for support_person_id, start, end in rows:
        found[support_person_id].append(matching.Period(start, end))
    return found


# Built under the support-pool version (bumped on commit by every service that changes what
# the pool reads), kept in process for at most this long as a backstop for other writes.
POOL_MEMO_SECONDS = 300
_memo = VersionedMemo(SUPPORT_POOL, seconds=POOL_MEMO_SECONDS)
# The history figures (last orders, ratings) hang on their own, slower version.
_history_memo = VersionedMemo(SUPPORT_HISTORY, seconds=POOL_MEMO_SECONDS)


def _last_orders(ids: Sequence[int] | None) -> dict[int, dt.datetime]:
    """When each support person last got an order: assign/claim/pick events or acceptances.

    A grouping over every order event there is: for all candidates the result is cached (see
    POOL_MEMO_SECONDS) and forgotten whenever an order gets a support person.
    """
    if ids is None:
        return _history_memo.get_or_build(("last-orders",), lambda: _load_last_orders(None))
    return _load_last_orders(ids)


def _load_last_orders(ids: Sequence[int] | None) -> dict[int, dt.datetime]:
    events = (
        _scoped(OrderEvent.objects.filter(action__in=LAST_ORDER_ACTIONS), "support_person__", ids)
        .order_by()
        .values_list("support_person_id")
        .annotate(last=Max("at"))
    )
    accepted = (
        _scoped(Order.objects.filter(accepted_at__isnull=False), "support_person__", ids)
        .order_by()
        .values_list("support_person_id")
        .annotate(last=Max("accepted_at"))
    )
    latest: dict[int, dt.datetime] = {}
    for support_person_id, at in events.union(accepted, all=True).order_by():
        if at is not None and (support_person_id not in latest or at > latest[support_person_id]):
            latest[support_person_id] = at
    return latest


# Past feedback and the last order are soft rules read from the whole history, the most
# expensive figures of the pool (every delivered order with its feedback; every order event).
# For all candidates they are cached this long, and forgotten at once when an order gets a
# support person or feedback (services bump the support-pool version on commit). The hard rules —
# time shares, absences, hours — are always read live.


def _team_orders(ids: Sequence[int] | None, team_ids: Iterable[int]) -> dict[int, dict[int, int]]:
    """{team: {support person: delivered orders}} for these teams: continuity, read live."""
    team_orders: dict[int, dict[int, int]] = defaultdict(dict)
    team_ids = set(team_ids)
    if not team_ids:
        return team_orders
    rows = (
        _scoped(
            Order.objects.filter(state__in=PAST_ORDER_STATES, team_id__in=team_ids),
            "support_person__",
            ids,
        )
        .order_by()
        .values_list("team_id", "support_person_id")
        .annotate(orders=Count("id"))
    )
    for team_id, support_person_id, orders in rows:
        team_orders[team_id][support_person_id] = orders
    return team_orders


def _service_ratings(
    ids: Sequence[int] | None, service_ids: Iterable[int]
) -> dict[int, dict[int, tuple[float, int]]]:
    """{service: {support person: (average rating, ratings)}}; cached for all candidates."""
    service_ids = sorted(set(service_ids))
    if not service_ids:
        return {}
    if ids is None:
        return _history_memo.get_or_build(
            ("ratings", tuple(service_ids)), lambda: _load_ratings(None, service_ids)
        )
    return _load_ratings(ids, service_ids)


def _load_ratings(
    ids: Sequence[int] | None, service_ids: Sequence[int]
) -> dict[int, dict[int, tuple[float, int]]]:
    feedback = Feedback.objects.filter(order__state__in=PAST_ORDER_STATES)
    if ids is None:
        feedback = feedback.filter(order__service_id__in=service_ids)
    # else: a few people's ratings for every service; filtering services too would lead the
    # planner to walk every delivered order of those services instead of these people's orders.
    rows = (
        _scoped(feedback, "order__support_person__", ids)
        .order_by()
        .values_list("order__service_id", "order__support_person_id")
        .annotate(total=Sum("rating"), count=Count("id"))
    )
    ratings: dict[int, dict[int, tuple[float, int]]] = defaultdict(dict)
    for service_id, support_person_id, total, count in rows:
        if support_person_id is not None and count:
            ratings[service_id][support_person_id] = (total / count, count)
    return dict(ratings)


def _past_orders(
    ids: Sequence[int] | None, team_ids: Iterable[int], service_ids: Iterable[int]
) -> tuple[dict[int, dict[int, int]], dict[int, dict[int, tuple[float, int]]]]:
    """({team: {support person: delivered orders}}, {service: {support person: (avg, n)}})."""
    return _team_orders(ids, team_ids), _service_ratings(ids, service_ids)


class CandidatePool:
    """Every candidate's data for a date window and some teams and services, loaded once.

    `for_need()` gives the candidates of one need of that window who have the skills, roles and
    trainings it asks for (the rest would fail those hard rules anyway), with the team- and
    service-specific numbers (continuity, feedback) filled in. Those lists are kept in `shared`,
    per service and requirements: the pool of all candidates is memoised, and so is `shared`
    with it, so one page after another reuses them until the support-pool version changes.
    """

    def __init__(
        self,
        candidates: list[matching.Candidate],
        team_orders: dict[int, dict[int, int]],
        ratings: dict[int, dict[int, tuple[float, int]]],
        bookings: Bookings,
        shared: dict | None = None,
    ) -> None:
        self.candidates = candidates
        self.team_orders = team_orders
        self.ratings = ratings
        self.bookings = bookings
        self._shared = {} if shared is None else shared

    def for_need(
        self, need: matching.Need, *, fitting_only: bool = True
    ) -> list[matching.Candidate]:
        """The need's candidates; with `fitting_only=False` everyone, not only those with the
        need's skills, roles and trainings (for naming every rule someone breaks)."""
        candidates, position = self._listed(need, fitting_only)
        team_orders = self.team_orders.get(need.team_id, {}) if need.team_id else {}
        if team_orders:
            candidates = list(candidates)
            for support_person_id, orders in team_orders.items():
                index = position.get(support_person_id)
                if index is not None:
                    candidates[index] = replace(candidates[index], team_orders=orders)
        return candidates

    def rank(
        self, need: matching.Need, scoring: matching.Weights, limit: int
    ) -> list[matching.Suggestion]:
        """matching.rank() over this pool's candidates for the need, kept in `shared`.

        The ranking is a pure function of the pool, the need, the weights and the team's past
        orders, so the memoised pool answers the same question the same way until its version
        changes: a queue page reloaded by several coordinators ranks each order once.
        """
        team_orders = self.team_orders.get(need.team_id, {}) if need.team_id else {}
        key = ("ranked", need, scoring, limit, frozenset(team_orders.items()))
        found = self._shared.get(key)
        if found is None:
            found = self._shared[key] = matching.rank(need, self.for_need(need), scoring, limit)
        return found

    def _listed(
        self, need: matching.Need, fitting_only: bool
    ) -> tuple[list[matching.Candidate], dict[int, int]]:
        """The candidates (those with the need's skills, roles and trainings, or everyone),
        rated for its service, with their positions by id; made once per key."""
        if fitting_only:
            key = (
                need.service_id,
                need.required_skills,
                need.eligible_roles,
                need.required_trainings,
            )
        else:
            key = (need.service_id,)
        found = self._shared.get(key)
        if found is None:
            if fitting_only:
                skills, roles, trainings = key[1:]
                listed = [
                    candidate
                    for candidate in self.candidates
                    if skills <= candidate.skills
                    and (not roles or not roles.isdisjoint(candidate.roles))
                    and trainings <= candidate.trainings
                ]
            else:
                listed = list(self.candidates)
            position = {candidate.id: index for index, candidate in enumerate(listed)}
            for support_person_id, (rating, count) in self.ratings.get(need.service_id, {}).items():
                index = position.get(support_person_id)
                if index is not None:
                    listed[index] = replace(
                        listed[index], service_rating=rating, service_ratings=count
                    )
            found = self._shared[key] = (listed, position)
        return found


def load_pool(
    *,
    earliest: dt.date,
    latest: dt.date,
    team_ids: Iterable[int] = (),
    service_ids: Iterable[int] = (),
    support_person_ids: Sequence[int] | None = None,
    today: dt.date | None = None,
) -> CandidatePool:
    """Candidate data for needs inside [earliest, latest], in a fixed number of queries.

    For all candidates the base data is cached under the support-pool version, which every
    write to support persons, time shares, absences, orders, sessions and hours bumps on commit
    (and for at most POOL_MEMO_SECONDS otherwise). Suggestions may lag an edit made outside
    the services (the admin, an HR import) by that long; assigning re-checks every hard rule
    for the chosen person live (`violations_for`).
    """
    today = today or _today()
    ids = list(support_person_ids) if support_person_ids is not None else None
    earliest, latest = first_of_month(earliest), last_of_month(latest)
    if ids is None:
        base, bookings, shared = _memo.get_or_build(
            ("pool", earliest, latest, today),
            lambda: (*_base_candidates(earliest, latest, None, today), {}),
        )
    else:
        base, bookings = _base_candidates(earliest, latest, ids, today)
        shared = None
    team_orders, ratings = _past_orders(ids, team_ids, service_ids)
    return CandidatePool(base, team_orders, ratings, bookings, shared)


def _base_candidates(
    earliest: dt.date, latest: dt.date, ids: Sequence[int] | None, today: dt.date
) -> tuple[list[matching.Candidate], Bookings]:
    load_first, load_last = load_window(today)
    window_first, window_last = first_of_month(earliest), first_of_month(latest)
    bookings = load_bookings(
        first=min(load_first, window_first),
        last=max(load_last, window_last),
        support_person_ids=ids,
        today=today,
    )
    people = _scoped(_active(SupportPerson.objects.all()), "", ids).values_list(
        "id", "person__team_id", "person__unit__path", "scope", "mode", "paused_until"
    )
    tags = _tags(ids)
    absences = _absences(ids, min(earliest, today), latest)
    last_orders = _last_orders(ids)

    window_months = months_from(window_first, window_last)
    load_months = months_from(load_first, load_last)
    budgets, booked, allocations = bookings.budgets, bookings.booked, bookings.allocations
    skills_of, roles_of, languages_of = tags[SKILL], tags[ROLE], tags[LANGUAGE]
    trainings_of = tags[TRAINING]
    no_hours: dict = {}
    nothing: frozenset[str] = frozenset()
    scopes = {scope.value: scope for scope in matching.ServiceScope}
    modes = {mode.value: mode for mode in matching.DeliveryMode}
    # Thousands of candidates share a few units and time-share terms: build those parts once.
    unit_paths: dict[str, tuple[int, ...]] = {}
    months_of_budget: dict[int, tuple[matching.MonthBudget, ...]] = {}

    def window_budget(budget_of_person: dict, booked_of_person: dict):
        return tuple(
            matching.MonthBudget(
                month,
                budget_of_person.get(month, 0.0),
                round(sum(booked_of_person.get(month, ())), 2),
            )
            for month in window_months
            if month in budget_of_person or month in booked_of_person
        )

    candidates = []
    for support_person_id, team_id, unit_path, scope, mode, paused_until in people.order_by("id"):
        budget_of_person = budgets.get(support_person_id, no_hours)
        booked_of_person = booked.get(support_person_id)
        if booked_of_person is None:
            # Nothing booked: the months depend on the (shared) budget dictionary only.
            months = months_of_budget.get(id(budget_of_person))
            if months is None:
                months = window_budget(budget_of_person, no_hours)
                months_of_budget[id(budget_of_person)] = months
        else:
            months = window_budget(budget_of_person, booked_of_person)
        path = unit_paths.get(unit_path)
        if path is None:
            path = unit_paths[unit_path] = tuple(path_ids(unit_path))
        unavailable = absences.get(support_person_id, ())
        if paused_until is not None and paused_until >= today:
            unavailable = (*unavailable, matching.Period(today, paused_until))
        last_order = last_orders.get(support_person_id)
        candidates.append(
            matching.Candidate(
                id=support_person_id,
                team_id=team_id,
                unit_path=path,
                skills=skills_of.get(support_person_id, nothing),
                roles=roles_of.get(support_person_id, nothing),
                languages=languages_of.get(support_person_id, nothing),
                trainings=trainings_of.get(support_person_id, nothing),
                scope=scopes[scope],
                mode=modes[mode],
                allocations=tuple(allocations.get(support_person_id, ())),
                months=months,
                unavailable=tuple(unavailable),
                load_ratio=bookings.ratio(support_person_id, load_months),
                months_since_last_order=(
                    None
                    if last_order is None
                    else max(0.0, (today - timezone.localtime(last_order).date()).days)
                    / DAYS_PER_MONTH
                ),
                team_orders=0,
                service_rating=None,
                service_ratings=0,
            )
        )
    return candidates, bookings


def candidates_for(
    need: matching.Need, *, support_person_ids: Sequence[int] | None = None
) -> list[matching.Candidate]:
    """Every active support person (or those of `support_person_ids`) as a matching candidate."""
    pool = load_pool(
        earliest=need.earliest,
        latest=need.latest,
        team_ids=[need.team_id] if need.team_id else [],
        service_ids=[need.service_id],
        support_person_ids=support_person_ids,
    )
    return pool.for_need(need, fitting_only=False)


# --- suggestions and checks ----------------------------------------------------------------


@dataclass(frozen=True)
class Suggested:
    """One ranked suggestion, ready for a template."""

    support_person: SupportPerson
    score: float
    reasons: tuple[matching.Reason, ...]
    explanation: str
    month: dt.date
    free_hours: float


def pool_for_needs(
    needs: Iterable[matching.Need], *, support_person_ids: Sequence[int] | None = None
) -> CandidatePool | None:
    """One pool covering every need's window, teams and services; None for no needs."""
    needs = list(needs)
    if not needs:
        return None
    return load_pool(
        earliest=min(need.earliest for need in needs),
        latest=max(need.latest for need in needs),
        team_ids={need.team_id for need in needs if need.team_id},
        service_ids={need.service_id for need in needs},
        support_person_ids=support_person_ids,
    )


def suggestions_for_orders(
    orders: Sequence[Order], *, limit: int = 5
) -> dict[int, list[Suggested]]:
    """{order id: its top suggestions}, from one candidate pool for all the orders.

    Select `team__unit`; the services' requirements are read here in one query unless
    `load_requirements` already ran on them.
    """
    from kipina.orders.explanations import explain

    unread = {
        order.service_id: order.service
        for order in orders
        if getattr(order.service, "matching_requirements", None) is None
    }
    load_requirements(unread.values())
    for order in orders:  # the same service may be several objects
        if getattr(order.service, "matching_requirements", None) is None:
            order.service.matching_requirements = unread[order.service_id].matching_requirements
    needs = {order.pk: need_for(order) for order in orders}
    pool = pool_for_needs(needs.values())
    if pool is None:
        return {}
    scoring = weights()
    ranked = {order_id: pool.rank(need, scoring, limit) for order_id, need in needs.items()}
    suggested_ids = {s.candidate_id for found in ranked.values() for s in found}
    people = SupportPerson.objects.select_related("person__unit", "person__team").in_bulk(
        suggested_ids
    )
    return {
        order_id: [
            Suggested(
                support_person=people[s.candidate_id],
                score=s.score,
                reasons=s.reasons,
                explanation=explain(s.reasons),
                month=s.month,
                free_hours=s.free_hours,
            )
            for s in found
            if s.candidate_id in people
        ]
        for order_id, found in ranked.items()
    }


def suggestions_for(order: Order, *, limit: int = 5) -> list[Suggested]:
    """The order's best support persons, best first, each with the reasons why."""
    return suggestions_for_orders([order], limit=limit).get(order.pk, [])


def violations_for(order: Order, support_person: SupportPerson) -> tuple[matching.Violation, ...]:
    """Every hard matching rule this person breaks for this order; empty = may take it."""
    if not support_person.active or not support_person.person.active:
        return (matching.Violation(INACTIVE, {}),)
    need = need_for(order)
    candidates = candidates_for(need, support_person_ids=[support_person.pk])
    if not candidates:
        return (matching.Violation(INACTIVE, {}),)
    return matching.violations(need, candidates[0])
