"""Predicates that need nothing but the user account; apps build their permissions on them."""

import rules

from kipina.core.enums import COORDINATOR_GROUP

is_admin = rules.is_superuser
is_coordinator = rules.is_group_member(COORDINATOR_GROUP)
is_coordinator_or_admin = is_coordinator | is_admin


@rules.predicate
def has_person(user) -> bool:
    return bool(user.is_authenticated and hasattr(user, "person") and user.person.active)


rules.add_perm("core.signed_in", rules.is_authenticated)
rules.add_perm("core.use_admin", rules.is_staff)
