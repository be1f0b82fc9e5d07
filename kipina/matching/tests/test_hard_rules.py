"""Hard rules: each one keeps a candidate out of rank() and violations() names it."""

from datetime import date

import pytest

from kipina.matching import (
    Candidate,
    DeliveryMode,
    MonthBudget,
    Need,
    Period,
    ServiceScope,
    Violation,
    ViolationCode,
    free_time,
    rank,
    violations,
)
from kipina.matching.tests import (
    DECEMBER,
    NEED_TEAM,
    NOVEMBER,
    WINDOW_END,
    budgets,
    candidate,
    need,
)

WINDOW = {"earliest": NOVEMBER, "latest": WINDOW_END}


def ranked_ids(order: Need, *candidates: Candidate) -> list[int]:
    return [suggestion.candidate_id for suggestion in rank(order, candidates)]


def assert_only_violation(
    order: Need, person: Candidate, violation: Violation, **colleague: object
) -> None:
    assert violations(order, person) == (violation,)
    # Beside an eligible colleague, only the colleague is suggested.
    eligible = candidate(id=99, **colleague)
    assert violations(order, eligible) == ()
    assert ranked_ids(order, person, eligible) == [99]


def test_the_default_candidate_is_eligible():
    assert violations(need(), candidate()) == ()
    assert ranked_ids(need(), candidate()) == [1]


# --- allocation and availability ---------------------------------------------------------------


def test_no_allocation_in_the_window():
    person = candidate(allocations=(Period(date(2026, 1, 1), date(2026, 10, 31)),))
    assert_only_violation(need(), person, Violation(ViolationCode.NO_ALLOCATION, WINDOW))


def test_no_allocation_at_all():
    assert_only_violation(
        need(), candidate(allocations=()), Violation(ViolationCode.NO_ALLOCATION, WINDOW)
    )


@pytest.mark.parametrize(
    ("period", "month"),
    [
        (Period(date(2026, 1, 1), NOVEMBER), NOVEMBER),  # ends on the window's first day
        (Period(WINDOW_END, date(2027, 6, 30)), DECEMBER),  # starts on its last day
    ],
)
def test_an_allocation_touching_the_window_on_one_day_is_enough(period, month):
    person = candidate(allocations=(period,))
    assert violations(need(), person) == ()
    assert free_time(need(), person) == (month, 15.0)
    assert ranked_ids(need(), person) == [1]


def test_unavailable_over_the_whole_allocated_part_of_the_window():
    # Allocated 1–30 November only; away from late October to the end of November.
    person = candidate(
        allocations=(Period(date(2026, 9, 1), date(2026, 11, 30)),),
        unavailable=(Period(date(2026, 10, 20), date(2026, 11, 30)),),
    )
    assert_only_violation(need(), person, Violation(ViolationCode.UNAVAILABLE, WINDOW))


def test_unavailable_in_pieces_that_together_cover_the_window():
    person = candidate(
        unavailable=(
            Period(date(2026, 12, 10), date(2027, 1, 31)),
            Period(date(2026, 10, 1), date(2026, 12, 9)),
        )
    )
    assert_only_violation(need(), person, Violation(ViolationCode.UNAVAILABLE, WINDOW))


@pytest.mark.parametrize(
    ("allocated", "away"),
    [
        # Allocated only on the window's first day, away until that day.
        (Period(date(2026, 1, 1), NOVEMBER), Period(date(2026, 10, 1), NOVEMBER)),
        # Allocated only on its last day, away from that day on.
        (Period(WINDOW_END, date(2027, 6, 30)), Period(WINDOW_END, date(2027, 1, 10))),
    ],
)
def test_unavailable_on_the_one_allocated_day(allocated, away):
    person = candidate(allocations=(allocated,), unavailable=(away,))
    assert_only_violation(need(), person, Violation(ViolationCode.UNAVAILABLE, WINDOW))


def test_one_available_allocated_day_is_enough():
    person = candidate(
        allocations=(Period(date(2026, 9, 1), date(2026, 11, 30)),),
        unavailable=(Period(date(2026, 10, 20), date(2026, 11, 29)),),
    )
    assert violations(need(), person) == ()
    assert free_time(need(), person) == (NOVEMBER, 15.0)


def test_absence_outside_the_allocated_part_does_not_count():
    # Away all of December, but allocated only in November: November is free.
    person = candidate(
        allocations=(Period(date(2026, 1, 1), date(2026, 11, 30)),),
        unavailable=(Period(DECEMBER, WINDOW_END),),
    )
    assert violations(need(), person) == ()


# --- skills, roles, trainings ------------------------------------------------------------------


