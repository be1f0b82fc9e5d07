"""Guidance: which learning resources suit a team's competence gaps, ranked, with reasons.

Pure Python on plain dataclasses: it imports nothing of Django and no other kipina app. The
guidance selector builds `Gap` and `Candidate` from the database (candidates already capped per
competence in SQL) and renders each `Reason` in the reader's language.

How a candidate scores, in whole numbers so that ties are exact:

- base: for every gap the resource is linked to, relevance (1–3) × gap (levels), summed;
- language: in a language somebody in the team speaks ×100 %, otherwise ×`foreign_language` %;
- date: a run starting within `soon_days` ×`soon` %, a later one ×`later` %, a run already
  under way or no dates at all (materials, peer learning, self-paced courses) ×100 %; a
  resource whose every run is over is left out;
- cost: free ×`free` %, paid ×100 %.

Ties go to the earlier start, then the title, then the id: the same input in any order gives
the same list.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class ReasonCode(StrEnum):
    """Every `Reason.code` rank() produces, and the params each one carries."""

    BUILDS = "builds"  # {"competence": str, "gap": int, "relevance": int}
    LANGUAGE = "language"  # {"language": str}: somebody in the team speaks it
    FOREIGN_LANGUAGE = "foreign_language"  # {"language": str}: nobody in the team does
    STARTS_SOON = "starts_soon"  # {"start": date}
    STARTS_LATER = "starts_later"  # {"start": date}
    UNDER_WAY = "under_way"  # {"until": date}: a run has started and not ended
    FREE = "free"  # {}
    PAID = "paid"  # {"cost": Decimal}


@dataclass(frozen=True, slots=True)
class Weights:
    soon_days: int = 90
    foreign_language: int = 50  # per cent
    soon: int = 125
    later: int = 90
    free: int = 110


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class Gap:
    """A competence the team aims higher in: target minus current level, in scale steps."""

    competence_id: int
    name: str
    levels: int


@dataclass(frozen=True, slots=True)
class Candidate:
    resource_id: int
    title: str
    language: str  # code, e.g. "fi"
    relevance: Mapping[int, int]  # competence id → 1–3, for the gap competences it builds
    cost: Decimal = Decimal("0")
    has_dates: bool = False  # courses with runs; materials and peer learning have none
    next_start: date | None = None  # the earliest run starting today or later
    under_way_until: date | None = None  # the end of a run that has started and not ended


@dataclass(frozen=True, slots=True)
class Reason:
    code: str  # a ReasonCode
    params: Mapping[str, object] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class Suggestion:
    resource_id: int
    score: int  # base × the percentages; comparable only within one rank() call
    reasons: tuple[Reason, ...]  # the competences first (biggest gap first), then the rest
    competence_ids: tuple[int, ...]  # the gaps it builds, in the order of the reasons


def rank(
    gaps: Iterable[Gap],
    candidates: Iterable[Candidate],
    *,
    languages: Iterable[str],
    today: date,
    weights: Weights = DEFAULT_WEIGHTS,
    limit: int | None = None,
) -> list[Suggestion]:
    """The candidates that build at least one gap and still have a run ahead, best first.

    `languages` are the codes the team's members speak; give the default (Finnish) when the
    team has said nothing, rank() does not guess.
    """
    gap_of = {gap.competence_id: gap for gap in gaps if gap.levels > 0}
    spoken = frozenset(languages)
    scored: list[tuple[tuple, Suggestion]] = []
    for candidate in candidates:
        suggestion = _score(candidate, gap_of, spoken, today, weights)
        if suggestion is None:
            continue
        start = candidate.next_start or date.max
        key = (-suggestion.score, start, candidate.title.casefold(), candidate.resource_id)
        scored.append((key, suggestion))
    scored.sort(key=lambda pair: pair[0])
    ranked = [suggestion for _key, suggestion in scored]
    return ranked if limit is None else ranked[:limit]


def _score(
    candidate: Candidate,
    gap_of: Mapping[int, Gap],
    spoken: frozenset[str],
    today: date,
    weights: Weights,
) -> Suggestion | None:
    built = [
        (gap_of[competence_id], relevance)
        for competence_id, relevance in candidate.relevance.items()
        if competence_id in gap_of and relevance > 0
    ]
    if not built:
        return None
    dating = _dating(candidate, today, weights)
    if dating is None:
        return None
    date_percent, date_reason = dating
    built.sort(key=lambda pair: (-pair[0].levels, -pair[1], pair[0].name, pair[0].competence_id))
    base = sum(gap.levels * relevance for gap, relevance in built)
    reasons = [
        Reason(
            ReasonCode.BUILDS,
            {"competence": gap.name, "gap": gap.levels, "relevance": relevance},
        )
        for gap, relevance in built
    ]
    if candidate.language in spoken:
        language_percent = 100
        reasons.append(Reason(ReasonCode.LANGUAGE, {"language": candidate.language}))
    else:
        language_percent = weights.foreign_language
        reasons.append(Reason(ReasonCode.FOREIGN_LANGUAGE, {"language": candidate.language}))
    if date_reason is not None:
        reasons.append(date_reason)
    if candidate.cost <= 0:
        cost_percent = weights.free
        reasons.append(Reason(ReasonCode.FREE))
    else:
        cost_percent = 100
        reasons.append(Reason(ReasonCode.PAID, {"cost": candidate.cost}))
    return Suggestion(
        resource_id=candidate.resource_id,
        score=base * language_percent * date_percent * cost_percent,
        reasons=tuple(reasons),
        competence_ids=tuple(gap.competence_id for gap, _relevance in built),
    )


def _dating(
    candidate: Candidate, today: date, weights: Weights
) -> tuple[int, Reason | None] | None:
    """(per cent, reason) for the candidate's dates; None when every run is over."""
    if candidate.next_start is not None and candidate.next_start >= today:
        if (candidate.next_start - today).days <= weights.soon_days:
            return weights.soon, Reason(ReasonCode.STARTS_SOON, {"start": candidate.next_start})
        return weights.later, Reason(ReasonCode.STARTS_LATER, {"start": candidate.next_start})
    if candidate.under_way_until is not None and candidate.under_way_until >= today:
        return 100, Reason(ReasonCode.UNDER_WAY, {"until": candidate.under_way_until})
    if candidate.has_dates:
        return None
    return 100, None


def gaps_first(gaps: Sequence[Gap]) -> list[Gap]:
    """The gaps biggest first (then by name), as the page lists them."""
    return sorted(
        (gap for gap in gaps if gap.levels > 0),
        key=lambda gap: (-gap.levels, gap.name, gap.competence_id),
    )
