"""rank(): the best support persons for one order, each with the reasons why.

Designed for about 10 000 candidates in a few milliseconds: the cheap hard rules about the
person (set operations, scope, delivery mode) run on everyone, every survivor gets a plain
number, and the best are taken in order a batch at a time; only they are checked against the
costlier rules about time (periods, months), and only those that pass get their reasons built.
"""

import heapq
from collections.abc import Iterable, Iterator, Sequence

from kipina.matching.eligibility import NeedContext, free_time, violations
from kipina.matching.scoring import Scorer
from kipina.matching.types import (
    DEFAULT_WEIGHTS,
    Candidate,
    Need,
    Suggestion,
    Weights,
)

__all__ = ["free_time", "rank", "violations"]


def rank(
    need: Need,
    candidates: Iterable[Candidate],
    weights: Weights = DEFAULT_WEIGHTS,
    limit: int = 10,
) -> list[Suggestion]:
    """The top `limit` eligible candidates, best first; equal scores → lower id first."""
    if limit <= 0:
        return []
    context = NeedContext(need)
    scorer = Scorer(need, weights)
    qualified = context.qualified(candidates)
    scores = scorer.scores(qualified)
    suggestions: list[Suggestion] = []
    # The rules about time (periods, months) cost more than all the rest, so they run only on
    # the best, in order, until `limit` have passed; a few fail, hence the larger first batch.
    for position in best_first(scores, qualified, first_batch=2 * limit):
        candidate = qualified[position]
        best = context.free_month(candidate)
        if best is None:
            continue
        month, free_hours = best
        suggestions.append(
            Suggestion(
                candidate_id=candidate.id,
                score=scores[position],
                reasons=scorer.reasons(candidate, month, free_hours),
                month=month,
                free_hours=free_hours,
            )
        )
        if len(suggestions) == limit:
            break
    return suggestions


def best_first(scores: list[float], candidates: list[Candidate], first_batch: int) -> Iterator[int]:
    """Positions in `scores`, highest first, equal scores by candidate id; sorted lazily.

    Each round finds the bar of the next batch with heapq.nlargest over plain floats and sorts
    only what clears it. Floats and small lists keep the garbage collector out of it: a tuple
    per candidate would set off collections that walk every candidate and show up as the slow
    tail. The first batch nearly always suffices; when it does not (many of the best lack the
    time), the batch grows eightfold a round, so that even taking everyone costs a few rounds.
    """
    rest: Sequence[int] = range(len(scores))
    batch = max(first_batch, 1)
    while rest:
        if len(rest) > batch:
            bar = heapq.nlargest(batch, map(scores.__getitem__, rest))[-1]
            taken = [position for position in rest if scores[position] >= bar]
            rest = [position for position in rest if scores[position] < bar]
        else:
            taken, rest = list(rest), ()
        # Two stable sorts on plain keys (reverse keeps stability): by id, then by score.
        taken.sort(key=lambda position: candidates[position].id)
        taken.sort(key=scores.__getitem__, reverse=True)
        yield from taken
        batch *= 8
