"""iCalendar output: the writer's RFC 5545 details, one session's .ics, the personal feed."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from kipina.agents.services import calendar_token_rotate
from kipina.core.calendars import Event, escape_text, fold, write_calendar
from kipina.orders import services
from kipina.orders.models import Session
from kipina.orders.tests.factories import OrderFactory, ServiceFactory, order_in_state

UTC = dt.UTC


# --- a tiny reader, independent of the writer ---------------------------------------------


def unfold(text: str) -> list[str]:
    """Content lines of a calendar: CRLF separated, continuations start with a space."""
    assert text.endswith("\r\n")
    raw = text[:-2].split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in raw)
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def events(text: str) -> list[dict[str, str]]:
    found, current = [], None
    for line in unfold(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return found


def calendar_properties(text: str) -> dict[str, str]:
    props = {}
    for line in unfold(text):
        if line == "BEGIN:VEVENT":
            break
        name, _, value = line.partition(":")
        props[name] = value
    return props


# --- the writer --------------------------------------------------------------------------


def test_escaping_of_text_values():
    assert escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    assert unescape(escape_text("Huone 2, 3. krs; sisään \\ takaa\nSoita")) == (
        "Huone 2, 3. krs; sisään \\ takaa\nSoita"
    )


@pytest.mark.parametrize(
    "text",
    ["x" * 200, "ä" * 120, "a" + "€" * 80, "🙂" * 50, "short", "ab\\n" * 40, "x\\;" * 60],
)
def test_folding_keeps_every_line_within_75_octets_and_characters_whole(text):
    line = f"DESCRIPTION:{text}"
    folded = fold(line)
    physical = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert "".join([physical[0], *(part[1:] for part in physical[1:])]) == line
    # an escape such as \n is never split between two lines
    assert not any(part.endswith("\\") for part in physical[:-1])


def test_calendar_structure_and_utc_times():
    start = dt.datetime(2026, 3, 16, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    event = Event(
        uid="abc@kipina",
        sequence=3,
        start=start,
        end=start + dt.timedelta(minutes=90),
        summary="Työpaja, osa 1; aloitus",
        location="Neuvotteluhuone 2",
        description="Rivi yksi\nRivi kaksi " + "pitkä " * 30,
        cancelled=True,
    )
    stamp = dt.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    text = write_calendar([event], name="Kipinä", stamp=stamp)
    assert "\n" not in text.replace("\r\n", "")
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    props = calendar_properties(text)
    assert props["VERSION"] == "2.0"
    assert props["METHOD"] == "PUBLISH"
    assert props["PRODID"]
    (parsed,) = events(text)
    assert parsed["UID"] == "abc@kipina"
    assert parsed["SEQUENCE"] == "3"
    assert parsed["DTSTART"] == "20260316T080000Z"
    assert parsed["DTEND"] == "20260316T093000Z"
    assert parsed["DTSTAMP"] == "20260301T120000Z"
    assert parsed["STATUS"] == "CANCELLED"
    assert unescape(parsed["SUMMARY"]) == "Työpaja, osa 1; aloitus"
    assert unescape(parsed["DESCRIPTION"]).startswith("Rivi yksi\nRivi kaksi pitkä")


# --- one session's file ------------------------------------------------------------------


@override_settings(KIPINA_BASE_URL="https://kipina.example.org")
def test_session_ics_download(login_as, org):
    order = order_in_state(org, "planned")
    session = order.sessions.get()
    client = login_as("employee")
    client.cookies["django_language"] = "en"
    response = client.get(reverse("orders:session_ics", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.ics"')
    text = response.content.decode("utf-8")
    assert calendar_properties(text)["METHOD"] == "PUBLISH"
    (event,) = events(text)
    assert event["UID"] == f"{session.uid}@kipina"
    assert event["SEQUENCE"] == "0"
    assert event["STATUS"] == "CONFIRMED"
    # 10:00 in Helsinki is 08:00 or 07:00 UTC depending on the season
    local = timezone.localtime(session.start)
    assert local.hour == 10
    assert event["DTSTART"] == session.start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert event["DTSTART"].endswith("Z")
    assert event["DTEND"] == (session.start + dt.timedelta(minutes=90)).astimezone(UTC).strftime(
        "%Y%m%dT%H%M%SZ"
    )
    assert unescape(event["SUMMARY"]) == f"{order.service.name_en} – {order.team.name}"
    assert unescape(event["LOCATION"]) == "Neuvotteluhuone 2"
    order_url = f"https://kipina.example.org{order.get_absolute_url()}"
    assert order_url in unescape(event["DESCRIPTION"])


def test_rescheduled_and_cancelled_sessions_keep_uid_and_raise_sequence(login_as, org):
    order = order_in_state(org, "planned")
    session = order.sessions.get()
    actor = org.people["support_person"].user
    services.session_reschedule(
        actor=actor,
        session=Session.objects.select_related("order__team").get(pk=session.pk),
        start=session.start + dt.timedelta(days=1),
        duration_minutes=60,
        place="Auditorio",
    )
    services.session_cancel(actor=actor, session=Session.objects.get(pk=session.pk))
    response = login_as("support_person").get(reverse("orders:session_ics", args=[session.pk]))
    (event,) = events(response.content.decode())
    assert event["UID"] == f"{session.uid}@kipina"
    assert event["SEQUENCE"] == "2"
    assert event["STATUS"] == "CANCELLED"
    assert unescape(event["LOCATION"]) == "Auditorio"


def test_remote_session_location_is_the_meeting_link(login_as, org):
    order = order_in_state(org, "planned", onsite=False, place="")
    session = order.sessions.get()
    response = login_as("support_person").get(reverse("orders:session_ics", args=[session.pk]))
    (event,) = events(response.content.decode())
    assert unescape(event["LOCATION"]) == "https://meet.example.org/kipina"


def test_session_ics_is_hidden_from_people_who_cannot_see_the_order(login_as, org):
    session = order_in_state(org, "planned").sessions.get()
    # the supervisor is in neither the team nor the order
    assert (
        login_as("supervisor").get(reverse("orders:session_ics", args=[session.pk])).status_code
        == 404
    )
    assert login_as("employee").get(reverse("orders:session_ics", args=[999999])).status_code == 404


# --- the personal feed -------------------------------------------------------------------


def _feed(support_person) -> str:
    response = Client().get(reverse("orders:calendar_feed", args=[support_person.calendar_token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content.decode("utf-8")


def _session(order, *, start, cancelled_at=None, place="Sali"):
    return Session.objects.create(
        order=order, start=start, duration_minutes=60, place=place, cancelled_at=cancelled_at
    )


def test_feed_holds_the_right_sessions(org):
    order = order_in_state(org, "planned")
    support_person = order.support_person
    now = timezone.now()
    upcoming = order.sessions.get()
    recent = _session(order, start=now - dt.timedelta(days=80))
    too_old = _session(order, start=now - dt.timedelta(days=100))
    cancelled_lately = _session(
        order, start=now + dt.timedelta(days=3), cancelled_at=now - dt.timedelta(days=10)
    )
    cancelled_long_ago = _session(
        order, start=now - dt.timedelta(days=50), cancelled_at=now - dt.timedelta(days=45)
    )
    someone_elses = OrderFactory(requester=org.people["team_lead"])
    _session(someone_elses, start=now + dt.timedelta(days=2))

    found = {event["UID"]: event for event in events(_feed(support_person))}
    assert set(found) == {
        f"{session.uid}@kipina" for session in (upcoming, recent, cancelled_lately)
    }
    assert f"{too_old.uid}@kipina" not in found
    assert f"{cancelled_long_ago.uid}@kipina" not in found
    assert found[f"{cancelled_lately.uid}@kipina"]["STATUS"] == "CANCELLED"
    assert found[f"{upcoming.uid}@kipina"]["STATUS"] == "CONFIRMED"


def test_feed_needs_the_current_token(org):
    order = order_in_state(org, "planned")
    support_person = order.support_person
    old_token = support_person.calendar_token
    client = Client()
    assert client.get(reverse("orders:calendar_feed", args=[old_token])).status_code == 200
    assert client.get(reverse("orders:calendar_feed", args=["not-a-token"])).status_code == 404
    calendar_token_rotate(actor=org.people["support_person"].user, support_person=support_person)
    assert client.get(reverse("orders:calendar_feed", args=[old_token])).status_code == 404
    support_person.refresh_from_db()
    assert len(events(_feed(support_person))) == 1


def test_feed_of_someone_who_has_left_is_gone(org):
    order = order_in_state(org, "planned")
    person = order.support_person.person
    person.active = False
    person.save(update_fields=["active"])
    url = reverse("orders:calendar_feed", args=[order.support_person.calendar_token])
    assert Client().get(url).status_code == 404


def test_feed_query_count_does_not_grow_with_sessions(org):
    order = order_in_state(org, "planned")
    support_person = order.support_person
    url = reverse("orders:calendar_feed", args=[support_person.calendar_token])
    now = timezone.now()

    def grow(count: int) -> None:
        for index in range(count):
            other = OrderFactory(
                requester=org.people["employee"],
                service=ServiceFactory(),
                state="planned",
                support_person=support_person,
            )
            _session(other, start=now + dt.timedelta(days=index + 1), place=f"Huone {index}")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = Client().get(url)
        assert response.status_code == 200
        return len(captured)

    with_one = queries()
    grow(49)
    with_fifty = queries()
    assert len(events(_feed(support_person))) == 50
    assert with_fifty == with_one
