"""iCalendar for order sessions: one event to download, and a support person's feed (the
writer itself is kipina.core.calendars)."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _

from kipina.core.calendars import Event, write_calendar


def session_event(session) -> Event:
    """The calendar event of a session; its order's service and team must be loaded."""
    order = session.order
    order_url = f"{settings.KIPINA_BASE_URL}{order.get_absolute_url()}"
    summary = f"{order.service.name} – {order.team.name}"
    heading = _("Kipinä order #%(order)s: %(summary)s") % {"order": order.pk, "summary": summary}
    return Event(
        uid=f"{session.uid}@kipina",
        sequence=session.sequence,
        start=session.start,
        end=session.start + dt.timedelta(minutes=session.duration_minutes),
        summary=summary,
        location=session.place or session.online_link,
        description=f"{heading}\n{order_url}",
        url=order_url,
        cancelled=session.cancelled_at is not None,
        created=session.created_at,
        modified=session.updated_at,
    )


def session_calendar(sessions: Iterable, *, name: str = "") -> str:
    return write_calendar((session_event(session) for session in sessions), name=name)
