"""Who may do what with orders. Each action of the state machine has one permission here;
services.py checks the same permission, so views, commands and the API agree."""

import rules

from kipina.agents.rules import is_support_person
from kipina.core.rules import has_person, is_coordinator_or_admin
from kipina.orders.enums import ACTIVE_STATES, AssignmentMode, OrderState
from kipina.org.rules import is_member_or_lead_of


def _person(user):
    return getattr(user, "person", None) if user.is_authenticated else None


# Employees order for their own team, team leads for the teams they lead (coordinators: any).
can_order_for_team = is_member_or_lead_of


@rules.predicate
def is_requester(user, order) -> bool:
    person = _person(user)
    return person is not None and order is not None and order.requester_id == person.pk


@rules.predicate
def is_in_team(user, order) -> bool:
    person = _person(user)
    if person is None or order is None:
        return False
    return person.team_id == order.team_id or order.team.lead_id == person.pk


@rules.predicate
def is_assigned_support_person(user, order) -> bool:
    person = _person(user)
    if person is None or order is None or order.support_person_id is None:
        return False
    profile = getattr(person, "support_profile", None)
    return profile is not None and profile.pk == order.support_person_id


def _state(*states):
    @rules.predicate(name=f"state_in_{'_'.join(states)}")
    def in_states(user, order) -> bool:
        return order is not None and order.state in states

    return in_states


def _mode(mode):
    @rules.predicate(name=f"mode_{mode}")
    def has_mode(user, order) -> bool:
        return order is not None and order.service.assignment_mode == mode

    return has_mode


@rules.predicate
def not_yet_accepted(user, order) -> bool:
    return order is not None and order.accepted_at is None


submitted = _state(OrderState.SUBMITTED)
active = _state(*ACTIVE_STATES)
can_see_order = is_requester | is_in_team | is_assigned_support_person | is_coordinator_or_admin

rules.add_perm("orders.order", has_person | is_coordinator_or_admin)
rules.add_perm("orders.order_for_team", can_order_for_team | is_coordinator_or_admin)
# Open orders are visible to support persons too: they claim them from their desk.
rules.add_perm("orders.view_order", can_see_order | (is_support_person & submitted))
rules.add_perm("orders.view_queue", is_coordinator_or_admin)
rules.add_perm("orders.view_load", is_coordinator_or_admin)
rules.add_perm("orders.use_desk", is_support_person)
rules.add_perm("orders.edit_services", is_coordinator_or_admin)

# The state machine's actions (see services.py for the states each one moves between).
rules.add_perm("orders.assign", is_coordinator_or_admin & submitted)
rules.add_perm("orders.pick", is_requester & submitted & _mode(AssignmentMode.REQUESTER_PICKS))
rules.add_perm("orders.claim", is_support_person & submitted & _mode(AssignmentMode.CLAIM))
rules.add_perm(
    "orders.accept",
    is_assigned_support_person & _state(OrderState.ASSIGNED) & not_yet_accepted,
)
rules.add_perm("orders.return", is_assigned_support_person & active)
rules.add_perm("orders.unassign", is_coordinator_or_admin & active)
rules.add_perm(
    "orders.schedule",
    (is_assigned_support_person | is_coordinator_or_admin) & active,
)
rules.add_perm(
    "orders.deliver",
    (is_assigned_support_person | is_coordinator_or_admin) & _state(OrderState.PLANNED),
)
rules.add_perm(
    "orders.log_hours",
    is_assigned_support_person & _state(*ACTIVE_STATES, OrderState.DELIVERED),
)
rules.add_perm("orders.reflect", is_assigned_support_person & _state(OrderState.DELIVERED))
# The support person may sit in the team they helped, but does not rate their own work.
rules.add_perm(
    "orders.give_feedback",
    (is_requester | is_in_team) & ~is_assigned_support_person & _state(OrderState.DELIVERED),
)
rules.add_perm("orders.close", is_coordinator_or_admin & _state(OrderState.DELIVERED))
rules.add_perm(
    "orders.decline",
    is_coordinator_or_admin & _state(OrderState.SUBMITTED, OrderState.ASSIGNED),
)
rules.add_perm(
    "orders.cancel",
    (is_requester | is_coordinator_or_admin) & _state(OrderState.SUBMITTED, *ACTIVE_STATES),
)
rules.add_perm("orders.answer_follow_up", is_requester & _state(OrderState.CLOSED))
