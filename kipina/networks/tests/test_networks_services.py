"""Network services: who decides per kind, asking and deciding, leaving and conveners, adding
and removing members, creating and editing with optimistic locking."""

import pytest
from django.utils import timezone, translation

from kipina.core.models import Notification
from kipina.networks import services_networks as services
from kipina.networks.enums import JoinRequestState, MemberRole, NetworkKind
from kipina.networks.models import JoinRequest, Membership, Network
from kipina.networks.tests.factories_networks import (
    MembershipFactory,
    NetworkFactory,
    SelfOrganisingNetworkFactory,
    convener,
    member,
)
from kipina.org.tests.factories import PersonFactory, make_support_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _support_person(org, **kwargs):
    person = PersonFactory(unit=org.other_unit, **kwargs)
    make_support_person(person)
    return person


def _fresh(network):
    return Network.objects.get(pk=network.pk)


def _ask(person, network, message=""):
    return services.join_request_create(actor=person.user, network=_fresh(network), message=message)


# --- asking to join ---------------------------------------------------------------------------


def test_support_person_asks_and_the_coordinator_is_notified(org):
    coordinator = PersonFactory()
    network = NetworkFactory(coordinator=coordinator)
    asker = org.people["support_person"]

    request = _ask(asker, network, "Haluan oppia")

    assert request.state == JoinRequestState.PENDING
    assert request.message == "Haluan oppia"
    notified = set(
        Notification.objects.filter(kind="networks_join_requested").values_list(
            "recipient_id", flat=True
        )
    )
    assert notified == {coordinator.user_id}


def test_request_in_coordinated_network_without_coordinator_goes_to_coordinators(org):
    network = NetworkFactory()
    Network.objects.filter(pk=network.pk).update(coordinator=None)
    _ask(org.people["support_person"], network)
    notified = set(
        Notification.objects.filter(kind="networks_join_requested").values_list(
            "recipient_id", flat=True
        )
    )
    assert notified == {org.people["coordinator"].user_id}


def test_request_in_self_organising_network_goes_to_its_conveners_only(org):
    network = SelfOrganisingNetworkFactory()
    first, second = PersonFactory(), PersonFactory()
    convener(network, first)
    convener(network, second)
    member(network, PersonFactory())
    _ask(org.people["support_person"], network)
    notified = set(
        Notification.objects.filter(kind="networks_join_requested").values_list(
            "recipient_id", flat=True
        )
    )
    assert notified == {first.user_id, second.user_id}


def test_non_support_person_may_ask_only_an_open_network(org):
    employee = org.people["employee"]
    closed = NetworkFactory()
    with pytest.raises(services.NotAllowed):
        _ask(employee, closed)
    assert not JoinRequest.objects.filter(person=employee).exists()

    open_network = NetworkFactory(open_to_all=True)
    assert _ask(employee, open_network).state == JoinRequestState.PENDING


def test_inactive_network_takes_no_requests(org):
    network = NetworkFactory(active=False)
    with pytest.raises(services.NotAllowed, match="no longer takes new members"):
        _ask(org.people["support_person"], network)


def test_one_pending_request_per_person(org):
    network = NetworkFactory()
    asker = org.people["support_person"]
    _ask(asker, network)
    with pytest.raises(services.NetworkError, match="already asked"):
        _ask(asker, network)
    assert JoinRequest.objects.filter(network=network, person=asker).count() == 1


def test_member_cannot_ask_again_but_a_left_member_can(org):
    network = NetworkFactory()
    asker = org.people["support_person"]
    membership = member(network, asker)
    with pytest.raises(services.NetworkError, match="already a member"):
        _ask(asker, network)

    Membership.objects.filter(pk=membership.pk).update(left_at=timezone.now())
    assert _ask(asker, network).state == JoinRequestState.PENDING


def test_withdraw_only_my_pending_request(org):
    network = NetworkFactory()
    asker = org.people["support_person"]
    _ask(asker, network)
    withdrawn = services.join_request_withdraw(actor=asker.user, network=network)
    assert withdrawn.state == JoinRequestState.WITHDRAWN
    with pytest.raises(services.Conflict):
        services.join_request_withdraw(actor=asker.user, network=network)
    # After withdrawing, asking again is possible.
    assert _ask(asker, network).state == JoinRequestState.PENDING


# --- deciding, per kind ---------------------------------------------------------------------


def _decide(actor_person, join_request, approve=True, reason=""):
    join_request = JoinRequest.objects.select_related("network", "person__user").get(
        pk=join_request.pk
    )
    return services.join_request_decide(
        actor=actor_person.user, join_request=join_request, approve=approve, reason=reason
    )


