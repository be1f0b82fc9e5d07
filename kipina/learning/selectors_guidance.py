"""Reads for guidance: a team's suggested resources, "my learning", recommendations made, and
the objects the guidance pages act on (someone else's is a 404). Every page runs a fixed number
of queries, whatever the size of the catalogue, the team or the log."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kipina.core.permissions import allowed
from kipina.core.rules import is_coordinator_or_admin
from kipina.learning import guidance
from kipina.learning.enums import RecommendationResponse, ResourceStatus
from kipina.learning.models import (
    Bookmark,
    Competence,
    LearningLogEntry,
    Recommendation,
    RecommendationAnswer,
    Resource,
    ResourceCompetence,
    ResourceDate,
    TeamCompetence,
)
from kipina.orders.enums import OrderState
from kipina.orders.models import Order
from kipina.org.models import Language, Person, Team

DEFAULT_LANGUAGE = "fi"
CANDIDATES_PER_COMPETENCE = 20
SUGGESTIONS_SHOWN = 30
PERSON_MATCHES_SHOWN = 10
RECOMMENDATIONS_PER_PAGE = 10
BOOKMARKS_PER_PAGE = 10
LOG_ENTRIES_PER_PAGE = 20
MADE_PER_PAGE = 25
# The orders through which a support person supports a team (as in learning.rules).
SUPPORTING_ORDER_STATES = [
    OrderState.ASSIGNED,
    OrderState.PLANNED,
    OrderState.DELIVERED,
    OrderState.CLOSED,
]


def _person(user) -> Person | None:
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person if person is not None and person.active else None


def _page(queryset, number, per_page: int) -> Page:
    return Paginator(queryset, per_page).get_page(number)


# --- Suggestions for a team ------------------------------------------------------------------


def team_for_guidance(user, code: str) -> Team:
    """The team, when the user may see its competences; otherwise 404 (not 403: no leak)."""
    team = get_object_or_404(Team.objects.select_related("lead"), code=code)
    if not allowed(user, "learning.view_team_competences", team):
        raise Http404
    return team


def team_gaps(team: Team) -> list[TeamCompetence]:
    """The team's tailorings whose target is above the current level, biggest gap first."""
    rows = list(
        TeamCompetence.objects.filter(
            team=team,
            current_level__isnull=False,
            target_level__isnull=False,
            target_level__position__gt=F("current_level__position"),
        ).select_related("competence__framework", "current_level", "target_level")
    )
    rows.sort(key=lambda row: (-(row.gap or 0), row.competence.shortname, row.pk))
    return rows


def team_languages(team: Team) -> set[str]:
    """What the team's active members (and lead) speak; Finnish when nobody has said."""
    codes = set(
        Language.objects.filter(
            Q(speakers__team=team, speakers__active=True) | Q(speakers__led_teams=team)
        )
        .values_list("code", flat=True)
        .distinct()
    )
    return codes or {DEFAULT_LANGUAGE}


@dataclass
class SuggestionRow:
    resource: Resource
    suggestion: guidance.Suggestion
    reasons: list[str]
    recommended: bool  # already recommended to this team by someone


@dataclass
class TeamSuggestions:
    gaps: list[TeamCompetence]
    languages: list[str]
    rows: list[SuggestionRow]


def _candidate_ids(competence_ids: list[int], today: date) -> list[int]:
    """The best `CANDIDATES_PER_COMPETENCE` published resources of each competence (by
    relevance, then free first), leaving out courses whose every run is over — in one query."""
    still_running = ResourceDate.objects.filter(resource=OuterRef("resource_id"), end__gte=today)
    any_date = ResourceDate.objects.filter(resource=OuterRef("resource_id"))
    ranked = (
        ResourceCompetence.objects.filter(
            competence_id__in=competence_ids, resource__status=ResourceStatus.PUBLISHED
        )
        .filter(Exists(still_running) | ~Exists(any_date))
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("competence_id")],
                order_by=[
                    F("relevance").desc(),
                    F("resource__cost_eur").asc(),
                    F("resource_id").asc(),
                ],
            )
        )
        .filter(place__lte=CANDIDATES_PER_COMPETENCE)
        .values_list("resource_id", flat=True)
    )
    return sorted(set(ranked))


