"""Choices of the networks app — a leaf: imports nothing of the app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

PRACTICE_SEARCH_KIND = "networks.practice"


class NetworkKind(models.TextChoices):
    """Who runs the network: a coordinator, or its own members through their conveners."""

    COORDINATED = "coordinated", _("Coordinated")
    SELF_ORGANISING = "self_organising", _("Self-organising")


class MemberRole(models.TextChoices):
    MEMBER = "member", pgettext_lazy("network role", "Member")
    CONVENER = "convener", pgettext_lazy("network role", "Convener")


class JoinRequestState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("join request", "Waiting for a decision")
    APPROVED = "approved", pgettext_lazy("join request", "Approved")
    DECLINED = "declined", pgettext_lazy("join request", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("join request", "Withdrawn")


class MeetingState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("meeting", "Planned")
    CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")


class Rsvp(models.TextChoices):
    YES = "yes", pgettext_lazy("rsvp", "Coming")
    MAYBE = "maybe", pgettext_lazy("rsvp", "Maybe")
    NO = "no", pgettext_lazy("rsvp", "Not coming")


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("practice", "Draft")
    PUBLISHED = "published", pgettext_lazy("practice", "Published")


NAME_MAX_LENGTH = 160
TEXT_MAX_LENGTH = 10000
COMMENT_MAX_LENGTH = 4000
TAG_MAX_LENGTH = 50
MAX_TAGS = 10
