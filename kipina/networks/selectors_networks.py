"""Reads for networks: the list with member counts and my standing, one network's page (members
by unit, silo coverage, coming meetings, recent practices), pending requests, the member list
for runners and the person picker. Every page runs a fixed number of queries whatever the size.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from kipina.core.permissions import allowed
from kipina.networks.enums import JoinRequestState, MeetingState, MemberRole, PracticeStatus
from kipina.networks.models import JoinRequest, Meeting, Membership, Network, Practice
from kipina.org.models import Person, Unit, path_ids

NETWORKS_PER_PAGE = 25
MEMBERS_PER_PAGE = 60
REQUESTS_PER_PAGE = 30
UPCOMING_MEETINGS = 3
RECENT_PRACTICES = 5
PERSON_MATCHES_SHOWN = 10
CURRENT = Q(memberships__left_at__isnull=True)


def active_person(user) -> Person | None:
    """The signed-in user's active Person, or None."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person if person is not None and person.active else None


def sees_inactive(user) -> bool:
    return allowed(user, "networks.create_network")


def networks_page(user, page_number) -> Page:
    """Networks by name with member count, units reached and — for the viewer — their role and
    whether a request of theirs waits; inactive networks only for coordinators."""
    networks = Network.objects.select_related("coordinator")
    if not sees_inactive(user):
        networks = networks.filter(active=True)
    networks = networks.annotate(
        member_count=Count("memberships", filter=CURRENT, distinct=True),
        units_reached=Count("memberships__person__unit", filter=CURRENT, distinct=True),
    )
    person = active_person(user)
    if person is not None:
        networks = networks.annotate(
            my_role=Subquery(
                Membership.objects.current()
                .filter(network=OuterRef("pk"), person=person)
                .values("role")[:1]
            ),
            my_pending=Exists(
                JoinRequest.objects.filter(
                    network=OuterRef("pk"), person=person, state=JoinRequestState.PENDING
                )
            ),
        )
    return Paginator(networks.order_by("name", "pk"), NETWORKS_PER_PAGE).get_page(page_number)


def network_for(user, key: str) -> Network:
    """The network by key; an inactive one only for coordinators and its current members
    (others get a 404)."""
    network = Network.objects.select_related("coordinator__unit").filter(key=key).first()
    if network is None:
        raise Http404
    if not network.active and not sees_inactive(user):
        person = active_person(user)
        if person is None or not network.memberships.current().filter(person=person).exists():
            raise Http404
    return network


def membership_for(network: Network, pk: int) -> Membership:
    membership = (
        Membership.objects.current()
        .select_related("person__unit", "person__user")
        .filter(network=network, pk=pk)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


@dataclass
class Coverage:
    """How far across the organisation's silos the current members come from."""

    units: int
    divisions: int
    members: int


@dataclass
class NetworkPage:
    network: Network
    members: Page
    coverage: Coverage
    conveners: list[Membership]
    meetings: list[Meeting]
    practices: list[Practice]
    my_membership: Membership | None
    my_request: JoinRequest | None
    pending_count: int = 0
    extra: dict = field(default_factory=dict)


def coverage(network: Network) -> Coverage:
    """Distinct units of the current members, and the top-level divisions (children of a root
    unit) those lie under — from the units' materialised paths, one query."""
    rows = list(
        Unit.objects.filter(
            people__network_memberships__network=network,
            people__network_memberships__left_at__isnull=True,
        )
        .annotate(members=Count("people__network_memberships"))
        .values_list("path", "members")
    )
    divisions = {ids[1] for ids in (path_ids(path) for path, _count in rows) if len(ids) > 1}
    return Coverage(
        units=len(rows), divisions=len(divisions), members=sum(count for _path, count in rows)
    )


def current_members(network: Network) -> QuerySet[Membership]:
    return (
        Membership.objects.current()
        .filter(network=network)
        .select_related("person__unit")
        .order_by(
            "person__unit__name", "person__unit_id", "person__last_name", "person__first_name", "pk"
        )
    )


def network_page(user, network: Network, page_number) -> NetworkPage:
    """Everything the network's page shows, in a fixed number of queries."""
    person = active_person(user)
    now = timezone.now()
    members = Paginator(current_members(network), MEMBERS_PER_PAGE).get_page(page_number)
    conveners = list(
        Membership.objects.current()
        .filter(network=network, role=MemberRole.CONVENER)
        .select_related("person__unit")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    meetings = list(
        Meeting.objects.filter(
            network=network, state=MeetingState.PLANNED, starts_at__gte=now
        ).order_by("starts_at", "pk")[:UPCOMING_MEETINGS]
    )
    practices = list(
        Practice.objects.filter(network=network, status=PracticeStatus.PUBLISHED)
        .select_related("author")
        .order_by("-published_at", "-pk")[:RECENT_PRACTICES]
    )
    mine = None
    my_request = None
    if person is not None:
        mine = Membership.objects.current().filter(network=network, person=person).first()
        my_request = (
            JoinRequest.objects.filter(network=network, person=person)
            .order_by("-requested_at", "-pk")
            .first()
        )
    pending = 0
    if allowed(user, "networks.run_network", network):
        pending = JoinRequest.objects.filter(
            network=network, state=JoinRequestState.PENDING
        ).count()
    return NetworkPage(
        network=network,
        members=members,
        coverage=coverage(network),
        conveners=conveners,
        meetings=meetings,
        practices=practices,
        my_membership=mine,
        my_request=my_request,
        pending_count=pending,
    )


def pending_requests(network: Network, page_number) -> Page:
    requests = (
        JoinRequest.objects.filter(network=network, state=JoinRequestState.PENDING)
        .select_related("person__unit")
        .order_by("requested_at", "pk")
    )
    return Paginator(requests, REQUESTS_PER_PAGE).get_page(page_number)


def recent_decisions(network: Network, limit: int = 10) -> list[JoinRequest]:
    return list(
        JoinRequest.objects.filter(network=network)
        .exclude(state=JoinRequestState.PENDING)
        .select_related("person", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )


def pending_request_for(network: Network, pk: int) -> JoinRequest:
    join_request = (
        JoinRequest.objects.select_related("person__user", "network")
        .filter(network=network, pk=pk)
        .first()
    )
    if join_request is None:
        raise Http404
    return join_request


def people_matching(text: str) -> list[Person]:
    """Active people by name, job title, email or employee number; one more than shown, so the
    form can tell that there were more."""
    text = (text or "").strip()
    if not text:
        return []
    return list(
        Person.objects.active()
        .search(text)
        .select_related("unit")
        .order_by("last_name", "first_name", "employee_number")[: PERSON_MATCHES_SHOWN + 1]
    )


def successor_choices(network: Network, person: Person | None) -> QuerySet[Person]:
    """Current members other than `person`: who could convene after them."""
    return (
        Person.objects.filter(
            network_memberships__network=network, network_memberships__left_at__isnull=True
        )
        .exclude(pk=getattr(person, "pk", None))
        .select_related("unit")
        .order_by("last_name", "first_name", "pk")
    )


def is_last_convener(network: Network, membership: Membership | None) -> bool:
    """The membership is the only convener of a self-organising network that has other
    members: leaving needs a successor."""
    from kipina.networks.enums import NetworkKind

    if (
        membership is None
        or network.kind != NetworkKind.SELF_ORGANISING
        or membership.role != MemberRole.CONVENER
    ):
        return False
    current = Membership.objects.current().filter(network=network).exclude(pk=membership.pk)
    return current.exists() and not current.filter(role=MemberRole.CONVENER).exists()
