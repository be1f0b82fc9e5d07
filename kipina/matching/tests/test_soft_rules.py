"""Soft rules: each moves the ranking the expected way, explains itself, and weight 0 stops it."""

import dataclasses

import pytest

from kipina.matching import (
    DEFAULT_WEIGHTS,
    Candidate,
    Reason,
    ReasonCode,
    Suggestion,
    Weights,
    rank,
)
from kipina.matching.scoring import unit_distance
from kipina.matching.tests import NEED_TEAM, NEED_UNIT, NOVEMBER, candidate, need


def order_of(
    *candidates: Candidate, weights: Weights = DEFAULT_WEIGHTS, **need_fields: object
) -> list[int]:
    return [s.candidate_id for s in rank(need(**need_fields), candidates, weights=weights)]


def suggestion_for(
    person: Candidate, weights: Weights = DEFAULT_WEIGHTS, **need_fields: object
) -> Suggestion:
    (suggestion,) = rank(need(**need_fields), [person], weights=weights)
    return suggestion


def reason(suggestion: Suggestion, code: str) -> Reason:
    (found,) = [r for r in suggestion.reasons if r.code == code]
    return found


def codes(suggestion: Suggestion) -> list[str]:
    return [r.code for r in suggestion.reasons]


# --- proximity ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ((1, 5, 17), (1, 5, 17), 0),
        ((1, 5, 17), (1, 5), 1),
        ((1, 5), (1, 5, 17), 1),
        ((1, 5, 17), (1, 5, 18), 2),
        ((1, 5, 17), (1, 6, 30, 31), 5),
        ((1, 5, 17), (2, 5, 17), 6),  # another tree: nothing in common
        ((), (1, 5), 2),
    ],
)
def test_unit_distance(a, b, distance):
    assert unit_distance(a, b) == distance


def test_same_team_beats_same_unit_beats_nearby_unit_beats_far_unit():
    far = candidate(id=1, team_id=40, unit_path=(1, 9, 30, 31))
    nearby = candidate(id=2, team_id=30, unit_path=(1, 5, 18))
    same_unit = candidate(id=3, team_id=11, unit_path=NEED_UNIT)
    same_team = candidate(id=4, team_id=NEED_TEAM, unit_path=NEED_UNIT)
    assert order_of(far, nearby, same_unit, same_team) == [4, 3, 2, 1]


def test_proximity_reasons():
    same_team = suggestion_for(candidate(team_id=NEED_TEAM, unit_path=NEED_UNIT))
    assert reason(same_team, "same_team").points == DEFAULT_WEIGHTS.proximity
    same_unit = suggestion_for(candidate(team_id=11, unit_path=NEED_UNIT))
    assert 0 < reason(same_unit, "same_unit").points < DEFAULT_WEIGHTS.proximity
    far = suggestion_for(candidate(unit_path=(1, 5, 18)))
    assert reason(far, "unit_distance").params == {"distance": 2}
    assert 0 < reason(far, "unit_distance").points < reason(same_unit, "same_unit").points


def test_a_need_without_team_still_prefers_the_same_unit():
    same_unit = candidate(id=1, team_id=11, unit_path=NEED_UNIT)
    far = candidate(id=2, unit_path=(1, 5, 18))
    assert order_of(far, same_unit, team_id=None) == [1, 2]
    assert "same_team" not in codes(suggestion_for(candidate(team_id=None), team_id=None))


# --- fair spread -------------------------------------------------------------------------------


def test_lower_load_ranks_higher():
    busy = candidate(id=1, load_ratio=0.9)
    idle = candidate(id=2, load_ratio=0.0)
    half = candidate(id=3, load_ratio=0.5)
    assert order_of(busy, idle, half) == [2, 3, 1]
    assert reason(suggestion_for(idle), "low_load").points == DEFAULT_WEIGHTS.load


def test_overloaded_gets_nothing_for_load():
    for load_ratio in (1.0, 1.7):
        assert "low_load" not in codes(suggestion_for(candidate(load_ratio=load_ratio)))


