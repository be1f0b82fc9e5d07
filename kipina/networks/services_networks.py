"""Writes for networks and their members: create and edit a network (optimistically locked),
ask to join, withdraw, decide, leave, add and remove members, name conveners, digest setting.

Who decides depends on the kind (kipina.networks.rules): a coordinated network is run by its
coordinator and the organisation's coordinators, a self-organising one by its conveners.
Decisions and role changes are conditional UPDATEs on the state the actor saw, so of two runners
acting at once exactly one wins and the other gets a clear message. A self-organising network
keeps at least one convener while it has members: every write that could take the last one
away first locks the network row, so two conveners leaving at once cannot both go.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kipina.core.enums import COORDINATOR_GROUP
from kipina.core.errors import ServiceError, full_clean_or_refuse
from kipina.core.notifications import notify
from kipina.core.permissions import allowed
from kipina.networks import notifications_networks as kinds
from kipina.networks.enums import JoinRequestState, MemberRole, NetworkKind
from kipina.networks.models import JoinRequest, Membership, Network
from kipina.org.models import Person

# Words the networks' own addresses use (new/, practices/): never a network's key.
RESERVED_KEYS = frozenset({"new", "practices"})
# What the network form may set; the kind and the coordinator only by the organisation's
# coordinators (a runner must not hand the network to someone else by editing it).
EDITABLE_FIELDS = (
    "name",
    "purpose",
    "kind",
    "coordinator",
    "open_to_all",
    "meetings_count_as_support_time",
    "active",
)
OVERSIGHT_FIELDS = frozenset({"kind", "coordinator"})


class NetworkError(ServiceError):
    pass


class NotAllowed(NetworkError):
    pass


class Conflict(NetworkError):
    """Someone else acted first (a decision, a role change); nothing was changed."""


class EditConflict(NetworkError):
    """Someone saved the network after the editor opened it; `current` is what they saved."""

    def __init__(self, current: Network):
        super().__init__(
            _(
                "Someone else saved this network while you were editing it. Nothing of yours "
                "was saved yet: compare their version below with your form and save again."
            )
        )
        self.current = current


def _person(user) -> Person | None:
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person if person is not None and person.active else None


def _fresh(network: Network) -> Network:
    """The network as stored now, without the role memo of an earlier permission check."""
    return Network.objects.select_related("coordinator").get(pk=network.pk)


def _require_runner(actor, network: Network) -> None:
    if not allowed(actor, "networks.run_network", network):
        raise NotAllowed(
            _("Only the people who run this network can do that.")
            if network.kind == NetworkKind.COORDINATED
            else _("Only the conveners of this network (and the coordinators) can do that.")
        )


def _lock(network: Network) -> Network:
    """Hold the network row until the transaction ends: writes that could leave a
    self-organising network without a convener run one at a time."""
    return (
        Network.objects.select_for_update(of=("self",))
        .select_related("coordinator")
        .get(pk=network.pk)
    )


def _may_oversee(actor) -> bool:
    return allowed(actor, "networks.create_network")


def is_support_person(person: Person) -> bool:
    from kipina.agents.models import SupportPerson

    return SupportPerson.objects.active().filter(person=person).exists()


def _check_eligible(network: Network, person: Person) -> None:
    if not person.active:
        raise NetworkError(_("%(name)s no longer works here.") % {"name": person.full_name})
    if not network.open_to_all and not is_support_person(person):
        raise NetworkError(
            _(
                "%(name)s is not a support person, and this network is only for support "
                "persons. Open it to everyone first if others may join."
            )
            % {"name": person.full_name}
        )


def deciders(network: Network) -> list:
    """The users who decide join requests: the coordinator of a coordinated network (else the
    organisation's coordinators); the conveners of a self-organising one (else, when it has
    none, the coordinators, who may step in)."""
    users: list = []
    if network.kind == NetworkKind.COORDINATED:
        coordinator = network.coordinator
        if coordinator is not None and coordinator.active and coordinator.user_id:
            users = [coordinator.user]
    else:
        users = list(
            get_user_model().objects.filter(
                person__network_memberships__network=network,
                person__network_memberships__left_at__isnull=True,
                person__network_memberships__role=MemberRole.CONVENER,
                person__active=True,
                is_active=True,
            )
        )
    if not users:
        users = list(
            get_user_model().objects.filter(groups__name=COORDINATOR_GROUP, is_active=True)
        )
    return users


def _current_membership(network: Network, person: Person) -> Membership | None:
    return Membership.objects.current().filter(network=network, person=person).first()


def _other_conveners(network: Network, membership: Membership) -> bool:
    return (
        Membership.objects.current()
        .filter(network=network, role=MemberRole.CONVENER)
        .exclude(pk=membership.pk)
        .exists()
    )


def _other_members(network: Network, membership: Membership) -> bool:
    return Membership.objects.current().filter(network=network).exclude(pk=membership.pk).exists()


def _keeps_a_convener(network: Network, membership: Membership) -> bool:
    """False when taking `membership` away as a convener would leave a self-organising network
    with members but no convener."""
    return (
        network.kind != NetworkKind.SELF_ORGANISING
        or membership.role != MemberRole.CONVENER
        or _other_conveners(network, membership)
        or not _other_members(network, membership)
    )


# --- the network itself --------------------------------------------------------------------


def _apply(network: Network, data: dict, *, oversee: bool) -> None:
    for name in EDITABLE_FIELDS:
        if name in data and (oversee or name not in OVERSIGHT_FIELDS):
            setattr(network, name, data[name])
    if network.kind == NetworkKind.SELF_ORGANISING:
        network.coordinator = None


def _validate(network: Network) -> None:
    network.key = (network.key or "").strip().lower()
    if network.key in RESERVED_KEYS:
        raise NetworkError(
            _("“%(key)s” is a word of the networks' addresses; choose another.")
            % {"key": network.key},
            "key",
        )
    if network.kind == NetworkKind.COORDINATED:
        if network.coordinator is None:
            raise NetworkError(_("A coordinated network needs its coordinator."), "coordinator")
        if not network.coordinator.active:
            raise NetworkError(
                _("%(name)s no longer works here.") % {"name": network.coordinator.full_name},
                "coordinator",
            )
    full_clean_or_refuse(network, NetworkError, exclude=["version"])


@transaction.atomic
def network_create(*, actor, data: dict) -> Network:
    """Check → fill → validate (reserved keys, coordinator of a coordinated network) → save."""
    if not _may_oversee(actor):
        raise NotAllowed(_("Only coordinators can create networks."))
    network = Network(key=data.get("key", ""))
    _apply(network, data, oversee=True)
    _validate(network)
    try:
        with transaction.atomic():
            network.save()
    except IntegrityError as error:
        raise NetworkError(_("Another network already has this short name."), "key") from error
    return network


@transaction.atomic
def network_edit(*, actor, network: Network, data: dict, seen_version: int) -> Network:
    """Check → lock → fill, validate → a self-organising network needs a convener → take the
    version (or EditConflict) → save."""
    _require_runner(actor, network)
    changed = _lock(network)
    _apply(changed, data, oversee=_may_oversee(actor))
    _validate(changed)
    if (
        changed.kind == NetworkKind.SELF_ORGANISING
        and Membership.objects.current().filter(network=changed).exists()
        and not Membership.objects.current()
        .filter(network=changed, role=MemberRole.CONVENER)
        .exists()
    ):
        raise NetworkError(
            _(
                "A self-organising network is run by its conveners: name at least one member "
                "a convener before changing the kind."
            ),
            "kind",
        )
    taken = Network.objects.filter(pk=network.pk, version=seen_version).update(
        version=F("version") + 1
    )
    if not taken:
        raise EditConflict(_fresh(network))
    changed.version = seen_version + 1
    changed.save(update_fields=[*EDITABLE_FIELDS])
    if changed.meetings_count_as_support_time != network.meetings_count_as_support_time:
        _resync_support_time(changed)
    return changed


def _resync_support_time(network: Network) -> None:
    """The switch moved: the meetings from this month on count (or stop counting) toward the
    members' time shares; months already past keep what was booked in them."""
    from kipina.networks.services_meetings import sync_support_time

    month_start = timezone.localdate().replace(day=1)
    for meeting in network.meetings.filter(starts_at__date__gte=month_start).select_related(
        "network"
    ):
        meeting.network = network
        sync_support_time(meeting)


