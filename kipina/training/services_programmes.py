"""Writes for programmes, their modules and cohorts: seats, the waiting list and completions.

Seats: every change to a cohort's enrolments first takes a row lock on the cohort
(select_for_update; on SQLite the IMMEDIATE write transaction serialises the writers), then
reads the counters, changes the rows and moves the counters in the same transaction. So two
people taking the last seat, or two people leaving at once, can never put the counters out of
step with the rows or a seat over capacity; the one who comes second simply sees the first one's
result. When a seat frees, the first waiting person (queued_at, then id) is promoted at once.

Programmes and cohorts are edited with optimistic locking: the editor names the version they
started from, and a conditional UPDATE moves it on; the second of two editors gets EditConflict.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kipina.agents.models import SupportPerson, SupportRole, TrainedStatus
from kipina.core.cache_versions import SUPPORT_POOL, bump_on_commit
from kipina.core.errors import ServiceError, full_clean_or_refuse
from kipina.core.notifications import notify
from kipina.core.permissions import allowed
from kipina.learning.enums import ResourceStatus
from kipina.org.models import Person
from kipina.training import notifications_programmes as kinds
from kipina.training.enums import ACTIVE_ENROLMENT_STATES, EnrolmentState
from kipina.training.models import Cohort, Enrolment, Module, ModuleCompletion, Programme
from kipina.training.signals import programme_completed

# States that hold a place in a cohort: a person has at most one of them per cohort.
TAKEN_STATES = (EnrolmentState.ENROLLED, EnrolmentState.WAITING, EnrolmentState.COMPLETED)
# States that hold a seat: `Cohort.enrolled_count` counts these (completing keeps the seat).
SEATED_STATES = (EnrolmentState.ENROLLED, EnrolmentState.COMPLETED)
PROGRAMME_FIELDS = ("key", "name", "description", "active")
MODULE_FIELDS = ("title", "description", "hours")
COHORT_FIELDS = ("name", "start", "end", "capacity")


class TrainingError(ServiceError):
    """A refused action on a programme, a cohort or an enrolment."""


class NotAllowed(TrainingError):
    pass


class EditConflict(TrainingError):
    """Someone saved the programme or cohort after the editor opened it; `current` is theirs."""

    def __init__(self, current):
        super().__init__(
            _(
                "Someone else saved this while you were editing it. Their version is shown "
                "below: check it, make your changes again and save."
            )
        )
        self.current = current


def _require(user, perm: str, obj=None) -> None:
    if not allowed(user, perm, obj):
        raise NotAllowed(_("You are not allowed to do that."))


def _person(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


def _lock_cohort(cohort: Cohort) -> Cohort:
    """The cohort row, locked until the end of the transaction, with fresh counters."""
    return Cohort.objects.select_for_update().select_related("programme").get(pk=cohort.pk)


def _notify(enrolment: Enrolment, kind: str) -> None:
    cohort = enrolment.cohort
    notify(
        recipients=[enrolment.person.user],
        kind=kind,
        params={"cohort": cohort.name, "programme": cohort.programme.name},
        url=cohort.get_absolute_url(),
    )


def _promote(cohort: Cohort) -> list[Enrolment]:
    """Fill the free seats of a locked cohort from the head of its waiting list."""
    free = cohort.capacity - cohort.enrolled_count
    if free <= 0 or cohort.waiting_count <= 0:
        return []
    promoted = list(
        Enrolment.objects.filter(cohort=cohort, state=EnrolmentState.WAITING)
        .select_related("person__user")
        .order_by("queued_at", "id")[:free]
    )
    if not promoted:
        return []
    now = timezone.now()
    Enrolment.objects.filter(pk__in=[e.pk for e in promoted]).update(
        state=EnrolmentState.ENROLLED, enrolled_at=now
    )
    Cohort.objects.filter(pk=cohort.pk).update(
        enrolled_count=F("enrolled_count") + len(promoted),
        waiting_count=F("waiting_count") - len(promoted),
    )
    cohort.enrolled_count += len(promoted)
    cohort.waiting_count -= len(promoted)
    for enrolment in promoted:
        enrolment.state = EnrolmentState.ENROLLED
        enrolment.enrolled_at = now
        enrolment.cohort = cohort
        _notify(enrolment, kinds.PROMOTED)
    return promoted


@transaction.atomic
def enrol(*, actor, cohort: Cohort, person: Person) -> Enrolment:
    """Coordinator enrols a person: check → lock the cohort → refuse a second enrolment → a
    seat if one is free, else the end of the waiting list → counters → notify."""
    _require(actor, "training.manage_training")
    if not person.active:
        raise TrainingError(_("This person has left the organisation."), field="person")
    locked = _lock_cohort(cohort)
    if locked.end < timezone.localdate():
        raise TrainingError(_("This cohort has already ended."))
    existing = (
        Enrolment.objects.filter(cohort=locked, person=person, state__in=TAKEN_STATES)
        .values_list("state", flat=True)
        .first()
    )
    if existing is not None:
        raise TrainingError(
            {
                EnrolmentState.ENROLLED: _("%(name)s already has a seat in this cohort."),
                EnrolmentState.WAITING: _("%(name)s is already on this cohort's waiting list."),
                EnrolmentState.COMPLETED: _("%(name)s has already completed this cohort."),
            }[existing]
            % {"name": person.full_name},
            field="person",
        )
    now = timezone.now()
    seat = locked.enrolled_count < locked.capacity
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                cohort=locked,
                person=person,
                state=EnrolmentState.ENROLLED if seat else EnrolmentState.WAITING,
                queued_at=now,
                enrolled_at=now if seat else None,
                placed_by=_person(actor),
            )
    except IntegrityError as error:  # only without the lock, kept as the last line of defence
        raise TrainingError(
            _("%(name)s is already in this cohort.") % {"name": person.full_name},
            field="person",
        ) from error
    counter = "enrolled_count" if seat else "waiting_count"
    Cohort.objects.filter(pk=locked.pk).update(**{counter: F(counter) + 1})
    setattr(locked, counter, getattr(locked, counter) + 1)
    enrolment.cohort = locked
    _notify(enrolment, kinds.ENROLLED if seat else kinds.WAITING)
    return enrolment


@transaction.atomic
def leave(*, actor, enrolment: Enrolment) -> Enrolment:
    """The person leaves (or a coordinator removes them): check → lock the cohort → re-read the
    enrolment → LEFT → counters → promote the first waiting person into a freed seat."""
    actor_person = _person(actor)
    own = actor_person is not None and actor_person.pk == enrolment.person_id
    if not own:
        _require(actor, "training.manage_training")
    locked = _lock_cohort(enrolment.cohort)
    current = Enrolment.objects.select_related("person__user").get(pk=enrolment.pk)
    if current.state not in ACTIVE_ENROLMENT_STATES:
        raise TrainingError(
            _("This enrolment has already ended.")
            if current.state == EnrolmentState.LEFT
            else _("A completed training cannot be left.")
        )
    was_seated = current.state == EnrolmentState.ENROLLED
    current.state = EnrolmentState.LEFT
    current.ended_at = timezone.now()
    current.save(update_fields=["state", "ended_at"])
    counter = "enrolled_count" if was_seated else "waiting_count"
    Cohort.objects.filter(pk=locked.pk).update(**{counter: F(counter) - 1})
    setattr(locked, counter, getattr(locked, counter) - 1)
    current.cohort = locked
    if not own:
        _notify(current, kinds.REMOVED)
    if was_seated:
        _promote(locked)
    return current


# --- programmes ----------------------------------------------------------------------------


def _take_version(model, pk: int, seen_version: int) -> None:
    """Move the version on if it is still the one the editor saw; else EditConflict."""
    if not model.objects.filter(pk=pk, version=seen_version).update(version=seen_version + 1):
        raise EditConflict(model.objects.get(pk=pk))


RESERVED_KEYS = ("new",)  # "programmes/new/" is the address of the create form


def _refuse_taken_key(programme: Programme) -> None:
    if programme.key in RESERVED_KEYS:
        raise TrainingError(_("This short name is reserved: choose another."), field="key")
    if Programme.objects.filter(key=programme.key).exclude(pk=programme.pk).exists():
        raise TrainingError(_("Another programme already uses this short name."), field="key")


@transaction.atomic
def programme_create(*, actor, data: dict, roles: Iterable[SupportRole]) -> Programme:
    """Coordinator creates a programme: check → validate → save → roles."""
    _require(actor, "training.manage_training")
    programme = Programme(**{name: data[name] for name in PROGRAMME_FIELDS if name in data})
    _refuse_taken_key(programme)
    full_clean_or_refuse(programme, TrainingError, validate_unique=False)
    programme.save()
    programme.roles.set(roles)
    return programme


@transaction.atomic
def programme_edit(
    *, actor, programme: Programme, data: dict, roles: Iterable[SupportRole], seen_version: int
) -> Programme:
    """Coordinator edits a programme: check → validate → take the version (or conflict) →
    save → roles."""
    _require(actor, "training.manage_training")
    changed = Programme.objects.get(pk=programme.pk)
    for name in PROGRAMME_FIELDS:
        if name in data:
            setattr(changed, name, data[name])
    _refuse_taken_key(changed)
    full_clean_or_refuse(changed, TrainingError, validate_unique=False)
    _take_version(Programme, programme.pk, seen_version)
    changed.version = seen_version + 1
    changed.save(update_fields=[*PROGRAMME_FIELDS, "version"])
    changed.roles.set(roles)
    return changed


# --- modules -------------------------------------------------------------------------------


def _lock_programme(programme: Programme) -> Programme:
    return Programme.objects.select_for_update().get(pk=programme.pk)


def _published(resources: Iterable) -> list:
    resources = list(resources)
    if any(resource.status != ResourceStatus.PUBLISHED for resource in resources):
        raise TrainingError(_("Only published learning resources can be linked."), "resources")
    return resources


@transaction.atomic
def module_create(*, actor, programme: Programme, data: dict, resources: Iterable) -> Module:
    """Coordinator adds a module at the end: check → lock the programme → validate → save."""
    _require(actor, "training.manage_training")
    resources = _published(resources)
    _lock_programme(programme)
    last = Module.objects.filter(programme=programme).aggregate(last=Max("position"))["last"]
    module = Module(
        programme=programme,
        position=0 if last is None else last + 1,
        **{name: data[name] for name in MODULE_FIELDS if name in data},
    )
    full_clean_or_refuse(module, TrainingError)
    module.save()
    module.resources.set(resources)
    return module


@transaction.atomic
def module_edit(*, actor, module: Module, data: dict, resources: Iterable) -> Module:
    """Coordinator edits a module: check → validate → save → resources."""
    _require(actor, "training.manage_training")
    resources = _published(resources)
    changed = Module.objects.get(pk=module.pk)
    for name in MODULE_FIELDS:
        if name in data:
            setattr(changed, name, data[name])
    full_clean_or_refuse(changed, TrainingError)
    changed.save(update_fields=list(MODULE_FIELDS))
    changed.resources.set(resources)
    return changed


@transaction.atomic
def module_delete(*, actor, module: Module) -> None:
    """Coordinator deletes a module nobody has completed yet: check → lock → delete."""
    _require(actor, "training.manage_training")
    _lock_programme(module.programme)
    if ModuleCompletion.objects.filter(module_id=module.pk).exists():
        raise TrainingError(
            _("Someone has already completed this module, so it cannot be deleted.")
        )
    Module.objects.filter(pk=module.pk).delete()


@transaction.atomic
def module_move(*, actor, module: Module, up: bool) -> None:
    """Coordinator moves a module one place up or down: check → lock the programme →
    number the modules afresh in their order with this one swapped with its neighbour."""
    _require(actor, "training.manage_training")
    _lock_programme(module.programme)
    order = list(
        Module.objects.filter(programme_id=module.programme_id)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    )
    index = order.index(module.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
    changed = [Module(pk=pk, position=position) for position, pk in enumerate(order)]
    Module.objects.bulk_update(changed, ["position"])


# --- cohorts -------------------------------------------------------------------------------


def _validate_cohort(cohort: Cohort) -> None:
    if cohort.start and cohort.end and cohort.end < cohort.start:
        raise TrainingError(_("The last day cannot be before the first day."), field="end")
    full_clean_or_refuse(
        cohort, TrainingError, exclude=["enrolled_count", "waiting_count", "version"]
    )


@transaction.atomic
def cohort_create(*, actor, programme: Programme, data: dict, trainers: Iterable[Person]) -> Cohort:
    """Coordinator creates a cohort: check → validate → save → trainers."""
    _require(actor, "training.manage_training")
    cohort = Cohort(
        programme=programme, **{name: data[name] for name in COHORT_FIELDS if name in data}
    )
    _validate_cohort(cohort)
    cohort.save()
    cohort.trainers.set(trainers)
    return cohort


@transaction.atomic
def cohort_edit(
    *, actor, cohort: Cohort, data: dict, trainers: Iterable[Person], seen_version: int
) -> Cohort:
    """Coordinator edits a cohort: check → lock the cohort → take the version (or conflict) →
    refuse fewer seats than people enrolled → save → trainers → fill new seats from the
    waiting list."""
    _require(actor, "training.manage_training")
    locked = _lock_cohort(cohort)
    if locked.version != seen_version:
        raise EditConflict(locked)
    for name in COHORT_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    _validate_cohort(locked)
    if locked.capacity < locked.enrolled_count:
        raise TrainingError(
            _(
                "%(count)s people already have a seat in this cohort, so it cannot have fewer "
                "seats. Remove people first, or keep at least %(count)s seats."
            )
            % {"count": locked.enrolled_count},
            field="capacity",
        )
    _take_version(Cohort, locked.pk, seen_version)
    locked.version = seen_version + 1
    locked.save(update_fields=[*COHORT_FIELDS, "version"])
    locked.trainers.set(trainers)
    _promote(locked)
    return locked


# --- completion ----------------------------------------------------------------------------


def _grant_trained_status(actor, enrolment: Enrolment, cohort: Cohort) -> None:
    """A trained status for each of the programme's roles; an inactive (not bookable) support
    person profile first when the person has none. Existing statuses are kept as they are."""
    roles = list(cohort.programme.roles.all())
    if not roles:
        return
    support_person, _created = SupportPerson.objects.get_or_create(
        person=enrolment.person, defaults={"active": False}
    )
    source = f"{cohort.programme.name}, {cohort.name}"[:200]
    TrainedStatus.objects.bulk_create(
        [
            TrainedStatus(
                support_person=support_person,
                role=role,
                granted_on=timezone.localdate(),
                source=source,
                granted_by=actor if actor.is_authenticated else None,
            )
            for role in roles
        ],
        ignore_conflicts=True,
    )
    bump_on_commit(SUPPORT_POOL)


@transaction.atomic
def completion_set(*, actor, enrolment: Enrolment, module: Module, completed: bool) -> Enrolment:
    """Trainer or coordinator marks a module (un)completed for a seated person: check → lock
    the cohort → re-read the enrolment → add or remove the completion → when every module is
    done: COMPLETED, trained statuses, the programme_completed signal and a notification; when
    one is undone from a completed enrolment: back to ENROLLED (trained statuses stay)."""
    cohort = enrolment.cohort
    _require(actor, "training.mark_completion", cohort)
    locked = _lock_cohort(cohort)
    current = Enrolment.objects.select_related("person__user").get(pk=enrolment.pk)
    current.cohort = locked
    if current.state not in SEATED_STATES:
        raise TrainingError(_("Only people with a seat in the cohort can complete modules."))
    if module.programme_id != locked.programme_id:
        raise TrainingError(_("This module belongs to another programme."))
    if completed:
        ModuleCompletion.objects.get_or_create(
            enrolment=current,
            module=module,
            defaults={"completed_on": timezone.localdate(), "marked_by": _person(actor)},
        )
        modules = Module.objects.filter(programme_id=locked.programme_id).count()
        done = ModuleCompletion.objects.filter(
            enrolment=current, module__programme_id=locked.programme_id
        ).count()
        if current.state == EnrolmentState.ENROLLED and done >= modules:
            current.state = EnrolmentState.COMPLETED
            current.ended_at = timezone.now()
            current.save(update_fields=["state", "ended_at"])
            _grant_trained_status(actor, current, locked)
            programme_completed.send(sender=Programme, person=current.person, enrolment=current)
            _notify(current, kinds.COMPLETED)
    else:
        ModuleCompletion.objects.filter(enrolment=current, module=module).delete()
        if current.state == EnrolmentState.COMPLETED:
            current.state = EnrolmentState.ENROLLED
            current.ended_at = None
            current.save(update_fields=["state", "ended_at"])
    return current
