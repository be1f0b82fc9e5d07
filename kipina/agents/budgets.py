"""Monthly hour budgets derived from approved time shares.

Formula (also in docs/support-time.md): for each approved allocation and calendar month,

    budget = weekly_hours × percent / 100 × weekdays(month ∩ allocation period) / 5

Weekdays are Monday–Friday; public holidays are not subtracted (a supervisor approving 10 %
means about half a day a week, and the support person plans around holidays themselves).
Two approved allocations never overlap (the approval service refuses it), so a month's budget
is the sum over the allocations touching it.

`spread_over_months` says where the not yet scheduled work of an active order falls: evenly
over the months it can still happen in (see kipina.orders.candidates and the demo planner,
which both use it, so the demo's history and the app agree on what is booked).
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

HOURS = Decimal("0.1")


class AllocationLike(Protocol):
    support_person_id: int
    percent: Decimal
    weekly_hours: Decimal
    start: date
    end: date


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def last_of_month(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> Iterator[date]:
    """First days of every month from start's month to end's month, inclusive."""
    month = first_of_month(start)
    while month <= end:
        yield month
        month = add_months(month, 1)


def weekdays_between(start: date, end: date) -> int:
    """Monday–Friday days in [start, end]; 0 when end is before start."""
    if end < start:
        return 0
    days = (end - start).days + 1
    full_weeks, rest = divmod(days, 7)
    count = full_weeks * 5
    weekday = start.weekday()
    for offset in range(rest):
        if (weekday + offset) % 7 < 5:
            count += 1
    return count


def add_working_days(day: date, count: int) -> date:
    """The day `count` working days (Monday–Friday) after `day`, or before it when negative."""
    step = timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if day.weekday() < 5:
            remaining -= 1
    return day


def allocation_hours(allocation: AllocationLike, start: date, end: date) -> Decimal:
    """Budgeted hours of one allocation inside [start, end]."""
    days = weekdays_between(max(start, allocation.start), min(end, allocation.end))
    if not days:
        return Decimal(0)
    hours = allocation.weekly_hours * allocation.percent / 100 * days / 5
    return hours.quantize(HOURS, rounding=ROUND_HALF_UP)


def monthly_budgets(
    allocations: Iterable[AllocationLike], start: date, end: date
) -> dict[int, dict[date, Decimal]]:
    """{support_person_id: {month: budget hours}} for the months from start to end."""
    budgets: dict[int, dict[date, Decimal]] = defaultdict(dict)
    for allocation in allocations:
        for month in months_between(max(start, allocation.start), min(end, allocation.end)):
            hours = allocation_hours(allocation, month, last_of_month(month))
            per_person = budgets[allocation.support_person_id]
            per_person[month] = per_person.get(month, Decimal(0)) + hours
    return dict(budgets)


def spread_over_months(hours: Decimal, start: date, end: date) -> dict[date, Decimal]:
    """`hours` spread evenly over the months from start's month to end's month, inclusive.

    At least one month: an `end` before start's month gives start's month everything. The
    parts are whole tenths of an hour that add up to `hours` rounded to tenths (half up); the
    tenths that do not divide evenly go to the earliest months, one each. Months whose part
    would be zero are left out, and nothing (an empty dict) is spread for zero or less.
    """
    tenths = int((hours * 10).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if tenths <= 0:
        return {}
    first = first_of_month(start)
    months = list(months_between(first, end)) or [first]
    share, extra = divmod(tenths, len(months))
    spread: dict[date, Decimal] = {}
    for position, month in enumerate(months):
        part = share + (1 if position < extra else 0)
        if not part:
            break  # the odd tenths went first: every later month is zero too
        spread[month] = Decimal(part) / 10
    return spread
