"""plural_count: a whole count for gettext's plural rules from any amount."""

from decimal import Decimal

import pytest

from kipina.core.templatetags.plurals import plural_count


@pytest.mark.parametrize(
    ("amount", "count"),
    [(Decimal("1"), 1), (Decimal("1.0"), 1), (Decimal("8.00"), 8), (0, 0), (Decimal("1.5"), 2),
     (0.5, 2), ("3", 3), (None, 2)],
)  # fmt: skip
def test_plural_count(amount, count):
    assert plural_count(amount) == count
    assert isinstance(plural_count(amount), int)
