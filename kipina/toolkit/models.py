"""Facilitation methods (with their revisions), comments, uses, and workshop agendas."""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kipina.org.models import Language, Person
from kipina.toolkit.enums import (
    ArcPlace,
    BlockKind,
    Difficulty,
    Licence,
    MethodStatus,
    Mode,
    Purpose,
)


def _purpose_codes(value) -> None:
    valid = set(Purpose.values)
    if not isinstance(value, list) or not value or not all(code in valid for code in value):
        raise ValidationError(_("Choose at least one purpose from the list."))


class MethodQuerySet(models.QuerySet["Method"]):
    def published(self) -> "MethodQuerySet":
        return self.filter(status=MethodStatus.PUBLISHED)


class Method(models.Model):
    """A facilitation method of the shared toolkit; every save is a revision (`history`)."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(_("summary"), max_length=300)
    purposes = models.JSONField(_("purposes"), default=list, validators=[_purpose_codes])
    arc = models.CharField(_("place in the workshop arc"), max_length=12, choices=ArcPlace)
    duration_min = models.PositiveSmallIntegerField(
        _("shortest duration (min)"), validators=[MinValueValidator(1), MaxValueValidator(1440)]
    )
    duration_max = models.PositiveSmallIntegerField(
        _("longest duration (min)"), validators=[MinValueValidator(1), MaxValueValidator(1440)]
    )
    group_min = models.PositiveSmallIntegerField(
        _("smallest group"), validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    group_max = models.PositiveSmallIntegerField(
        _("largest group"), validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    mode = models.CharField(_("on site or remote"), max_length=8, choices=Mode, default=Mode.BOTH)
    difficulty = models.CharField(
        _("difficulty"), max_length=10, choices=Difficulty, default=Difficulty.EASY
    )
    materials = models.TextField(_("materials"), blank=True)
    preparation = models.TextField(_("preparation"), blank=True)
    steps = models.TextField(_("steps"), help_text=_("Markdown: a numbered list works well."))
    tips = models.TextField(_("tips and variations"), blank=True)
    source = models.CharField(_("source and credit"), max_length=300, blank=True)
    licence = models.CharField(_("licence"), max_length=12, choices=Licence, default=Licence.OWN)
    licence_other = models.CharField(_("other licence"), max_length=120, blank=True)
    language = models.ForeignKey(
        Language, verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MethodStatus, default=MethodStatus.DRAFT
    )
    unpublished_reason = models.CharField(_("why unpublished"), max_length=300, blank=True)
    contributors = models.ManyToManyField(
        Person, verbose_name=_("contributors"), related_name="methods_contributed", blank=True
    )
    created_by = models.ForeignKey(
        Person, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Optimistic locking: an edit names the version it started from (services.method_edit).
    version = models.PositiveIntegerField(default=1)
    # Kept by services.method_use_record so the library sorts by them without aggregating.
    use_count = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)
    rating_total = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(
        excluded_fields=["use_count", "rating_count", "rating_total", "updated_at", "created_at"],
        user_model="auth.User",
    )

    objects = MethodQuerySet.as_manager()

    class Meta:
        verbose_name = _("method")
        verbose_name_plural = _("methods")
        ordering = ["title", "id"]
        indexes = [
            models.Index(fields=["status", "title"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["status", "use_count"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_min__lte=models.F("duration_max")),
                name="method_duration_range",
                violation_error_message=_("The shortest duration is longer than the longest."),
            ),
            models.CheckConstraint(
                condition=models.Q(group_min__lte=models.F("group_max")),
                name="method_group_range",
                violation_error_message=_("The smallest group is larger than the largest."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("toolkit:method", args=[self.key])

    @property
    def average_rating(self) -> float | None:
        return self.rating_total / self.rating_count if self.rating_count else None

    def purpose_labels(self) -> list[str]:
        labels = dict(Purpose.choices)
        return [str(labels[code]) for code in self.purposes if code in labels]

    def searchable_text(self) -> tuple[str, str]:
        """(title, body) for the search index."""
        body = "\n".join(
            [self.summary, self.materials, self.preparation, self.steps, self.tips, self.source]
        )
        return self.title, body


class MethodComment(models.Model):
    method = models.ForeignKey(Method, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["method", "created_at"])]

    def __str__(self) -> str:
        return f"{self.author} / {self.method}"


class MethodUse(models.Model):
    """ "I used this": a rating 1–5 and a note, tied to an order where there is one."""

    method = models.ForeignKey(Method, on_delete=models.CASCADE, related_name="uses")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(
        _("how did it go (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="method_uses",
    )
    used_on = models.DateField(_("used on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-used_on", "-id"]
        indexes = [models.Index(fields=["method", "used_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="method_use_rating_1_5"
            ),
            # One rating per method per order and person (the delivered-order question).
            models.UniqueConstraint(
                fields=["method", "order", "person"],
                condition=models.Q(order__isnull=False),
                name="method_use_once_per_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.method} ({self.rating})"


def _share_token() -> str:
    return secrets.token_urlsafe(24)


class Agenda(models.Model):
    """A workshop plan: blocks from the toolkit or free blocks, timed from the start."""

    title = models.CharField(_("title"), max_length=160)
    date = models.DateField(_("date"), null=True, blank=True)
    start_time = models.TimeField(_("start time"))
    available_minutes = models.PositiveSmallIntegerField(
        _("available time (min)"), validators=[MinValueValidator(5), MaxValueValidator(1440)]
    )
    participants = models.PositiveSmallIntegerField(
        _("participants"), null=True, blank=True, validators=[MaxValueValidator(10000)]
    )
    notes = models.TextField(_("notes"), blank=True)
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agendas",
    )
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="agendas")
    is_template = models.BooleanField(_("template"), default=False)
    share_token = models.CharField(max_length=40, unique=True, default=_share_token)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["owner", "date"]),
            models.Index(fields=["is_template", "title"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("toolkit:agenda", args=[self.pk])


class AgendaBlock(models.Model):
    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("kind"), max_length=8, choices=BlockKind, default=BlockKind.METHOD)
    method = models.ForeignKey(
        Method, verbose_name=_("method"), null=True, blank=True, on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=160, blank=True)
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(1440)]
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        ordering = ["agenda", "position", "id"]
        # Positions are renumbered 0..n-1 by the services under the agenda's version check; no
        # unique constraint, so that a reorder can rewrite them in any order.
        indexes = [models.Index(fields=["agenda", "position"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind=BlockKind.METHOD, method__isnull=False)
                    | (~models.Q(kind=BlockKind.METHOD) & models.Q(method__isnull=True))
                ),
                name="agenda_block_method_iff_method_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title or (self.method.title if self.method_id else str(self.kind))

    @property
    def label(self) -> str:
        if self.kind == BlockKind.METHOD and self.method_id:
            return self.method.title
        return self.title or str(BlockKind(self.kind).label)

    @property
    def outside_method_range(self) -> bool:
        if self.kind != BlockKind.METHOD or not self.method_id:
            return False
        return not (self.method.duration_min <= self.minutes <= self.method.duration_max)
