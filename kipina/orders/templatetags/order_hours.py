"""Template filters for the hours of an order."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def total_hours(entries) -> Decimal:
    """Sum of the hours of time entries already loaded for the page (no extra query)."""
    return sum((entry.hours for entry in entries), Decimal(0))
