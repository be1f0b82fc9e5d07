"""A count for `{% blocktranslate count %}` from an amount that may have decimals."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()

# Finnish, Swedish and English read a fraction like a plural ("1.5 hours"), as they read 2.
FRACTION = 2


@register.filter
def plural_count(value) -> int:
    """A whole amount as itself, a fraction as a plural count: gettext's plural rules take
    whole numbers only."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return FRACTION
    return int(amount) if amount == amount.to_integral_value() else FRACTION
