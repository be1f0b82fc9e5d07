"""Who may do what in the toolkit.

Everyone signed in reads published methods. Active support persons co-create: they create and
edit methods, comment and record uses. Coordinators (and admins) also unpublish and see
unpublished methods. Agendas belong to their owner; coordinators see all of them. An app that
plans its own things with agendas (a network meeting's agenda) may let more people work on
them: it registers who with `share_agendas`.
"""

from collections.abc import Callable

import rules

from kipina.agents.rules import is_support_person
from kipina.core.rules import has_person, is_coordinator_or_admin
from kipina.toolkit.enums import MethodStatus


@rules.predicate
def is_published(user, method) -> bool:
    return method is not None and method.status == MethodStatus.PUBLISHED


@rules.predicate
def is_contributor(user, method) -> bool:
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None or method is None:
        return False
    return method.created_by_id == person.pk or method.contributors.filter(pk=person.pk).exists()


@rules.predicate
def owns_agenda(user, agenda) -> bool:
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person is not None and agenda is not None and agenda.owner_id == person.pk


# Predicates (user, agenda) -> bool registered by the apps above the toolkit.
_AGENDA_SHARES: list[Callable[[object, object], bool]] = []


def share_agendas(predicate: Callable[[object, object], bool]) -> None:
    """Let whoever `predicate(user, agenda)` names see and edit an agenda, like its owner."""
    if predicate not in _AGENDA_SHARES:
        _AGENDA_SHARES.append(predicate)


@rules.predicate
def shares_agenda(user, agenda) -> bool:
    """Asked a few times per page (view, edit, each action); answered once per agenda row
    read and user, since a registered predicate may query."""
    if agenda is None or not _AGENDA_SHARES:
        return False
    answers = agenda.__dict__.setdefault("_shared_with", {})
    if user.pk not in answers:
        answers[user.pk] = any(shared(user, agenda) for shared in _AGENDA_SHARES)
    return answers[user.pk]


co_creator = has_person & is_support_person

rules.add_perm("toolkit.browse", has_person | is_coordinator_or_admin)
rules.add_perm(
    "toolkit.view_method",
    (has_person & is_published) | is_coordinator_or_admin | (co_creator & is_contributor),
)
rules.add_perm("toolkit.create_method", co_creator | is_coordinator_or_admin)
rules.add_perm(
    "toolkit.edit_method",
    (co_creator & (is_published | is_contributor)) | is_coordinator_or_admin,
)
rules.add_perm("toolkit.publish_method", (co_creator & is_contributor) | is_coordinator_or_admin)
rules.add_perm("toolkit.unpublish_method", is_coordinator_or_admin)
rules.add_perm("toolkit.import_methods", is_coordinator_or_admin)
rules.add_perm("toolkit.comment_method", has_person & is_published)
rules.add_perm("toolkit.use_method", co_creator & is_published)
rules.add_perm("toolkit.create_agenda", co_creator | is_coordinator_or_admin)
rules.add_perm("toolkit.view_agenda", owns_agenda | shares_agenda | is_coordinator_or_admin)
rules.add_perm("toolkit.edit_agenda", owns_agenda | shares_agenda)
