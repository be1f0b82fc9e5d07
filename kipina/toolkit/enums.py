"""Choices of the toolkit: a method's purposes, place in the workshop arc, and so on."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SEARCH_KIND = "toolkit.method"


class Purpose(models.TextChoices):
    GETTING_STARTED = "getting_started", _("Getting started and energisers")
    SHARING = "sharing", _("Sharing and listening")
    IDEAS = "ideas", _("Ideas")
    DECIDING = "deciding", _("Deciding")
    PLANNING = "planning", _("Planning")
    REFLECTION = "reflection", _("Reflection and retrospectives")
    VALUES = "values", _("Values and culture")
    LEAN = "lean", _("Lean and continuous improvement")
    SELF_ORGANISING = "self_organising", _("Self-organising teams")
    LEARNING_TO_LEARN = "learning_to_learn", _("Learning to learn")
    CLOSING = "closing", pgettext_lazy("method purpose", "Closing")


class ArcPlace(models.TextChoices):
    """Where in a workshop's arc the method belongs."""

    OPENING = "opening", pgettext_lazy("workshop arc", "Opening")
    DIVERGING = "diverging", pgettext_lazy("workshop arc", "Diverging")
    CONVERGING = "converging", pgettext_lazy("workshop arc", "Converging")
    CLOSING = "closing", pgettext_lazy("workshop arc", "Closing")


class Mode(models.TextChoices):
    ONSITE = "onsite", _("On site")
    REMOTE = "remote", _("Remote")
    BOTH = "both", _("On site or remote")


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy")
    MEDIUM = "medium", _("Medium")
    DEMANDING = "demanding", _("Demanding")


class Licence(models.TextChoices):
    OWN = "own", _("Our own text")
    CC_BY_SA_4 = "cc_by_sa_4", "CC BY-SA 4.0"
    OTHER = "other", _("Other licence")


class MethodStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished by a coordinator")


class BlockKind(models.TextChoices):
    METHOD = "method", _("Method")
    BREAK = "break", _("Break")
    LUNCH = "lunch", _("Lunch")
    OWN = "own", _("Own item")
