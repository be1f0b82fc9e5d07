"""Turning a network's "meetings count as support time" switch re-books its meetings from
this month on, and leaves the months already past alone."""

from kipina.agents.models import OtherSupportTime
from kipina.networks import services_meetings, services_networks
from kipina.networks.enums import Rsvp
from kipina.networks.tests.factories_meetings import MeetingFactory, cast, in_days, invite


def _edit(network, actor, **changes):
    network.refresh_from_db()
    data = {
        "key": network.key,
        "name": network.name,
        "purpose": network.purpose,
        "kind": network.kind,
        "coordinator": network.coordinator,
        "open_to_all": network.open_to_all,
        "meetings_count_as_support_time": network.meetings_count_as_support_time,
        "active": network.active,
        **changes,
    }
    return services_networks.network_edit(
        actor=actor.user, network=network, data=data, seen_version=network.version
    )


def test_the_switch_books_and_unbooks_the_coming_meetings_but_not_past_months(org):
    c = cast(org, meetings_count_as_support_time=False)
    coming = MeetingFactory(network=c.network, starts_at=in_days(20))
    long_ago = MeetingFactory(network=c.network, starts_at=in_days(-90))
    invite(coming, c.runner, rsvp=Rsvp.YES)
    invite(long_ago, c.runner, rsvp=Rsvp.YES)
    for meeting in (coming, long_ago):
        services_meetings.sync_support_time(meeting)
    assert not OtherSupportTime.objects.exists()

    _edit(c.network, c.runner, meetings_count_as_support_time=True)
    booked = OtherSupportTime.objects.get()
    assert booked.source == f"networks.meeting:{coming.pk}"
    assert booked.support_person.person == c.runner

    _edit(c.network, c.runner, meetings_count_as_support_time=False)
    assert not OtherSupportTime.objects.exists()
