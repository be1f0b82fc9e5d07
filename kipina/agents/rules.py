"""Who may do what with support persons, their profiles and their time shares."""

import rules

from kipina.core.rules import has_person, is_admin, is_coordinator_or_admin
from kipina.org.rules import is_supervisor_of


@rules.predicate
def is_support_person(user) -> bool:
    """An active support person; asked by the menu and several rules on one page, so the
    answer is kept on the user object for the request (like org.selectors.org_roles_of)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_kipina_is_support_person", None)
    if cached is None:
        from kipina.agents.models import SupportPerson

        cached = SupportPerson.objects.filter(
            person__user=user, active=True, person__active=True
        ).exists()
        user._kipina_is_support_person = cached
    return cached


@rules.predicate
def is_own_profile(user, support_person) -> bool:
    return support_person is not None and support_person.person.user_id == user.pk


@rules.predicate
def supervises_support_person(user, support_person) -> bool:
    return support_person is not None and is_supervisor_of(user, support_person.person)


@rules.predicate
def is_allocation_supervisor(user, allocation) -> bool:
    """The direct supervisor (or anyone above in the line) of the allocation's person."""
    return allocation is not None and is_supervisor_of(user, allocation.support_person.person)


@rules.predicate
def has_no_supervisor(user, allocation) -> bool:
    """No supervisor decides: none on record, or no longer active."""
    return allocation is not None and allocation.support_person.person.active_supervisor is None


@rules.predicate
def is_requested(user, allocation) -> bool:
    from kipina.agents.enums import AllocationState

    return allocation is not None and allocation.state == AllocationState.REQUESTED


@rules.predicate
def is_own_allocation(user, allocation) -> bool:
    return allocation is not None and allocation.support_person.person.user_id == user.pk


rules.add_perm("agents.act_as_support_person", is_support_person)
rules.add_perm("agents.browse", has_person | is_coordinator_or_admin)
rules.add_perm("agents.edit_profile", is_own_profile | is_coordinator_or_admin)
rules.add_perm("agents.manage_support_persons", is_coordinator_or_admin)
# Time shares and budgets are for the person, their line and the coordinators.
rules.add_perm(
    "agents.view_allocations",
    is_own_profile | supervises_support_person | is_coordinator_or_admin,
)
rules.add_perm("agents.request_allocation", is_own_profile | is_coordinator_or_admin)
# Nobody decides on their own request, whatever else they are. Admins may stand in for any
# supervisor (with a reason, services.allocation_decide), coordinators where there is none (or
# they are no longer active).
rules.add_perm(
    "agents.decide_allocation",
    is_requested
    & ~is_own_allocation
    & (is_allocation_supervisor | is_admin | (has_no_supervisor & is_coordinator_or_admin)),
)
rules.add_perm(
    "agents.withdraw_allocation", is_requested & (is_own_allocation | is_coordinator_or_admin)
)
