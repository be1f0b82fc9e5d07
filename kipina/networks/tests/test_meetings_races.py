"""Two runners act on the same meeting at the same moment: exactly one agenda is created and
linked (the other is rolled back, no orphan left in the toolkit), and of two notes saved from
the same version exactly one is kept, the other told.

Real threads with their own database connections start together at a barrier; on SQLite the
IMMEDIATE transactions queue the writers, on PostgreSQL the conditional UPDATEs settle it.
"""

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection
from django.utils import translation

from kipina.networks import services_meetings as services
from kipina.networks.models import Meeting
from kipina.networks.tests.factories_meetings import MeetingFactory
from kipina.networks.tests.factories_networks import NetworkFactory
from kipina.org.tests.factories import PersonFactory, make_coordinator
from kipina.toolkit.models import Agenda


def _until_unlocked(call, tries: int = 1000):
    """The shared in-memory SQLite of a test run says "table is locked" at once where a file
    database would wait: retry (the attempt keeps what its actor saw)."""
    for _ in range(tries):
        try:
            return call()
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.005)
    raise AssertionError("the database stayed locked")


def _race(user_pks: list[int], attempt) -> dict[int, str]:
    barrier = threading.Barrier(len(user_pks), timeout=30)
    outcomes: dict[int, str] = {}

    def run(user_pk: int) -> None:
        try:
            user = get_user_model().objects.select_related("person").get(pk=user_pk)
            prepared = attempt(user)
            barrier.wait()
            with translation.override("en"):
                _until_unlocked(prepared)
            outcomes[user_pk] = "won"
        except services.MeetingError as error:
            outcomes[user_pk] = type(error).__name__
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            outcomes[user_pk] = f"unexpected {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(pk,)) for pk in user_pks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _meeting_and_runners():
    first, second = make_coordinator(PersonFactory()), make_coordinator(PersonFactory())
    network = NetworkFactory(coordinator=first)
    meeting = MeetingFactory(network=network, created_by=first)
    return meeting, [first.user_id, second.user_id]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(2))
def test_two_runners_create_the_agenda_at_once(round_):
    meeting, users = _meeting_and_runners()

    def attempt(user):
        seen = Meeting.objects.select_related("network").get(pk=meeting.pk)
        return lambda: services.meeting_agenda_create(actor=user, meeting=seen)

    outcomes = _race(users, attempt)
    assert sorted(outcomes.values()) == ["MeetingError", "won"], outcomes
    agenda = Agenda.objects.get()
    assert Meeting.objects.get(pk=meeting.pk).agenda_id == agenda.pk
    winner = next(pk for pk, outcome in outcomes.items() if outcome == "won")
    assert agenda.owner.user_id == winner


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(2))
def test_two_runners_save_the_notes_from_the_same_version(round_):
    meeting, users = _meeting_and_runners()
    texts = {pk: f"Muistio {index}" for index, pk in enumerate(users)}

    def attempt(user):
        seen = Meeting.objects.select_related("network").get(pk=meeting.pk)
        return lambda: services.meeting_notes_save(
            actor=user, meeting=seen, notes=texts[user.pk], seen_version=seen.version
        )

    outcomes = _race(users, attempt)
    assert sorted(outcomes.values()) == ["EditConflict", "won"], outcomes
    winner = next(pk for pk, outcome in outcomes.items() if outcome == "won")
    saved = Meeting.objects.get(pk=meeting.pk)
    assert saved.notes == texts[winner] and saved.version == 2
