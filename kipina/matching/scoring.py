"""Soft rules: how well an eligible candidate fits, as points, and the breakdown behind them.

Each rule turns one fact into a share between 0 and 1 (feedback: between −1 and 1) and the
rule's weight turns the share into points (see `Weights` for the defaults and why):

    score = proximity · (1 same team | 0.7 · 0.5^distance in the unit tree)
          + load · max(0, 1 − load_ratio)
          + starvation · min(1, months since the last order / 6)     (never assigned: 1)
          + continuity · (1 − 0.5^orders delivered for this team)
          + language · (1 if the candidate speaks the need's language)
          + feedback · (rating − 3) / 2 · ratings / (ratings + 3)

`Scorer.score()` runs for every eligible candidate and builds nothing; `Scorer.reasons()` runs
only for the few returned, and gives one `Reason` per rule that scored, so the points of a
suggestion's reasons add up to its score.
"""

from kipina.matching.types import (
    Candidate,
    Month,
    Need,
    Reason,
    ReasonCode,
    Weights,
)

SAME_UNIT_SHARE = 0.7  # same unit, another team: 70 % of the proximity points
DISTANCE_DECAY = 0.5  # each step further in the unit tree halves what is left
STARVATION_FULL_MONTHS = 6.0  # months without an order after which the bonus is full
CONTINUITY_DECAY = 0.5  # each earlier order for the team closes half the remaining gap
FEEDBACK_DAMPING = 3.0  # ratings at which an average counts half


