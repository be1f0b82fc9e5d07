"""Reads for a team's tailoring of the strategic competences: the competence map, one tailoring
with its actions and links, and the reviews over time. Every page runs a fixed number of queries
whatever the number of competences, tailorings, actions, links or reviews."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from kipina.core.permissions import allowed
from kipina.core.search.index import filter_matching
from kipina.learning.enums import (
    RESOURCE_SEARCH_KIND,
    ActionStatus,
    CompetenceDepth,
    ResourceStatus,
)
from kipina.learning.models import (
    Competence,
    CompetenceAction,
    CompetenceFramework,
    CompetenceReview,
    Resource,
    ReviewEntry,
    ScaleLevel,
    TeamCompetence,
)
from kipina.orders.enums import OrderState
from kipina.orders.models import Order
from kipina.org.models import Person, Team

# Order states in which a support person counts as the team's (the same list as the rules).
SUPPORTING_STATES = (
    OrderState.ASSIGNED,
    OrderState.PLANNED,
    OrderState.DELIVERED,
    OrderState.CLOSED,
)
# Orders that never happened are no support to link to.
UNLINKABLE_ORDER_STATES = (OrderState.DECLINED, OrderState.CANCELLED)
MAX_FRAMEWORKS = 100
MAX_ORDER_CHOICES = 100
MAX_SEARCH_RESULTS = 10
REVIEWS_PER_PAGE = 6


def visible_team(user, code: str, perm: str = "learning.view_team_competences") -> Team:
    """The team by code if the user may see (or tailor) its competences; else 404, so that a
    team one may not see looks exactly like one that does not exist."""
    team = get_object_or_404(Team.objects.select_related("unit", "lead"), code=code)
    if not allowed(user, perm, team):
        raise Http404
    return team


# --- Which framework ---------------------------------------------------------------------


def _newest_first(queryset: QuerySet) -> QuerySet:
    return queryset.order_by(F("valid_from").desc(nulls_last=True), "-created_at", "-pk")


def is_valid_on(framework: CompetenceFramework, day: dt.date) -> bool:
    starts, ends = framework.valid_from, framework.valid_until
    return (starts is None or starts <= day) and (ends is None or day <= ends)


@dataclass
class FrameworkChoice:
    framework: CompetenceFramework | None
    # Offered in the picker; empty when exactly one framework is valid and it is the one shown.
    options: list[CompetenceFramework]
    valid_ids: set[int]


def framework_choice(requested: str | None, *, today: dt.date) -> FrameworkChoice:
    """The framework to show: the one asked for (?framework=idnumber) or the newest valid
    today (or, when none is, the newest). The picker is offered when several or none are
    valid, or when the one shown is not the default."""
    frameworks = list(
        _newest_first(CompetenceFramework.objects.select_related("scale"))[:MAX_FRAMEWORKS]
    )
    valid = [framework for framework in frameworks if is_valid_on(framework, today)]
    default = valid[0] if valid else (frameworks[0] if frameworks else None)
    chosen = next((f for f in frameworks if requested and f.idnumber == requested), default)
    offer = len(frameworks) > 1 and (len(valid) != 1 or chosen is not default)
    return FrameworkChoice(
        framework=chosen,
        options=frameworks if offer else [],
        valid_ids={framework.pk for framework in valid},
    )


# --- The competence map ------------------------------------------------------------------


@dataclass
class MapRow:
    competence: Competence
    tailoring: TeamCompetence | None
    is_sub: bool = False

    @property
    def gap(self) -> int | None:
        return self.tailoring.gap if self.tailoring is not None else None

    @property
    def gap_size(self) -> int | None:
        return abs(self.gap) if self.gap is not None else None


@dataclass
class MapGroup:
    area: Competence
    rows: list[MapRow] = field(default_factory=list)


def _count_of(queryset: QuerySet, link: str):
    """A correlated COUNT(*) of `queryset`'s rows whose `link` is the outer tailoring."""
    counted = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_counts(queryset: QuerySet[TeamCompetence]) -> QuerySet[TeamCompetence]:
    """Tailorings with their levels, editor and the counts the map shows, in one query."""
    links = TeamCompetence.resources.through.objects
    order_links = TeamCompetence.orders.through.objects
    return queryset.select_related("current_level", "target_level", "updated_by").annotate(
        open_actions=_count_of(
            CompetenceAction.objects.exclude(status=ActionStatus.DONE), "team_competence"
        ),
        done_actions=_count_of(
            CompetenceAction.objects.filter(status=ActionStatus.DONE), "team_competence"
        ),
        resource_count=_count_of(links.all(), "teamcompetence"),
        order_count=_count_of(order_links.all(), "teamcompetence"),
    )


