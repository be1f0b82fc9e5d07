"""The support persons' training path: programmes and their modules, cohorts with seats and a
waiting list, module completions, and applications to become a support person."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kipina.agents.models import Allocation, SupportRole
from kipina.org.models import Person
from kipina.training.enums import (
    NAME_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    ApplicationState,
    EnrolmentState,
)


class Programme(models.Model):
    """A training programme ("Oppimisagenttien valmennus"); completing it gives the trained
    status for its roles."""

    key = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH)
    roles = models.ManyToManyField(
        SupportRole,
        verbose_name=_("trains for the roles"),
        related_name="programmes",
        blank=True,
    )
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("training:programme", args=[self.key])


class Module(models.Model):
    programme = models.ForeignKey(Programme, related_name="modules", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=NAME_MAX_LENGTH)
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH, blank=True)
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("200"))],
    )
    resources = models.ManyToManyField(
        "learning.Resource",
        verbose_name=_("learning resources"),
        related_name="training_modules",
        blank=True,
    )

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["programme", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Cohort(models.Model):
    """One run of a programme: dates, trainers, seats and a waiting list."""

    programme = models.ForeignKey(Programme, related_name="cohorts", on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    capacity = models.PositiveSmallIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    trainers = models.ManyToManyField(
        Person, verbose_name=_("trainers"), related_name="cohorts_trained", blank=True
    )
    # Kept in step with the enrolments under a row lock on the cohort, so that counting seats
    # and promoting from the waiting list cannot race.
    enrolled_count = models.PositiveSmallIntegerField(default=0)
    waiting_count = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["programme", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="cohort_end_not_before_start"
            ),
            models.CheckConstraint(
                condition=Q(enrolled_count__lte=F("capacity")), name="cohort_not_over_capacity"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("training:cohort", args=[self.pk])


class Enrolment(models.Model):
    """A person's seat in a cohort, or their place in its waiting list (queued_at order)."""

    cohort = models.ForeignKey(Cohort, related_name="enrolments", on_delete=models.CASCADE)
    person = models.ForeignKey(Person, related_name="enrolments", on_delete=models.CASCADE)
    state = models.CharField(_("state"), max_length=10, choices=EnrolmentState.choices)
    queued_at = models.DateTimeField()
    enrolled_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)  # left or completed
    placed_by = models.ForeignKey(
        Person, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        indexes = [
            models.Index(fields=["cohort", "state", "queued_at"]),
            models.Index(fields=["person", "state"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "person"],
                condition=Q(state__in=["enrolled", "waiting", "completed"]),
                name="enrolment_once_per_cohort",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cohort_id}:{self.person_id}:{self.state}"


class ModuleCompletion(models.Model):
    enrolment = models.ForeignKey(Enrolment, related_name="completions", on_delete=models.CASCADE)
    module = models.ForeignKey(Module, related_name="completions", on_delete=models.CASCADE)
    completed_on = models.DateField(_("completed on"))
    marked_by = models.ForeignKey(
        Person, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("module completion")
        verbose_name_plural = _("module completions")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "module"], name="module_completed_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}:{self.module_id}"


class Application(models.Model):
    """An employee applies to become a support person: their supervisor approves the time
    share, a coordinator places them in a cohort, they complete it, and they become an active,
    bookable support person."""

    person = models.ForeignKey(
        Person, related_name="support_applications", on_delete=models.CASCADE
    )
    role = models.ForeignKey(
        SupportRole, verbose_name=_("support role"), related_name="+", on_delete=models.PROTECT
    )
    motivation = models.TextField(_("why I want to support others' learning"), max_length=4000)
    percent = models.DecimalField(
        _("share of working time (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("50"))],
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ApplicationState.choices,
        default=ApplicationState.SUBMITTED,
    )
    allocation = models.ForeignKey(
        Allocation, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    enrolment = models.ForeignKey(
        Enrolment, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        Person, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application to become a support person")
        verbose_name_plural = _("applications to become a support person")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["state", "submitted_at"]),
            models.Index(fields=["person", "state"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(state__in=["submitted", "approved", "placed", "trained"]),
                name="application_one_open_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.role_id}:{self.state}"

    def get_absolute_url(self) -> str:
        return reverse("training:application", args=[self.pk])
