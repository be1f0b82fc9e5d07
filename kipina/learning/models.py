"""Strategic competences: proficiency scales, competence frameworks and their trees."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kipina.core.translated import in_language
from kipina.learning.enums import (
    DESCRIPTION_MAX_LENGTH,
    IDNUMBER_MAX_LENGTH,
    LEVEL_NAME_MAX_LENGTH,
    MAX_DEPTH,
    SHORTNAME_MAX_LENGTH,
    CompetenceDepth,
)


class ProficiencyScale(models.Model):
    """Named levels a competence is assessed on (Moodle: the framework's scale)."""

    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("proficiency scale")
        verbose_name_plural = _("proficiency scales")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")


class ScaleLevel(models.Model):
    """One level of a scale; exactly one is the default, some count as proficient."""

    scale = models.ForeignKey(
        ProficiencyScale,
        verbose_name=_("proficiency scale"),
        related_name="levels",
        on_delete=models.CASCADE,
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name_fi = models.CharField(_("name in Finnish"), max_length=LEVEL_NAME_MAX_LENGTH)
    name_sv = models.CharField(_("name in Swedish"), max_length=LEVEL_NAME_MAX_LENGTH, blank=True)
    name_en = models.CharField(_("name in English"), max_length=LEVEL_NAME_MAX_LENGTH, blank=True)
    is_default = models.BooleanField(_("default level"), default=False)
    proficient = models.BooleanField(_("proficient"), default=False)

    class Meta:
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")
        ordering = ["scale", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "position"], name="learning_scale_level_position_unique"
            ),
            models.UniqueConstraint(
                fields=["scale"],
                condition=Q(is_default=True),
                name="learning_scale_one_default_level",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")


class ShortnameAndDescription(models.Model):
    """A name (Moodle: shortname) and a description in Finnish, Swedish and English."""

    shortname_fi = models.CharField(_("name in Finnish"), max_length=SHORTNAME_MAX_LENGTH)
    shortname_sv = models.CharField(
        _("name in Swedish"), max_length=SHORTNAME_MAX_LENGTH, blank=True
    )
    shortname_en = models.CharField(
        _("name in English"), max_length=SHORTNAME_MAX_LENGTH, blank=True
    )
    description_fi = models.TextField(
        _("description in Finnish"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )
    description_sv = models.TextField(
        _("description in Swedish"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )
    description_en = models.TextField(
        _("description in English"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.shortname

    @property
    def shortname(self) -> str:
        return in_language(self, "shortname")

    @property
    def description(self) -> str:
        return in_language(self, "description")


class CompetenceFramework(ShortnameAndDescription):
    """The organisation's strategic competences for a strategy period, as a tree."""

    idnumber = models.CharField(_("ID number"), max_length=IDNUMBER_MAX_LENGTH, unique=True)
    scale = models.ForeignKey(
        ProficiencyScale,
        verbose_name=_("proficiency scale"),
        related_name="frameworks",
        on_delete=models.PROTECT,
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    taxonomy = models.JSONField(
        _("level names"),
        default=list,
        blank=True,
        help_text=_("What the levels of the tree are called, from the top down."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("competence framework")
        verbose_name_plural = _("competence frameworks")
        ordering = ["idnumber"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="learning_framework_valid_until_not_before_from",
            )
        ]


class Competence(ShortnameAndDescription):
    """An area, competence or sub-competence of a framework."""

    framework = models.ForeignKey(
        CompetenceFramework,
        verbose_name=_("competence framework"),
        related_name="competences",
        on_delete=models.CASCADE,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        related_name="children",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    idnumber = models.CharField(_("ID number"), max_length=IDNUMBER_MAX_LENGTH)
    position = models.PositiveIntegerField(_("position among siblings"), default=0)
    depth = models.PositiveSmallIntegerField(
        _("depth"), choices=CompetenceDepth.choices, default=CompetenceDepth.AREA
    )
    related = models.ManyToManyField(
        "self", verbose_name=_("related competences"), symmetrical=True, blank=True
    )
    # Moodle's completion rule and per-competence scale, kept as read so an export gives them
    # back: keys ruletype, ruleoutcome, ruleconfig, scalevalues, scaleconfiguration, exportid.
    moodle_rule = models.JSONField(_("Moodle rule"), default=dict, blank=True)

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["framework", "depth", "position"]
        indexes = [models.Index(fields=["framework", "parent", "position"])]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "idnumber"], name="learning_competence_idnumber_unique"
            ),
            models.CheckConstraint(
                condition=Q(depth__lte=MAX_DEPTH), name="learning_competence_depth_at_most_2"
            ),
        ]
