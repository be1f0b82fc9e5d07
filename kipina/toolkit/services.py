"""Writes for the toolkit: methods (create, edit, revert, publish), comments and uses.

Every save of a method is a revision (django-simple-history) with who, when and a summary.
Edits are optimistically locked: the editor names the version they started from, and the
write first moves the version on with a conditional UPDATE — of two people saving at once
exactly one wins, the other gets `EditConflict` with the current text and loses nothing.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kipina.core.errors import ServiceError, full_clean_or_refuse
from kipina.core.permissions import allowed
from kipina.core.search import index as search_index
from kipina.org.models import Person
from kipina.toolkit.enums import SEARCH_KIND, MethodStatus
from kipina.toolkit.models import Method, MethodComment, MethodUse

ALREADY_TOLD = gettext_noop("You have already told how this method went in this order.")

# What an editor may change; the rest (key, status, counters) has its own services.
EDITABLE_FIELDS = (
    "title",
    "summary",
    "purposes",
    "arc",
    "duration_min",
    "duration_max",
    "group_min",
    "group_max",
    "mode",
    "difficulty",
    "materials",
    "preparation",
    "steps",
    "tips",
    "source",
    "licence",
    "licence_other",
    "language",
    "translation_of",
)


class ToolkitError(ServiceError):
    pass


class NotAllowed(ToolkitError):
    pass


class EditConflict(ToolkitError):
    """Someone saved the method after the editor opened it; `current` is what they saved."""

    def __init__(self, current: Method):
        super().__init__(
            _(
                "Someone else saved this method while you were editing it. Your text is kept "
                "below beside theirs: combine them and save again."
            )
        )
        self.current = current


def _require(user, perm: str, obj=None) -> None:
    if not allowed(user, perm, obj):
        raise NotAllowed(_("You cannot do that to this method."))


def _person(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


def _unique_key(title: str, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:70] or "menetelma"
    key, number = base, 1
    taken = Method.objects.exclude(pk=exclude_pk)
    while taken.filter(key=key).exists():
        number += 1
        key = f"{base}-{number}"
    return key


def _validate(method: Method) -> None:
    full_clean_or_refuse(method, ToolkitError, exclude=["key", "created_by"])


def _index(method: Method) -> None:
    title, body = method.searchable_text()
    search_index.save(SEARCH_KIND, method.pk, title=title, body=body, language=method.language_id)


def reindex_methods() -> int:
    """Every method indexed again (after the analyser changed); returns how many."""
    count = 0
    for method in Method.objects.order_by("pk").iterator(chunk_size=500):
        _index(method)
        count += 1
    return count


def _add_contributor(method: Method, actor) -> None:
    person = _person(actor)
    if person is not None:
        method.contributors.add(person)


def _save_revision(method: Method, actor, summary: str) -> None:
    method._history_user = actor if actor.is_authenticated else None
    method._change_reason = summary[:100]
    method.save()


@transaction.atomic
def method_create(*, actor, data: dict, publish: bool = False, summary: str = "") -> Method:
    """Check → validate → save as the first revision → contributor → search index."""
    _require(actor, "toolkit.create_method")
    method = Method(
        **{name: data[name] for name in EDITABLE_FIELDS if name in data},
        status=MethodStatus.PUBLISHED if publish else MethodStatus.DRAFT,
        created_by=_person(actor),
    )
    method.key = data.get("key") or _unique_key(method.title)
    _validate(method)
    _save_revision(method, actor, summary or _("Created"))
    _add_contributor(method, actor)
    _index(method)
    return method


@transaction.atomic
def method_edit(*, actor, method: Method, data: dict, seen_version: int, summary: str) -> Method:
    """Check → validate → take the version (or conflict) → save a revision → index."""
    _require(actor, "toolkit.edit_method", method)
    summary = (summary or "").strip()
    if not summary:
        raise ToolkitError(_("Say in a few words what you changed."), field="summary_of_change")
    changed = Method.objects.get(pk=method.pk)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(changed, name, data[name])
    changed.version = seen_version + 1
    _validate(changed)
    _take_version(method.pk, seen_version)
    _save_revision(changed, actor, summary)
    _add_contributor(changed, actor)
    _index(changed)
    return changed


def _take_version(pk: int, seen_version: int) -> None:
    """Move the version on if it is still the one the editor saw; else EditConflict."""
    taken = Method.objects.filter(pk=pk, version=seen_version).update(version=seen_version + 1)
    if not taken:
        raise EditConflict(Method.objects.get(pk=pk))


@transaction.atomic
def method_revert(*, actor, method: Method, history_id: int, seen_version: int) -> Method:
    """Check → copy the chosen revision's fields → save as a new revision ("Reverted to …")."""
    _require(actor, "toolkit.edit_method", method)
    revision = method.history.filter(history_id=history_id).first()
    if revision is None:
        raise ToolkitError(_("That revision does not exist."))
    changed = Method.objects.get(pk=method.pk)
    for name in EDITABLE_FIELDS:
        field = Method._meta.get_field(name)
        setattr(changed, field.attname, getattr(revision, field.attname))
    changed.version = seen_version + 1
    _validate(changed)
    _take_version(method.pk, seen_version)
    when = revision.history_date
    _save_revision(
        changed,
        actor,
        _("Reverted to the revision of %(when)s") % {"when": f"{when:%Y-%m-%d %H:%M}"},
    )
    _add_contributor(changed, actor)
    _index(changed)
    return changed


