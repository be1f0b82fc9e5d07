"""Notification kinds of the meetings part (registered when the app is ready).

The params keep the meeting's start as an ISO timestamp, so the text shows it in the reader's
language and the organisation's time zone when it is read, and the calendar file's address so
the invitation (and its email) lets people put the meeting in their calendar at once.
"""

import datetime as dt

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kipina.core.notifications import register

MEETING_INVITED = "networks_meeting_invited"
MEETING_CHANGED = "networks_meeting_changed"
MEETING_CANCELLED = "networks_meeting_cancelled"


def _when(params) -> str:
    try:
        moment = dt.datetime.fromisoformat(str(params.get("starts_at", "")))
    except ValueError:
        return "–"
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _calendar(params) -> str:
    ics = params.get("ics")
    return " " + _("Calendar file: %(url)s") % {"url": ics} if ics else ""


def _invited(params) -> str:
    return _("You are invited to the meeting “%(title)s” of %(network)s on %(when)s.") % {
        "title": params.get("title", "–"),
        "network": params.get("network", "–"),
        "when": _when(params),
    } + _calendar(params)


def _changed(params) -> str:
    return _("The meeting “%(title)s” of %(network)s has changed: it is now on %(when)s.") % {
        "title": params.get("title", "–"),
        "network": params.get("network", "–"),
        "when": _when(params),
    } + _calendar(params)


def _cancelled(params) -> str:
    return _("The meeting “%(title)s” of %(network)s on %(when)s is cancelled.") % {
        "title": params.get("title", "–"),
        "network": params.get("network", "–"),
        "when": _when(params),
    }


register(MEETING_INVITED, _invited)
register(MEETING_CHANGED, _changed)
register(MEETING_CANCELLED, _cancelled)