def competences_in_tree_order(framework: CompetenceFramework) -> list[Competence]:
    """The framework's competences area by area, each competence followed by its parts."""
    competences = list(
        Competence.objects.filter(framework=framework).order_by("depth", "position", "pk")
    )
    children: dict[int | None, list[Competence]] = {}
    for competence in competences:
        children.setdefault(competence.parent_id, []).append(competence)
    ordered: list[Competence] = []

    def walk(parent_id: int | None) -> None:
        for competence in children.get(parent_id, []):
            ordered.append(competence)
            walk(competence.pk)

    walk(None)
    return ordered


def competence_map(team: Team, framework: CompetenceFramework) -> list[MapGroup]:
    """Areas as groups; their competences (and sub-competences) as rows with the team's
    tailoring or None. An area with no competences under it is a row of its own."""
    tailorings = {
        tailoring.competence_id: tailoring
        for tailoring in with_counts(
            TeamCompetence.objects.filter(team=team, competence__framework=framework)
        )
    }
    groups: list[MapGroup] = []
    for competence in competences_in_tree_order(framework):
        if competence.depth == CompetenceDepth.AREA or not groups:
            groups.append(MapGroup(area=competence))
            continue
        groups[-1].rows.append(
            MapRow(
                competence=competence,
                tailoring=tailorings.get(competence.pk),
                is_sub=competence.depth == CompetenceDepth.SUB_COMPETENCE,
            )
        )
    for group in groups:
        if not group.rows:
            group.rows.append(MapRow(group.area, tailorings.get(group.area.pk)))
    return groups


# --- One tailoring -----------------------------------------------------------------------


def competence_for(competence_id: int) -> Competence:
    return get_object_or_404(
        Competence.objects.select_related("framework__scale", "parent"), pk=competence_id
    )


def tailoring_of(team: Team, competence: Competence) -> TeamCompetence | None:
    return (
        TeamCompetence.objects.select_related("current_level", "target_level", "updated_by")
        .filter(team=team, competence=competence)
        .first()
    )


def scale_levels(competence: Competence) -> QuerySet[ScaleLevel]:
    return ScaleLevel.objects.filter(scale_id=competence.framework.scale_id).order_by("position")


def actions_of(tailoring: TeamCompetence) -> list[CompetenceAction]:
    return list(
        tailoring.actions.select_related("owner").order_by(
            F("due").asc(nulls_last=True), "created_at", "pk"
        )
    )


def action_of_team(team: Team, pk: int) -> CompetenceAction:
    return get_object_or_404(
        CompetenceAction.objects.select_related(
            "owner", "team_competence__competence__framework", "team_competence__team"
        ),
        team_competence__team=team,
        pk=pk,
    )


def team_people(team: Team, also: int | None = None) -> QuerySet[Person]:
    """Who may own an action: the team's active members and lead, and the support persons
    assigned to the team's orders (`also`: a person kept as the owner an action has now)."""
    supporting = Order.objects.filter(
        team=team,
        support_person__person=OuterRef("pk"),
        support_person__active=True,
        state__in=SUPPORTING_STATES,
    )
    belongs = Q(active=True) & (Q(team=team) | Q(pk=team.lead_id) | Q(Exists(supporting)))
    if also is not None:
        belongs |= Q(pk=also)
    return Person.objects.filter(belongs).order_by("last_name", "first_name", "pk")


def linked_resources(tailoring: TeamCompetence) -> list[Resource]:
    return list(tailoring.resources.select_related("provider").order_by("title", "pk"))


def linked_orders(tailoring: TeamCompetence) -> list[Order]:
    return list(tailoring.orders.select_related("service").order_by("-submitted_at", "-pk"))


def linkable_orders(team: Team) -> QuerySet[Order]:
    """The team's own orders that took place or may still (newest first)."""
    return (
        Order.objects.filter(team=team)
        .exclude(state__in=UNLINKABLE_ORDER_STATES)
        .select_related("service")
        .order_by("-submitted_at", "-pk")
    )


