"""The weekly digest: the right practices and meetings per member, opt-out per network, one
email per person and week (also when run twice or on two workers), no empty emails, and a
fixed number of queries whatever the number of recipients."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kipina.networks import digest
from kipina.networks.enums import MeetingState, PracticeStatus
from kipina.networks.models import DigestDelivery, Meeting
from kipina.networks.tests.factories_networks import NetworkFactory, member
from kipina.networks.tests.factories_practices import PracticeFactory
from kipina.org.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

WEEK = digest.week_of(timezone.localdate())
START = timezone.make_aware(dt.datetime.combine(WEEK, dt.time.min))
NOW = START + dt.timedelta(hours=6)  # the task runs early on Monday


def _practice(network, days_before_monday: float = 2, **fields):
    return PracticeFactory(
        network=network,
        published_at=START - dt.timedelta(days=days_before_monday),
        **fields,
    )


def _meeting(network, days_after_monday: float = 3, **fields) -> Meeting:
    defaults = {
        "title": "Verkostotapaaminen",
        "starts_at": START + dt.timedelta(days=days_after_monday),
        "duration_minutes": 60,
        "place": "Kokoushuone 3",
        "created_by": network.coordinator or PersonFactory(),
    }
    defaults.update(fields)
    return Meeting.objects.create(network=network, **defaults)


def _send(**kwargs) -> int:
    return digest.send_digests(week=WEEK, now=NOW, **kwargs)


def test_the_digest_holds_last_weeks_practices_and_the_next_two_weeks_meetings(org):
    network = NetworkFactory(name="Oppimisagentit")
    other = NetworkFactory()
    reader = org.people["support_person"]
    member(network, reader)
    fresh = _practice(network, 2, title="Uusi käytäntö")
    _practice(network, 8, title="Viime kuun käytäntö")  # before the week
    _practice(network, -1, title="Tämän viikon käytäntö")  # next week's digest
    _practice(network, 2, title="Luonnos", status=PracticeStatus.DRAFT)
    _practice(network, 2, title="Oma käytäntö", author=reader)
    _practice(other, 2, title="Toisen verkoston käytäntö")
    soon = _meeting(network, 3, title="Kevään tapaaminen")
    _meeting(network, 20, title="Liian kaukana")
    _meeting(network, 4, title="Peruttu", state=MeetingState.CANCELLED)
    _meeting(network, -2, title="Mennyt")
    _meeting(other, 3, title="Toisen verkoston tapaaminen")

    found = digest.digest_for(reader, WEEK, now=NOW)
    assert found.practices == [fresh]
    assert found.meetings == [soon]

    assert _send() == 1
    (message,) = mail.outbox
    assert message.to == [reader.email]
    assert "Uusi käytäntö" in message.body and "Kevään tapaaminen" in message.body
    assert fresh.get_absolute_url() in message.body
    for absent in ("Viime kuun", "Tämän viikon", "Luonnos", "Oma käytäntö", "Toisen", "Mennyt"):
        assert absent not in message.body
    html = message.alternatives[0].content
    assert "Uusi käytäntö" in html and "<script" not in html


def test_opting_out_is_per_network(org):
    first, second = NetworkFactory(), NetworkFactory()
    _practice(first, title="Ensimmäisen uutinen")
    _practice(second, title="Toisen uutinen")
    both_off = PersonFactory()
    member(first, both_off).__class__.objects.filter(person=both_off).update(wants_digest=False)
    member(second, both_off)
    both_off.network_memberships.update(wants_digest=False)
    one_off = PersonFactory()
    member(first, one_off)
    member(second, one_off)
    one_off.network_memberships.filter(network=first).update(wants_digest=False)

    assert _send() == 1
    (message,) = mail.outbox
    assert message.to == [one_off.email]
    assert "Toisen uutinen" in message.body and "Ensimmäisen uutinen" not in message.body
    assert not DigestDelivery.objects.filter(person=both_off).exists()


def test_people_who_left_or_are_inactive_get_nothing(org):
    network = NetworkFactory()
    _practice(network)
    gone = PersonFactory()
    member(network, gone).__class__.objects.filter(person=gone).update(left_at=timezone.now())
    inactive = PersonFactory(active=False)
    member(network, inactive)
    assert _send() == 0
    assert mail.outbox == []


def test_empty_digests_are_not_sent(org):
    quiet = NetworkFactory()
    busy = NetworkFactory()
    listener = PersonFactory()
    member(quiet, listener)
    _practice(quiet, 9)  # too old
    author = PersonFactory()
    member(busy, author)
    _practice(busy, author=author)  # only their own practice: nothing new to them
    assert _send() == 0
    assert mail.outbox == []
    assert not DigestDelivery.objects.exists()


def test_sent_once_per_week_however_often_it_runs(org):
    network = NetworkFactory()
    _practice(network)
    people = [PersonFactory() for _ in range(3)]
    for person in people:
        member(network, person)
    assert _send(batch_size=2) == 3
    assert _send() == 0
    assert len(mail.outbox) == 3
    assert DigestDelivery.objects.filter(week=WEEK).count() == 3
    # Next week is another digest (with that week's news).
    next_week = WEEK + dt.timedelta(days=7)
    _practice(network, -3, title="Seuraavan viikon uutinen")
    assert digest.send_digests(week=next_week, now=NOW + dt.timedelta(days=7)) == 3
    assert len(mail.outbox) == 6


def test_a_new_member_later_in_the_week_still_gets_it(org):
    network = NetworkFactory()
    _practice(network)
    member(network, PersonFactory())
    assert _send() == 1
    member(network, PersonFactory())
    assert _send() == 1
    assert len(mail.outbox) == 2


def test_the_command_queues_the_current_weeks_digest(org):
    network = NetworkFactory()
    member(network, org.people["employee"])
    # Published a few days before this week's Monday, the task (run at once in tests) sends it.
    _practice(network, 3)
    call_command("send_network_digest")
    assert [message.to for message in mail.outbox] == [[org.people["employee"].email]]
    call_command("send_network_digest", week=WEEK.isoformat())
    assert len(mail.outbox) == 1


def test_the_command_refuses_a_bad_week(org):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_network_digest", week="viikko 12")


def _recipients(count: int, networks) -> None:
    for _ in range(count):
        person = PersonFactory()
        for network in networks:
            member(network, person)


def _queries_to_send() -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        sent = _send(batch_size=100)
    return sent, len(captured)


def test_the_same_queries_for_1_and_50_recipients(org):
    networks = [NetworkFactory(), NetworkFactory()]
    for network in networks:
        _practice(network)
        _practice(network)
        _meeting(network)
    _recipients(1, networks)
    sent_one, one = _queries_to_send()
    DigestDelivery.objects.all().delete()
    _recipients(49, networks)
    sent_many, many = _queries_to_send()
    assert (sent_one, sent_many) == (1, 50)
    assert many == one


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_digest_once(org):
    network = NetworkFactory()
    _practice(network)
    _recipients(12, [network])
    barrier = threading.Barrier(2, timeout=30)
    results: list = []

    def run() -> None:
        try:
            barrier.wait()
            for _ in range(1000):
                try:
                    results.append(_send(batch_size=5))
                    return
                except Exception as error:  # noqa: BLE001 — SQLite's shared memory database
                    if "locked" not in str(error):
                        raise
        except Exception as error:  # noqa: BLE001 — reported by the assertions
            results.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # A worker retried after SQLite's "locked" restarts its count, though the batches it had
    # already sent stay sent: the mails and the deliveries are what to count.
    assert all(isinstance(result, int) for result in results), results
    assert DigestDelivery.objects.count() == 12
    assert len(mail.outbox) == 12
    assert len({tuple(message.to) for message in mail.outbox}) == 12
