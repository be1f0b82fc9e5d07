"""Services teams can order, the orders themselves and everything that delivers them."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kipina.agents.models import Skill, SupportPerson, SupportRole, TranslatedName
from kipina.matching import DEFAULT_WEIGHTS as WEIGHTS
from kipina.orders.enums import (
    DEFAULT_FOLLOW_UP_WEEKS,
    Action,
    AssignmentMode,
    FollowUpAnswer,
    OrderState,
)
from kipina.org.models import Language, Person, Team


class Service(TranslatedName):
    """Something a team can order: workshop facilitation, Lean tools, a values discussion…"""

    typical_hours = models.DecimalField(
        _("typical hours"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(4),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("200"))],
        help_text=_("The support person's hours for one order, preparation included."),
    )
    required_skills = models.ManyToManyField(
        Skill, verbose_name=_("required skills"), related_name="services", blank=True
    )
    eligible_roles = models.ManyToManyField(
        SupportRole,
        verbose_name=_("eligible roles"),
        related_name="services",
        blank=True,
        help_text=_("Leave empty when any support role will do."),
    )
    required_trainings = models.ManyToManyField(
        SupportRole,
        verbose_name=_("required training"),
        related_name="services_requiring_training",
        blank=True,
        help_text=_(
            "Only support persons trained for every role chosen here are suggested and can be "
            "assigned."
        ),
    )
    assignment_mode = models.CharField(
        _("assignment"),
        max_length=20,
        choices=AssignmentMode.choices,
        default=AssignmentMode.COORDINATOR,
    )

    class Meta(TranslatedName.Meta):
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def get_absolute_url(self) -> str:
        return reverse("orders:service", args=[self.code])


class Order(models.Model):
    """One team's order of one service, from submission to follow-up."""

    service = models.ForeignKey(
        Service, verbose_name=_("service"), related_name="orders", on_delete=models.PROTECT
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), related_name="orders", on_delete=models.PROTECT
    )
    requester = models.ForeignKey(
        Person, verbose_name=_("orderer"), related_name="orders_made", on_delete=models.PROTECT
    )
    need = models.TextField(_("what do you need help with?"), max_length=4000)
    goal = models.TextField(_("what should be different afterwards?"), max_length=2000)
    earliest = models.DateField(_("earliest date"))
    latest = models.DateField(_("latest date"))
    participants = models.PositiveSmallIntegerField(
        _("participants"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    language = models.ForeignKey(
        Language, verbose_name=_("language"), related_name="+", on_delete=models.PROTECT
    )
    onsite = models.BooleanField(_("on site"), default=True)
    place = models.CharField(_("place"), max_length=200, blank=True)

    state = models.CharField(
        _("state"), max_length=10, choices=OrderState.choices, default=OrderState.SUBMITTED
    )
    support_person = models.ForeignKey(
        SupportPerson,
        verbose_name=_("support person"),
        related_name="orders",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Why a coordinator assigned someone the matching rules would have excluded.
    override_reason = models.CharField(max_length=500, blank=True)
    reflection = models.TextField(_("support person's reflection"), blank=True, max_length=4000)

    submission_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["state", "submitted_at"]),
            models.Index(fields=["support_person", "state"]),
            models.Index(fields=["team", "state"]),
            models.Index(fields=["requester", "submitted_at"]),
            models.Index(fields=["service", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latest__gte=F("earliest")), name="order_latest_not_before_earliest"
            ),
            # Assigned, planned and delivered orders have a support person; queued ones don't.
            models.CheckConstraint(
                condition=(
                    Q(state__in=["assigned", "planned", "delivered"], support_person__isnull=False)
                    | Q(state="submitted", support_person__isnull=True)
                    | Q(state__in=["closed", "declined", "cancelled"])
                ),
                name="order_support_person_matches_state",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.service} – {self.team}"

    def get_absolute_url(self) -> str:
        return reverse("orders:order", args=[self.pk])


class OrderEvent(models.Model):
    """One step of an order's history: who did what, when, from which state to which."""

    order = models.ForeignKey(Order, related_name="events", on_delete=models.CASCADE)
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(auto_now_add=True)
    from_state = models.CharField(max_length=10, choices=OrderState.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=OrderState.choices)
    support_person = models.ForeignKey(
        SupportPerson, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["order", "at"]),
            # The matching's "months since the last order" per support person.
            models.Index(fields=["support_person", "action", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_state} → {self.to_state}"


class Session(models.Model):
    """One scheduled meeting or workshop that delivers an order."""

    order = models.ForeignKey(Order, related_name="sessions", on_delete=models.CASCADE)
    start = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(15), MaxValueValidator(600)]
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online meeting link"), blank=True, max_length=500)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # iCalendar: the same UID with a higher SEQUENCE updates the event in calendars.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["start"]
        indexes = [models.Index(fields=["order", "start"]), models.Index(fields=["start"])]

    def __str__(self) -> str:
        return f"{self.order} @ {self.start:%Y-%m-%d %H:%M}"

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.duration_minutes) / 60).quantize(Decimal("0.1"))


class TimeEntry(models.Model):
    """Hours a support person logged against an order; they count against the allocation."""

    order = models.ForeignKey(Order, related_name="time_entries", on_delete=models.CASCADE)
    support_person = models.ForeignKey(
        SupportPerson, related_name="time_entries", on_delete=models.PROTECT
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("24"))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Set when the entry went past the approved budget and someone said why.
    override_reason = models.CharField(_("reason for exceeding"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["support_person", "date"]),
            models.Index(fields=["order", "date"]),
            models.Index(fields=["date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="time_entry_hours_0_24"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.hours} h"


class Feedback(models.Model):
    """A team member's rating and words when the order was delivered."""

    order = models.ForeignKey(Order, related_name="feedback", on_delete=models.CASCADE)
    person = models.ForeignKey(Person, related_name="+", on_delete=models.CASCADE)
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    helped = models.TextField(_("what helped?"), blank=True, max_length=2000)
    keep_doing = models.TextField(_("what will the team keep doing?"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["order", "person"], name="one_feedback_per_person"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="feedback_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.rating}/5"


class FollowUp(models.Model):
    """The later question to the orderer: did the new practice stick?"""

    order = models.OneToOneField(Order, related_name="follow_up", on_delete=models.CASCADE)
    due = models.DateField()
    asked_at = models.DateTimeField(null=True, blank=True)
    answer = models.CharField(
        _("did the new practice stick?"), max_length=10, choices=FollowUpAnswer.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["due", "asked_at"])]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.due}"


class MatchingSettings(models.Model):
    """Weights of the soft matching rules; one row, edited by admins."""

    proximity = models.FloatField(_("same team or unit"), default=WEIGHTS.proximity)
    load = models.FloatField(_("fair spread of load"), default=WEIGHTS.load)
    starvation = models.FloatField(_("nobody left without orders"), default=WEIGHTS.starvation)
    continuity = models.FloatField(_("has helped this team before"), default=WEIGHTS.continuity)
    language = models.FloatField(_("speaks the order's language"), default=WEIGHTS.language)
    feedback = models.FloatField(_("past feedback on this service"), default=WEIGHTS.feedback)
    follow_up_weeks = models.PositiveSmallIntegerField(
        _("follow-up after (weeks)"), default=DEFAULT_FOLLOW_UP_WEEKS
    )

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "MatchingSettings":
        return cls.objects.first() or cls()
