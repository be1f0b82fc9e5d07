"""Who may see and do what in the organisation app."""

import rules
from django.db.models import Q

from kipina.core.rules import has_person, is_coordinator_or_admin
from kipina.org.selectors import org_roles_of


@rules.predicate
def is_team_lead(user) -> bool:
    return "team_lead" in org_roles_of(user)


@rules.predicate
def is_supervisor(user) -> bool:
    return "supervisor" in org_roles_of(user)


def active_person_of(user):
    """The signed-in user's active Person, or None."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person if person is not None and person.active else None


@rules.predicate
def is_member_or_lead_of(user, team) -> bool:
    """An active member of the team, or its lead."""
    person = active_person_of(user)
    if person is None or team is None:
        return False
    return person.team_id == team.pk or team.lead_id == person.pk


@rules.predicate
def is_self(user, person) -> bool:
    return person is not None and person.user_id == user.pk


def no_active_supervisor(prefix: str = "") -> Q:
    """Q of people (through `prefix`, e.g. "person__") whose supervisor decides nothing for
    them: none on record, or no longer active. The coordinators decide for them."""
    return Q(**{f"{prefix}supervisor__isnull": True}) | Q(**{f"{prefix}supervisor__active": False})


@rules.predicate
def is_supervisor_of(user, person) -> bool:
    """True for the person's supervisor and for everyone above them in the line."""
    if person is None or not user.is_authenticated:
        return False
    seen = set()
    current = person.supervisor
    while current is not None and current.pk not in seen:
        if current.user_id == user.pk:
            return True
        seen.add(current.pk)
        current = current.supervisor
    return False


can_browse_organisation = has_person | is_coordinator_or_admin

rules.add_perm("org.browse", can_browse_organisation)
# Employee number, weekly hours and status are for the person, their line and HR roles.
rules.add_perm("org.view_person_details", is_self | is_supervisor_of | is_coordinator_or_admin)
rules.add_perm("org.import_people", is_coordinator_or_admin)
rules.add_perm("org.see_inactive", is_coordinator_or_admin)
rules.add_perm("org.lead_team", is_team_lead)
rules.add_perm("org.supervise", is_supervisor)
