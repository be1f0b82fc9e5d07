"""Writes for workshop agendas: the agenda itself, its blocks, copies and templates.

Every write moves `Agenda.version` on first, with a conditional UPDATE: that takes the agenda's
row lock, so two writes to the same agenda run one after the other, and a write that names the
version it started from (`seen_version`) is refused with `AgendaConflict` when someone saved in
between. Block positions are renumbered 0..n-1 inside the same transaction.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from kipina.core.errors import full_clean_or_refuse
from kipina.core.permissions import allowed
from kipina.core.rules import is_coordinator_or_admin
from kipina.orders.enums import OrderState
from kipina.org.models import Person
from kipina.toolkit.enums import BlockKind, MethodStatus
from kipina.toolkit.models import Agenda, AgendaBlock, Method
from kipina.toolkit.services import NotAllowed, ToolkitError

# What the agenda form changes; the rest (owner, order, token, template flag) has own services.
AGENDA_FIELDS = ("title", "date", "start_time", "available_minutes", "participants", "notes")
FREE_KINDS = (BlockKind.BREAK, BlockKind.LUNCH, BlockKind.OWN)
# A free block's length when the planner does not give one.
FREE_BLOCK_MINUTES = {BlockKind.BREAK: 15, BlockKind.LUNCH: 30, BlockKind.OWN: 15}
# Orders in these states are over before they began: nobody plans a workshop for them.
UNPLANNABLE_STATES = (OrderState.DECLINED, OrderState.CANCELLED)
UP, DOWN = "up", "down"


class AgendaConflict(ToolkitError):
    """The agenda changed after the page was opened; `current` is the agenda as saved now."""

    def __init__(self, current: Agenda):
        super().__init__(
            _(
                "Someone changed this agenda after you opened it (perhaps you, in another "
                "window). Look at it again and repeat your change."
            )
        )
        self.current = current


def _require(user, perm: str, obj=None) -> None:
    if not allowed(user, perm, obj):
        raise NotAllowed(_("You cannot do that to this agenda."))


def _person(user) -> Person:
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        raise NotAllowed(_("Only people in the organisation can plan agendas."))
    return person


def _take_version(agenda: Agenda, seen_version: int | None) -> int:
    """Move the version on (if still `seen_version`, when given); the new version or conflict."""
    agendas = Agenda.objects.filter(pk=agenda.pk)
    if seen_version is not None:
        agendas = agendas.filter(version=seen_version)
    if not agendas.update(version=F("version") + 1):
        current = Agenda.objects.filter(pk=agenda.pk).first()
        if current is None:
            raise ToolkitError(_("This agenda has been deleted."))
        raise AgendaConflict(current)
    agenda.version = Agenda.objects.values_list("version", flat=True).get(pk=agenda.pk)
    return agenda.version


def _validate(obj, exclude: list[str]) -> None:
    full_clean_or_refuse(obj, ToolkitError, exclude=exclude, validate_unique=False)


def may_plan_for_order(user, order) -> bool:
    """The order's assigned support person and coordinators plan its workshops."""
    if order is None or order.state in UNPLANNABLE_STATES:
        return False
    if is_coordinator_or_admin(user):
        return True
    person = getattr(user, "person", None) if user.is_authenticated else None
    helper = order.support_person
    return person is not None and helper is not None and helper.person_id == person.pk


def order_defaults(order) -> dict:
    """What an agenda for the order starts with: the service and team as title, participants."""
    return {
        "title": _("%(service)s – %(team)s")
        % {"service": order.service.name, "team": order.team.name},
        "participants": order.participants,
    }


def _blocks(agenda: Agenda) -> list[AgendaBlock]:
    return list(AgendaBlock.objects.filter(agenda=agenda).order_by("position", "id"))


def _renumber(blocks: list[AgendaBlock]) -> None:
    """Positions 0..n-1 in the list's order; writes only the blocks whose position changed."""
    changed = []
    for position, block in enumerate(blocks):
        if block.position != position:
            block.position = position
            changed.append(block)
    if changed:
        AgendaBlock.objects.bulk_update(changed, ["position"])


def _copy_blocks(source: Agenda, target: Agenda) -> None:
    AgendaBlock.objects.bulk_create(
        AgendaBlock(
            agenda=target,
            position=position,
            kind=block.kind,
            method_id=block.method_id,
            title=block.title,
            minutes=block.minutes,
            note=block.note,
        )
        for position, block in enumerate(_blocks(source))
    )