# --- joining -------------------------------------------------------------------------------


@transaction.atomic
def join_request_create(*, actor, network: Network, message: str = "") -> JoinRequest:
    """Check (may ask, not a member, nothing pending) → save the request (the one-pending
    constraint settles a double click) → notify the deciders."""
    person = _person(actor)
    if person is None:
        raise NotAllowed(_("Only people of the organisation can join networks."))
    network = _fresh(network)
    if _current_membership(network, person) is not None:
        raise NetworkError(_("You are already a member of this network."))
    if not allowed(actor, "networks.ask_to_join", network):
        if not network.active:
            raise NotAllowed(_("This network no longer takes new members."))
        raise NotAllowed(_("This network is for support persons; only they can ask to join it."))
    pending = _("You have already asked to join this network; wait for the decision.")
    if JoinRequest.objects.filter(
        network=network, person=person, state=JoinRequestState.PENDING
    ).exists():
        raise NetworkError(pending)
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                network=network, person=person, message=(message or "").strip()
            )
    except IntegrityError as error:
        raise NetworkError(pending) from error
    notify(
        recipients=deciders(network),
        kind=kinds.JOIN_REQUESTED,
        params={"person": person.full_name, "network": network.name},
        url=reverse("networks:network_requests", args=[network.key]),
    )
    return join_request


