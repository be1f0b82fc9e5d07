"""Choices of the learning app — a leaf: imports nothing of the app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CompetenceDepth(models.IntegerChoices):
    """Where a competence sits in its framework's tree: area → competence → sub-competence."""

    AREA = 0, pgettext_lazy("competence tree", "area")
    COMPETENCE = 1, pgettext_lazy("competence tree", "competence")
    SUB_COMPETENCE = 2, _("sub-competence")


MAX_DEPTH = CompetenceDepth.SUB_COMPETENCE.value
MIN_SCALE_LEVELS = 2
IDNUMBER_MAX_LENGTH = 100  # Moodle's idnumber column is 100 characters
SHORTNAME_MAX_LENGTH = 100  # so is its shortname
DESCRIPTION_MAX_LENGTH = 10000
LEVEL_NAME_MAX_LENGTH = 100
TAXONOMY_WORD_MAX_LENGTH = 50


RESOURCE_SEARCH_KIND = "learning.resource"
CURATOR_GROUP = "curator"


class ResourceKind(models.TextChoices):
    """The organisation's learning infrastructure, as the source names it."""

    ACADEMY_COURSE = "academy_course", _("Internal academy course")
    WEB_COURSE = "web_course", _("Web school online course")
    EXTERNAL_COURSE = "external_course", _("Course at an educational institution")
    MATERIAL = "material", pgettext_lazy("learning resource kind", "Material")
    PEER = "peer", _("Peer learning")


class ResourceFormat(models.TextChoices):
    """What a material or a peer-learning resource is; courses leave it blank."""

    ARTICLE = "article", _("Article")
    VIDEO = "video", _("Video")
    PODCAST = "podcast", _("Podcast")
    BOOK = "book", _("Book")
    SHADOWING = "shadowing", _("Work shadowing")
    JOB_ROTATION = "job_rotation", _("Job rotation")
    MENTORING = "mentoring", _("Mentoring")


FORMATS_OF_KIND = {
    ResourceKind.MATERIAL: (
        ResourceFormat.ARTICLE,
        ResourceFormat.VIDEO,
        ResourceFormat.PODCAST,
        ResourceFormat.BOOK,
    ),
    ResourceKind.PEER: (
        ResourceFormat.SHADOWING,
        ResourceFormat.JOB_ROTATION,
        ResourceFormat.MENTORING,
    ),
}


class ResourceMode(models.TextChoices):
    ONSITE = "onsite", pgettext_lazy("resource mode", "On site")
    REMOTE = "remote", pgettext_lazy("resource mode", "Remote")
    BOTH = "both", pgettext_lazy("resource mode", "On site or remote")


class ResourceStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("resource status", "Draft")
    PUBLISHED = "published", pgettext_lazy("resource status", "Published")
    ARCHIVED = "archived", pgettext_lazy("resource status", "Archived")


class ProviderKind(models.TextChoices):
    ACADEMY = "academy", _("Internal academy")
    INTERNAL = "internal", _("Own organisation")
    UNIVERSITY = "university", _("University")
    UAS = "uas", _("University of applied sciences")
    VOCATIONAL = "vocational", _("Vocational institution")
    ASSOCIATION = "association", _("Association")
    COMPANY = "company", _("Company")


class Relevance(models.IntegerChoices):
    """How much a resource builds a competence."""

    SOME = 1, pgettext_lazy("relevance", "Touches on it")
    CLEAR = 2, pgettext_lazy("relevance", "Builds it")
    CORE = 3, pgettext_lazy("relevance", "Centred on it")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("action status", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("action status", "In progress")
    DONE = "done", pgettext_lazy("action status", "Done")


class RecommendationResponse(models.TextChoices):
    """What the recipient has done with a recommendation."""

    NEW = "new", pgettext_lazy("recommendation", "New")
    INTERESTED = "interested", pgettext_lazy("recommendation", "Interested")
    DONE = "done", pgettext_lazy("recommendation", "Done")


KEY_MAX_LENGTH = 80
TITLE_MAX_LENGTH = 200
RESOURCE_DESCRIPTION_MAX_LENGTH = 5000
MEANING_MAX_LENGTH = 4000
NOTE_MAX_LENGTH = 2000
