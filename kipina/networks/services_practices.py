"""Writes for good practices: write, edit (optimistically locked), publish and unpublish,
comments and the "this helped me" reaction.

A practice is shared in one network by its members or runners; its author and the network's
runners edit it. Publishing puts it in the search index and tells nobody at once: the weekly
digest does that. Edits name the version the editor started from; the write moves the version
on with a conditional UPDATE, so of two people saving at once exactly one wins and the other
gets `EditConflict` with the saved text.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kipina.core.errors import ServiceError, full_clean_or_refuse
from kipina.core.permissions import allowed
from kipina.core.rules import is_coordinator_or_admin
from kipina.learning.enums import ResourceStatus
from kipina.learning.models import Resource
from kipina.networks.enums import COMMENT_MAX_LENGTH, MAX_TAGS, TAG_MAX_LENGTH, PracticeStatus
from kipina.networks.models import (
    Network,
    Practice,
    PracticeComment,
    PracticeReaction,
    PracticeTag,
)
from kipina.networks.practice_index import index_practice
from kipina.orders.selectors import visible_orders
from kipina.org.rules import active_person_of
from kipina.toolkit.selectors import visible_methods

SHARE = "networks.share_practice"
DISCUSS = "networks.discuss_practice"
RUN = "networks.run_network"
TEXT_FIELDS = ("title", "situation", "what_we_did", "what_we_learned", "language")
EDITED_FIELDS = (*TEXT_FIELDS, "network", "status", "published_at")


class PracticeError(ServiceError):
    pass


class NotAllowed(PracticeError):
    pass


class EditConflict(PracticeError):
    """Someone saved the practice after the editor opened it; `current` is what they saved."""

    def __init__(self, current: Practice):
        super().__init__(
            _(
                "Someone else saved this practice while you were editing it. Your text is kept "
                "in the form and theirs is shown beside it: combine them and save again."
            )
        )
        self.current = current


@dataclass
class PracticeInput:
    """What the writer gives: the texts, the tags as typed and the ids of the linked things."""

    title: str
    situation: str
    what_we_did: str
    what_we_learned: str
    language: str = "fi"
    tags: str | Iterable[str] = ""
    method_ids: list[int] = field(default_factory=list)
    order_ids: list[int] = field(default_factory=list)
    resource_ids: list[int] = field(default_factory=list)


# --- who may -----------------------------------------------------------------------------------


def may_share_in(user, network: Network) -> bool:
    return network.active and allowed(user, SHARE, network)


def may_edit(user, practice: Practice) -> bool:
    """The author (while an active person) and the network's runners."""
    person = active_person_of(user)
    if person is not None and practice.author_id == person.pk:
        return True
    return allowed(user, RUN, practice.network)


def may_delete_comment(user, comment: PracticeComment, practice: Practice) -> bool:
    person = active_person_of(user)
    if person is not None and comment.author_id == person.pk:
        return True
    return allowed(user, RUN, practice.network) or is_coordinator_or_admin(user)


def _require_person(user):
    person = active_person_of(user)
    if person is None:
        raise NotAllowed(_("Only people of the organisation can do this."))
    return person


# --- tags and links ------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def parse_tags(text: str | Iterable[str]) -> list[str]:
    """Comma-separated tags → distinct, trimmed, lower-case names in the order given; refuses
    more than MAX_TAGS or one longer than TAG_MAX_LENGTH (raised on the field "tags")."""
    pieces = text.split(",") if isinstance(text, str) else list(text)
    names: list[str] = []
    for piece in pieces:
        name = _SPACES.sub(" ", str(piece)).strip().lower()
        if not name or name in names:
            continue
        if len(name) > TAG_MAX_LENGTH:
            raise PracticeError(
                _("A tag can have at most %(max)d characters: “%(tag)s” is too long.")
                % {"max": TAG_MAX_LENGTH, "tag": name[:20] + "…"},
                field="tags",
            )
        names.append(name)
    if len(names) > MAX_TAGS:
        raise PracticeError(
            _("Give at most %(max)d tags.") % {"max": MAX_TAGS},
            field="tags",
        )
    return names


