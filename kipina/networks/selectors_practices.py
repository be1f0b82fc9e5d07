"""Reads for good practices: the searchable, faceted list across all networks, one practice
with what its page shows, the signed-in author's drafts, and the candidates a writer may link.

The list answers in a fixed number of queries however many practices match: one statement
gives the total, the network and tag facet counts (GROUP BY) and the page's ids in order — when
searching, ranked by the search index's score (the search runs once in it, as a common table
expression); then the page's rows and their tags.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from kipina.core.rules import is_coordinator_or_admin
from kipina.core.search import index as search_index
from kipina.core.search.analyser import QueryGroup, query_groups
from kipina.learning.enums import ResourceStatus
from kipina.learning.models import Resource
from kipina.networks.enums import PRACTICE_SEARCH_KIND, MemberRole, NetworkKind, PracticeStatus
from kipina.networks.models import (
    Network,
    Practice,
    PracticeComment,
    PracticeReaction,
    PracticeTag,
)
from kipina.orders.models import Order
from kipina.orders.selectors import visible_orders
from kipina.org.rules import active_person_of
from kipina.toolkit.enums import MethodStatus
from kipina.toolkit.models import Method
from kipina.toolkit.selectors import visible_methods

PAGE_SIZE = 20
DRAFTS_PAGE_SIZE = 20
COMMENTS_PAGE_SIZE = 50
TAG_FACET_SIZE = 15
CANDIDATES = 20  # a link picker offers at most this many found items

SORTS = {
    "relevance": _("Relevance"),
    "newest": _("Newest"),
    "helpful": _("Most helpful"),
}
PAGE_ORDER = {
    "relevance": "score DESC, id",
    "newest": "published_at DESC, id DESC",
    "helpful": "helped_count DESC, published_at DESC, id DESC",
}


# --- whom a practice is for --------------------------------------------------------------------


def _runs_clause(person) -> Q:
    """Networks the person runs: coordinated ones they coordinate, self-organising ones they
    convene (prefix: the network)."""
    return Q(network__kind=NetworkKind.COORDINATED, network__coordinator=person) | Q(
        network__kind=NetworkKind.SELF_ORGANISING,
        network__memberships__person=person,
        network__memberships__left_at__isnull=True,
        network__memberships__role=MemberRole.CONVENER,
    )


def visible_practices(user) -> QuerySet[Practice]:
    """Published practices; drafts to their author and to their network's runners."""
    published = Q(status=PracticeStatus.PUBLISHED)
    if is_coordinator_or_admin(user):
        return Practice.objects.all()
    person = active_person_of(user)
    if person is None:
        return Practice.objects.filter(published)
    runs = Practice.objects.filter(_runs_clause(person)).values("pk")
    return Practice.objects.filter(published | Q(author=person) | Q(pk__in=runs))


def practice_for(user, pk: int) -> Practice:
    """The practice with its network and author; 404 when the user may not see it."""
    practice = visible_practices(user).select_related("network", "author").filter(pk=pk).first()
    if practice is None:
        raise Http404
    return practice


def shareable_networks(user) -> QuerySet[Network]:
    """Active networks the user may share a practice in: their current networks and the ones
    they coordinate (coordinators and admins: every active network)."""
    networks = Network.objects.filter(active=True)
    if is_coordinator_or_admin(user):
        return networks
    person = active_person_of(user)
    if person is None:
        return networks.none()
    member_of = Network.objects.filter(
        memberships__person=person, memberships__left_at__isnull=True
    ).values("pk")
    return networks.filter(
        Q(pk__in=member_of) | Q(kind=NetworkKind.COORDINATED, coordinator=person)
    )


# --- one practice ------------------------------------------------------------------------------


@dataclass
class PracticeDetail:
    practice: Practice
    tags: list
    methods: list[Method]
    orders: list[tuple[Order, bool]]  # (order, may the viewer open it)
    resources: list[Resource]
    comments: Page
    helped_by_me: bool


def practice_detail(user, practice: Practice, comments_page=None) -> PracticeDetail:
    """Everything the practice's page shows, in a fixed number of queries: tags, methods (the
    ones the viewer may see), orders (marked openable when the viewer may see the order),
    published resources, one page of comments (oldest first) and the viewer's reaction."""
    person = active_person_of(user)
    tags = list(practice.tags.all())
    methods = list(
        visible_methods(user)
        .filter(practices=practice)
        .order_by("title", "pk")
        .only("pk", "key", "title", "language_id")
    )
    orders = list(practice.orders.select_related("service").order_by("-submitted_at", "-pk"))
    openable = set(
        visible_orders(user)
        .filter(pk__in=[order.pk for order in orders])
        .values_list("pk", flat=True)
    )
    resources = list(
        practice.resources.filter(status=ResourceStatus.PUBLISHED)
        .order_by("title", "pk")
        .only("pk", "key", "title", "language_id")
    )
    comments = Paginator(
        PracticeComment.objects.filter(practice=practice)
        .select_related("author")
        .order_by("created_at", "pk"),
        COMMENTS_PAGE_SIZE,
    ).get_page(comments_page)
    helped = (
        person is not None
        and PracticeReaction.objects.filter(practice=practice, person=person).exists()
    )
    return PracticeDetail(
        practice=practice,
        tags=tags,
        methods=methods,
        orders=[(order, order.pk in openable) for order in orders],
        resources=resources,
        comments=comments,
        helped_by_me=helped,
    )