def test_coordinator_of_coordinated_network_approves_and_membership_follows(org):
    coordinator = PersonFactory()
    network = NetworkFactory(coordinator=coordinator)
    asker = org.people["support_person"]
    request = _ask(asker, network)

    decided = _decide(coordinator, request)

    assert decided.state == JoinRequestState.APPROVED
    assert decided.decided_by == coordinator
    assert Membership.objects.current().filter(network=network, person=asker).exists()
    assert Notification.objects.filter(recipient=asker.user, kind="networks_join_approved").exists()


def test_org_coordinator_decides_in_coordinated_network(org):
    network = NetworkFactory()
    request = _ask(org.people["support_person"], network)
    decided = _decide(org.people["coordinator"], request, approve=False, reason="Täynnä")
    assert decided.state == JoinRequestState.DECLINED
    assert decided.reason == "Täynnä"
    assert not Membership.objects.filter(network=network).exists()
    note = Notification.objects.get(kind="networks_join_declined")
    assert note.params["reason"] == "Täynnä"


def test_convener_of_coordinated_network_does_not_decide(org):
    network = NetworkFactory()
    host = PersonFactory()
    convener(network, host)
    request = _ask(org.people["support_person"], network)
    with pytest.raises(services.NotAllowed):
        _decide(host, request)
    assert JoinRequest.objects.get(pk=request.pk).state == JoinRequestState.PENDING


def test_convener_of_self_organising_network_decides(org):
    network = SelfOrganisingNetworkFactory()
    host = PersonFactory()
    convener(network, host)
    request = _ask(org.people["support_person"], network)
    assert _decide(host, request).state == JoinRequestState.APPROVED


def test_ordinary_member_of_self_organising_network_does_not_decide(org):
    network = SelfOrganisingNetworkFactory()
    convener(network, PersonFactory())
    plain = PersonFactory()
    member(network, plain)
    request = _ask(org.people["support_person"], network)
    with pytest.raises(services.NotAllowed):
        _decide(plain, request)


def test_coordinator_named_on_a_self_organising_network_does_not_decide(org):
    """The coordinator field means nothing in a self-organising network."""
    network = SelfOrganisingNetworkFactory()
    someone = PersonFactory()
    Network.objects.filter(pk=network.pk).update(coordinator=someone)
    convener(network, PersonFactory())
    request = _ask(org.people["support_person"], network)
    with pytest.raises(services.NotAllowed):
        _decide(someone, request)


def test_decided_request_cannot_be_decided_again(org):
    network = NetworkFactory()
    request = _ask(org.people["support_person"], network)
    _decide(org.people["coordinator"], request, approve=False)
    with pytest.raises(services.Conflict, match="Someone else decided"):
        _decide(network.coordinator, request, approve=True)
    assert not Membership.objects.filter(network=network).exists()


def test_withdrawn_request_cannot_be_approved(org):
    network = NetworkFactory()
    asker = org.people["support_person"]
    request = _ask(asker, network)
    services.join_request_withdraw(actor=asker.user, network=network)
    with pytest.raises(services.Conflict, match="withdrew"):
        _decide(network.coordinator, request)


# --- leaving and conveners ------------------------------------------------------------------


def test_member_leaves_and_the_row_stays(org):
    network = NetworkFactory()
    person = org.people["support_person"]
    member(network, person)
    services.membership_leave(actor=person.user, network=network)
    row = Membership.objects.get(network=network, person=person)
    assert row.left_at is not None


def test_last_convener_of_self_organising_network_cannot_leave_members_behind(org):
    network = SelfOrganisingNetworkFactory()
    host = PersonFactory()
    convener(network, host)
    other = PersonFactory()
    member(network, other)
    with pytest.raises(services.NetworkError, match="last convener"):
        services.membership_leave(actor=host.user, network=network)
    assert Membership.objects.current().filter(network=network, person=host).exists()


def test_last_convener_leaves_by_naming_a_successor(org):
    network = SelfOrganisingNetworkFactory()
    host = PersonFactory()
    convener(network, host)
    other = PersonFactory()
    member(network, other)
    services.membership_leave(actor=host.user, network=network, successor=other)
    assert not Membership.objects.current().filter(network=network, person=host).exists()
    assert Membership.objects.current().get(network=network, person=other).role == (
        MemberRole.CONVENER
    )