def test_the_longer_without_an_order_the_higher():
    recent = candidate(id=1, months_since_last_order=0.5)
    never = candidate(id=2, months_since_last_order=None)
    while_ago = candidate(id=3, months_since_last_order=4.0)
    assert order_of(recent, never, while_ago) == [2, 3, 1]


def test_waiting_reasons():
    never = suggestion_for(candidate(months_since_last_order=None))
    assert reason(never, "never_assigned").points == DEFAULT_WEIGHTS.starvation
    long_ago = suggestion_for(candidate(months_since_last_order=12.0))
    assert reason(long_ago, "not_recently_assigned").points == DEFAULT_WEIGHTS.starvation
    assert reason(long_ago, "not_recently_assigned").params == {"months": 12.0}
    just_now = suggestion_for(candidate(months_since_last_order=0.0))
    assert "not_recently_assigned" not in codes(just_now)


# --- continuity, language, feedback ------------------------------------------------------------


def test_having_helped_the_team_before_ranks_higher_with_diminishing_returns():
    assert order_of(candidate(id=1), candidate(id=2, team_orders=1)) == [2, 1]
    assert order_of(candidate(id=1, team_orders=1), candidate(id=2, team_orders=3)) == [2, 1]
    points = [
        reason(suggestion_for(candidate(team_orders=n)), "helped_team_before").points
        for n in (1, 2, 3)
    ]
    assert points[0] > points[1] - points[0] > points[2] - points[1] > 0
    assert points[2] < DEFAULT_WEIGHTS.continuity
    helped = suggestion_for(candidate(team_orders=2))
    assert reason(helped, "helped_team_before").params == {"orders": 2}


def test_speaking_the_language_ranks_higher():
    finnish = candidate(id=2, languages=frozenset({"fi", "en"}))
    swedish = candidate(id=1, languages=frozenset({"sv"}))
    assert order_of(swedish, finnish, language="fi") == [2, 1]
    assert order_of(swedish, finnish, language="sv") == [1, 2]
    assert reason(suggestion_for(finnish), "language").params == {"language": "fi"}


def test_no_language_asked_gives_nobody_language_points():
    finnish, silent = candidate(id=2, languages=frozenset({"fi"})), candidate(id=1)
    assert order_of(finnish, silent, language=None) == [1, 2]
    assert "language" not in codes(suggestion_for(finnish, language=None))


def test_good_feedback_ranks_higher_and_poor_lower():
    good = candidate(id=3, service_rating=4.8, service_ratings=6)
    unrated = candidate(id=1)
    poor = candidate(id=2, service_rating=1.5, service_ratings=6)
    assert order_of(poor, unrated, good) == [3, 1, 2]
    assert reason(suggestion_for(good), "good_feedback").params == {"rating": 4.8, "ratings": 6}
    poor_reason = reason(suggestion_for(poor), "poor_feedback")
    assert poor_reason.points < 0


def test_few_ratings_count_less_than_many():
    one = candidate(id=1, service_rating=5.0, service_ratings=1)
    many = candidate(id=2, service_rating=5.0, service_ratings=12)
    assert order_of(one, many) == [2, 1]
    one_points = reason(suggestion_for(one), "good_feedback").points
    many_points = reason(suggestion_for(many), "good_feedback").points
    assert 0 < one_points < many_points < DEFAULT_WEIGHTS.feedback


def test_an_average_rating_or_none_gives_no_feedback_line():
    for person in (
        candidate(service_rating=3.0, service_ratings=5),
        candidate(service_rating=None, service_ratings=0),
        candidate(service_rating=4.0, service_ratings=0),
    ):
        assert not {"good_feedback", "poor_feedback"} & set(codes(suggestion_for(person)))


# --- weights -----------------------------------------------------------------------------------

# For each rule: a candidate the rule favours over the default one, and the reason it gives.
FAVOURED: dict[str, tuple[dict[str, object], str]] = {
    "proximity": ({"team_id": NEED_TEAM, "unit_path": NEED_UNIT}, "same_team"),
    "load": ({"load_ratio": 0.1}, "low_load"),
    "starvation": ({"months_since_last_order": None}, "never_assigned"),
    "continuity": ({"team_orders": 2}, "helped_team_before"),
    "language": ({"languages": frozenset({"fi"})}, "language"),
    "feedback": ({"service_rating": 5.0, "service_ratings": 4}, "good_feedback"),
}