def unit_distance(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    """Steps between two units in the tree: up to the common ancestor, then down."""
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return len(a) + len(b) - 2 * common


def load_share(load_ratio: float) -> float:
    if load_ratio <= 0.0:
        return 1.0
    return 1.0 - load_ratio if load_ratio < 1.0 else 0.0


def starvation_share(months_since_last_order: float | None) -> float:
    if months_since_last_order is None or months_since_last_order >= STARVATION_FULL_MONTHS:
        return 1.0
    if months_since_last_order <= 0.0:
        return 0.0
    return months_since_last_order / STARVATION_FULL_MONTHS


def continuity_share(team_orders: int) -> float:
    if team_orders <= 0:
        return 0.0
    return 1.0 - CONTINUITY_DECAY**team_orders


def feedback_share(rating: float | None, ratings: int) -> float:
    if rating is None or ratings <= 0:
        return 0.0
    return (rating - 3.0) / 2.0 * ratings / (ratings + FEEDBACK_DAMPING)


class Scorer:
    """One need's soft rules with one set of weights."""

    __slots__ = ("_proximity_by_unit", "language", "need", "team_id", "weights")

    def __init__(self, need: Need, weights: Weights) -> None:
        self.need = need
        self.weights = weights
        self.team_id = need.team_id
        self.language = need.language
        # Many candidates share a unit: work each unit's distance out once.
        self._proximity_by_unit: dict[tuple[int, ...], float] = {}

    def proximity_share(self, candidate: Candidate) -> float:
        if self.team_id is not None and candidate.team_id == self.team_id:
            return 1.0
        share = self._proximity_by_unit.get(candidate.unit_path)
        if share is None:
            distance = unit_distance(self.need.unit_path, candidate.unit_path)
            share = SAME_UNIT_SHARE * DISTANCE_DECAY**distance
            self._proximity_by_unit[candidate.unit_path] = share
        return share

    def scores(self, candidates: list[Candidate]) -> list[float]:
        """Each candidate's score: the sum of the rules' points.

        This runs for thousands of candidates per order, so it spells the share functions above
        out, with everything it reads in locals; the tests hold it equal to the sum of the
        points of reasons(), which calls them.
        """
        weights = self.weights
        proximity, load, starvation = weights.proximity, weights.load, weights.starvation
        continuity, language, feedback = weights.continuity, weights.language, weights.feedback
        team_id, need_language = self.team_id, self.language
        proximity_by_unit = self._proximity_by_unit
        scores = []
        for candidate in candidates:
            if team_id is not None and candidate.team_id == team_id:
                total = proximity
            else:
                share = proximity_by_unit.get(candidate.unit_path)
                if share is None:
                    share = self.proximity_share(candidate)
                total = proximity * share

            load_ratio = candidate.load_ratio
            if load_ratio < 1.0:
                total += load * (1.0 - load_ratio if load_ratio > 0.0 else 1.0)

            months = candidate.months_since_last_order
            if months is None or months >= STARVATION_FULL_MONTHS:
                total += starvation
            elif months > 0.0:
                total += starvation * months / STARVATION_FULL_MONTHS

            if candidate.team_orders > 0:
                total += continuity * (1.0 - CONTINUITY_DECAY**candidate.team_orders)

            if need_language in candidate.languages:
                total += language

            rating, ratings = candidate.service_rating, candidate.service_ratings
            if rating is not None and ratings > 0:
                total += feedback * ((rating - 3.0) / 2.0 * ratings / (ratings + FEEDBACK_DAMPING))
            scores.append(total)
        return scores

    def score(self, candidate: Candidate) -> float:
        return self.scores([candidate])[0]

    def reasons(self, candidate: Candidate, month: Month, free_hours: float) -> tuple[Reason, ...]:
        """The breakdown, most important first.

        The strongest rule leads (the UI shows the first few lines), then the informative lines
        (the required skills the candidate has, their free hours), then the other rules by
        points, and last whatever counted against them.
        """
        weights = self.weights
        scored = [reason for reason in self._rule_reasons(candidate, weights) if reason.points]
        # sorted() is stable: equal points keep the rules' order.
        positive = sorted((r for r in scored if r.points > 0), key=lambda r: -r.points)
        negative = sorted((r for r in scored if r.points < 0), key=lambda r: r.points)
        informative = []
        if self.need.required_skills:
            skills = tuple(sorted(self.need.required_skills))
            informative.append(Reason(ReasonCode.SKILL, 0.0, {"skills": skills}))
        informative.append(
            Reason(ReasonCode.FREE_HOURS, 0.0, {"hours": free_hours, "month": month})
        )
        return (*positive[:1], *informative, *positive[1:], *negative)

    def _rule_reasons(self, candidate: Candidate, weights: Weights) -> list[Reason]:
        """One reason per soft rule (some with 0 points), in the order the rules are listed."""
        proximity = weights.proximity * self.proximity_share(candidate)
        if self.team_id is not None and candidate.team_id == self.team_id:
            closeness = Reason(ReasonCode.SAME_TEAM, proximity, {})
        else:
            distance = unit_distance(self.need.unit_path, candidate.unit_path)
            if distance == 0:
                closeness = Reason(ReasonCode.SAME_UNIT, proximity, {})
            else:
                closeness = Reason(ReasonCode.UNIT_DISTANCE, proximity, {"distance": distance})

        months = candidate.months_since_last_order
        starvation = weights.starvation * starvation_share(months)
        if months is None:
            waiting = Reason(ReasonCode.NEVER_ASSIGNED, starvation, {})
        else:
            waiting = Reason(ReasonCode.NOT_RECENTLY_ASSIGNED, starvation, {"months": months})

        feedback = weights.feedback * feedback_share(
            candidate.service_rating, candidate.service_ratings
        )
        feedback_code = ReasonCode.GOOD_FEEDBACK if feedback > 0 else ReasonCode.POOR_FEEDBACK
        speaks = self.language is not None and self.language in candidate.languages
        return [
            closeness,
            Reason(
                ReasonCode.LOW_LOAD,
                weights.load * load_share(candidate.load_ratio),
                {"load_ratio": candidate.load_ratio},
            ),
            waiting,
            Reason(
                ReasonCode.HELPED_TEAM_BEFORE,
                weights.continuity * continuity_share(candidate.team_orders),
                {"orders": candidate.team_orders},
            ),
            Reason(
                ReasonCode.LANGUAGE,
                weights.language * (1.0 if speaks else 0.0),
                {"language": self.language},
            ),
            Reason(
                feedback_code,
                feedback,
                {"rating": candidate.service_rating, "ratings": candidate.service_ratings},
            ),
        ]