def _tags(names: list[str]) -> list[PracticeTag]:
    """The tags by name, created when new: two writers adding the same new tag at once both
    get the one row (the name is unique; the loser's insert is ignored)."""
    if not names:
        return []
    PracticeTag.objects.bulk_create(
        [PracticeTag(name=name) for name in names], ignore_conflicts=True
    )
    return list(PracticeTag.objects.filter(name__in=names))


def _linked_ids(
    chosen: Iterable[int], visible_ids: set[int], current: set[int], field_name: str
) -> set[int]:
    """The links to save: the chosen ones (each must be one the actor may see) and the current
    ones the actor cannot see (they were not offered, so they could not be unchosen)."""
    chosen_ids = {int(pk) for pk in chosen}
    if not chosen_ids <= visible_ids:
        raise PracticeError(_("Choose only among the offered items."), field=field_name)
    hidden = current - visible_ids
    return chosen_ids | hidden


def _set_links(practice: Practice, actor, data: PracticeInput, *, creating: bool) -> None:
    """Methods (those the actor may see), orders (those the actor may open) and published
    resources; each checked in one query."""
    specs = (
        ("methods", data.method_ids, visible_methods(actor)),
        ("orders", data.order_ids, visible_orders(actor)),
        ("resources", data.resource_ids, Resource.objects.filter(status=ResourceStatus.PUBLISHED)),
    )
    for name, chosen, visible in specs:
        manager = getattr(practice, name)
        current = set() if creating else set(manager.values_list("pk", flat=True))
        candidates = {int(pk) for pk in chosen} | current
        visible_ids = (
            set(visible.filter(pk__in=candidates).values_list("pk", flat=True))
            if candidates
            else set()
        )
        wanted = _linked_ids(chosen, visible_ids, current, name)
        if wanted != current:
            manager.set(wanted)


def _apply(practice: Practice, data: PracticeInput) -> list[str]:
    for name in TEXT_FIELDS:
        value = getattr(data, name)
        setattr(practice, name, value.strip() if isinstance(value, str) else value)
    return parse_tags(data.tags)


def _validate(practice: Practice) -> None:
    full_clean_or_refuse(practice, PracticeError, exclude=["author"])


# --- writing and editing -----------------------------------------------------------------------


@transaction.atomic
def practice_create(
    *, actor, network: Network, data: PracticeInput, publish: bool = False
) -> Practice:
    """Check → validate → save (draft or published) → tags → links → search index."""
    person = _require_person(actor)
    if not may_share_in(actor, network):
        raise NotAllowed(_("You can share practices only in networks you belong to."), "network")
    practice = Practice(network=network, author=person)
    names = _apply(practice, data)
    if publish:
        practice.status = PracticeStatus.PUBLISHED
        practice.published_at = timezone.now()
    _validate(practice)
    practice.save()
    practice.tags.set(_tags(names))
    _set_links(practice, actor, data, creating=True)
    index_practice(practice)
    return practice


def _take_version(pk: int, seen_version: int) -> None:
    """Move the version on if it is still the one the editor saw; else EditConflict."""
    taken = Practice.objects.filter(pk=pk, version=seen_version).update(version=seen_version + 1)
    if not taken:
        raise EditConflict(Practice.objects.select_related("network", "author").get(pk=pk))


@transaction.atomic
def practice_edit(
    *,
    actor,
    practice: Practice,
    data: PracticeInput,
    seen_version: int,
    network: Network | None = None,
    publish: bool = False,
) -> Practice:
    """Check → validate → take the version (or conflict) → save → tags → links → index."""
    _require_person(actor)
    if not may_edit(actor, practice):
        raise NotAllowed(_("Only the author and the network's runners can edit this practice."))
    changed = Practice.objects.select_related("network").get(pk=practice.pk)
    if network is not None and network.pk != changed.network_id:
        if not may_share_in(actor, network):
            raise NotAllowed(
                _("You can share practices only in networks you belong to."), "network"
            )
        changed.network = network
    names = _apply(changed, data)
    if publish and changed.status == PracticeStatus.DRAFT:
        changed.status = PracticeStatus.PUBLISHED
        changed.published_at = timezone.now()
    changed.version = seen_version + 1
    _validate(changed)
    _take_version(practice.pk, seen_version)
    # Only what the editor changes: the reactions' count may move meanwhile.
    changed.save(update_fields=[*EDITED_FIELDS, "version", "updated_at"])
    changed.tags.set(_tags(names))
    _set_links(changed, actor, data, creating=False)
    index_practice(changed)
    return changed


