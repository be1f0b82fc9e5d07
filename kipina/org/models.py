"""Where people work: the unit tree, teams in units, and people."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language_info, pgettext_lazy
from django.utils.translation import gettext_lazy as _

PATH_SEPARATOR = "/"
MIN_WEEKLY_HOURS = Decimal("1")
MAX_WEEKLY_HOURS = Decimal("60")


def unit_path(parent_path: str | None, pk: int) -> str:
    """A unit's materialised path: its ancestors' primary keys and its own, e.g. "/1/7/42/"."""
    return f"{parent_path or PATH_SEPARATOR}{pk}{PATH_SEPARATOR}"


def path_depth(path: str) -> int:
    """0 for a root unit, 1 for its children, and so on."""
    return path.count(PATH_SEPARATOR) - 2


def path_ids(path: str) -> list[int]:
    """The primary keys along a path, root first, the unit itself last."""
    return [int(part) for part in path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR) if part]


class UnitQuerySet(models.QuerySet["Unit"]):
    def roots(self) -> "UnitQuerySet":
        return self.filter(parent__isnull=True)

    def subtree_of(self, unit: "Unit") -> "UnitQuerySet":
        return self.filter(path__startswith=unit.path)


class Unit(models.Model):
    """A node of the organisation tree (county → division → service area → unit)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=pgettext_lazy("unit tree", "parent unit"),
        related_name="children",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    # Materialised path of primary keys ("/1/7/42/"): a subtree is one indexed prefix match,
    # which keeps headcounts and directory filters cheap on a 100 000-person organisation.
    path = models.CharField(max_length=400, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self.refresh_path()

    def get_absolute_url(self) -> str:
        return reverse("org:unit", kwargs={"code": self.code})

    def clean(self) -> None:
        if self.pk and self.parent_id:
            parent = Unit.objects.filter(pk=self.parent_id).only("path").first()
            if parent and f"{PATH_SEPARATOR}{self.pk}{PATH_SEPARATOR}" in parent.path:
                raise ValidationError(
                    {"parent": _("A unit cannot be placed under itself or its own subunit.")}
                )

    def compute_path(self) -> str:
        return unit_path(self.parent.path if self.parent_id and self.parent else None, self.pk)

    def refresh_path(self) -> None:
        """Recompute this unit's path and carry a change down to the whole subtree."""
        if self.parent_id and (self.parent is None or self.parent.pk != self.parent_id):
            self.parent = Unit.objects.get(pk=self.parent_id)
        if self.parent_id and self.parent is not None:
            self.parent.refresh_from_db(fields=["path", "depth"])
        old_path = self.path
        new_path = self.compute_path()
        if new_path == old_path:
            return
        self.path = new_path
        self.depth = path_depth(new_path)
        Unit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
        if old_path:
            for descendant in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                descendant.path = new_path + descendant.path[len(old_path) :]
                descendant.depth = path_depth(descendant.path)
                Unit.objects.filter(pk=descendant.pk).update(
                    path=descendant.path, depth=descendant.depth
                )

    @property
    def ancestor_ids(self) -> list[int]:
        return path_ids(self.path)


class Team(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), related_name="teams", on_delete=models.PROTECT
    )
    lead = models.ForeignKey(
        "Person",
        verbose_name=_("team lead"),
        related_name="led_teams",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:team", kwargs={"code": self.code})


class Language(models.Model):
    """A language a person works in, by ISO 639-1 code; the name comes from Django's table."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        try:
            return str(get_language_info(self.code)["name_translated"])
        except KeyError:
            return self.code


class PersonQuerySet(models.QuerySet["Person"]):
    def active(self) -> "PersonQuerySet":
        return self.filter(active=True)

    def in_subtree(self, unit: Unit) -> "PersonQuerySet":
        # A subquery of unit ids keeps the people side on the unit index (see subtree_headcounts).
        return self.filter(unit_id__in=Unit.objects.subtree_of(unit).values("pk"))

    def search(self, text: str) -> "PersonQuerySet":
        query = Q()
        for word in text.split():
            query &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(job_title__icontains=word)
                | Q(email__icontains=word)
                | Q(employee_number__iexact=word)
            )
        return self.filter(query)


class Person(models.Model):
    """An employee: one-to-one with a user account, placed in a unit and (usually) a team."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        related_name="person",
        on_delete=models.PROTECT,
    )
    employee_number = models.CharField(_("employee number"), max_length=40, unique=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), unique=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), related_name="people", on_delete=models.PROTECT
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        related_name="members",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("supervisor"),
        related_name="reports",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages"), related_name="speakers", blank=True
    )
    weekly_hours = models.DecimalField(
        _("weekly working hours"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("38.25"),
        validators=[MinValueValidator(MIN_WEEKLY_HOURS), MaxValueValidator(MAX_WEEKLY_HOURS)],
    )
    active = models.BooleanField(_("active"), default=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "employee_number"]
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="person_name_idx"),
            models.Index(
                fields=["active", "last_name", "first_name"], name="person_active_name_idx"
            ),
            models.Index(fields=["job_title", "active"], name="person_job_title_idx"),
            models.Index(fields=["unit", "active"], name="person_unit_active_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekly_hours__gte=MIN_WEEKLY_HOURS)
                & Q(weekly_hours__lte=MAX_WEEKLY_HOURS),
                name="person_weekly_hours_range",
            ),
            models.CheckConstraint(
                condition=~Q(supervisor=models.F("pk")), name="person_not_own_supervisor"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("org:person", kwargs={"pk": self.pk})

    @property
    def active_supervisor(self) -> "Person | None":
        """The supervisor who decides for this person: None when there is none on record or
        they are no longer active (then the coordinators decide)."""
        supervisor = self.supervisor if self.supervisor_id else None
        return supervisor if supervisor is not None and supervisor.active else None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"
