"""Notification kinds about orders and sessions; each renders in the reader's language.

Services store plain params (order id, service code, team name, person name, session start as
an ISO datetime); the text is made when someone reads it. Service names come from a small
in-process copy of the catalogue, read in one query and dropped at the start of every request
and whenever a service is saved, so a page of 25 notifications costs one query, not 25.
"""

import datetime as dt
from collections.abc import Callable, Mapping

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kipina.core.memos import RequestMemo
from kipina.core.notifications import register
from kipina.orders.models import Service


def _load_services() -> dict[str, Service]:
    fields = ("code", "name_fi", "name_sv", "name_en")
    return {service.code: service for service in Service.objects.only(*fields)}


_services = RequestMemo(_load_services, models=[Service])


def _service_name(code: str) -> str:
    service = _services.get(missing=code).get(code)
    return service.name if service is not None else code


def _when(value: object) -> str:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "DATETIME_FORMAT")


def _values(params: Mapping[str, object]) -> dict[str, object]:
    """The params ready for a message; a missing one shows as a dash rather than failing."""
    values: dict[str, object] = {"order": "–", "service": "–", "team": "–", "person": "–"}
    values.update({key: value for key, value in params.items() if value not in (None, "")})
    if "service" in params:
        values["service"] = _service_name(str(params["service"]))
    values["start"] = _when(params["start"]) if params.get("start") else "–"
    return values


def _message(text: Callable[[], str]) -> Callable[[Mapping[str, object]], str]:
    """A renderer: the text is translated when rendered, in whatever language is active then."""

    def render(params: Mapping[str, object]) -> str:
        return text() % _values(params)

    return render


KINDS: dict[str, Callable[[], str]] = {
    # to coordinators
    "order_submitted": lambda: _("New order #%(order)s: %(service)s for %(team)s."),
    "order_waiting": lambda: _(
        "Order #%(order)s (%(service)s) of %(team)s has waited three working days "
        "without a support person."
    ),
    # to the support person
    "order_assigned": lambda: _("Order #%(order)s (%(service)s) was assigned to you."),
    "order_unassigned": lambda: _(
        "You are no longer the support person of order #%(order)s (%(service)s)."
    ),
    "order_closed": lambda: _("Order #%(order)s (%(service)s) is closed. Thank you!"),
    # to the orderer and the team
    "order_assigned_to_team": lambda: _(
        "%(person)s will support your order #%(order)s (%(service)s)."
    ),
    "order_accepted": lambda: _("The support person accepted your order #%(order)s (%(service)s)."),
    "order_returned": lambda: _("%(person)s returned order #%(order)s (%(service)s) to the queue."),
    "session_scheduled": lambda: _(
        "A session of order #%(order)s (%(service)s) is scheduled for %(start)s."
    ),
    "session_rescheduled": lambda: _(
        "A session of order #%(order)s (%(service)s) was moved to %(start)s."
    ),
    "session_cancelled": lambda: _(
        "The session of order #%(order)s (%(service)s) on %(start)s was cancelled."
    ),
    "feedback_requested": lambda: _(
        "Order #%(order)s (%(service)s) was delivered. How did it go? Please give feedback."
    ),
    "order_declined": lambda: _("Order #%(order)s (%(service)s) was declined."),
    "order_cancelled": lambda: _("Order #%(order)s (%(service)s) was cancelled."),
    "follow_up_due": lambda: _(
        "Did the new practice stick? One question about order #%(order)s (%(service)s)."
    ),
}

for _key, _text in KINDS.items():
    register(_key, _message(_text))
