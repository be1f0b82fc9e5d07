"""Two support persons take the same open order at the same moment: exactly one wins.

Real threads, each with its own database connection, start together at a barrier. On SQLite
the IMMEDIATE transactions queue the writers; on PostgreSQL the conditional UPDATE on the state
the claimer saw lets exactly one row change. The loser gets a Conflict with a clear message.
"""

import datetime as dt
import threading
import time
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection
from django.utils import timezone, translation

from kipina.agents.enums import ServiceScope
from kipina.orders import services
from kipina.orders.enums import AssignmentMode, OrderState
from kipina.orders.models import Order, OrderEvent
from kipina.orders.services import Conflict
from kipina.orders.tests.factories import ServiceFactory, bookable_support_person, order_in_state
from kipina.org.tests.factories import PersonFactory


def _until_unlocked(call, tries: int = 1000):
    """The shared in-memory SQLite of the test run answers "table is locked" at once where a
    file database waits (busy_timeout) and PostgreSQL blocks on the row: wait here instead.
    The attempt keeps the order as its claimer saw it, so the retry decides on the same state."""
    for _ in range(tries):
        try:
            return call()
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.005)
    raise AssertionError("the database stayed locked")


def _race(order_pk: int, user_pks: list[int], attempt) -> dict[int, str]:
    barrier = threading.Barrier(len(user_pks), timeout=30)
    outcomes: dict[int, str] = {}

    def run(user_pk: int) -> None:
        try:
            user = get_user_model().objects.select_related("person").get(pk=user_pk)
            order = Order.objects.select_related("service", "team", "requester").get(pk=order_pk)
            barrier.wait()
            # A new thread starts in the default language (Finnish); the messages are compared
            # in English.
            with translation.override("en"):
                _until_unlocked(lambda: attempt(user, order))
            outcomes[user_pk] = "won"
        except Conflict as conflict:
            outcomes[user_pk] = conflict.message
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[user_pk] = f"unexpected {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(pk,)) for pk in user_pks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def claimable(org):
    order = order_in_state(
        org, OrderState.SUBMITTED, service=ServiceFactory(assignment_mode=AssignmentMode.CLAIM)
    )
    rival = PersonFactory(unit=org.other_unit, team=org.other_team, user__username="rival")
    profile = bookable_support_person(rival)
    profile.scope = ServiceScope.ORGANISATION
    profile.save(update_fields=["scope"])
    return order, [org.people["support_person"].user_id, rival.user_id]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_support_persons_claim_at_once_one_wins(org, claimable, round_):
    order, user_pks = claimable
    outcomes = _race(order.pk, user_pks, lambda user, o: services.order_claim(actor=user, order=o))

    assert sorted(outcomes.values()) == sorted(["won", "Someone else took this order first."]), (
        outcomes
    )
    winner = next(pk for pk, outcome in outcomes.items() if outcome == "won")
    order.refresh_from_db()
    assert order.state == OrderState.ASSIGNED
    assert order.support_person.person.user_id == winner
    claims = OrderEvent.objects.filter(order=order, action="claim")
    assert claims.count() == 1
    assert claims.get().actor_id == winner


@pytest.mark.django_db(transaction=True)
def test_the_same_form_posted_twice_at_once_makes_one_order(org):
    """A double click sends the form twice in parallel: one order, both answers point to it."""
    key = uuid.uuid4()
    service = ServiceFactory()
    language = org.people["employee"].languages.first()
    earliest = timezone.localdate() + dt.timedelta(days=5)
    found: dict[int, int] = {}
    barrier = threading.Barrier(2, timeout=30)

    def submit(index: int) -> None:
        try:
            user = (
                get_user_model()
                .objects.select_related("person")
                .get(pk=org.people["employee"].user_id)
            )
            barrier.wait()
            order, _created = _until_unlocked(
                lambda: services.order_submit(
                    actor=user,
                    service=service,
                    team=org.team,
                    need="Apua",
                    goal="Parempi",
                    earliest=earliest,
                    latest=earliest,
                    participants=3,
                    language=language,
                    onsite=False,
                    submission_key=key,
                )
            )
            found[index] = order.pk
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert Order.objects.filter(submission_key=key).count() == 1
    assert set(found.values()) == {Order.objects.get(submission_key=key).pk}
    assert len(found) == 2