def order_choices(team: Team, tailoring: TeamCompetence | None) -> QuerySet[Order]:
    orders = linkable_orders(team)
    if tailoring is not None:
        orders = orders.exclude(team_competences=tailoring)
    return orders[:MAX_ORDER_CHOICES]


def published_resources() -> QuerySet[Resource]:
    return Resource.objects.filter(status=ResourceStatus.PUBLISHED)


def resource_search(query: str, tailoring: TeamCompetence | None) -> list[Resource]:
    """Published resources the query finds (the shared analyser), not linked already."""
    if not query.strip():
        return []
    found = filter_matching(published_resources(), RESOURCE_SEARCH_KIND, query)
    if tailoring is not None:
        found = found.exclude(team_tailorings=tailoring)
    return list(found.select_related("provider").order_by("title", "pk")[:MAX_SEARCH_RESULTS])


# --- Reviews -----------------------------------------------------------------------------


def tailorings_to_review(team: Team) -> list[TeamCompetence]:
    """Everything a review would record: the team's tailorings, framework by framework."""
    return list(
        TeamCompetence.objects.filter(team=team)
        .select_related("competence__framework", "current_level", "target_level")
        .order_by(
            "competence__framework__idnumber",
            F("competence__parent__parent__position").asc(nulls_first=True),
            F("competence__parent__position").asc(nulls_first=True),
            "competence__position",
            "competence__pk",
        )
    )


def reviews_in(team: Team, framework: CompetenceFramework) -> QuerySet[CompetenceReview]:
    """The team's reviews that recorded a competence of the framework, newest first."""
    has_entry = ReviewEntry.objects.filter(review=OuterRef("pk"), competence__framework=framework)
    return (
        CompetenceReview.objects.filter(team=team)
        .filter(Exists(has_entry))
        .select_related("reviewed_by")
        .annotate(entry_count=Count("entries"))
        .order_by("-reviewed_on", "-pk")
    )


@dataclass
class Cell:
    entry: ReviewEntry | None
    # Steps the current level moved since the review before (None: nothing to compare).
    change: int | None = None
    target_change: int | None = None

    @property
    def change_size(self) -> int | None:
        return abs(self.change) if self.change is not None else None

    @property
    def target_change_size(self) -> int | None:
        return abs(self.target_change) if self.target_change is not None else None


@dataclass
class HistoryRow:
    competence: Competence
    cells: list[Cell]


@dataclass
class LevelHistory:
    page: Page
    reviews: list[CompetenceReview]  # of the page, oldest first (the table's columns)
    previous: CompetenceReview | None  # the review just before the page's oldest
    rows: list[HistoryRow]


def _steps(now: int | None, before: int | None) -> int | None:
    if now is None or before is None:
        return None
    return now - before


def level_history(team: Team, framework: CompetenceFramework, page_number) -> LevelHistory:
    """A page of reviews as columns (oldest left), the competences they recorded as rows, and
    each cell's change since the review before it — also across the page's left edge."""
    reviews = reviews_in(team, framework)
    page = Paginator(reviews, REVIEWS_PER_PAGE).get_page(page_number)
    shown = list(reversed(page.object_list))
    previous = None
    if shown:
        oldest = shown[0]
        previous = (
            reviews.filter(
                Q(reviewed_on__lt=oldest.reviewed_on)
                | Q(reviewed_on=oldest.reviewed_on, pk__lt=oldest.pk)
            )
            .order_by("-reviewed_on", "-pk")
            .first()
        )
    columns = ([previous] if previous else []) + shown
    entries: dict[tuple[int, int], ReviewEntry] = {}
    for found in ReviewEntry.objects.filter(
        review__in=[review.pk for review in columns], competence__framework=framework
    ):
        entries[(found.competence_id, found.review_id)] = found
    recorded = {competence_id for competence_id, _review in entries}
    rows = []
    for competence in competences_in_tree_order(framework):
        if competence.pk not in recorded:
            continue
        cells = []
        before: ReviewEntry | None = entries.get((competence.pk, previous.pk)) if previous else None
        for review in shown:
            entry = entries.get((competence.pk, review.pk))
            cell = Cell(entry)
            if entry is not None and before is not None:
                cell.change = _steps(entry.current_position, before.current_position)
                cell.target_change = _steps(entry.target_position, before.target_position)
            cells.append(cell)
            before = entry
        if any(cell.entry for cell in cells):
            rows.append(HistoryRow(competence, cells))
    return LevelHistory(page=page, reviews=shown, previous=previous, rows=rows)
