"""Meeting pages run the same number of queries with 1 row as with 50: the meetings list with
1 or 50 meetings in each of its tables (coming and past, with answers), a meeting's page with
1 or 50 participants, decisions and agenda blocks."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kipina.agents.models import SupportPerson
from kipina.networks.enums import Rsvp
from kipina.networks.models import Meeting
from kipina.networks.tests.factories_meetings import (
    DecisionFactory,
    MeetingFactory,
    cast,
    in_days,
    invite,
)
from kipina.networks.tests.factories_networks import member
from kipina.org.tests.factories import PersonFactory
from kipina.toolkit.models import Agenda, AgendaBlock
from kipina.toolkit.tests.factories import MethodFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["employee", "support_person", "supervisor", "coordinator"]
ANSWERS = [Rsvp.YES, Rsvp.MAYBE, Rsvp.NO, ""]


def _queries(client: Client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _client(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def _meetings(c, count: int) -> None:
    for index in range(count):
        days = index + 1 if index % 2 else -(index + 1)
        meeting = MeetingFactory(
            network=c.network,
            starts_at=in_days(days),
            online_link="https://meet.example.org/x" if index % 3 else "",
            created_by=c.runner,
        )
        invite(meeting, c.member, ANSWERS[index % 4], attended=(days < 0) or None)
        invite(meeting, c.runner, Rsvp.YES)
        if days < 0:
            Meeting.objects.filter(pk=meeting.pk).update(attendance_recorded_at=timezone.now())


@pytest.mark.parametrize("persona", PERSONAS)
def test_meetings_list_does_not_grow_with_meetings(org, persona):
    one, many = cast(org), cast(org)
    _meetings(one, 2)  # one coming, one past: a row in each table
    _meetings(many, 100)  # 50 of each
    client = _client(org.people[persona])
    small = _queries(client, reverse("networks:meetings", args=[one.network.key]))
    large = _queries(client, reverse("networks:meetings", args=[many.network.key]))
    assert large == small


def _full_meeting(c, count: int) -> Meeting:
    meeting = MeetingFactory(network=c.network, starts_at=in_days(-1), created_by=c.runner)
    agenda = Agenda.objects.create(
        title=meeting.title, start_time="09:00", available_minutes=600, owner=c.runner
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        agenda=agenda, notes="**Muistio**", attendance_recorded_at=timezone.now()
    )
    for index in range(count):
        person = PersonFactory()
        if index % 2:
            SupportPerson.objects.create(person=person)
        member(c.network, person)
        invite(meeting, person, ANSWERS[index % 4], attended=bool(index % 3))
        DecisionFactory(meeting=meeting, responsible=person if index % 2 else None)
        method = MethodFactory() if index % 2 else None
        AgendaBlock.objects.create(
            agenda=agenda,
            position=index,
            kind="method" if method else "own",
            method=method,
            title="" if method else f"Oma {index}",
            minutes=10,
        )
    # A member who has no invitation shows on the attendance list too.
    member(c.network, PersonFactory())
    return meeting


@pytest.mark.parametrize("persona", PERSONAS)
def test_meeting_page_does_not_grow_with_participants_and_decisions(org, persona):
    one, many = cast(org), cast(org)
    small_meeting = _full_meeting(one, 1)
    large_meeting = _full_meeting(many, 50)
    client = _client(org.people[persona])
    small = _queries(client, reverse("networks:meeting", args=[one.network.key, small_meeting.pk]))
    large = _queries(client, reverse("networks:meeting", args=[many.network.key, large_meeting.pk]))
    assert large == small
