"""Notification kinds about time shares; each message is rendered in the reader's language."""

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kipina.core.notifications import register


def _percent(value: object) -> str:
    """10.00 → "10", 12.50 → "12,5" (in Finnish): stored params are plain strings."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    number = number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
    return number_format(number)


def _requested(params: Mapping[str, object]) -> str:
    return _("%(person)s asks for %(percent)s %% of working time for support work.") % {
        "person": params.get("person", ""),
        "percent": _percent(params.get("percent", "")),
    }


def _approved(params: Mapping[str, object]) -> str:
    values = {"percent": _percent(params.get("percent", "")), "reason": params.get("reason", "")}
    if values["reason"]:
        return _("Your time share of %(percent)s %% was approved: %(reason)s") % values
    return _("Your time share of %(percent)s %% was approved.") % values


def _rejected(params: Mapping[str, object]) -> str:
    return _("Your request for a time share of %(percent)s %% was rejected: %(reason)s") % {
        "percent": _percent(params.get("percent", "")),
        "reason": params.get("reason", ""),
    }


register("allocation_requested", _requested)
register("allocation_approved", _approved)
register("allocation_rejected", _rejected)
