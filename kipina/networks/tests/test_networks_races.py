"""Two people act on the same network at the same moment: exactly one decision wins, and two
conveners leaving at once never leave a self-organising network without one.

Real threads with their own database connections start together at a barrier; on SQLite the
IMMEDIATE transactions queue the writers, on PostgreSQL the conditional UPDATE (and the lock on
the network row) settles it.
"""

import pytest
from django.contrib.auth import get_user_model

from kipina.core.tests.concurrency import at_once
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


def _user(pk: int):
    return get_user_model().objects.select_related("person").get(pk=pk)


def _race(user_pks: list[int], attempt) -> dict[int, str]:
    """{user pk: "won", the refusal, or "unexpected …"}; `attempt(user)` is prepared before
    the barrier and returns the action to run at the same moment."""
    results = at_once([lambda pk=pk: attempt(_user(pk)) for pk in user_pks])
    outcomes: dict[int, str] = {}
    for pk, result in zip(user_pks, results, strict=True):
        if isinstance(result, services.NetworkError):
            outcomes[pk] = result.message
        elif isinstance(result, Exception):
            outcomes[pk] = f"unexpected {result!r}"
        else:
            outcomes[pk] = "won"
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