# --- agendas ---------------------------------------------------------------------------------


@transaction.atomic
def agenda_create(*, actor, data: dict, order=None, template: Agenda | None = None) -> Agenda:
    """Check (and for an order: its planner) → defaults from the order → validate → save →
    copy the template's blocks."""
    _require(actor, "toolkit.create_agenda")
    owner = _person(actor)
    if order is not None and not may_plan_for_order(actor, order):
        raise NotAllowed(
            _("Only the order's support person or a coordinator can plan its workshop.")
        )
    if template is not None and not template.is_template:
        raise ToolkitError(_("That agenda is not a template."))
    values = {name: data[name] for name in AGENDA_FIELDS if data.get(name) not in (None, "")}
    if order is not None:
        for name, value in order_defaults(order).items():
            values.setdefault(name, value)
    agenda = Agenda(**values, owner=owner, order=order)
    _validate(agenda, exclude=["owner", "order", "share_token"])
    agenda.save()
    if template is not None:
        _copy_blocks(template, agenda)
    return agenda


@transaction.atomic
def agenda_edit(
    *, actor, agenda: Agenda, data: dict, seen_version: int, new_share_link: bool = False
) -> Agenda:
    """Check → validate → take the version (or conflict) → save the fields (a new share link
    when asked: the old one stops working)."""
    _require(actor, "toolkit.edit_agenda", agenda)
    changed = Agenda.objects.get(pk=agenda.pk)
    for name in AGENDA_FIELDS:
        if name in data:
            setattr(changed, name, data[name])
    _validate(changed, exclude=["owner", "order", "share_token"])
    changed.version = _take_version(agenda, seen_version)
    fields = [*AGENDA_FIELDS, "updated_at"]
    if new_share_link:
        changed.share_token = Agenda._meta.get_field("share_token").get_default()
        fields.append("share_token")
    changed.save(update_fields=fields)
    return changed


def _copy(actor, source: Agenda, *, as_template: bool) -> Agenda:
    _require(actor, "toolkit.view_agenda", source)
    _require(actor, "toolkit.create_agenda")
    owner = _person(actor)
    if as_template:
        # A template is shared with every planner: the plan travels, the occasion does not —
        # no date, no order and none of the agenda's own notes.
        copy = Agenda(
            title=source.title,
            start_time=source.start_time,
            available_minutes=source.available_minutes,
            participants=source.participants,
            owner=owner,
            is_template=True,
        )
    else:
        order = source.order if may_plan_for_order(actor, source.order) else None
        copy = Agenda(
            title=_("%(title)s (copy)") % {"title": source.title},
            date=source.date,
            start_time=source.start_time,
            available_minutes=source.available_minutes,
            participants=source.participants,
            notes=source.notes,
            order=order,
            owner=owner,
        )
    copy.title = copy.title[: Agenda._meta.get_field("title").max_length]
    copy.save()
    _copy_blocks(source, copy)
    return copy


@transaction.atomic
def agenda_duplicate(*, actor, agenda: Agenda) -> Agenda:
    """Check (may see it, may plan) → copy the agenda and its blocks; the actor owns the copy."""
    return _copy(actor, agenda, as_template=False)


@transaction.atomic
def agenda_save_template(*, actor, agenda: Agenda) -> Agenda:
    """Check → copy the plan (blocks, times) as a template the actor owns."""
    return _copy(actor, agenda, as_template=True)


@transaction.atomic
def agenda_delete(*, actor, agenda: Agenda, seen_version: int | None = None) -> None:
    """Check → take the version (or conflict) → delete with its blocks."""
    _require(actor, "toolkit.edit_agenda", agenda)
    _take_version(agenda, seen_version)
    Agenda.objects.filter(pk=agenda.pk).delete()


# --- blocks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BlockInput:
    """A new block: a method from the toolkit, or a free block (break, lunch, own item)."""

    kind: str
    method: Method | None = None
    title: str = ""
    minutes: int | None = None
    note: str = ""