def team_suggestions(team: Team, *, today: date | None = None) -> TeamSuggestions:
    """Gaps → capped candidates in SQL → rank() in Python → reasons in the reader's language."""
    today = today or timezone.localdate()
    gaps = team_gaps(team)
    languages = team_languages(team)
    if not gaps:
        return TeamSuggestions(gaps, sorted(languages), [])
    gap_ids = [row.competence_id for row in gaps]
    ids = _candidate_ids(gap_ids, today)
    if not ids:
        return TeamSuggestions(gaps, sorted(languages), [])
    resources = {
        resource.pk: resource
        for resource in Resource.objects.filter(pk__in=ids)
        .select_related("provider")
        .annotate(
            has_dates=Exists(ResourceDate.objects.filter(resource=OuterRef("pk"))),
            upcoming_start=Subquery(
                ResourceDate.objects.filter(resource=OuterRef("pk"), start__gte=today)
                .order_by("start")
                .values("start")[:1]
            ),
            under_way_until=Subquery(
                ResourceDate.objects.filter(
                    resource=OuterRef("pk"), start__lt=today, end__gte=today
                )
                .order_by("-end")
                .values("end")[:1]
            ),
        )
    }
    relevance: dict[int, dict[int, int]] = {}
    for resource_id, competence_id, value in ResourceCompetence.objects.filter(
        resource_id__in=ids, competence_id__in=gap_ids
    ).values_list("resource_id", "competence_id", "relevance"):
        relevance.setdefault(resource_id, {})[competence_id] = value
    candidates = [
        guidance.Candidate(
            resource_id=resource.pk,
            title=resource.title,
            language=resource.language_id,
            relevance=relevance.get(resource.pk, {}),
            cost=resource.cost_eur,
            has_dates=resource.has_dates,
            next_start=resource.upcoming_start,
            under_way_until=resource.under_way_until,
        )
        for resource in resources.values()
    ]
    ranked = guidance.rank(
        [guidance.Gap(row.competence_id, row.competence.shortname, row.gap or 0) for row in gaps],
        candidates,
        languages=languages,
        today=today,
        limit=SUGGESTIONS_SHOWN,
    )
    recommended = set(
        Recommendation.objects.filter(
            team=team, resource_id__in=[suggestion.resource_id for suggestion in ranked]
        ).values_list("resource_id", flat=True)
    )
    rows = [
        SuggestionRow(
            resource=resources[suggestion.resource_id],
            suggestion=suggestion,
            reasons=[reason_text(reason) for reason in suggestion.reasons],
            recommended=suggestion.resource_id in recommended,
        )
        for suggestion in ranked
    ]
    return TeamSuggestions(gaps, sorted(languages), rows)


def language_name(code: str) -> str:
    return Language(code=code).display_name


def reason_text(reason: guidance.Reason) -> str:
    """One reason in words, in the active language."""
    params: dict[str, Any] = dict(reason.params)
    code = reason.code
    if code == guidance.ReasonCode.BUILDS:
        return ngettext(
            "Builds “%(competence)s” (gap %(gap)s level)",
            "Builds “%(competence)s” (gap %(gap)s levels)",
            int(params["gap"]),
        ) % {"competence": params["competence"], "gap": params["gap"]}
    if code == guidance.ReasonCode.LANGUAGE:
        return _("In %(language)s") % {"language": language_name(str(params["language"]))}
    if code == guidance.ReasonCode.FOREIGN_LANGUAGE:
        return _("In %(language)s, which nobody in the team speaks") % {
            "language": language_name(str(params["language"]))
        }
    if code in (guidance.ReasonCode.STARTS_SOON, guidance.ReasonCode.STARTS_LATER):
        return _("Starts %(date)s") % {"date": date_format(params["start"], "SHORT_DATE_FORMAT")}
    if code == guidance.ReasonCode.UNDER_WAY:
        return _("Under way until %(date)s") % {
            "date": date_format(params["until"], "SHORT_DATE_FORMAT")
        }
    if code == guidance.ReasonCode.FREE:
        return _("Free")
    if code == guidance.ReasonCode.PAID:
        return _("Costs %(cost)s €") % {"cost": number_format(params["cost"], 2)}
    return ""


