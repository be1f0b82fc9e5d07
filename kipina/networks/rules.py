"""Who may do what in the support networks.

- Everyone signed in sees the list of networks, a network's page, its meetings and its
  published good practices (knowledge is shared across silos on purpose), and may ask to join
  a network: an active support person any network, others only a network open to all.
- A network is run by its runners: in a coordinated network its coordinator and the
  organisation's coordinators; in a self-organising one its conveners (coordinators may still
  step in, e.g. when every convener has left). Runners decide join requests, name conveners,
  edit the network and plan, change and record its meetings.
- Current members answer invitations and publish good practices in their network; everyone
  signed in may comment on a published practice and say it helped them.
- Coordinators (and admins) create networks.
"""

import rules

from kipina.core.rules import has_person, is_coordinator_or_admin
from kipina.networks.enums import MemberRole, NetworkKind
from kipina.org.rules import active_person_of


def _membership_role(user, network) -> str | None:
    """The user's current role in the network, or None; memoised on the network object for
    one request (a page asks several predicates about the same network)."""
    person = active_person_of(user)
    if person is None or network is None:
        return None
    cache = network.__dict__.setdefault("_roles_of_person", {})
    if person.pk not in cache:
        from kipina.networks.models import Membership

        cache[person.pk] = (
            Membership.objects.current()
            .filter(network=network, person=person)
            .values_list("role", flat=True)
            .first()
        )
    return cache[person.pk]


@rules.predicate
def is_member(user, network) -> bool:
    return _membership_role(user, network) is not None


@rules.predicate
def is_convener(user, network) -> bool:
    return _membership_role(user, network) == MemberRole.CONVENER


@rules.predicate
def is_network_coordinator(user, network) -> bool:
    person = active_person_of(user)
    return (
        person is not None
        and network is not None
        and network.kind == NetworkKind.COORDINATED
        and network.coordinator_id == person.pk
    )


@rules.predicate
def is_self_organising(user, network) -> bool:
    return network is not None and network.kind == NetworkKind.SELF_ORGANISING


@rules.predicate
def may_ask_to_join(user, network) -> bool:
    """An active support person may ask to join any active network; others one open to all."""
    person = active_person_of(user)
    if person is None or network is None or not network.active:
        return False
    if network.open_to_all:
        return True
    from kipina.agents.models import SupportPerson

    return SupportPerson.objects.active().filter(person=person).exists()


runs_network = is_network_coordinator | (is_self_organising & is_convener) | is_coordinator_or_admin


def runs_the_meeting_of(user, agenda) -> bool:
    """A meeting's agenda is the network's: all its runners plan it, not only who made it
    (registered with the toolkit's `share_agendas`)."""
    from kipina.networks.models import Meeting

    meeting = Meeting.objects.filter(agenda=agenda).select_related("network").first()
    return meeting is not None and runs_network.test(user, meeting.network)


rules.add_perm("networks.view_networks", has_person | is_coordinator_or_admin)
rules.add_perm("networks.create_network", is_coordinator_or_admin)
rules.add_perm("networks.run_network", runs_network)
rules.add_perm("networks.ask_to_join", may_ask_to_join & ~is_member)
rules.add_perm("networks.leave_network", is_member)
rules.add_perm("networks.answer_invitation", is_member)
rules.add_perm("networks.share_practice", is_member | runs_network)
rules.add_perm("networks.discuss_practice", has_person)