def test_missing_skills_are_named_sorted():
    order = need(required_skills=frozenset({"lean_tools", "facilitation", "coaching"}))
    person = candidate(skills=frozenset({"facilitation", "python"}))
    assert_only_violation(
        order,
        person,
        Violation(ViolationCode.MISSING_SKILL, {"skills": ("coaching", "lean_tools")}),
        skills=frozenset({"lean_tools", "facilitation", "coaching"}),
    )


def test_no_required_skill_means_anyone():
    assert violations(need(required_skills=frozenset()), candidate(skills=frozenset())) == ()


def test_missing_role():
    order = need(eligible_roles=frozenset({"learning_coach", "learning_agent"}))
    person = candidate(roles=frozenset({"work_culture_hacker"}))
    assert_only_violation(
        order,
        person,
        Violation(ViolationCode.MISSING_ROLE, {"roles": ("learning_agent", "learning_coach")}),
        roles=frozenset({"learning_coach"}),
    )


def test_one_eligible_role_is_enough_and_no_roles_listed_means_any():
    order = need(eligible_roles=frozenset({"learning_coach", "learning_agent"}))
    assert violations(order, candidate(roles=frozenset({"learning_agent", "x"}))) == ()
    assert violations(need(eligible_roles=frozenset()), candidate(roles=frozenset())) == ()


def test_missing_training():
    order = need(required_trainings=frozenset({"basics", "facilitation"}))
    person = candidate(trainings=frozenset({"basics"}))
    assert_only_violation(
        order,
        person,
        Violation(ViolationCode.MISSING_TRAINING, {"trainings": ("facilitation",)}),
        trainings=frozenset({"basics", "facilitation"}),
    )
    assert violations(order, candidate(trainings=frozenset({"basics", "facilitation"}))) == ()


# --- scope and delivery mode -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scope", "team_id", "unit_path", "need_team", "serves"),
    [
        (ServiceScope.OWN_TEAM, NEED_TEAM, (1, 5, 17), NEED_TEAM, True),
        (ServiceScope.OWN_TEAM, 11, (1, 5, 17), NEED_TEAM, False),  # same unit, other team
        (ServiceScope.OWN_TEAM, None, (1, 5, 17), None, False),  # no team on either side
        (ServiceScope.OWN_UNIT, 11, (1, 5, 17), NEED_TEAM, True),  # the same unit
        (ServiceScope.OWN_UNIT, 11, (1, 5), NEED_TEAM, True),  # the parent: its subtree
        (ServiceScope.OWN_UNIT, 11, (1,), NEED_TEAM, True),  # the root
        (ServiceScope.OWN_UNIT, 11, (1, 5, 18), NEED_TEAM, False),  # a sibling
        (ServiceScope.OWN_UNIT, 11, (1, 5, 17, 40), NEED_TEAM, False),  # a subunit of the need's
        (ServiceScope.OWN_UNIT, 11, (2, 5, 17), NEED_TEAM, False),  # same ids, other tree
        (ServiceScope.OWN_UNIT, 11, (), NEED_TEAM, False),  # no unit: serves nobody
        (ServiceScope.ORGANISATION, 99, (7, 8), NEED_TEAM, True),
    ],
)
def test_scope(scope, team_id, unit_path, need_team, serves):
    order = need(team_id=need_team, unit_path=(1, 5, 17))
    person = candidate(scope=scope, team_id=team_id, unit_path=unit_path)
    if serves:
        assert violations(order, person) == ()
        assert ranked_ids(order, person) == [1]
    else:
        assert_only_violation(
            order, person, Violation(ViolationCode.OUT_OF_SCOPE, {"scope": scope})
        )


@pytest.mark.parametrize(
    ("onsite", "mode", "delivers"),
    [
        (True, DeliveryMode.ONSITE, True),
        (True, DeliveryMode.BOTH, True),
        (True, DeliveryMode.REMOTE, False),
        (False, DeliveryMode.REMOTE, True),
        (False, DeliveryMode.BOTH, True),
        (False, DeliveryMode.ONSITE, False),
    ],
)
def test_delivery_mode(onsite, mode, delivers):
    order, person = need(onsite=onsite), candidate(mode=mode)
    if delivers:
        assert violations(order, person) == ()
    else:
        assert_only_violation(
            order, person, Violation(ViolationCode.DELIVERY_MODE, {"mode": mode, "onsite": onsite})
        )


# --- hours -------------------------------------------------------------------------------------


def test_exactly_enough_hours():
    person = candidate(months=budgets((NOVEMBER, 10.0, 4.0), (DECEMBER, 10.0, 10.0)))
    assert violations(need(hours=6.0), person) == ()
    assert free_time(need(), person) == (NOVEMBER, 6.0)


