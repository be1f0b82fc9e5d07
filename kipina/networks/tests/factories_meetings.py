"""Builders for network meetings in tests: a meeting, invitations, decisions, and the usual
cast (a network run by the test organisation's support person with the employee a member)."""

import datetime as dt
from dataclasses import dataclass

import factory
from django.utils import timezone

from kipina.networks.models import Meeting, MeetingDecision, Network, Participation
from kipina.networks.tests.factories_networks import NetworkFactory, member
from kipina.org.models import Person


def in_days(days: float, hour: int = 14) -> dt.datetime:
    """A moment `days` from today at `hour` o'clock local time."""
    day = timezone.localdate() + dt.timedelta(days=int(days))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Verkostotapaaminen {n}")
    starts_at = factory.LazyFunction(lambda: in_days(7))
    duration_minutes = 90
    place = "Neuvotteluhuone Kaisla"
    online_link = ""
    created_by = factory.LazyAttribute(lambda meeting: meeting.network.coordinator)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingDecision

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Päätös {n}: kokeilemme uutta tapaa.")


def invite(meeting: Meeting, person: Person, rsvp: str = "", attended=None) -> Participation:
    return Participation.objects.create(
        meeting=meeting, person=person, rsvp=rsvp, attended=attended
    )


@dataclass
class Cast:
    network: Network
    runner: Person  # the network's coordinator: the org's support person
    member: Person  # the org's employee


def cast(org, **network_fields) -> Cast:
    """A coordinated network run by the support person, who is a member too, with the
    employee as a member."""
    runner = org.people["support_person"]
    network = NetworkFactory(coordinator=runner, **network_fields)
    member(network, runner)
    member(network, org.people["employee"])
    return Cast(network, runner, org.people["employee"])
