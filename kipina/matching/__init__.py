"""Matching: which support persons fit an order, ranked, with structured reasons.

Pure Python on plain dataclasses: it imports nothing of Django and no other kipina app. The
`orders` app builds `Need` and `Candidate` from the database and renders the `Reason` and
`Violation` codes in the user's language.
"""

from kipina.matching.eligibility import free_time, violations
from kipina.matching.ranking import rank
from kipina.matching.types import (
    DEFAULT_WEIGHTS,
    Candidate,
    DeliveryMode,
    Month,
    MonthBudget,
    Need,
    Period,
    Reason,
    ReasonCode,
    ServiceScope,
    Suggestion,
    Violation,
    ViolationCode,
    Weights,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "Candidate",
    "DeliveryMode",
    "Month",
    "MonthBudget",
    "Need",
    "Period",
    "Reason",
    "ReasonCode",
    "ServiceScope",
    "Suggestion",
    "Violation",
    "ViolationCode",
    "Weights",
    "free_time",
    "rank",
    "violations",
]