@transaction.atomic
def join_request_withdraw(*, actor, network: Network) -> JoinRequest:
    """Only the requester → pending → withdrawn (conditional, so a decision made meanwhile
    stands)."""
    person = _person(actor)
    join_request = (
        JoinRequest.objects.filter(network=network, person=person, state=JoinRequestState.PENDING)
        .order_by("-pk")
        .first()
        if person
        else None
    )
    if join_request is None:
        raise Conflict(_("You have no request waiting in this network."))
    changed = JoinRequest.objects.filter(pk=join_request.pk, state=JoinRequestState.PENDING).update(
        state=JoinRequestState.WITHDRAWN, decided_at=timezone.now()
    )
    if not changed:
        raise Conflict(_("Your request was decided just now; nothing was withdrawn."))
    join_request.state = JoinRequestState.WITHDRAWN
    return join_request


@transaction.atomic
def join_request_decide(
    *, actor, join_request: JoinRequest, approve: bool, reason: str = ""
) -> JoinRequest:
    """Check the decider → pending → approved/declined (conditional: one decision wins) →
    approved: the membership → notify the requester."""
    network = _fresh(join_request.network)
    _require_runner(actor, network)
    person = join_request.person
    if approve:
        _check_eligible(network, person)
    state = JoinRequestState.APPROVED if approve else JoinRequestState.DECLINED
    now = timezone.now()
    changed = JoinRequest.objects.filter(pk=join_request.pk, state=JoinRequestState.PENDING).update(
        state=state, decided_by=_person(actor), decided_at=now, reason=(reason or "").strip()
    )
    if not changed:
        current = JoinRequest.objects.get(pk=join_request.pk)
        if current.state == JoinRequestState.WITHDRAWN:
            raise Conflict(_("%(name)s withdrew the request.") % {"name": person.full_name})
        raise Conflict(
            _("Someone else decided this request first: it is now “%(state)s”.")
            % {"state": current.get_state_display()}
        )
    if approve and _current_membership(network, person) is None:
        Membership.objects.create(network=network, person=person, joined_at=now)
    join_request.refresh_from_db()
    notify(
        recipients=[person.user],
        kind=kinds.JOIN_APPROVED if approve else kinds.JOIN_DECLINED,
        params={"network": network.name, "reason": join_request.reason},
        url=network.get_absolute_url(),
    )
    return join_request


# --- members -------------------------------------------------------------------------------


def _end(membership: Membership) -> None:
    ended = Membership.objects.filter(pk=membership.pk, left_at__isnull=True).update(
        left_at=timezone.now()
    )
    if not ended:
        raise Conflict(_("This membership had already ended."))


