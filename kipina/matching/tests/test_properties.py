"""Properties over random needs and candidates: rank() keeps to violations() and to its order."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kipina.matching import (
    Candidate,
    DeliveryMode,
    MonthBudget,
    Need,
    Period,
    ServiceScope,
    Weights,
    free_time,
    rank,
    violations,
)

# Small worlds, so that hard rules both pass and fail often.
DAY_ZERO = date(2026, 9, 1)
DAYS = 180  # September 2026 – February 2027
MONTHS = [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)]
MONTHS += [date(2027, 1, 1), date(2027, 2, 1)]
UNIT_PATHS = [(), (1,), (1, 2), (1, 2, 3), (1, 2, 4), (1, 5), (1, 5, 6), (7,)]
codes = st.frozensets(st.sampled_from("abc"))
days = st.integers(0, DAYS).map(lambda offset: DAY_ZERO + timedelta(days=offset))
hours = st.integers(0, 40).map(lambda quarters: quarters / 4)


@st.composite
def periods(draw):
    start, end = sorted((draw(days), draw(days)))
    return Period(start, end)


@st.composite
def needs(draw):
    earliest, latest = sorted((draw(days), draw(days)))
    return Need(
        service_id=1,
        required_skills=draw(codes),
        eligible_roles=draw(codes),
        required_trainings=draw(codes),
        hours=draw(hours),
        team_id=draw(st.sampled_from((None, 1, 2))),
        unit_path=draw(st.sampled_from(UNIT_PATHS)),
        language=draw(st.sampled_from((None, "fi", "sv"))),
        onsite=draw(st.booleans()),
        earliest=earliest,
        latest=latest,
    )


@st.composite
def candidates(draw, person_id):
    chosen = draw(st.lists(st.sampled_from(MONTHS), unique=True))
    months = tuple(
        MonthBudget(month, draw(hours), draw(hours)) for month in draw(st.permutations(chosen))
    )
    return Candidate(
        id=person_id,
        team_id=draw(st.sampled_from((None, 1, 2))),
        unit_path=draw(st.sampled_from(UNIT_PATHS)),
        skills=draw(codes),
        roles=draw(codes),
        trainings=draw(codes),
        languages=draw(st.frozensets(st.sampled_from(("fi", "sv", "en")))),
        scope=draw(st.sampled_from(ServiceScope)),
        mode=draw(st.sampled_from(DeliveryMode)),
        allocations=tuple(draw(st.lists(periods(), max_size=2))),
        months=months,
        unavailable=tuple(draw(st.lists(periods(), max_size=2))),
        load_ratio=draw(st.floats(0.0, 1.5)),
        months_since_last_order=draw(st.none() | st.floats(0.0, 12.0)),
        team_orders=draw(st.integers(0, 4)),
        service_rating=draw(st.none() | st.floats(1.0, 5.0)),
        service_ratings=draw(st.integers(0, 8)),
    )


@st.composite
def pools(draw):
    size = draw(st.integers(0, 12))
    # Ids unique but not in input order, so that id order is not input order.
    person_ids = draw(st.permutations(range(1, size + 1)))
    return [draw(candidates(person_id)) for person_id in person_ids]


weights = st.builds(Weights, *[st.floats(0.0, 5.0)] * 6)


@settings(max_examples=150, deadline=None)
@given(need=needs(), people=pools(), weights=weights)
def test_rank_suggests_exactly_the_eligible_best_first(need, people, weights):
    suggestions = rank(need, people, weights=weights, limit=len(people))
    by_id = {person.id: person for person in people}

    eligible = {person.id for person in people if not violations(need, person)}
    assert {s.candidate_id for s in suggestions} == eligible
    assert len(suggestions) == len(eligible)

    keys = [(-s.score, s.candidate_id) for s in suggestions]
    assert keys == sorted(keys)

    for suggestion in suggestions:
        person = by_id[suggestion.candidate_id]
        assert (suggestion.month, suggestion.free_hours) == free_time(need, person)
        assert suggestion.free_hours >= need.hours - 1e-6
        assert sum(r.points for r in suggestion.reasons) == pytest.approx(suggestion.score)
        assert suggestion.reasons[0].points >= 0


@settings(max_examples=75, deadline=None)
@given(need=needs(), people=pools(), limit=st.integers(0, 5))
def test_a_smaller_limit_is_a_prefix(need, people, limit):
    assert rank(need, people, limit=limit) == rank(need, people, limit=len(people))[:limit]


@settings(max_examples=75, deadline=None)
@given(need=needs(), people=pools())
def test_violations_are_named_once_each_in_the_documented_order(need, people):
    order = [
        "no_allocation",
        "unavailable",
        "missing_skill",
        "missing_role",
        "missing_training",
        "out_of_scope",
        "delivery_mode",
        "not_enough_hours",
    ]
    for person in people:
        found = [violation.code for violation in violations(need, person)]
        assert found == sorted(found, key=order.index)
        assert len(set(found)) == len(found)
        assert not ({"no_allocation", "unavailable"} <= set(found))
