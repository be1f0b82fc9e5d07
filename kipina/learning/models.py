"""Strategic competences (scales, frameworks, trees), teams' tailoring of them, the learning
resource catalogue, and guidance: recommendations, bookmarks and personal learning logs."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kipina.core.translated import LANGUAGES, in_language
from kipina.learning.enums import (
    DESCRIPTION_MAX_LENGTH,
    IDNUMBER_MAX_LENGTH,
    KEY_MAX_LENGTH,
    LEVEL_NAME_MAX_LENGTH,
    MAX_DEPTH,
    MEANING_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    RESOURCE_DESCRIPTION_MAX_LENGTH,
    SHORTNAME_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ActionStatus,
    CompetenceDepth,
    ProviderKind,
    RecommendationResponse,
    Relevance,
    ResourceFormat,
    ResourceKind,
    ResourceMode,
    ResourceStatus,
)
from kipina.orders.models import Order
from kipina.org.models import Language, Person, Team, Unit


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


# --- Resource catalogue -------------------------------------------------------------------


class Provider(models.Model):
    """Who offers resources: the internal academy, the web school, an institution, a company."""

    key = models.SlugField(_("key"), max_length=KEY_MAX_LENGTH, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=TITLE_MAX_LENGTH)
    name_sv = models.CharField(_("name in Swedish"), max_length=TITLE_MAX_LENGTH, blank=True)
    name_en = models.CharField(_("name in English"), max_length=TITLE_MAX_LENGTH, blank=True)
    kind = models.CharField(
        pgettext_lazy("provider", "kind"), max_length=12, choices=ProviderKind.choices
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    url = models.URLField(_("web address"), blank=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name_fi"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")


class Resource(models.Model):
    """One thing to learn from: a course, an online course, material or a peer-learning form.

    `next_start` is the earliest upcoming date, kept by the services whenever dates change, so
    the "upcoming" facet and sorting by date are one indexed column on 50 000 resources.
    """

    key = models.SlugField(_("key"), max_length=KEY_MAX_LENGTH, unique=True)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(
        _("description"), max_length=RESOURCE_DESCRIPTION_MAX_LENGTH, blank=True
    )
    kind = models.CharField(
        pgettext_lazy("learning resource", "kind"), max_length=16, choices=ResourceKind.choices
    )
    format = models.CharField(
        pgettext_lazy("learning resource", "format"),
        max_length=16,
        choices=ResourceFormat.choices,
        blank=True,
    )
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        related_name="resources",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    language = models.ForeignKey(
        Language, verbose_name=_("language"), related_name="+", on_delete=models.PROTECT
    )
    duration_hours = models.DecimalField(
        _("duration (hours)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    cost_eur = models.DecimalField(
        _("cost (euros)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    credits = models.DecimalField(
        _("credits (ECTS)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    url = models.URLField(_("web address"), blank=True)
    enrolment_url = models.URLField(_("enrolment link"), blank=True)
    mode = models.CharField(
        pgettext_lazy("learning resource", "on site or remote"),
        max_length=8,
        choices=ResourceMode.choices,
        default=ResourceMode.REMOTE,
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    # Professional groups the resource is meant for ("nurses", "supervisors"); empty = everyone.
    audience_groups = models.JSONField(_("audience groups"), default=list, blank=True)
    audience_units = models.ManyToManyField(
        Unit, verbose_name=_("audience units"), related_name="+", blank=True
    )
    competences = models.ManyToManyField(
        "Competence",
        verbose_name=_("competences"),
        through="ResourceCompetence",
        related_name="resources",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ResourceStatus.choices, default=ResourceStatus.DRAFT
    )
    next_start = models.DateField(_("next start"), null=True, blank=True, editable=False)
    # The ids of the linked competences, a copy of `competence_links` kept by
    # resource_index.refresh_derived: the catalogue's competence facet counts them for
    # thousands of hits without a lookup per hit. Filtering still uses the links.
    competence_ids = models.JSONField(default=list, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        Person, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("learning resource")
        verbose_name_plural = _("learning resources")
        ordering = ["title", "pk"]
        indexes = [
            models.Index(fields=["status", "kind"], name="resource_status_kind_idx"),
            models.Index(fields=["status", "language"], name="resource_status_lang_idx"),
            models.Index(fields=["status", "next_start"], name="resource_status_start_idx"),
            models.Index(fields=["status", "cost_eur"], name="resource_status_cost_idx"),
            models.Index(fields=["status", "duration_hours"], name="resource_status_hours_idx"),
            models.Index(fields=["status", "title"], name="resource_status_title_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return self.cost_eur == 0


class ResourceDate(models.Model):
    """An upcoming (or past) run of a course: when, and how many seats."""

    resource = models.ForeignKey(
        Resource,
        verbose_name=_("learning resource"),
        related_name="dates",
        on_delete=models.CASCADE,
    )
    start = models.DateField(_("starts"))
    end = models.DateField(_("ends"))
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True)

    class Meta:
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        ordering = ["resource", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="learning_resource_date_end_not_before_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource}: {self.start}"


class ResourceCompetence(models.Model):
    resource = models.ForeignKey(
        Resource, related_name="competence_links", on_delete=models.CASCADE
    )
    competence = models.ForeignKey(
        "Competence", related_name="resource_links", on_delete=models.CASCADE
    )
    relevance = models.PositiveSmallIntegerField(
        _("relevance"), choices=Relevance.choices, default=Relevance.CLEAR
    )

    class Meta:
        verbose_name = _("competence of a resource")
        verbose_name_plural = _("competences of resources")
        indexes = [models.Index(fields=["competence", "relevance"], name="resource_comp_rel_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "competence"], name="learning_resource_competence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource} → {self.competence}"


# --- Team tailoring ----------------------------------------------------------------------


class TeamCompetence(models.Model):
    """A team's own reading of one strategic competence: what it means for us, where we are,
    where we aim. Co-edited by the team and its support person, so saves are versioned."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), related_name="competences", on_delete=models.CASCADE
    )
    competence = models.ForeignKey(
        Competence,
        verbose_name=_("competence"),
        related_name="team_tailorings",
        on_delete=models.CASCADE,
    )
    meaning = models.TextField(
        _("what it means in our work"), max_length=MEANING_MAX_LENGTH, blank=True
    )
    current_level = models.ForeignKey(
        ScaleLevel,
        verbose_name=_("current level"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    target_level = models.ForeignKey(
        ScaleLevel,
        verbose_name=_("target level"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    resources = models.ManyToManyField(
        Resource, verbose_name=_("learning resources"), related_name="team_tailorings", blank=True
    )
    orders = models.ManyToManyField(
        Order, verbose_name=_("support orders"), related_name="team_competences", blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        Person, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("team's competence")
        verbose_name_plural = _("teams' competences")
        ordering = ["team", "competence"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "competence"], name="learning_team_competence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.competence}"

    @property
    def gap(self) -> int | None:
        """Target minus current level, in scale steps; None until both are set."""
        if self.current_level is None or self.target_level is None:
            return None
        return self.target_level.position - self.current_level.position


class CompetenceAction(models.Model):
    """A concrete step a team takes toward its target: who, by when, how far."""

    team_competence = models.ForeignKey(
        TeamCompetence,
        verbose_name=_("team's competence"),
        related_name="actions",
        on_delete=models.CASCADE,
    )
    description = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        Person,
        verbose_name=_("who"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    due = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["team_competence", "due", "pk"]

    def __str__(self) -> str:
        return self.description


class CompetenceReview(models.Model):
    """A team's look back at its competences on one day; entries keep the levels as they were."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), related_name="competence_reviews", on_delete=models.CASCADE
    )
    reviewed_on = models.DateField(_("review date"))
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    reviewed_by = models.ForeignKey(
        Person, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("competence review")
        verbose_name_plural = _("competence reviews")
        ordering = ["team", "-reviewed_on", "-pk"]
        indexes = [models.Index(fields=["team", "reviewed_on"], name="comp_review_team_date_idx")]

    def __str__(self) -> str:
        return f"{self.team} {self.reviewed_on}"


class ReviewEntry(models.Model):
    """One competence's levels at a review: a snapshot (positions and names), so renaming or
    re-scaling later does not rewrite the team's history."""

    review = models.ForeignKey(CompetenceReview, related_name="entries", on_delete=models.CASCADE)
    competence = models.ForeignKey(Competence, related_name="+", on_delete=models.CASCADE)
    current_position = models.PositiveSmallIntegerField(null=True, blank=True)
    # The level names as they were, in every language: {"fi": …, "sv": …, "en": …}.
    current_names = models.JSONField(default=dict, blank=True)
    target_position = models.PositiveSmallIntegerField(null=True, blank=True)
    target_names = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "competence"], name="learning_review_entry_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.review}: {self.competence}"

    @property
    def current_name(self) -> str:
        return _in_active_language(self.current_names)

    @property
    def target_name(self) -> str:
        return _in_active_language(self.target_names)


def level_names(level: ScaleLevel | None) -> dict[str, str]:
    """A level's names in every language, for a snapshot; {} for no level."""
    if level is None:
        return {}
    return {language: getattr(level, f"name_{language}") for language in LANGUAGES}


def _in_active_language(names: dict[str, str]) -> str:
    language = (get_language() or "fi")[:2]
    return names.get(language) or names.get("fi", "")


# --- Guidance ------------------------------------------------------------------------------


class Recommendation(models.Model):
    """A support person pointing a team or one person to a resource, with a note."""

    resource = models.ForeignKey(
        Resource,
        verbose_name=_("learning resource"),
        related_name="recommendations",
        on_delete=models.CASCADE,
    )
    recommended_by = models.ForeignKey(
        Person,
        verbose_name=_("recommended by"),
        related_name="recommendations_made",
        on_delete=models.PROTECT,
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        related_name="recommendations",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        related_name="recommendations",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    competence = models.ForeignKey(
        Competence,
        verbose_name=_("competence"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("recommended"), auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["person", "created_at"], name="recommendation_person_idx"),
            models.Index(fields=["team", "created_at"], name="recommendation_team_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=True, person__isnull=False)
                | Q(team__isnull=False, person__isnull=True),
                name="learning_recommendation_one_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource} → {self.team or self.person}"


class RecommendationAnswer(models.Model):
    """What one recipient did with a recommendation: each team member answers for themself."""

    recommendation = models.ForeignKey(
        Recommendation, related_name="answers", on_delete=models.CASCADE
    )
    person = models.ForeignKey(Person, related_name="+", on_delete=models.CASCADE)
    response = models.CharField(
        _("response"),
        max_length=12,
        choices=RecommendationResponse.choices,
        default=RecommendationResponse.NEW,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "person"], name="learning_recommendation_answer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.response}"


class Bookmark(models.Model):
    person = models.ForeignKey(Person, related_name="resource_bookmarks", on_delete=models.CASCADE)
    resource = models.ForeignKey(Resource, related_name="bookmarks", on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "resource"], name="learning_bookmark_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.resource}"


class LearningLogEntry(models.Model):
    """A personal note of something learnt: from a resource or from anything else."""

    person = models.ForeignKey(Person, related_name="learning_log", on_delete=models.CASCADE)
    resource = models.ForeignKey(
        Resource,
        verbose_name=_("learning resource"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    competence = models.ForeignKey(
        Competence,
        verbose_name=_("competence"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    title = models.CharField(_("what did you learn from?"), max_length=TITLE_MAX_LENGTH)
    learned_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("999"))],
    )
    reflection = models.TextField(
        _("what did you take away?"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("learning log entry")
        verbose_name_plural = _("learning log entries")
        ordering = ["person", "-learned_on", "-pk"]
        indexes = [models.Index(fields=["person", "learned_on"], name="learning_log_person_idx")]

    def __str__(self) -> str:
        return self.title
