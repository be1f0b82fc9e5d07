"""iCalendar (RFC 5545): events to download and feeds (order sessions, network meetings).

A small writer of our own rather than a dependency: we only ever write VEVENTs with a handful
of properties. What matters for calendar programs is done here: CRLF line endings, lines
folded at 75 octets without splitting a UTF-8 character, TEXT values escaped, times in UTC
(the trailing Z), and a stable UID whose SEQUENCE grows with every change, so a rescheduled
or cancelled event updates the event people already have instead of adding a second one.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

CRLF = "\r\n"
MAX_OCTETS = 75
PRODUCT_ID = "-//Kipina//Kipina learning support//EN"


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newlines escaped (RFC 5545 3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _units(line: str) -> list[str]:
    """Characters, with each backslash escape kept as one unit so no fold splits it."""
    units: list[str] = []
    chars = iter(line)
    for char in chars:
        units.append(char + next(chars, "") if char == "\\" else char)
    return units


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces; each continuation starts with one space."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for unit in _units(line):
        width = len(unit.encode("utf-8"))
        if size + width > MAX_OCTETS:
            pieces.append("".join(current))
            # The leading space of a continuation line counts towards its 75 octets.
            current, size = [" "], 1
        current.append(unit)
        size += width
    pieces.append("".join(current))
    return CRLF.join(pieces)


def utc_stamp(moment: dt.datetime) -> str:
    """A DATE-TIME in UTC form: 20260315T081500Z."""
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class Event:
    uid: str
    sequence: int
    start: dt.datetime
    end: dt.datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    created: dt.datetime | None = None
    modified: dt.datetime | None = None


def _event_lines(event: Event, stamp: dt.datetime) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{utc_stamp(stamp)}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTART:{utc_stamp(event.start)}",
        f"DTEND:{utc_stamp(event.end)}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        # URL is a URI value, not TEXT: it is written as is.
        lines.append(f"URL:{event.url}")
    if event.created:
        lines.append(f"CREATED:{utc_stamp(event.created)}")
    if event.modified:
        lines.append(f"LAST-MODIFIED:{utc_stamp(event.modified)}")
    lines.append("END:VEVENT")
    return lines


def write_calendar(
    events: Iterable[Event], *, name: str = "", stamp: dt.datetime | None = None
) -> str:
    """One VCALENDAR (METHOD:PUBLISH) holding the events, as the text of a .ics file."""
    stamp = stamp or timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        # Not in RFC 5545, but the name most calendar programs show for a subscription.
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines.extend(_event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