def last_comments_page(practice: Practice) -> int:
    """The number of the comments' last page (where a new comment shows)."""
    count = PracticeComment.objects.filter(practice=practice).count()
    return max(1, -(-count // COMMENTS_PAGE_SIZE))


# --- my drafts -------------------------------------------------------------------------------


def my_practices(user, *, status: str, page_number) -> Page:
    """The signed-in author's practices in one status, latest change first."""
    person = active_person_of(user)
    practices = (
        Practice.objects.none()
        if person is None
        else Practice.objects.filter(author=person, status=status)
        .select_related("network")
        .order_by("-updated_at", "-pk")
    )
    return Paginator(practices, DRAFTS_PAGE_SIZE).get_page(page_number)


# --- link candidates -----------------------------------------------------------------------------


def method_candidates(user, query: str, chosen: Sequence[int]) -> list[Method]:
    """The chosen methods and (for a query) up to CANDIDATES more by title."""
    methods = visible_methods(user).filter(status=MethodStatus.PUBLISHED).only("pk", "title")
    return _candidates(methods, Q(title__icontains=query), bool(query), chosen, ("title", "pk"))


def order_candidates(user, query: str, chosen: Sequence[int]) -> list[Order]:
    """The chosen orders and the viewer's orders: found by service or team name, else their
    latest ones."""
    orders = visible_orders(user).select_related("service", "team")
    person = active_person_of(user)
    if not query and person is not None:
        # Without a query, the writer's own and their team's latest orders are the likely ones.
        mine = Q(requester=person) | Q(support_person__person=person)
        if person.team_id:
            mine |= Q(team_id=person.team_id)
        found = Q(pk__in=visible_orders(user).filter(mine).values("pk"))
        return _candidates(orders, found, True, chosen, ("-submitted_at", "-pk"))
    found = Q(service__name__icontains=query) | Q(team__name__icontains=query)
    return _candidates(orders, found, bool(query), chosen, ("-submitted_at", "-pk"))


def resource_candidates(user, query: str, chosen: Sequence[int]) -> list[Resource]:
    resources = Resource.objects.filter(status=ResourceStatus.PUBLISHED).only("pk", "title", "key")
    found = Q(title__icontains=query)
    return _candidates(resources, found, bool(query), chosen, ("title", "pk"))


def _candidates(queryset, found: Q, search: bool, chosen: Sequence[int], order) -> list:
    """The chosen rows first, then (when searching) up to CANDIDATES found ones (two queries
    at most)."""
    chosen_ids = [int(pk) for pk in chosen]
    picked = list(queryset.filter(pk__in=chosen_ids).order_by(*order)) if chosen_ids else []
    extra = []
    if search:
        others = queryset.filter(found).exclude(pk__in=chosen_ids).order_by(*order)
        extra = list(others[:CANDIDATES])
    return picked + extra


# --- the list ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetValue:
    code: str
    label: str
    count: int


@dataclass
class PracticeList:
    page: Page
    facets: dict[str, list[FacetValue]]
    total: int
    groups: list[QueryGroup] = field(default_factory=list)
    searched: bool = False
    sort: str = "newest"


class _KnownLength(Sequence):
    """A page source whose length is known (from the statement's count): the paginator runs
    no COUNT of its own, and slicing fetches the page."""

    def __init__(self, total: int, fetch):
        self.total = total
        self._fetch = fetch

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._fetch(index.start or 0, index.stop)
        return self._fetch(index, index + 1)[0]


def base_practices(filters: dict) -> QuerySet[Practice]:
    """The published practices the facet filters select, before any search."""
    practices = Practice.objects.filter(status=PracticeStatus.PUBLISHED).order_by()
    if filters.get("network"):
        practices = practices.filter(network_id=filters["network"])
    if filters.get("tag"):
        tagged = Practice.tags.through.objects.filter(practicetag_id=filters["tag"])
        practices = practices.filter(pk__in=tagged.values("practice_id"))
    return practices


CHOSEN = "practice_chosen"
HITS = "practice_hit"
CHOSEN_COLUMNS = ("id", "network_id", "published_at", "helped_count")


def _list_sql(
    practices: QuerySet, groups: list[QueryGroup], sort: str, limit: int, offset: int
) -> tuple[str, list]:
    """One statement; rows (part, code, label, n): 'total' (n), 'network' and 'tag' (code =
    id, label = name, n = count; the TAG_FACET_SIZE most common tags), 'page' (code = the id
    of the page's practices, in order)."""
    base_sql, base_params = practices.values(*CHOSEN_COLUMNS).query.sql_with_params()
    columns = ", ".join(f"r.{column}" for column in CHOSEN_COLUMNS)
    if groups:
        match_sql, match_params = search_index.matching_sql(PRACTICE_SEARCH_KIND, groups)
        ctes = (
            f"WITH {HITS} AS MATERIALIZED (SELECT found.object_id AS id, "  # noqa: S608
            f"found.score AS score FROM ({match_sql}) AS found), "
            f"{CHOSEN} AS MATERIALIZED (SELECT {columns}, {HITS}.score AS score "
            f"FROM {HITS} CROSS JOIN ({base_sql}) AS r WHERE r.id = {HITS}.id) "
        )
        params = [*match_params, *base_params]
    else:
        ctes = (
            f"WITH {CHOSEN} AS MATERIALIZED (SELECT {columns} "  # noqa: S608
            f"FROM ({base_sql}) AS r) "
        )
        params = list(base_params)
    through = Practice.tags.through._meta.db_table
    quote = connection.ops.quote_name
    network_table = quote(Network._meta.db_table)
    tag_table = quote(Practice.tags.field.related_model._meta.db_table)
    parts = [
        f"SELECT 'total' AS part, CAST(NULL AS BIGINT) AS code, "  # noqa: S608
        f"CAST(NULL AS TEXT) AS label, COUNT(*) AS n FROM {CHOSEN}",
        f"SELECT 'network', n.id, CAST(n.name AS TEXT), COUNT(*) FROM {CHOSEN} "  # noqa: S608
        f"JOIN {network_table} n ON n.id = {CHOSEN}.network_id GROUP BY n.id, n.name",
        f"SELECT * FROM (SELECT 'tag', t.id, CAST(t.name AS TEXT), COUNT(*) FROM {CHOSEN} "  # noqa: S608
        f"JOIN {quote(through)} pt ON pt.practice_id = {CHOSEN}.id "
        f"JOIN {tag_table} t ON t.id = pt.practicetag_id "
        f"GROUP BY t.id, t.name ORDER BY COUNT(*) DESC, t.name LIMIT {TAG_FACET_SIZE}) AS tags",
        f"SELECT * FROM (SELECT 'page', id, CAST(NULL AS TEXT), CAST(NULL AS BIGINT) "  # noqa: S608
        f"FROM {CHOSEN} ORDER BY {PAGE_ORDER[sort]} LIMIT %s OFFSET %s) AS page",
    ]
    return ctes + " UNION ALL ".join(parts), [*params, limit, offset]


def _run(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _page_rows(ids: list[int]) -> list[Practice]:
    found = (
        Practice.objects.select_related("network", "author").prefetch_related("tags").in_bulk(ids)
    )
    return [found[pk] for pk in ids if pk in found]


def _page_number(page_number) -> int:
    try:
        return max(int(page_number), 1)
    except (TypeError, ValueError):
        return 1


def _facets(rows: list[tuple], filters: dict, total: int) -> dict[str, list[FacetValue]]:
    networks = [FacetValue(str(row[1]), row[2], int(row[3])) for row in rows if row[0] == "network"]
    networks.sort(key=lambda value: (-value.count, value.label.lower()))
    tags = [FacetValue(str(row[1]), row[2], int(row[3])) for row in rows if row[0] == "tag"]
    chosen_tag = filters.get("tag")
    if chosen_tag and str(chosen_tag) not in {value.code for value in tags}:
        # Every listed practice has the chosen tag; show it even when ties left it out.
        name = PracticeTag.objects.filter(pk=chosen_tag).values_list("name", flat=True).first()
        if name is not None:
            tags.append(FacetValue(str(chosen_tag), name, total))
    return {"network": networks, "tag": tags}


def practice_list(user, filters: dict, page_number) -> PracticeList:
    """One page of the published practices with facet counts: searched, filtered, sorted.

    Queries, however many practices match: one statement (count, facets, the page's ids in
    order), the page's practices, their tags. A page number past the end costs one more.
    """
    query = (filters.get("q") or "").strip()
    groups = query_groups(query) if query else []
    sort = filters.get("sort") or ("relevance" if groups else "newest")
    if sort not in PAGE_ORDER or (sort == "relevance" and not groups):
        sort = "newest"
    practices = base_practices(filters)
    wanted = _page_number(page_number)
    offset = (wanted - 1) * PAGE_SIZE
    rows = _run(*_list_sql(practices, groups, sort, PAGE_SIZE, offset))
    total = int(next(row[3] for row in rows if row[0] == "total"))

    def fetch(start: int, stop: int) -> list[Practice]:
        if start == offset:
            return _page_rows([int(row[1]) for row in rows if row[0] == "page"])
        # The wanted page was past the end: the paginator asks for the last one.
        again = _run(*_list_sql(practices, groups, sort, stop - start, start))
        return _page_rows([int(row[1]) for row in again if row[0] == "page"])

    page = Paginator(_KnownLength(total, fetch), PAGE_SIZE).get_page(wanted)
    return PracticeList(
        page=page,
        facets=_facets(rows, filters, total),
        total=total,
        groups=groups,
        searched=bool(groups),
        sort=sort,
    )
