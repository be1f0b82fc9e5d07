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
