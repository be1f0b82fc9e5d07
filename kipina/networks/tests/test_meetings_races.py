"""Two runners act on the same meeting at the same moment: exactly one agenda is created and
linked (the other is rolled back, no orphan left in the toolkit), and of two notes saved from
the same version exactly one is kept, the other told.

Real threads with their own database connections start together at a barrier; on SQLite the
IMMEDIATE transactions queue the writers, on PostgreSQL the conditional UPDATEs settle it.
"""

import pytest
from django.contrib.auth import get_user_model

from kipina.core.tests.concurrency import at_once
from kipina.networks import services_meetings as services
from kipina.networks.models import Meeting
from kipina.networks.tests.factories_meetings import MeetingFactory
from kipina.networks.tests.factories_networks import NetworkFactory
from kipina.org.tests.factories import PersonFactory, make_coordinator
from kipina.toolkit.models import Agenda


def _user(pk: int):
    return get_user_model().objects.select_related("person").get(pk=pk)


def _race(user_pks: list[int], attempt) -> dict[int, str]:
    """{user pk: "won", the refusal, or "unexpected …"}; `attempt(user)` is prepared before
    the barrier and returns the action to run at the same moment."""
    results = at_once([lambda pk=pk: attempt(_user(pk)) for pk in user_pks])
    outcomes: dict[int, str] = {}
    for pk, result in zip(user_pks, results, strict=True):
        if isinstance(result, services.MeetingError):
            outcomes[pk] = type(result).__name__
        elif isinstance(result, Exception):
            outcomes[pk] = f"unexpected {result!r}"
        else:
            outcomes[pk] = "won"
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
