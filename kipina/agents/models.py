"""Support persons: their roles and skills, approved time shares and absences."""

import secrets
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kipina.agents.enums import (
    DEFAULT_ALLOCATION_PERCENT,
    AllocationState,
    DeliveryMode,
    ServiceScope,
)
from kipina.core.translated import in_language
from kipina.org.models import Person


class TranslatedName(models.Model):
    """A configurable term with its name and description in Finnish, Swedish and English."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=120)
    name_sv = models.CharField(_("name in Swedish"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=100)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")

    @property
    def description(self) -> str:
        return in_language(self, "description")


class SupportRole(TranslatedName):
    """A kind of support role (learning agent, Lean expert…); one person may hold several."""

    class Meta(TranslatedName.Meta):
        verbose_name = _("support role")
        verbose_name_plural = _("support roles")


class Skill(TranslatedName):
    """Something a support person can help with; services require skills."""

    class Meta(TranslatedName.Meta):
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class SupportPersonQuerySet(models.QuerySet["SupportPerson"]):
    def active(self) -> "SupportPersonQuerySet":
        return self.filter(active=True, person__active=True)


class SupportPerson(models.Model):
    """An employee who spends part of their working time supporting others' learning."""

    person = models.OneToOneField(
        Person, verbose_name=_("person"), related_name="support_profile", on_delete=models.CASCADE
    )
    active = models.BooleanField(_("active"), default=True)
    introduction = models.TextField(_("introduction"), blank=True, max_length=2000)
    roles = models.ManyToManyField(
        SupportRole, verbose_name=_("support roles"), related_name="support_persons", blank=True
    )
    skills = models.ManyToManyField(
        Skill, verbose_name=_("skills"), related_name="support_persons", blank=True
    )
    scope = models.CharField(
        _("whom I support"),
        max_length=20,
        choices=ServiceScope.choices,
        default=ServiceScope.OWN_UNIT,
    )
    mode = models.CharField(
        _("how I work"), max_length=10, choices=DeliveryMode.choices, default=DeliveryMode.BOTH
    )
    paused_until = models.DateField(
        _("paused until"),
        null=True,
        blank=True,
        help_text=_("No new orders are suggested to you up to and including this date."),
    )
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SupportPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("learning support person")
        verbose_name_plural = _("learning support persons")
        indexes = [models.Index(fields=["active", "scope"])]

    def __str__(self) -> str:
        return str(self.person)

    def get_absolute_url(self) -> str:
        return reverse("agents:profile", args=[self.pk])

    def is_paused_on(self, day: date) -> bool:
        return self.paused_until is not None and day <= self.paused_until


class Absence(models.Model):
    """A period when the support person cannot take on support work (holiday, training…)."""

    support_person = models.ForeignKey(
        SupportPerson, related_name="absences", on_delete=models.CASCADE
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["start"]
        indexes = [models.Index(fields=["support_person", "end"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="absence_end_not_before_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.start}–{self.end}"


class AllocationQuerySet(models.QuerySet["Allocation"]):
    def approved(self) -> "AllocationQuerySet":
        return self.filter(state=AllocationState.APPROVED)

    def overlapping(self, start: date, end: date) -> "AllocationQuerySet":
        return self.filter(start__lte=end, end__gte=start)


class Allocation(models.Model):
    """The share of working time set aside for support work over a period.

    Approved by the person's supervisor (or, where there is none, by a coordinator with a
    reason). The monthly hour budget is derived in `kipina.agents.budgets`.
    """

    support_person = models.ForeignKey(
        SupportPerson, related_name="allocations", on_delete=models.CASCADE
    )
    percent = models.DecimalField(
        _("share of working time (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(DEFAULT_ALLOCATION_PERCENT),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("100"))],
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    # The person's weekly hours when the share was requested: the budget stays what the
    # supervisor approved even if HR later changes the person's hours.
    weekly_hours = models.DecimalField(_("weekly working hours"), max_digits=4, decimal_places=2)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=AllocationState.choices,
        default=AllocationState.REQUESTED,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, on_delete=models.SET_NULL
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)

    objects = AllocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("time share")
        verbose_name_plural = _("time shares")
        ordering = ["-start"]
        indexes = [
            models.Index(fields=["support_person", "state", "start"]),
            models.Index(fields=["state", "requested_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="allocation_end_not_before_start"
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=1) & Q(percent__lte=100),
                name="allocation_percent_1_to_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.percent} % {self.start}–{self.end}"

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


class TrainedStatus(models.Model):
    """The support person has completed the training for a support role.

    Given by the training app when a programme is completed (or recorded by a coordinator for
    training done elsewhere). A service may require it: matching then treats a missing one as a
    hard rule (kipina.matching, `required_trainings`: the role codes).
    """

    support_person = models.ForeignKey(
        SupportPerson, related_name="trained_statuses", on_delete=models.CASCADE
    )
    role = models.ForeignKey(
        SupportRole, verbose_name=_("support role"), related_name="+", on_delete=models.PROTECT
    )
    granted_on = models.DateField(_("trained on"))
    # Where it came from, for the profile ("Oppimisagenttien valmennus, kevät 2026").
    source = models.CharField(_("training"), max_length=200, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("trained status")
        verbose_name_plural = _("trained statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["support_person", "role"], name="trained_status_once_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.support_person_id}:{self.role_id}"


class OtherSupportTime(models.Model):
    """Support-network time outside orders that counts toward the person's time share, such as
    a network meeting they attend. Before its date it counts as planned, after it as logged.

    `source` names what wrote the row ("networks.meeting:12"), so the writer can replace its
    own rows without touching anyone else's: one row per person and source.
    """

    support_person = models.ForeignKey(
        SupportPerson, related_name="other_time", on_delete=models.CASCADE
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("24"))],
    )
    source = models.CharField(max_length=60)
    description = models.CharField(_("description"), max_length=200)

    class Meta:
        verbose_name = _("other support time")
        verbose_name_plural = _("other support time")
        indexes = [models.Index(fields=["date", "support_person"])]
        constraints = [
            models.UniqueConstraint(
                fields=["support_person", "source"], name="other_time_once_per_source"
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="other_time_hours_0_to_24"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.hours} h {self.description}"
