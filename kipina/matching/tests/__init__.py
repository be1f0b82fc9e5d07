"""Tests of kipina.matching, and the builders they share.

`need()` and `candidate()` make an order and a support person who fit without anything special:
the window is November–December 2026; the candidate has the one required skill, a year's
allocation and 15 free hours in both months, works in another team two steps away in the unit
tree, is half loaded, last had an order three months ago and has no ratings and no language in
common with the order. A test overrides only what it is about.
"""

from datetime import date

from kipina.matching import Candidate, DeliveryMode, MonthBudget, Need, Period, ServiceScope

NOVEMBER = date(2026, 11, 1)
DECEMBER = date(2026, 12, 1)
WINDOW_END = date(2026, 12, 31)
YEAR_2026 = Period(date(2026, 1, 1), date(2026, 12, 31))

NEED_TEAM = 10
NEED_UNIT = (1, 5, 17)


def need(**overrides: object) -> Need:
    fields: dict[str, object] = {
        "service_id": 1,
        "required_skills": frozenset({"lean_tools"}),
        "eligible_roles": frozenset(),
        "hours": 6.0,
        "team_id": NEED_TEAM,
        "unit_path": NEED_UNIT,
        "language": "fi",
        "onsite": True,
        "earliest": NOVEMBER,
        "latest": WINDOW_END,
    }
    fields.update(overrides)
    return Need(**fields)  # type: ignore[arg-type]


def budgets(*months: tuple[date, float, float]) -> tuple[MonthBudget, ...]:
    """(month, budget hours, booked hours) → MonthBudgets."""
    return tuple(MonthBudget(month, budget, booked) for month, budget, booked in months)


def candidate(id: int = 1, **overrides: object) -> Candidate:
    fields: dict[str, object] = {
        "id": id,
        "team_id": 20,
        "unit_path": (1, 5, 18),
        "skills": frozenset({"lean_tools"}),
        "roles": frozenset({"agent"}),
        "languages": frozenset(),
        "scope": ServiceScope.ORGANISATION,
        "mode": DeliveryMode.BOTH,
        "allocations": (YEAR_2026,),
        "months": budgets((NOVEMBER, 15.0, 0.0), (DECEMBER, 15.0, 0.0)),
        "unavailable": (),
        "load_ratio": 0.5,
        "months_since_last_order": 3.0,
        "team_orders": 0,
        "service_rating": None,
        "service_ratings": 0,
    }
    fields.update(overrides)
    return Candidate(**fields)  # type: ignore[arg-type]
