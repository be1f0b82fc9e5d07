"""rank() as a whole: order, ties, limit, the lazy time checks, and fairness over many orders."""

import dataclasses
import random
from collections import Counter
from collections.abc import Iterable

import pytest

from kipina.matching import (
    DEFAULT_WEIGHTS,
    Candidate,
    MonthBudget,
    Suggestion,
    Weights,
    free_time,
    rank,
)
from kipina.matching.ranking import best_first
from kipina.matching.tests import (
    DECEMBER,
    NEED_TEAM,
    NEED_UNIT,
    NOVEMBER,
    budgets,
    candidate,
    need,
)


def ids(suggestions: Iterable[Suggestion]) -> list[int]:
    return [suggestion.candidate_id for suggestion in suggestions]


def varied_people(count: int, seed: int = 7) -> list[Candidate]:
    rng = random.Random(seed)
    return [
        candidate(
            id=person_id,
            team_id=rng.choice((NEED_TEAM, 11, 20, 30)),
            unit_path=rng.choice((NEED_UNIT, (1, 5), (1, 5, 18), (1, 9, 30))),
            load_ratio=rng.choice((0.0, 0.25, 0.5, 1.0)),
            months_since_last_order=rng.choice((None, 0.0, 2.0, 6.0)),
            team_orders=rng.choice((0, 0, 1)),
            languages=rng.choice((frozenset(), frozenset({"fi"}))),
            service_rating=rng.choice((None, 2.0, 4.0)),
            service_ratings=rng.randint(0, 5),
            months=budgets(
                (NOVEMBER, 15.0, rng.choice((0.0, 5.0, 9.0))),
                (DECEMBER, 15.0, rng.choice((0.0, 5.0, 9.0))),
            ),
        )
        for person_id in range(1, count + 1)
    ]


def test_best_first_by_score():
    people = varied_people(40)
    suggestions = rank(need(), people, limit=40)
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) > 10  # the people do differ


def test_equal_scores_go_by_id_whatever_the_input_order():
    twins = [candidate(id=person_id) for person_id in (5, 3, 9, 1, 7)]
    assert ids(rank(need(), twins)) == [1, 3, 5, 7, 9]
    assert ids(rank(need(), reversed(twins))) == [1, 3, 5, 7, 9]


def test_the_same_input_in_any_order_gives_the_same_suggestions():
    people = varied_people(60)
    expected = rank(need(), people)
    for seed in range(5):
        shuffled = people[:]
        random.Random(seed).shuffle(shuffled)
        assert rank(need(), shuffled) == expected


@pytest.mark.parametrize(("limit", "expected"), [(0, 0), (1, 1), (10, 10), (25, 25), (100, 25)])
def test_limit(limit, expected):
    people = varied_people(25)
    suggestions = rank(need(), people, limit=limit)
    assert len(suggestions) == expected
    assert suggestions == rank(need(), people, limit=100)[:expected]


def test_default_limit_is_ten():
    assert len(rank(need(), varied_people(25))) == 10


def test_candidates_may_come_from_a_generator():
    people = varied_people(15)
    assert rank(need(), (person for person in people)) == rank(need(), people)


def test_empty_input():
    assert rank(need(), []) == []


def test_a_suggestion_carries_the_best_month_and_its_free_hours():
    person = candidate(months=budgets((NOVEMBER, 15.0, 9.0), (DECEMBER, 15.0, 3.5)))
    (suggestion,) = rank(need(), [person])
    assert (
        (suggestion.month, suggestion.free_hours) == (DECEMBER, 11.5) == free_time(need(), person)
    )


