"""A network meeting as an iCalendar (RFC 5545) file: one VEVENT, METHOD:PUBLISH.

The writing itself (line folding at 75 octets, TEXT escaping, UTC times) is the orders app's
small iCalendar writer; this module only says what the meeting's event holds. The UID stays
the meeting's for good and SEQUENCE grows with every move or cancel, so a calendar that
imported the file before replaces the event instead of adding a second one.
"""

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from kipina.core.calendars import Event, write_calendar
from kipina.networks.enums import MeetingState
from kipina.networks.models import Meeting


def meeting_event(meeting: Meeting) -> Event:
    """The meeting's calendar event; the meeting's network must be loaded."""
    network = meeting.network
    page = f"{settings.KIPINA_BASE_URL}{meeting.get_absolute_url()}"
    lines = [_("Meeting of the network %(network)s") % {"network": network.name}]
    if meeting.online_link:
        lines.append(_("Join online: %(link)s") % {"link": meeting.online_link})
    lines.append(_("Agenda, answers and notes: %(url)s") % {"url": page})
    return Event(
        uid=f"{meeting.uid}@kipina",
        sequence=meeting.sequence,
        start=meeting.starts_at,
        end=meeting.starts_at + dt.timedelta(minutes=meeting.duration_minutes),
        summary=meeting.title,
        location=meeting.place or meeting.online_link,
        description="\n".join(lines),
        url=page,
        cancelled=meeting.state == MeetingState.CANCELLED,
        created=meeting.created_at,
        modified=meeting.updated_at,
    )


def meeting_calendar(meeting: Meeting, *, stamp: dt.datetime | None = None) -> str:
    return write_calendar([meeting_event(meeting)], stamp=stamp)
