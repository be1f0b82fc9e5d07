"""Builders for networks, memberships and join requests in tests (shared by the parts)."""

import factory
from django.utils import timezone

from kipina.networks.enums import JoinRequestState, MemberRole, NetworkKind
from kipina.networks.models import JoinRequest, Membership, Network
from kipina.org.tests.factories import PersonFactory


class NetworkFactory(factory.django.DjangoModelFactory):
    """A coordinated network by default; pass kind=NetworkKind.SELF_ORGANISING for the other."""

    class Meta:
        model = Network

    key = factory.Sequence(lambda n: f"verkosto-{n}")
    name = factory.Sequence(lambda n: f"Verkosto {n}")
    purpose = "Jaamme osaamista yksiköiden välillä."
    kind = NetworkKind.COORDINATED
    coordinator = factory.Maybe(
        factory.LazyAttribute(lambda n: n.kind == NetworkKind.COORDINATED),
        yes_declaration=factory.SubFactory(PersonFactory),
        no_declaration=None,
    )
    open_to_all = False
    meetings_count_as_support_time = True
    active = True


class SelfOrganisingNetworkFactory(NetworkFactory):
    kind = NetworkKind.SELF_ORGANISING


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    network = factory.SubFactory(NetworkFactory)
    person = factory.SubFactory(PersonFactory)
    role = MemberRole.MEMBER
    joined_at = factory.LazyFunction(timezone.now)
    left_at = None
    wants_digest = True


class ConvenerFactory(MembershipFactory):
    role = MemberRole.CONVENER


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    network = factory.SubFactory(NetworkFactory)
    person = factory.SubFactory(PersonFactory)
    message = ""
    state = JoinRequestState.PENDING


def member(network: Network, person, *, role: str = MemberRole.MEMBER) -> Membership:
    """Make `person` a current member of `network` (with the given role)."""
    return MembershipFactory(network=network, person=person, role=role)


def convener(network: Network, person) -> Membership:
    return member(network, person, role=MemberRole.CONVENER)