# --- Recommending ---------------------------------------------------------------------------


def published_resource(key: str) -> Resource:
    return get_object_or_404(
        Resource.objects.select_related("provider"), key=key, status=ResourceStatus.PUBLISHED
    )


def resource_for_bookmark(person: Person, key: str) -> Resource:
    """A published resource, or one the person has bookmarked (so it can be unbookmarked)."""
    resource = (
        Resource.objects.filter(key=key)
        .filter(
            Q(status=ResourceStatus.PUBLISHED)
            | Q(pk__in=Bookmark.objects.filter(person=person).values("resource_id"))
        )
        .first()
    )
    if resource is None:
        raise Http404
    return resource


def recommendable_teams(user) -> QuerySet[Team]:
    """Every team for coordinators; for others, their own and led teams and the teams whose
    orders they support (the teams whose competences they see)."""
    if is_coordinator_or_admin.test(user):
        return Team.objects.order_by("name", "code")
    person = _person(user)
    if person is None:
        return Team.objects.none()
    supported = Order.objects.filter(
        support_person__person=person,
        support_person__active=True,
        state__in=SUPPORTING_ORDER_STATES,
    ).values("team_id")
    return Team.objects.filter(
        Q(pk=person.team_id) | Q(lead=person) | Q(pk__in=supported)
    ).order_by("name", "code")


def people_matching(text: str) -> list[Person]:
    """Active people by name, job title, email or employee number; at most a handful."""
    text = (text or "").strip()
    if not text:
        return []
    return list(
        Person.objects.active()
        .search(text)
        .select_related("unit")
        .order_by("last_name", "first_name", "employee_number")[: PERSON_MATCHES_SHOWN + 1]
    )


def resource_competences(resource: Resource) -> QuerySet[Competence]:
    return Competence.objects.filter(resource_links__resource=resource).order_by(
        "framework_id", "depth", "position", "pk"
    )


# --- My learning ------------------------------------------------------------------------------


def _my_response(person: Person):
    return Coalesce(
        Subquery(
            RecommendationAnswer.objects.filter(
                recommendation=OuterRef("pk"), person=person
            ).values("response")[:1]
        ),
        Value(RecommendationResponse.NEW),
    )


def _logged(person: Person):
    return Exists(
        LearningLogEntry.objects.filter(person=person, resource_id=OuterRef("resource_id"))
    )


def recommendations_for_person(person: Person) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(person=person)
        .select_related("resource", "recommended_by", "competence")
        .annotate(my_response=_my_response(person), logged=_logged(person))
        .order_by("-created_at", "-pk")
    )


def recommendations_for_teams_of(person: Person) -> QuerySet[Recommendation]:
    """To the person's team and the teams they lead (not the ones they made themself)."""
    mine = Q(team__lead=person)
    if person.team_id is not None:
        mine |= Q(team_id=person.team_id)
    return (
        Recommendation.objects.filter(mine)
        .exclude(recommended_by=person)
        .select_related("resource", "recommended_by", "competence", "team")
        .annotate(my_response=_my_response(person), logged=_logged(person))
        .order_by("-created_at", "-pk")
    )


@dataclass
class MyLearning:
    for_me: Page
    for_team: Page
    bookmarks: Page
    log: Page
    hours_this_year: object