def test_plain_member_cannot_name_a_successor_by_leaving(org):
    network = SelfOrganisingNetworkFactory()
    convener(network, PersonFactory())
    plain, other = PersonFactory(), PersonFactory()
    member(network, plain)
    member(network, other)
    with pytest.raises(services.NotAllowed):
        services.membership_leave(actor=plain.user, network=network, successor=other)
    assert Membership.objects.current().get(person=other).role == MemberRole.MEMBER


def test_last_convener_alone_may_leave(org):
    network = SelfOrganisingNetworkFactory()
    host = PersonFactory()
    convener(network, host)
    services.membership_leave(actor=host.user, network=network)
    assert not Membership.objects.current().filter(network=network).exists()


def test_one_of_two_conveners_may_leave(org):
    network = SelfOrganisingNetworkFactory()
    first, second = PersonFactory(), PersonFactory()
    convener(network, first)
    convener(network, second)
    member(network, PersonFactory())
    services.membership_leave(actor=first.user, network=network)
    assert not Membership.objects.current().filter(person=first).exists()


def test_last_convener_of_coordinated_network_may_leave(org):
    network = NetworkFactory()
    host = PersonFactory()
    convener(network, host)
    member(network, PersonFactory())
    services.membership_leave(actor=host.user, network=network)
    assert not Membership.objects.current().filter(person=host).exists()


def test_unnaming_the_last_convener_is_refused(org):
    network = SelfOrganisingNetworkFactory()
    host = PersonFactory()
    membership = convener(network, host)
    member(network, PersonFactory())
    with pytest.raises(services.NetworkError, match="last convener"):
        services.membership_set_role(actor=host.user, membership=membership, role=MemberRole.MEMBER)
    assert Membership.objects.get(pk=membership.pk).role == MemberRole.CONVENER


def test_convener_names_another_and_steps_down(org):
    network = SelfOrganisingNetworkFactory()
    host = PersonFactory()
    mine = convener(network, host)
    theirs = member(network, PersonFactory())
    services.membership_set_role(actor=host.user, membership=theirs, role=MemberRole.CONVENER)
    services.membership_set_role(actor=host.user, membership=mine, role=MemberRole.MEMBER)
    assert Membership.objects.get(pk=theirs.pk).role == MemberRole.CONVENER
    assert Membership.objects.get(pk=mine.pk).role == MemberRole.MEMBER


def test_plain_member_cannot_name_conveners(org):
    network = SelfOrganisingNetworkFactory()
    convener(network, PersonFactory())
    plain = PersonFactory()
    mine = member(network, plain)
    with pytest.raises(services.NotAllowed):
        services.membership_set_role(actor=plain.user, membership=mine, role=MemberRole.CONVENER)


def test_removing_the_last_convener_is_refused(org):
    network = SelfOrganisingNetworkFactory()
    host = convener(network, PersonFactory())
    member(network, PersonFactory())
    with pytest.raises(services.NetworkError, match="last convener"):
        services.membership_remove(actor=org.people["coordinator"].user, membership=host)


def test_runner_removes_a_member_who_is_notified(org):
    network = NetworkFactory()
    gone = member(network, PersonFactory())
    services.membership_remove(actor=network.coordinator.user, membership=gone)
    assert Membership.objects.get(pk=gone.pk).left_at is not None
    assert Notification.objects.filter(
        recipient=gone.person.user, kind="networks_member_removed"
    ).exists()


def test_digest_setting_is_mine(org):
    network = NetworkFactory()
    person = org.people["support_person"]
    mine = member(network, person)
    services.membership_set_digest(actor=person.user, network=network, wants_digest=False)
    assert Membership.objects.get(pk=mine.pk).wants_digest is False
    with pytest.raises(services.Conflict):
        services.membership_set_digest(
            actor=org.people["employee"].user, network=network, wants_digest=False
        )


# --- adding members directly ----------------------------------------------------------------


def test_runner_adds_a_support_person_and_their_pending_request_is_settled(org):
    network = NetworkFactory()
    person = org.people["support_person"]
    request = _ask(person, network)
    services.membership_add(actor=network.coordinator.user, network=network, person=person)
    assert Membership.objects.current().filter(network=network, person=person).exists()
    assert JoinRequest.objects.get(pk=request.pk).state == JoinRequestState.APPROVED
    assert Notification.objects.filter(recipient=person.user, kind="networks_member_added")


def test_adding_a_non_support_person_needs_an_open_network(org):
    network = NetworkFactory()
    employee = org.people["employee"]
    with pytest.raises(services.NetworkError, match="not a support person"):
        services.membership_add(actor=network.coordinator.user, network=network, person=employee)
    network.open_to_all = True
    network.save()
    services.membership_add(actor=network.coordinator.user, network=network, person=employee)


