"""The monthly budget formula: weekly hours × share × weekdays in the month and period ÷ 5."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kipina.agents.budgets import (
    add_months,
    add_working_days,
    allocation_hours,
    last_of_month,
    monthly_budgets,
    months_between,
    spread_over_months,
    weekdays_between,
)


@dataclass
class Share:
    support_person_id: int
    percent: Decimal
    weekly_hours: Decimal
    start: dt.date
    end: dt.date


def share(start, end, percent="10", weekly="38.25", person=1) -> Share:
    return Share(person, Decimal(percent), Decimal(weekly), start, end)


def test_weekdays():
    # January 2027 starts on a Friday: 4 whole weeks and Fri, Sat, Sun.
    assert weekdays_between(dt.date(2027, 1, 1), dt.date(2027, 1, 31)) == 21
    assert weekdays_between(dt.date(2027, 2, 1), dt.date(2027, 2, 28)) == 20
    assert weekdays_between(dt.date(2027, 1, 2), dt.date(2027, 1, 3)) == 0  # a weekend
    assert weekdays_between(dt.date(2027, 1, 4), dt.date(2027, 1, 4)) == 1
    assert weekdays_between(dt.date(2027, 1, 5), dt.date(2027, 1, 4)) == 0


@given(st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)), st.integers(0, 800))
def test_weekdays_agrees_with_counting_day_by_day(start, length):
    end = start + dt.timedelta(days=length)
    expected = sum(
        1 for offset in range(length + 1) if (start + dt.timedelta(days=offset)).weekday() < 5
    )
    assert weekdays_between(start, end) == expected


def test_ten_per_cent_of_a_full_time_month_with_21_weekdays():
    # 38.25 h × 10 % × 21 / 5 = 16.065 h
    january = share(dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert allocation_hours(january, dt.date(2027, 1, 1), dt.date(2027, 1, 31)) == Decimal("16.1")


def test_partial_months_count_only_the_weekdays_inside_the_period():
    allocation = share(dt.date(2027, 1, 15), dt.date(2027, 2, 28))
    budgets = monthly_budgets([allocation], dt.date(2026, 12, 1), dt.date(2027, 3, 31))
    assert budgets == {
        1: {
            dt.date(2027, 1, 1): Decimal("8.4"),  # 11 weekdays from Fri 15th
            dt.date(2027, 2, 1): Decimal("15.3"),  # 20 weekdays
        }
    }


def test_budgets_add_up_per_person_and_month():
    allocations = [
        share(dt.date(2027, 1, 1), dt.date(2027, 1, 15), percent="20"),
        share(dt.date(2027, 1, 16), dt.date(2027, 3, 31), percent="10"),
        share(dt.date(2027, 1, 1), dt.date(2027, 1, 31), percent="10", weekly="30", person=2),
    ]
    budgets = monthly_budgets(allocations, dt.date(2027, 1, 1), dt.date(2027, 1, 31))
    # 11 weekdays at 20 % + 10 weekdays at 10 % of 38.25 h
    assert budgets[1] == {dt.date(2027, 1, 1): Decimal("16.8") + Decimal("7.7")}
    assert budgets[2] == {dt.date(2027, 1, 1): Decimal("12.6")}


def test_month_helpers():
    assert last_of_month(dt.date(2028, 2, 10)) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2027, 12, 1), 1) == dt.date(2028, 1, 1)
    assert add_months(dt.date(2027, 1, 1), -1) == dt.date(2026, 12, 1)
    assert list(months_between(dt.date(2027, 11, 30), dt.date(2028, 1, 1))) == [
        dt.date(2027, 11, 1),
        dt.date(2027, 12, 1),
        dt.date(2028, 1, 1),
    ]


@pytest.mark.parametrize("percent", ["1", "10", "50", "100"])
def test_a_full_year_is_about_the_share_of_the_working_year(percent):
    allocation = share(dt.date(2027, 1, 1), dt.date(2027, 12, 31), percent=percent)
    budgets = monthly_budgets([allocation], dt.date(2027, 1, 1), dt.date(2027, 12, 31))[1]
    total = sum(budgets.values())
    # 2027 has 261 weekdays: 38.25 × share × 261 / 5, give or take the monthly rounding
    expected = Decimal("38.25") * Decimal(percent) / 100 * 261 / 5
    assert abs(total - expected) <= Decimal("0.6")


# --- spreading an estimate over months --------------------------------------------------------


def test_spread_evenly_with_the_odd_tenths_first():
    spread = spread_over_months(Decimal(5), dt.date(2027, 1, 20), dt.date(2027, 3, 3))
    assert spread == {
        dt.date(2027, 1, 1): Decimal("1.7"),
        dt.date(2027, 2, 1): Decimal("1.7"),
        dt.date(2027, 3, 1): Decimal("1.6"),
    }


def test_spread_within_one_month_and_with_the_end_before_the_start():
    assert spread_over_months(Decimal("2.5"), dt.date(2027, 1, 20), dt.date(2027, 1, 31)) == {
        dt.date(2027, 1, 1): Decimal("2.5")
    }
    assert spread_over_months(Decimal("2.5"), dt.date(2027, 1, 20), dt.date(2026, 11, 2)) == {
        dt.date(2027, 1, 1): Decimal("2.5")
    }


def test_spread_rounds_to_tenths_and_leaves_out_empty_months():
    assert spread_over_months(Decimal("0.24"), dt.date(2027, 1, 1), dt.date(2027, 6, 1)) == {
        dt.date(2027, 1, 1): Decimal("0.1"),
        dt.date(2027, 2, 1): Decimal("0.1"),
    }
    assert spread_over_months(Decimal("1.25"), dt.date(2027, 1, 1), dt.date(2027, 1, 1)) == {
        dt.date(2027, 1, 1): Decimal("1.3")
    }
    assert spread_over_months(Decimal(0), dt.date(2027, 1, 1), dt.date(2027, 3, 1)) == {}
    assert spread_over_months(Decimal(-2), dt.date(2027, 1, 1), dt.date(2027, 3, 1)) == {}


@given(
    tenths=st.integers(min_value=1, max_value=2000),
    start=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)),
    length=st.integers(min_value=-60, max_value=400),
)
def test_spread_adds_up_and_stays_even(tenths, start, length):
    hours = Decimal(tenths) / 10
    end = start + dt.timedelta(days=length)
    spread = spread_over_months(hours, start, end)
    assert sum(spread.values()) == hours
    months = list(months_between(start, end)) or [start.replace(day=1)]
    assert set(spread) <= set(months)
    assert list(spread) == months[: len(spread)]
    parts = [spread.get(month, Decimal(0)) for month in months]
    assert max(parts) - min(parts) <= Decimal("0.1")
    assert parts == sorted(parts, reverse=True)


def test_working_days_go_both_ways_over_weekends():
    friday = dt.date(2030, 5, 3)
    assert friday.weekday() == 4
    assert add_working_days(friday, 1) == dt.date(2030, 5, 6)  # Monday
    assert add_working_days(friday, 3) == dt.date(2030, 5, 8)
    assert add_working_days(dt.date(2030, 5, 6), -1) == friday
    assert add_working_days(friday, 0) == friday
