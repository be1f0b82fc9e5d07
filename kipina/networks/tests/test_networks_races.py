"""Two people act on the same network at the same moment: exactly one decision wins, and two
conveners leaving at once never leave a self-organising network without one.

Real threads with their own database connections start together at a barrier; on SQLite the
IMMEDIATE transactions queue the writers, on PostgreSQL the conditional UPDATE (and the lock on
the network row) settles it.
"""

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection
from django.utils import translation

from kipina.networks import services_networks as services
from kipina.networks.enums import JoinRequestState, MemberRole
from kipina.networks.models import JoinRequest, Membership, Network
from kipina.networks.tests.factories_networks import (
    JoinRequestFactory,
    SelfOrganisingNetworkFactory,
    convener,
    member,
)
from kipina.org.tests.factories import PersonFactory, make_support_person


def _until_unlocked(call, tries: int = 1000):
    """The shared in-memory SQLite of a test run says "table is locked" at once where a file
    database would wait: retry here (the attempt keeps what its actor saw)."""
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
        except services.NetworkError as error:
            outcomes[user_pk] = error.message
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


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(2))
def test_two_conveners_decide_the_same_request_at_once(round_):
    network = SelfOrganisingNetworkFactory()
    first, second = PersonFactory(), PersonFactory()
    convener(network, first)
    convener(network, second)
    asker = PersonFactory()
    make_support_person(asker)
    join_request = JoinRequestFactory(network=network, person=asker)

    def attempt(user):
        seen = JoinRequest.objects.select_related("network", "person__user").get(pk=join_request.pk)
        approve = user.pk == first.user_id
        return lambda: services.join_request_decide(actor=user, join_request=seen, approve=approve)

    outcomes = _race([first.user_id, second.user_id], attempt)

    assert sorted(outcomes.values())[1] == "won", outcomes
    loser = sorted(outcomes.values())[0]
    assert loser.startswith("Someone else decided this request first"), outcomes
    stored = JoinRequest.objects.get(pk=join_request.pk)
    winner = next(pk for pk, outcome in outcomes.items() if outcome == "won")
    assert stored.decided_by.user_id == winner
    memberships = Membership.objects.current().filter(network=network, person=asker).count()
    if stored.state == JoinRequestState.APPROVED:
        assert memberships == 1
    else:
        assert stored.state == JoinRequestState.DECLINED
        assert memberships == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(2))
def test_two_last_conveners_leave_at_once_one_stays(round_):
    network = SelfOrganisingNetworkFactory()
    first, second = PersonFactory(), PersonFactory()
    convener(network, first)
    convener(network, second)
    member(network, PersonFactory())

    def attempt(user):
        seen = Network.objects.get(pk=network.pk)
        return lambda: services.membership_leave(actor=user, network=seen)

    outcomes = _race([first.user_id, second.user_id], attempt)

    assert sorted(outcomes.values())[1] == "won", outcomes
    assert "last convener" in sorted(outcomes.values())[0], outcomes
    assert (
        Membership.objects.current().filter(network=network, role=MemberRole.CONVENER).count() == 1
    )
