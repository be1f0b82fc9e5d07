"""The meeting's .ics: one VEVENT with the meeting's UID and SEQUENCE, UTC times, escaped
and folded text, cancelled when the meeting is."""

import datetime as dt
import zoneinfo

import pytest
from django.conf import settings
from django.utils import translation

from kipina.networks import services_meetings as services
from kipina.networks.meeting_calendar import meeting_calendar
from kipina.networks.tests.factories_meetings import MeetingFactory, cast

pytestmark = pytest.mark.django_db

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
STAMP = dt.datetime(2031, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def _unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def _property(lines: list[str], name: str) -> str:
    found = [line.split(":", 1)[1] for line in lines if line.split(":", 1)[0] == name]
    assert len(found) == 1, (name, lines)
    return found[0]


def test_one_event_with_the_meetings_identity_and_utc_times(org):
    c = cast(org, name="Oppimisverkosto")
    meeting = MeetingFactory(
        network=c.network,
        title="Kevät; uudet kokeilut, ja muuta",
        starts_at=dt.datetime(2031, 6, 10, 13, 0, tzinfo=HELSINKI),
        duration_minutes=90,
        place="Talo 2, huone 101",
        online_link="https://meet.example.org/abc",
    )
    with translation.override("en"):
        lines = _unfold(meeting_calendar(meeting, stamp=STAMP))

    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "METHOD:PUBLISH" in lines and "VERSION:2.0" in lines
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1
    assert _property(lines, "UID") == f"{meeting.uid}@kipina"
    assert _property(lines, "SEQUENCE") == "0"
    assert _property(lines, "DTSTAMP") == "20310102T030405Z"
    # 13:00 in Helsinki in summer (UTC+3).
    assert _property(lines, "DTSTART") == "20310610T100000Z"
    assert _property(lines, "DTEND") == "20310610T113000Z"
    assert _property(lines, "SUMMARY") == "Kevät\\; uudet kokeilut\\, ja muuta"
    assert _property(lines, "LOCATION") == "Talo 2\\, huone 101"
    page = f"{settings.KIPINA_BASE_URL}/networks/{c.network.key}/meetings/{meeting.pk}/"
    assert _property(lines, "URL") == page
    assert _property(lines, "STATUS") == "CONFIRMED"
    description = _property(lines, "DESCRIPTION")
    assert "Oppimisverkosto\\n" in description and "https://meet.example.org/abc" in description


def test_long_lines_are_folded_at_75_octets(org):
    c = cast(org)
    meeting = MeetingFactory(network=c.network, title="Äänekäs " * 19)
    text = meeting_calendar(meeting, stamp=STAMP)
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert _property(_unfold(text), "SUMMARY") == ("Äänekäs " * 19)


def test_a_moved_and_then_cancelled_meeting_replaces_the_event(org):
    c = cast(org)
    meeting = MeetingFactory(network=c.network, created_by=c.runner)
    meeting.network = c.network
    moved = services.meeting_edit(
        actor=c.runner.user,
        meeting=meeting,
        seen_version=meeting.version,
        title=meeting.title,
        starts_at=meeting.starts_at + dt.timedelta(hours=1),
        duration_minutes=meeting.duration_minutes,
        place=meeting.place,
        online_link="",
    )
    lines = _unfold(meeting_calendar(moved, stamp=STAMP))
    assert _property(lines, "SEQUENCE") == "1"
    assert _property(lines, "UID") == f"{meeting.uid}@kipina"

    cancelled = services.meeting_cancel(actor=c.runner.user, meeting=moved)
    lines = _unfold(meeting_calendar(cancelled, stamp=STAMP))
    assert _property(lines, "SEQUENCE") == "2"
    assert _property(lines, "STATUS") == "CANCELLED"
    assert _property(lines, "UID") == f"{meeting.uid}@kipina"


def test_an_online_only_meeting_has_the_link_as_its_location(org):
    c = cast(org)
    meeting = MeetingFactory(network=c.network, place="", online_link="https://meet.example.org/z")
    lines = _unfold(meeting_calendar(meeting, stamp=STAMP))
    assert _property(lines, "LOCATION") == "https://meet.example.org/z"