@transaction.atomic
def block_add(
    *, actor, agenda: Agenda, block: BlockInput, seen_version: int | None = None
) -> AgendaBlock:
    """Check → validate (published method, or a free kind with a title) → take the version →
    append at the end."""
    _require(actor, "toolkit.edit_agenda", agenda)
    title = (block.title or "").strip()
    if block.kind == BlockKind.METHOD:
        method = block.method
        if method is None:
            raise ToolkitError(_("Choose a method from the toolkit."), field="method")
        if method.status != MethodStatus.PUBLISHED:
            raise ToolkitError(_("Only published methods can be added."), field="method")
        minutes = block.minutes or method.duration_min
        title = ""
    elif block.kind in FREE_KINDS:
        method = None
        if block.kind == BlockKind.OWN and not title:
            raise ToolkitError(_("Give your own item a title."), field="title")
        minutes = block.minutes or FREE_BLOCK_MINUTES[BlockKind(block.kind)]
    else:
        raise ToolkitError(_("Choose what kind of block to add."), field="kind")
    new = AgendaBlock(
        agenda=agenda,
        kind=block.kind,
        method=method,
        title=title,
        minutes=minutes,
        note=(block.note or "").strip(),
        position=0,
    )
    _validate(new, exclude=["agenda", "method", "position"])
    _take_version(agenda, seen_version)
    blocks = _blocks(agenda)
    new.position = len(blocks)
    new.save()
    _renumber([*blocks, new])
    return new


def _block_of(agenda: Agenda, block_id: int) -> AgendaBlock:
    block = AgendaBlock.objects.filter(agenda=agenda, pk=block_id).first()
    if block is None:
        raise ToolkitError(_("That block is no longer in this agenda."))
    return block


@transaction.atomic
def block_edit(
    *,
    actor,
    agenda: Agenda,
    block_id: int,
    data: dict,
    seen_version: int | None = None,
) -> AgendaBlock:
    """Check → change the given fields (minutes, note; title of a free block) → validate →
    take the version → save."""
    _require(actor, "toolkit.edit_agenda", agenda)
    block = _block_of(agenda, block_id)
    if "minutes" in data:
        block.minutes = data["minutes"]
    if "note" in data:
        block.note = (data["note"] or "").strip()
    if "title" in data and block.kind != BlockKind.METHOD:
        block.title = (data["title"] or "").strip()
        if block.kind == BlockKind.OWN and not block.title:
            raise ToolkitError(_("Give your own item a title."), field="title")
    _validate(block, exclude=["agenda", "method", "position"])
    _take_version(agenda, seen_version)
    block.save(update_fields=["minutes", "note", "title"])
    return block


@transaction.atomic
def block_move(
    *, actor, agenda: Agenda, block_id: int, direction: str, seen_version: int | None = None
) -> AgendaBlock:
    """Check → take the version → swap the block with its neighbour → renumber."""
    _require(actor, "toolkit.edit_agenda", agenda)
    if direction not in (UP, DOWN):
        raise ToolkitError(_("Move the block up or down."))
    _take_version(agenda, seen_version)
    blocks = _blocks(agenda)
    index = next((i for i, block in enumerate(blocks) if block.pk == block_id), None)
    if index is None:
        raise ToolkitError(_("That block is no longer in this agenda."))
    other = index - 1 if direction == UP else index + 1
    if other < 0:
        raise ToolkitError(_("This block is already the first."))
    if other >= len(blocks):
        raise ToolkitError(_("This block is already the last."))
    blocks[index], blocks[other] = blocks[other], blocks[index]
    _renumber(blocks)
    return blocks[other]


@transaction.atomic
def blocks_reorder(
    *, actor, agenda: Agenda, block_ids: list[int], seen_version: int | None = None
) -> list[AgendaBlock]:
    """Check → take the version → the list must name each of the agenda's blocks once →
    positions in the list's order."""
    _require(actor, "toolkit.edit_agenda", agenda)
    _take_version(agenda, seen_version)
    blocks = _blocks(agenda)
    by_id = {block.pk: block for block in blocks}
    if len(block_ids) != len(set(block_ids)) or set(block_ids) != set(by_id):
        raise ToolkitError(
            _("The new order does not match the agenda's blocks. Reload the page and try again.")
        )
    ordered = [by_id[pk] for pk in block_ids]
    _renumber(ordered)
    return ordered


@transaction.atomic
def block_delete(*, actor, agenda: Agenda, block_id: int, seen_version: int | None = None) -> None:
    """Check → take the version → delete → close the gap."""
    _require(actor, "toolkit.edit_agenda", agenda)
    _take_version(agenda, seen_version)
    _block_of(agenda, block_id).delete()
    _renumber(_blocks(agenda))