def test_adding_a_current_member_again_is_refused(org):
    network = NetworkFactory(open_to_all=True)
    person = PersonFactory()
    member(network, person)
    with pytest.raises(services.NetworkError, match="already a member"):
        services.membership_add(actor=network.coordinator.user, network=network, person=person)


def test_convener_of_coordinated_network_cannot_add(org):
    network = NetworkFactory(open_to_all=True)
    host = PersonFactory()
    convener(network, host)
    with pytest.raises(services.NotAllowed):
        services.membership_add(actor=host.user, network=network, person=PersonFactory())


# --- creating and editing -------------------------------------------------------------------


def _data(**overrides):
    data = {
        "key": "oppimisverkosto",
        "name": "Oppimisverkosto",
        "purpose": "Opimme yhdessä.",
        "kind": NetworkKind.COORDINATED,
        "coordinator": None,
        "open_to_all": False,
        "meetings_count_as_support_time": True,
        "active": True,
    }
    data.update(overrides)
    return data


def test_only_coordinators_create(org):
    with pytest.raises(services.NotAllowed):
        services.network_create(
            actor=org.people["support_person"].user,
            data=_data(coordinator=org.people["coordinator"]),
        )
    network = services.network_create(
        actor=org.people["coordinator"].user, data=_data(coordinator=org.people["coordinator"])
    )
    assert network.pk and network.version == 1


@pytest.mark.parametrize("key", ["new", "practices"])
def test_reserved_keys_are_refused(org, key):
    with pytest.raises(services.NetworkError) as refused:
        services.network_create(
            actor=org.people["coordinator"].user,
            data=_data(key=key, coordinator=org.people["coordinator"]),
        )
    assert refused.value.field == "key"


def test_coordinated_network_needs_a_coordinator(org):
    with pytest.raises(services.NetworkError) as refused:
        services.network_create(actor=org.people["coordinator"].user, data=_data())
    assert refused.value.field == "coordinator"


def test_self_organising_network_has_no_coordinator(org):
    network = services.network_create(
        actor=org.people["coordinator"].user,
        data=_data(kind=NetworkKind.SELF_ORGANISING, coordinator=org.people["coordinator"]),
    )
    assert network.coordinator is None


def test_duplicate_key_is_refused_beside_the_key(org):
    NetworkFactory(key="oppimisverkosto")
    with pytest.raises(services.NetworkError) as refused:
        services.network_create(
            actor=org.people["coordinator"].user, data=_data(coordinator=org.people["admin"])
        )
    assert refused.value.field == "key"


def test_edit_with_a_stale_version_is_a_conflict_and_changes_nothing(org):
    network = NetworkFactory(name="Alku")
    runner = network.coordinator.user
    services.network_edit(
        actor=runner, network=_fresh(network), data={"name": "Ensimmäinen"}, seen_version=1
    )
    with pytest.raises(services.EditConflict) as conflict:
        services.network_edit(
            actor=runner, network=_fresh(network), data={"name": "Toinen"}, seen_version=1
        )
    assert conflict.value.current.name == "Ensimmäinen"
    stored = _fresh(network)
    assert stored.name == "Ensimmäinen"
    assert stored.version == 2


def test_runner_who_is_not_a_coordinator_cannot_change_kind_or_coordinator(org):
    network = NetworkFactory()
    runner = network.coordinator
    services.network_edit(
        actor=runner.user,
        network=_fresh(network),
        data={"name": "Uusi nimi", "kind": NetworkKind.SELF_ORGANISING, "coordinator": None},
        seen_version=1,
    )
    stored = _fresh(network)
    assert stored.name == "Uusi nimi"
    assert stored.kind == NetworkKind.COORDINATED
    assert stored.coordinator_id == runner.pk


def test_turning_self_organising_needs_a_convener_among_members(org):
    network = NetworkFactory()
    member(network, PersonFactory())
    actor = org.people["coordinator"].user
    with pytest.raises(services.NetworkError) as refused:
        services.network_edit(
            actor=actor,
            network=_fresh(network),
            data={"kind": NetworkKind.SELF_ORGANISING},
            seen_version=1,
        )
    assert refused.value.field == "kind"
    assert _fresh(network).version == 1
    MembershipFactory(network=network, role=MemberRole.CONVENER)
    services.network_edit(
        actor=actor,
        network=_fresh(network),
        data={"kind": NetworkKind.SELF_ORGANISING},
        seen_version=1,
    )
    assert _fresh(network).kind == NetworkKind.SELF_ORGANISING