@transaction.atomic
def method_publish(*, actor, method: Method) -> Method:
    _require(actor, "toolkit.publish_method", method)
    return _set_status(method, actor, MethodStatus.PUBLISHED, "", _("Published"))


@transaction.atomic
def method_unpublish(*, actor, method: Method, reason: str) -> Method:
    _require(actor, "toolkit.unpublish_method", method)
    reason = (reason or "").strip()
    if not reason:
        raise ToolkitError(_("Please give a reason."), field="reason")
    return _set_status(
        method,
        actor,
        MethodStatus.UNPUBLISHED,
        reason,
        _("Unpublished: %(reason)s") % {"reason": reason},
    )


def _set_status(method: Method, actor, status: str, reason: str, summary: str) -> Method:
    changed = Method.objects.get(pk=method.pk)
    _take_version(method.pk, changed.version)
    changed.version += 1
    changed.status = status
    changed.unpublished_reason = reason[:300]
    _save_revision(changed, actor, summary)
    if status == MethodStatus.PUBLISHED:
        _index(changed)
    return changed


@transaction.atomic
def method_comment(*, actor, method: Method, text: str) -> MethodComment:
    _require(actor, "toolkit.comment_method", method)
    text = (text or "").strip()
    if not text:
        raise ToolkitError(_("Write a comment first."), field="text")
    if len(text) > 4000:
        raise ToolkitError(_("Keep the comment under 4 000 characters."), field="text")
    return MethodComment.objects.create(method=method, author=_person(actor), text=text)


@dataclass(frozen=True)
class UseInput:
    rating: int
    note: str = ""
    used_on: dt.date | None = None
    order_id: int | None = None


@transaction.atomic
def method_use_record(*, actor, method: Method, use: UseInput) -> MethodUse:
    """Check → validate → record the use → add to the method's counters (one UPDATE)."""
    _require(actor, "toolkit.use_method", method)
    if not 1 <= int(use.rating) <= 5:
        raise ToolkitError(_("Rate from 1 to 5."), field="rating")
    person = _person(actor)
    if (
        use.order_id is not None
        and MethodUse.objects.filter(method=method, order_id=use.order_id, person=person).exists()
    ):
        raise ToolkitError(_(ALREADY_TOLD))
    try:
        with transaction.atomic():
            record = MethodUse.objects.create(
                method=method,
                person=person,
                rating=int(use.rating),
                note=(use.note or "").strip()[:2000],
                order_id=use.order_id,
                used_on=use.used_on or timezone.localdate(),
            )
    except IntegrityError:  # the same answer posted twice at once
        raise ToolkitError(_(ALREADY_TOLD)) from None
    Method.objects.filter(pk=method.pk).update(
        use_count=F("use_count") + 1,
        rating_count=F("rating_count") + 1,
        rating_total=F("rating_total") + int(use.rating),
    )
    return record
