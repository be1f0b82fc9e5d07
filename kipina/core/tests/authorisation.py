"""Building blocks of the authorisation matrix (test_authorisation_matrix.py).

Apps keep their rows in kipina/<app>/tests/authorisation_rows*.py as `ROWS = {url name: [Row]}`;
a row's `url(org)` may create the objects it needs (an order in some state…) from the `org`
fixture. `expected` maps every persona of kipina.conftest.PERSONA_KEYS to a status code or LOGIN.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from kipina.conftest import PERSONA_KEYS

SIGNED_IN = [key for key in PERSONA_KEYS if key != "anonymous"]
HR = {"coordinator", "admin"}
LOGIN = "login"  # expected: redirect to the sign-in page


@dataclass
class Row:
    url: Callable[[object], str]
    expected: dict[str, object]
    method: str = "get"
    data: dict = field(default_factory=dict)
    label: str = ""


def everyone(outcome) -> dict[str, object]:
    return dict.fromkeys(PERSONA_KEYS, outcome)


def signed_in(outcome, anonymous=LOGIN) -> dict[str, object]:
    return {"anonymous": anonymous, **dict.fromkeys(SIGNED_IN, outcome)}


def hr_only(outcome=200, others=403) -> dict[str, object]:
    return {
        "anonymous": LOGIN,
        **{key: (outcome if key in HR else others) for key in SIGNED_IN},
    }


def only(allowed: set[str], outcome=200, others=403, anonymous=LOGIN) -> dict[str, object]:
    """`outcome` for the personas in `allowed`, `others` for the rest signed in."""
    return {
        "anonymous": anonymous,
        **{key: (outcome if key in allowed else others) for key in SIGNED_IN},
    }