@transaction.atomic
def membership_leave(*, actor, network: Network, successor: Person | None = None) -> Membership:
    """Lock → my current membership → name the successor convener, if given → the last
    convener of a self-organising network with members stays → left."""
    person = _person(actor)
    locked = _lock(network)
    membership = _current_membership(locked, person) if person else None
    if membership is None:
        raise Conflict(_("You are not a member of this network."))
    if successor is not None:
        if membership.role != MemberRole.CONVENER:
            raise NotAllowed(_("Only a convener names who convenes after them."), "successor")
        if successor.pk == person.pk:
            raise NetworkError(_("Choose someone other than yourself."), "successor")
        promoted = (
            Membership.objects.current()
            .filter(network=locked, person=successor)
            .update(role=MemberRole.CONVENER)
        )
        if not promoted:
            raise NetworkError(
                _("%(name)s is no longer a member.") % {"name": successor.full_name}, "successor"
            )
    if not _keeps_a_convener(locked, membership):
        raise NetworkError(
            _(
                "You are the last convener of this network. Choose who convenes after you, "
                "so that someone can run the network, and then leave."
            ),
            "successor",
        )
    _end(membership)
    return membership


@transaction.atomic
def membership_add(*, actor, network: Network, person: Person) -> Membership:
    """Check the runner → the person may belong (active; a support person unless the network is
    open to all) → not already a member → membership; a pending request of theirs is approved
    → notify them."""
    network = _fresh(network)
    _require_runner(actor, network)
    _check_eligible(network, person)
    already = _("%(name)s is already a member.") % {"name": person.full_name}
    if _current_membership(network, person) is not None:
        raise NetworkError(already, "person_query")
    now = timezone.now()
    try:
        with transaction.atomic():
            membership = Membership.objects.create(network=network, person=person, joined_at=now)
    except IntegrityError as error:
        raise NetworkError(already, "person_query") from error
    JoinRequest.objects.filter(
        network=network, person=person, state=JoinRequestState.PENDING
    ).update(state=JoinRequestState.APPROVED, decided_by=_person(actor), decided_at=now)
    notify(
        recipients=[person.user],
        kind=kinds.MEMBER_ADDED,
        params={"network": network.name, "by": _person_name(actor)},
        url=network.get_absolute_url(),
    )
    return membership


def _person_name(actor) -> str:
    person = _person(actor)
    return person.full_name if person else actor.get_username()


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> Membership:
    """Check the runner → lock → the last convener of a self-organising network with members
    stays → left → notify them."""
    network = _lock(membership.network)
    _require_runner(actor, network)
    membership = Membership.objects.select_related("person__user").get(pk=membership.pk)
    if membership.left_at is not None:
        raise Conflict(_("This membership had already ended."))
    if not _keeps_a_convener(network, membership):
        raise NetworkError(
            _(
                "%(name)s is the last convener. Name another convener first, so that someone "
                "can run the network."
            )
            % {"name": membership.person.full_name}
        )
    _end(membership)
    notify(
        recipients=[membership.person.user],
        kind=kinds.MEMBER_REMOVED,
        params={"network": network.name, "by": _person_name(actor)},
        url=network.get_absolute_url(),
    )
    return membership


@transaction.atomic
def membership_set_role(*, actor, membership: Membership, role: str) -> Membership:
    """Check the runner → lock → a self-organising network keeps a convener → the new role
    (conditional on the membership still being current)."""
    if role not in MemberRole.values:
        raise NetworkError(_("Unknown role."), "role")
    network = _lock(membership.network)
    _require_runner(actor, network)
    membership = Membership.objects.select_related("person").get(pk=membership.pk)
    if membership.left_at is not None:
        raise Conflict(_("%(name)s is no longer a member.") % {"name": membership.person.full_name})
    if role == MemberRole.MEMBER and not _keeps_a_convener(network, membership):
        raise NetworkError(
            _(
                "%(name)s is the last convener, and a self-organising network is run by its "
                "conveners. Name another convener first."
            )
            % {"name": membership.person.full_name}
        )
    Membership.objects.filter(pk=membership.pk, left_at__isnull=True).update(role=role)
    membership.role = role
    return membership


@transaction.atomic
def membership_set_digest(*, actor, network: Network, wants_digest: bool) -> Membership:
    """My current membership → the weekly digest on or off."""
    person = _person(actor)
    membership = _current_membership(network, person) if person else None
    if membership is None:
        raise Conflict(_("You are not a member of this network."))
    Membership.objects.filter(pk=membership.pk).update(wants_digest=wants_digest)
    membership.wants_digest = wants_digest
    return membership


def current_member_ids(network: Network, people: Iterable[Person]) -> set[int]:
    """Which of `people` are current members (the picker marks them)."""
    return set(
        Membership.objects.current()
        .filter(network=network, person__in=list(people))
        .values_list("person_id", flat=True)
    )