def test_exactly_enough_hours_survives_float_rounding():
    # 5.0 − 3.2 is 1.8 on paper but a hair less in binary floating point.
    person = candidate(months=budgets((NOVEMBER, 5.0, 3.2)))
    assert 5.0 - 3.2 < 1.8
    assert violations(need(hours=1.8), person) == ()


def test_not_enough_hours_names_the_best_month():
    person = candidate(months=budgets((NOVEMBER, 10.0, 5.0), (DECEMBER, 10.0, 4.1)))
    (violation,) = violations(need(hours=6.0), person)
    assert violation.code == ViolationCode.NOT_ENOUGH_HOURS
    assert violation.params == {"hours": pytest.approx(5.9), "needed": 6.0, "month": DECEMBER}
    assert ranked_ids(need(hours=6.0), person) == []


def test_the_hours_must_fit_in_one_month():
    # 4 + 4 free hours in the window, but 6 needed within one month.
    person = candidate(months=budgets((NOVEMBER, 10.0, 6.0), (DECEMBER, 10.0, 6.0)))
    assert [v.code for v in violations(need(hours=6.0), person)] == ["not_enough_hours"]


def test_hours_outside_the_window_do_not_count():
    person = candidate(
        months=budgets(
            (date(2026, 10, 1), 15.0, 0.0),
            (NOVEMBER, 10.0, 8.0),
            (DECEMBER, 10.0, 8.0),
            (date(2027, 1, 1), 15.0, 0.0),
        ),
        allocations=(Period(date(2026, 1, 1), date(2027, 12, 31)),),
    )
    (violation,) = violations(need(hours=6.0), person)
    assert violation.code == "not_enough_hours"
    assert violation.params["hours"] == pytest.approx(2.0)


def test_hours_in_a_month_without_an_available_day_do_not_count():
    # Free hours only in December, and away all December.
    person = candidate(
        months=budgets((NOVEMBER, 10.0, 9.0), (DECEMBER, 15.0, 0.0)),
        unavailable=(Period(DECEMBER, date(2027, 1, 6)),),
    )
    (violation,) = violations(need(hours=6.0), person)
    assert violation.code == "not_enough_hours"
    assert violation.params == {"hours": pytest.approx(1.0), "needed": 6.0, "month": NOVEMBER}


def test_no_budget_in_the_window():
    person = candidate(months=budgets((date(2026, 10, 1), 15.0, 0.0)))
    assert violations(need(), person) == (
        Violation(ViolationCode.NOT_ENOUGH_HOURS, {"hours": 0.0, "needed": 6.0, "month": None}),
    )
    assert free_time(need(), person) is None


def test_overbooked_reports_zero_free_hours():
    person = candidate(months=budgets((NOVEMBER, 10.0, 12.5)))
    (violation,) = violations(need(), person)
    assert violation.params["hours"] == 0.0


# --- free_time and several rules at once -------------------------------------------------------


def test_free_time_picks_the_month_with_most_free_hours_and_the_earliest_on_a_tie():
    more_in_december = candidate(months=budgets((NOVEMBER, 15.0, 9.0), (DECEMBER, 15.0, 2.0)))
    assert free_time(need(), more_in_december) == (DECEMBER, 13.0)
    tie = candidate(months=budgets((DECEMBER, 15.0, 5.0), (NOVEMBER, 12.0, 2.0)))
    assert free_time(need(), tie) == (NOVEMBER, 10.0)


def test_free_time_is_none_without_allocation():
    assert free_time(need(), candidate(allocations=())) is None


def test_every_broken_rule_is_named_in_order():
    order = need(
        required_skills=frozenset({"lean_tools"}),
        eligible_roles=frozenset({"coach"}),
        required_trainings=frozenset({"basics"}),
        onsite=True,
    )
    person = candidate(
        skills=frozenset(),
        roles=frozenset(),
        scope=ServiceScope.OWN_TEAM,
        mode=DeliveryMode.REMOTE,
        months=budgets((NOVEMBER, 1.0, 0.0)),
    )
    assert [violation.code for violation in violations(order, person)] == [
        "missing_skill",
        "missing_role",
        "missing_training",
        "out_of_scope",
        "delivery_mode",
        "not_enough_hours",
    ]


def test_no_allocation_is_not_also_reported_as_unavailable_or_short_of_hours():
    person = candidate(allocations=(), unavailable=(Period(NOVEMBER, WINDOW_END),))
    assert [violation.code for violation in violations(need(), person)] == ["no_allocation"]


def test_a_month_is_its_first_day():
    with pytest.raises(ValueError, match="first day"):
        MonthBudget(date(2026, 11, 15), 10.0, 0.0)