def test_top_scored_without_time_are_passed_over_for_the_next_ones():
    # The 30 best scored have no hours left; the next 15 do, and come in their own order.
    booked_full = budgets((NOVEMBER, 15.0, 15.0), (DECEMBER, 15.0, 15.0))
    best_but_busy = [
        candidate(id=person_id, team_id=NEED_TEAM, unit_path=NEED_UNIT, months=booked_full)
        for person_id in range(1, 31)
    ]
    others = [candidate(id=person_id, load_ratio=person_id / 100) for person_id in range(31, 46)]
    suggestions = rank(need(), [*best_but_busy, *others], limit=12)
    assert ids(suggestions) == list(range(31, 43))


def test_best_first_matches_a_full_sort():
    rng = random.Random(3)
    for size in (0, 1, 5, 37, 400):
        people = [candidate(id=rng.randint(1, 10_000)) for _ in range(size)]
        scores = [float(rng.randint(0, 20)) for _ in range(size)]  # many ties
        expected = sorted(range(size), key=lambda p: (-scores[p], people[p].id))
        for first_batch in (1, 3, 20):
            got = list(best_first(scores, people, first_batch=first_batch))
            assert [(scores[p], people[p].id) for p in got] == [
                (scores[p], people[p].id) for p in expected
            ]
            assert sorted(got) == list(range(size))


# --- fairness over a sequence of orders --------------------------------------------------------


def assign_in_turn(
    people: Iterable[Candidate],
    *,
    orders: int = 30,
    hours: float = 3.0,
    months_between: float = 0.25,
    weights: Weights = DEFAULT_WEIGHTS,
) -> Counter[int]:
    """Give each order to the top suggestion and update the winner as the orders app would."""
    pool = {person.id: person for person in people}
    assigned = Counter({person_id: 0 for person_id in pool})
    for _ in range(orders):
        (top,) = rank(need(hours=hours), pool.values(), weights=weights, limit=1)
        winner = pool[top.candidate_id]
        months = tuple(
            MonthBudget(m.month, m.budget_hours, m.booked_hours + hours)
            if m.month == top.month
            else m
            for m in winner.months
        )
        load_ratio = sum(m.booked_hours for m in months) / sum(m.budget_hours for m in months)
        pool[winner.id] = dataclasses.replace(
            winner, months=months, load_ratio=load_ratio, months_since_last_order=0.0
        )
        assigned[winner.id] += 1
        for person_id, person in pool.items():
            if person.months_since_last_order is not None:
                pool[person_id] = dataclasses.replace(
                    person, months_since_last_order=person.months_since_last_order + months_between
                )
    return assigned


def fresh(person_id: int, **fields: object) -> Candidate:
    return candidate(
        id=person_id,
        load_ratio=0.0,
        months_since_last_order=None,
        months=budgets((NOVEMBER, 30.0, 0.0), (DECEMBER, 30.0, 0.0)),
        **fields,
    )


def test_orders_spread_evenly_over_equal_candidates():
    assigned = assign_in_turn([fresh(person_id) for person_id in range(1, 6)])
    assert sum(assigned.values()) == 30
    assert max(assigned.values()) - min(assigned.values()) <= 1


def test_without_the_fairness_rules_the_same_few_get_everything():
    # The check above can fail: with load and waiting switched off, the lowest id takes orders
    # until their hours run out.
    unfair = Weights(**{**dataclasses.asdict(DEFAULT_WEIGHTS), "load": 0.0, "starvation": 0.0})
    assigned = assign_in_turn([fresh(person_id) for person_id in range(1, 6)], weights=unfair)
    assert assigned[1] == 20
    assert assigned[5] == 0


def test_a_close_colleague_gets_more_but_nobody_is_left_out():
    close = fresh(1, team_id=NEED_TEAM, unit_path=NEED_UNIT)
    far = [fresh(person_id, unit_path=(1, 9, 30)) for person_id in range(2, 6)]
    assigned = assign_in_turn([close, *far])
    assert min(assigned.values()) >= 1
    assert assigned[1] == max(assigned.values())
    far_counts = [assigned[person_id] for person_id in range(2, 6)]
    assert max(far_counts) - min(far_counts) <= 1