def _set_status(actor, practice: Practice, status: str) -> Practice:
    _require_person(actor)
    if not may_edit(actor, practice):
        raise NotAllowed(_("Only the author and the network's runners can do this."))
    published_at = timezone.now() if status == PracticeStatus.PUBLISHED else None
    # Conditional on the status: two clicks at once change it (and the version) once.
    changed = (
        Practice.objects.filter(pk=practice.pk)
        .exclude(status=status)
        .update(status=status, published_at=published_at, version=F("version") + 1)
    )
    current = Practice.objects.select_related("network").get(pk=practice.pk)
    if changed:
        index_practice(current)
    return current


@transaction.atomic
def practice_publish(*, actor, practice: Practice) -> Practice:
    """Check → draft to published (conditional UPDATE) → search index; notifies nobody."""
    return _set_status(actor, practice, PracticeStatus.PUBLISHED)


@transaction.atomic
def practice_unpublish(*, actor, practice: Practice) -> Practice:
    """Check → published back to draft (conditional UPDATE) → out of the search index."""
    return _set_status(actor, practice, PracticeStatus.DRAFT)


# --- comments and reactions --------------------------------------------------------------------


def _require_published(practice: Practice) -> None:
    if practice.status != PracticeStatus.PUBLISHED:
        raise PracticeError(_("This practice is not published."))


@transaction.atomic
def comment_add(*, actor, practice: Practice, body: str) -> PracticeComment:
    """Check → validate → save the comment."""
    person = _require_person(actor)
    if not allowed(actor, DISCUSS, practice):
        raise NotAllowed(_("You cannot comment on this practice."))
    _require_published(practice)
    body = (body or "").strip()
    if not body:
        raise PracticeError(_("Write a comment first."), field="body")
    if len(body) > COMMENT_MAX_LENGTH:
        raise PracticeError(
            _("Keep the comment under %(max)d characters.") % {"max": COMMENT_MAX_LENGTH},
            field="body",
        )
    return PracticeComment.objects.create(practice=practice, author=person, body=body)


@transaction.atomic
def comment_delete(*, actor, comment: PracticeComment) -> None:
    """Check (the comment's author, the network's runners, coordinators) → delete."""
    if not may_delete_comment(actor, comment, comment.practice):
        raise NotAllowed(_("You can delete only your own comments."))
    PracticeComment.objects.filter(pk=comment.pk).delete()


@transaction.atomic
def practice_set_helped(*, actor, practice: Practice, helped: bool) -> int:
    """Check → add or remove the person's reaction → move helped_count by what changed (an
    F() UPDATE in the same transaction, so two people clicking at once both count); returns
    the new count. Asking for the state one already has changes nothing."""
    person = _require_person(actor)
    if not allowed(actor, DISCUSS, practice):
        raise NotAllowed(_("You cannot react to this practice."))
    _require_published(practice)
    delta = 0
    if helped:
        try:
            with transaction.atomic():
                PracticeReaction.objects.create(practice=practice, person=person)
        except IntegrityError:  # already there (or the same click twice at once)
            pass
        else:
            delta = 1
    else:
        delta = -PracticeReaction.objects.filter(practice=practice, person=person).delete()[0]
    if delta:
        Practice.objects.filter(pk=practice.pk).update(helped_count=F("helped_count") + delta)
    return Practice.objects.values_list("helped_count", flat=True).get(pk=practice.pk)