def my_learning(person: Person, pages, *, today: date | None = None) -> MyLearning:
    """`pages` is the request's GET: each list pages on its own parameter."""
    today = today or timezone.localdate()
    bookmarks = (
        Bookmark.objects.filter(person=person)
        .select_related("resource__provider")
        .order_by("-created_at", "-pk")
    )
    log = log_entries(person)
    hours = LearningLogEntry.objects.filter(person=person, learned_on__year=today.year).aggregate(
        total=Sum("hours")
    )["total"]
    return MyLearning(
        for_me=_page(
            recommendations_for_person(person), pages.get("rpage"), RECOMMENDATIONS_PER_PAGE
        ),
        for_team=_page(
            recommendations_for_teams_of(person), pages.get("tpage"), RECOMMENDATIONS_PER_PAGE
        ),
        bookmarks=_page(bookmarks, pages.get("bpage"), BOOKMARKS_PER_PAGE),
        log=_page(log, pages.get("lpage"), LOG_ENTRIES_PER_PAGE),
        hours_this_year=hours,
    )


def log_entries(person: Person) -> QuerySet[LearningLogEntry]:
    return (
        LearningLogEntry.objects.filter(person=person)
        .select_related("resource", "competence")
        .order_by("-learned_on", "-pk")
    )


def log_entry_for(user, pk: int) -> LearningLogEntry:
    """One's own entry; anybody else's is a 404."""
    person = _person(user)
    if person is None:
        raise Http404
    return get_object_or_404(
        LearningLogEntry.objects.select_related("resource", "competence"), pk=pk, person=person
    )


def recommendation_for_recipient(user, pk: int) -> Recommendation:
    """A recommendation made to the user or to their team (or a team they lead); else 404."""
    person = _person(user)
    if person is None:
        raise Http404
    mine = Q(person=person) | Q(team__lead=person)
    if person.team_id is not None:
        mine |= Q(team_id=person.team_id)
    return get_object_or_404(
        Recommendation.objects.select_related("resource", "team", "competence").filter(mine),
        pk=pk,
    )


def log_resource_choices(person: Person, *also: int | None) -> QuerySet[Resource]:
    """The resources a log entry may name: bookmarked, recommended to the person or their
    team, or already named in the log (and `also`, the one being linked now) — a short list,
    not the whole catalogue."""
    teams = Q(team__lead=person)
    if person.team_id is not None:
        teams |= Q(team_id=person.team_id)
    recommended = Recommendation.objects.filter(Q(person=person) | teams).values("resource_id")
    return Resource.objects.filter(
        Q(pk__in=Bookmark.objects.filter(person=person).values("resource_id"))
        | Q(pk__in=recommended)
        | Q(pk__in=LearningLogEntry.objects.filter(person=person).values("resource_id"))
        | Q(pk__in=[pk for pk in also if pk])
    ).order_by("title", "pk")


def log_competence_choices() -> QuerySet[Competence]:
    return Competence.objects.select_related("framework").order_by(
        "framework__idnumber", "depth", "position", "pk"
    )


# --- Recommendations made ------------------------------------------------------------------------


def _answers_count(response: str):
    return Coalesce(
        Subquery(
            RecommendationAnswer.objects.filter(recommendation=OuterRef("pk"), response=response)
            .order_by()
            .values("recommendation")
            .annotate(count=Count("pk"))
            .values("count"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def recommendations_made(person: Person, page) -> Page:
    """What the person has recommended, newest first, with how the recipients answered."""
    team_size = Coalesce(
        Subquery(
            Person.objects.filter(team=OuterRef("team_id"), active=True)
            .order_by()
            .values("team")
            .annotate(count=Count("pk"))
            .values("count"),
            output_field=IntegerField(),
        ),
        Value(0),
    )
    person_response = Subquery(
        RecommendationAnswer.objects.filter(
            recommendation=OuterRef("pk"), person=OuterRef("person_id")
        ).values("response")[:1]
    )
    made = (
        Recommendation.objects.filter(recommended_by=person)
        .select_related("resource", "team", "person", "competence")
        .annotate(
            interested_count=_answers_count(RecommendationResponse.INTERESTED),
            done_count=_answers_count(RecommendationResponse.DONE),
            team_size=team_size,
            person_response=person_response,
        )
        .order_by("-created_at", "-pk")
    )
    return _page(made, page, MADE_PER_PAGE)