@pytest.mark.parametrize("rule", sorted(FAVOURED))
def test_weight_zero_switches_a_rule_off(rule):
    fields, code = FAVOURED[rule]
    # The favoured candidate has the higher id, so only the rule can put them first.
    plain, favoured = candidate(id=1), candidate(id=2, **fields)
    assert order_of(plain, favoured) == [2, 1]
    assert code in codes(suggestion_for(favoured))

    off = dataclasses.replace(DEFAULT_WEIGHTS, **{rule: 0.0})
    assert order_of(plain, favoured, weights=off) == [1, 2]
    assert code not in codes(suggestion_for(favoured, weights=off))


def test_weights_scale_the_points():
    double = Weights(
        **{f.name: 2 * getattr(DEFAULT_WEIGHTS, f.name) for f in dataclasses.fields(Weights)}
    )
    person = candidate(
        team_orders=1, service_rating=4.0, service_ratings=3, languages=frozenset({"fi"})
    )
    assert suggestion_for(person, weights=double).score == pytest.approx(
        2 * suggestion_for(person).score
    )


def test_all_weights_zero_leaves_the_order_to_the_ids():
    nothing = Weights(0, 0, 0, 0, 0, 0)
    people = [
        candidate(id=3, team_id=NEED_TEAM, unit_path=NEED_UNIT),
        candidate(id=1, load_ratio=1.0, months_since_last_order=0.0),
        candidate(id=2, service_rating=5.0, service_ratings=9),
    ]
    suggestions = rank(need(), people, weights=nothing)
    assert [s.candidate_id for s in suggestions] == [1, 2, 3]
    assert {s.score for s in suggestions} == {0.0}


# --- the breakdown -----------------------------------------------------------------------------


def test_reasons_lead_with_the_strongest_rule_then_skills_and_free_hours():
    person = candidate(
        team_id=11,
        unit_path=NEED_UNIT,
        load_ratio=0.8,
        months_since_last_order=1.5,
        languages=frozenset({"fi"}),
        service_rating=2.0,
        service_ratings=3,
    )
    skills = frozenset({"lean_tools", "facilitation"})
    suggestion = suggestion_for(dataclasses.replace(person, skills=skills), required_skills=skills)
    assert codes(suggestion) == [
        "same_unit",  # 3.0 × 0.7 = 2.1
        "skill",
        "free_hours",
        "language",  # 1.0
        "low_load",  # 3.0 × 0.2 = 0.6
        "not_recently_assigned",  # 2.0 × 1.5 / 6 = 0.5
        "poor_feedback",  # negative, last
    ]
    assert reason(suggestion, "skill").params == {"skills": ("facilitation", "lean_tools")}
    assert reason(suggestion, "skill").points == 0
    free = reason(suggestion, "free_hours")
    assert (free.points, free.params) == (0, {"hours": 15.0, "month": NOVEMBER})


def test_the_points_of_the_reasons_add_up_to_the_score():
    person = candidate(
        load_ratio=0.3,
        months_since_last_order=2.0,
        team_orders=1,
        languages=frozenset({"fi"}),
        service_rating=4.2,
        service_ratings=5,
    )
    suggestion = suggestion_for(person)
    assert sum(r.points for r in suggestion.reasons) == pytest.approx(suggestion.score)


def test_no_skill_line_when_no_skill_is_required():
    suggestion = suggestion_for(candidate(), required_skills=frozenset())
    assert "skill" not in codes(suggestion)
    assert "free_hours" in codes(suggestion)


def test_every_reason_code_is_documented_and_in_use():
    people = [
        candidate(id=1, team_id=NEED_TEAM, unit_path=NEED_UNIT, months_since_last_order=None),
        candidate(id=2, unit_path=NEED_UNIT, team_orders=1, languages=frozenset({"fi"})),
        candidate(id=3, service_rating=4.5, service_ratings=2),
        candidate(id=4, service_rating=1.5, service_ratings=2),
    ]
    used = {r.code for s in rank(need(), people) for r in s.reasons}
    assert used == set(ReasonCode)
