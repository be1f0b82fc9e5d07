"""Writes for the resource catalogue: create, edit (optimistically locked), change status.

A resource is saved together with its dates, its competence links (with relevance) and its
audience units, in one transaction, after the kind's rules are checked: only material and peer
learning have a format, only courses have dates, only institution courses carry credits and
need a provider. Editors name the version they started from; the write first moves the version
on with a conditional UPDATE, so of two curators saving at once exactly one wins and the other
gets `EditConflict` with what was saved. After every write the search entry and the next start
date are brought in step (kipina.learning.resource_index).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kipina.core.errors import ServiceError, full_clean_or_refuse
from kipina.core.permissions import allowed
from kipina.learning.enums import (
    FORMATS_OF_KIND,
    KEY_MAX_LENGTH,
    RESOURCE_DESCRIPTION_MAX_LENGTH,
    Relevance,
    ResourceKind,
    ResourceMode,
    ResourceStatus,
)
from kipina.learning.models import Competence, Resource, ResourceCompetence, ResourceDate
from kipina.learning.resource_index import index_resource, refresh_derived
from kipina.org.models import Person, Unit

# What the resource form and the import may set; key, version and next_start have their own
# rules (the key is chosen once, the other two are kept by the services).
EDITABLE_FIELDS = (
    "title",
    "description",
    "kind",
    "format",
    "provider",
    "language",
    "duration_hours",
    "cost_eur",
    "credits",
    "url",
    "enrolment_url",
    "mode",
    "place",
    "audience_groups",
    "status",
)
# Kinds that run on dates; material and peer learning are there whenever one wants.
COURSE_KINDS = frozenset(
    {ResourceKind.ACADEMY_COURSE, ResourceKind.WEB_COURSE, ResourceKind.EXTERNAL_COURSE}
)
MAX_DATES = 100
MAX_COMPETENCES = 30
MAX_AUDIENCE_GROUPS = 20
AUDIENCE_GROUP_MAX_LENGTH = 100
MAX_SEATS = 100_000
# Words the catalogue's own addresses use (resources/new/, resources/import/): never a key.
RESERVED_KEYS = frozenset({"new", "import", "export"})


class ResourceError(ServiceError):
    pass


class NotAllowed(ResourceError):
    pass


class EditConflict(ResourceError):
    """Someone saved the resource after the editor opened it; `current` is what they saved."""

    def __init__(self, current: Resource):
        super().__init__(
            _(
                "Someone else saved this resource while you were editing it. Nothing of yours "
                "was saved yet: compare their version below with your form and save again."
            )
        )
        self.current = current


@dataclass(frozen=True)
class DateSpec:
    """One run of a course as the form or the file gives it."""

    start: object  # datetime.date
    end: object
    seats: int | None = None


@dataclass(frozen=True)
class CompetenceSpec:
    competence_id: int
    relevance: int = Relevance.CLEAR


def _require(user, perm: str = "learning.curate_resources") -> None:
    if not allowed(user, perm):
        raise NotAllowed(_("Only curators of the catalogue can change learning resources."))


def _person(user) -> Person | None:
    return getattr(user, "person", None) if user.is_authenticated else None


def unique_key(title: str, exclude_pk: int | None = None) -> str:
    """A free slug made from the title: `title`, `title-2`, `title-3`…"""
    base = slugify(title)[: KEY_MAX_LENGTH - 6].strip("-") or "resurssi"
    taken = set(
        Resource.objects.exclude(pk=exclude_pk)
        .filter(key__startswith=base)
        .values_list("key", flat=True)
    )
    key, number = base, 1
    while key in taken:
        number += 1
        key = f"{base}-{number}"
    return key


# --- validation --------------------------------------------------------------------------------


def check_kind_rules(resource: Resource, dates: Sequence[DateSpec]) -> None:
    """The rules that depend on the kind; ResourceError on the first field that breaks one."""
    kind = resource.kind
    formats = FORMATS_OF_KIND.get(kind)
    if formats:
        if not resource.format:
            raise ResourceError(_("Choose what kind of material or peer learning it is."), "format")
        if resource.format not in formats:
            raise ResourceError(
                _("“%(format)s” is not a format of %(kind)s.")
                % {"format": resource.get_format_display(), "kind": resource.get_kind_display()},
                "format",
            )
    elif resource.format:
        raise ResourceError(_("Only material and peer learning have a format."), "format")
    if dates and kind not in COURSE_KINDS:
        raise ResourceError(_("Only courses have dates; leave the dates empty."), "dates")
    if resource.credits is not None and kind != ResourceKind.EXTERNAL_COURSE:
        raise ResourceError(_("Only courses at educational institutions give credits."), "credits")
    if kind == ResourceKind.EXTERNAL_COURSE and not resource.provider_id:
        raise ResourceError(_("Name the institution that gives the course."), "provider")
    if resource.mode == ResourceMode.ONSITE and not (resource.place or "").strip():
        raise ResourceError(_("Say where it takes place."), "place")
    if resource.cost_eur is not None and resource.cost_eur < 0:
        raise ResourceError(_("The cost cannot be negative."), "cost_eur")


def check_dates(dates: Sequence[DateSpec]) -> None:
    if len(dates) > MAX_DATES:
        raise ResourceError(
            _("At most %(count)d dates per resource.") % {"count": MAX_DATES}, "dates"
        )
    for spec in dates:
        if spec.start is None or spec.end is None:
            raise ResourceError(_("Each date needs a start and an end."), "dates")
        if spec.end < spec.start:
            raise ResourceError(
                _("A date ends (%(end)s) before it starts (%(start)s).")
                % {"start": spec.start.isoformat(), "end": spec.end.isoformat()},
                "dates",
            )
        if spec.seats is not None and not 0 <= spec.seats <= MAX_SEATS:
            raise ResourceError(
                _("Seats must be between 0 and %(most)d.") % {"most": MAX_SEATS}, "dates"
            )


def check_competences(competences: Sequence[CompetenceSpec]) -> None:
    if len(competences) > MAX_COMPETENCES:
        raise ResourceError(
            _("At most %(count)d competences per resource.") % {"count": MAX_COMPETENCES},
            "competences",
        )
    seen: set[int] = set()
    for spec in competences:
        if spec.competence_id in seen:
            raise ResourceError(_("The same competence is listed twice."), "competences")
        seen.add(spec.competence_id)
        if spec.relevance not in Relevance.values:
            raise ResourceError(_("Relevance must be 1, 2 or 3."), "competences")
    if seen and Competence.objects.filter(pk__in=seen).count() != len(seen):
        raise ResourceError(_("A competence no longer exists."), "competences")


def clean_audience_groups(groups: Iterable[str]) -> list[str]:
    """Trimmed, without blanks or repeats, in the given order; ResourceError when too many or
    too long."""
    cleaned: list[str] = []
    for group in groups:
        text = " ".join(str(group).split())
        if not text or text in cleaned:
            continue
        if len(text) > AUDIENCE_GROUP_MAX_LENGTH:
            raise ResourceError(
                _("An audience group is longer than %(count)d characters.")
                % {"count": AUDIENCE_GROUP_MAX_LENGTH},
                "audience_groups",
            )
        cleaned.append(text)
    if len(cleaned) > MAX_AUDIENCE_GROUPS:
        raise ResourceError(
            _("At most %(count)d audience groups.") % {"count": MAX_AUDIENCE_GROUPS},
            "audience_groups",
        )
    return cleaned


def validate_resource(
    resource: Resource, dates: Sequence[DateSpec], competences: Sequence[CompetenceSpec]
) -> None:
    """Every check a save makes (fields, kind rules, dates, links); ResourceError on the first
    problem. The import runs it on each row before writing anything."""
    resource.audience_groups = clean_audience_groups(resource.audience_groups or [])
    if resource.duration_hours is not None:
        resource.duration_hours = Decimal(resource.duration_hours)
    resource.description = resource.description or ""
    if resource.key in RESERVED_KEYS:
        raise ResourceError(
            _("“%(key)s” is a word of the catalogue's addresses; choose another key.")
            % {"key": resource.key},
            "key",
        )
    if len(resource.description) > RESOURCE_DESCRIPTION_MAX_LENGTH:
        raise ResourceError(
            _("Keep the description under %(count)d characters.")
            % {"count": RESOURCE_DESCRIPTION_MAX_LENGTH},
            "description",
        )
    full_clean_or_refuse(resource, ResourceError, exclude=["created_by"])
    check_kind_rules(resource, dates)
    check_dates(dates)
    check_competences(competences)


# --- writing -----------------------------------------------------------------------------------


def _apply(resource: Resource, data: dict) -> None:
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(resource, name, data[name])
    if resource.description is None:
        resource.description = ""


def _write_parts(
    resource: Resource,
    dates: Sequence[DateSpec],
    competences: Sequence[CompetenceSpec],
    audience_units: Iterable[Unit] | None,
    *,
    replace: bool,
) -> None:
    """Dates, competence links and audience units as given (replacing what was there)."""
    if replace:
        resource.dates.all().delete()
        resource.competence_links.all().delete()
    ResourceDate.objects.bulk_create(
        ResourceDate(resource=resource, start=spec.start, end=spec.end, seats=spec.seats)
        for spec in dates
    )
    ResourceCompetence.objects.bulk_create(
        ResourceCompetence(
            resource=resource, competence_id=spec.competence_id, relevance=spec.relevance
        )
        for spec in competences
    )
    if audience_units is not None:
        resource.audience_units.set(list(audience_units))


def _after_write(resource: Resource) -> None:
    index_resource(resource)
    refresh_derived([resource.pk])
    resource.refresh_from_db(fields=["next_start"])


@transaction.atomic
def resource_create(
    *,
    actor,
    data: dict,
    dates: Sequence[DateSpec] = (),
    competences: Sequence[CompetenceSpec] = (),
    audience_units: Iterable[Unit] | None = None,
) -> Resource:
    """Check → validate fields, kind rules, dates, links → save → dates, links, units → index,
    next start."""
    _require(actor)
    resource = Resource(created_by=_person(actor))
    _apply(resource, data)
    resource.key = (data.get("key") or "").strip() or unique_key(resource.title or "")
    validate_resource(resource, dates, competences)
    resource.save()
    _write_parts(resource, dates, competences, audience_units, replace=False)
    _after_write(resource)
    return resource


def _take_version(pk: int, seen_version: int) -> None:
    """Move the version on if it is still the one the editor saw; else EditConflict."""
    taken = Resource.objects.filter(pk=pk, version=seen_version).update(version=F("version") + 1)
    if not taken:
        raise EditConflict(Resource.objects.select_related("provider").get(pk=pk))


@transaction.atomic
def resource_edit(
    *,
    actor,
    resource: Resource,
    data: dict,
    seen_version: int,
    dates: Sequence[DateSpec] | None = None,
    competences: Sequence[CompetenceSpec] | None = None,
    audience_units: Iterable[Unit] | None = None,
) -> Resource:
    """Check → validate → take the version (or conflict) → save → replace dates, links, units
    (those given; None keeps them) → index, next start."""
    _require(actor)
    changed = Resource.objects.get(pk=resource.pk)
    _apply(changed, data)
    changed.version = seen_version + 1
    if dates is None:
        dates = [DateSpec(d.start, d.end, d.seats) for d in changed.dates.all()]
    if competences is None:
        competences = [
            CompetenceSpec(link.competence_id, link.relevance)
            for link in changed.competence_links.all()
        ]
    validate_resource(changed, dates, competences)
    _take_version(resource.pk, seen_version)
    changed.save()
    _write_parts(changed, dates, competences, audience_units, replace=True)
    _after_write(changed)
    return changed


@transaction.atomic
def resource_set_status(*, actor, resource: Resource, status: str, seen_version: int) -> Resource:
    """Check → take the version (or conflict) → new status → index (publishing adds to search,
    the other states remove), next start."""
    _require(actor)
    if status not in ResourceStatus.values:
        raise ResourceError(_("Unknown status."), "status")
    _take_version(resource.pk, seen_version)
    changed = Resource.objects.select_related("provider").get(pk=resource.pk)
    changed.status = status
    changed.save(update_fields=["status", "updated_at"])
    _after_write(changed)
    return changed
