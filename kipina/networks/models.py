"""Support networks across unit silos: members, join requests, meetings, good practices."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kipina.networks.enums import (
    COMMENT_MAX_LENGTH,
    NAME_MAX_LENGTH,
    TAG_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    JoinRequestState,
    MeetingState,
    MemberRole,
    NetworkKind,
    PracticeStatus,
    Rsvp,
)
from kipina.org.models import Person


class Network(models.Model):
    """A network of support persons (and optionally others) that crosses unit silos."""

    key = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    purpose = models.TextField(_("purpose"), max_length=TEXT_MAX_LENGTH)
    kind = models.CharField(_("kind"), max_length=20, choices=NetworkKind.choices)
    # A coordinated network is run by its coordinator (and the organisation's coordinators);
    # a self-organising one by its conveners.
    coordinator = models.ForeignKey(
        Person,
        verbose_name=_("coordinator"),
        related_name="coordinated_networks",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    open_to_all = models.BooleanField(
        _("open to people who are not support persons"),
        default=False,
    )
    meetings_count_as_support_time = models.BooleanField(
        _("time in meetings counts toward the time share"),
        default=True,
        help_text=_(
            "When on, the hours of the meetings a support person attends count toward their "
            "approved share of working time."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:network", args=[self.key])


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> "MembershipQuerySet":
        return self.filter(left_at__isnull=True)


class Membership(models.Model):
    """A person in a network, from joining to leaving (the row stays after leaving)."""

    network = models.ForeignKey(Network, related_name="memberships", on_delete=models.CASCADE)
    person = models.ForeignKey(Person, related_name="network_memberships", on_delete=models.CASCADE)
    role = models.CharField(
        _("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    joined_at = models.DateTimeField(_("joined"))
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    wants_digest = models.BooleanField(
        _("weekly digest by email"),
        default=True,
        help_text=_("A weekly email of the network's new good practices and coming meetings."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        indexes = [
            models.Index(fields=["network", "left_at", "role"]),
            models.Index(fields=["person", "left_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "person"],
                condition=Q(left_at__isnull=True),
                name="membership_one_current_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.network_id}:{self.person_id}"


class JoinRequest(models.Model):
    """Someone asks to join; the coordinator (coordinated) or a convener (self-organising)
    decides."""

    network = models.ForeignKey(Network, related_name="join_requests", on_delete=models.CASCADE)
    person = models.ForeignKey(
        Person, related_name="network_join_requests", on_delete=models.CASCADE
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=JoinRequestState.choices,
        default=JoinRequestState.PENDING,
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        Person, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        indexes = [models.Index(fields=["network", "state", "requested_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "person"],
                condition=Q(state="pending"),
                name="join_request_one_pending_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.network_id}:{self.person_id}:{self.state}"


class Meeting(models.Model):
    """A network meeting: when and where, its agenda (built with the toolkit's agenda
    builder), invitations with answers, attendance, notes and decisions."""

    network = models.ForeignKey(Network, related_name="meetings", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=NAME_MAX_LENGTH)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (min)"), validators=[MinValueValidator(15), MaxValueValidator(600)]
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online meeting link"), max_length=500, blank=True)
    agenda = models.OneToOneField(
        "toolkit.Agenda",
        verbose_name=_("agenda"),
        related_name="network_meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    notes = models.TextField(_("notes (Markdown)"), max_length=TEXT_MAX_LENGTH * 2, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    # The calendar event's identity and revision (RFC 5545 UID and SEQUENCE): a changed or
    # cancelled meeting replaces the event already in people's calendars.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(Person, related_name="+", on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["network", "starts_at"]),
            models.Index(fields=["starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_link=""), name="meeting_has_place_or_link"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("networks:meeting", args=[self.network.key, self.pk])


class MeetingDecision(models.Model):
    meeting = models.ForeignKey(Meeting, related_name="decisions", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("decision"), max_length=2000)
    responsible = models.ForeignKey(
        Person,
        verbose_name=_("responsible"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    due = models.DateField(_("by"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Participation(models.Model):
    """One invited person's answer and, after the meeting, whether they were there."""

    meeting = models.ForeignKey(Meeting, related_name="participations", on_delete=models.CASCADE)
    person = models.ForeignKey(
        Person, related_name="meeting_participations", on_delete=models.CASCADE
    )
    rsvp = models.CharField(_("answer"), max_length=5, choices=Rsvp.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        indexes = [
            models.Index(fields=["person", "meeting"]),
            models.Index(fields=["meeting", "rsvp"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="participation_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.person_id}:{self.rsvp}"


class PracticeTag(models.Model):
    name = models.CharField(_("tag"), max_length=TAG_MAX_LENGTH, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Practice(models.Model):
    """A good practice: a situation, what was done and what was learned, shared in a
    network and searchable across all of them."""

    network = models.ForeignKey(Network, related_name="practices", on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=NAME_MAX_LENGTH)
    situation = models.TextField(_("the situation"), max_length=TEXT_MAX_LENGTH)
    what_we_did = models.TextField(_("what we did"), max_length=TEXT_MAX_LENGTH)
    what_we_learned = models.TextField(_("what we learned"), max_length=TEXT_MAX_LENGTH)
    tags = models.ManyToManyField(
        PracticeTag, verbose_name=_("tags"), related_name="practices", blank=True
    )
    methods = models.ManyToManyField(
        "toolkit.Method", verbose_name=_("methods"), related_name="practices", blank=True
    )
    orders = models.ManyToManyField(
        "orders.Order", verbose_name=_("orders"), related_name="practices", blank=True
    )
    resources = models.ManyToManyField(
        "learning.Resource",
        verbose_name=_("learning resources"),
        related_name="practices",
        blank=True,
    )
    language = models.CharField(_("language"), max_length=8, default="fi")
    status = models.CharField(
        _("status"), max_length=10, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT
    )
    author = models.ForeignKey(Person, related_name="practices", on_delete=models.PROTECT)
    published_at = models.DateTimeField(null=True, blank=True)
    helped_count = models.PositiveIntegerField(default=0)  # kept in step with the reactions
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["network", "status", "published_at"]),
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["author", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("networks:practice", args=[self.pk])


class PracticeComment(models.Model):
    practice = models.ForeignKey(Practice, related_name="comments", on_delete=models.CASCADE)
    author = models.ForeignKey(Person, related_name="+", on_delete=models.CASCADE)
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["practice", "created_at", "id"]
        indexes = [models.Index(fields=["practice", "created_at"])]

    def __str__(self) -> str:
        return self.body[:60]


class PracticeReaction(models.Model):
    """ "This helped me": one per person and practice."""

    practice = models.ForeignKey(Practice, related_name="reactions", on_delete=models.CASCADE)
    person = models.ForeignKey(Person, related_name="+", on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "person"], name="practice_reaction_once")
        ]

    def __str__(self) -> str:
        return f"{self.practice_id}:{self.person_id}"


class DigestDelivery(models.Model):
    """A person's weekly digest was sent for the week starting `week` (a Monday): the task
    can run twice, or on two workers, without anyone getting two emails."""

    person = models.ForeignKey(Person, related_name="+", on_delete=models.CASCADE)
    week = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "week"], name="digest_once_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.week}"
