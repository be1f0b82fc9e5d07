"""Reads for the resource catalogue: the searchable, faceted list, one resource, the resources
of a competence.

The catalogue answers in a fixed number of queries however many resources match: one
statement counts every facet with GROUP BY (the search runs once in it, as a common table
expression) and, when searching, picks the page's ids in order (ranked by the search index's
score); then the page's rows and the names of the competences in the facet. No row of the
result is read into Python but the page's own and the grouped counts. The unsearched
catalogue's counts are kept in a memo until the next write to the catalogue.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, F, FloatField, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kipina.core.cache_versions import VersionedMemo
from kipina.core.permissions import allowed
from kipina.core.search import index as search_index
from kipina.core.search.analyser import QueryGroup, query_groups
from kipina.core.translated import in_language
from kipina.learning.enums import RESOURCE_SEARCH_KIND, ResourceKind, ResourceStatus
from kipina.learning.models import (
    Competence,
    Resource,
    ResourceCompetence,
    ResourceDate,
)
from kipina.learning.resource_index import CATALOGUE_VERSION
from kipina.org.models import Language, Unit

PAGE_SIZE = 20
SHORTNAME_FIELDS = ("shortname_fi", "shortname_sv", "shortname_en")
COMPETENCE_FACET_SIZE = 12
COMPETENCE_PAGE_RESOURCES = 10  # a competence page lists this many, then links to the catalogue


@dataclass(frozen=True)
class Bucket:
    """One value of a range facet: the filter and the counting come from the same bounds."""

    code: str
    label: object
    condition: Q


# (code, lower bound exclusive, upper bound inclusive) of the duration in hours and of the cost
DURATION_BOUNDS = (("hour", None, 1), ("day", 1, 8), ("week", 8, 40), ("long", 40, None))
PRICE_BOUNDS = (("free", None, 0), ("paid", 0, None))
# (code, days from today; None: any upcoming date)
START_DAYS = (("30", 30), ("90", 90), ("any", None))


def _range(field_name: str, low, high) -> Q:
    condition = Q(**{f"{field_name}__isnull": False})
    if low is not None:
        condition &= Q(**{f"{field_name}__gt": low})
    if high is not None:
        condition &= Q(**{f"{field_name}__lte": high})
    return condition


def duration_buckets() -> tuple[Bucket, ...]:
    labels = {
        "hour": _("Up to an hour"),
        "day": _("Up to a day"),
        "week": _("Up to a week"),
        "long": _("Longer"),
    }
    return tuple(
        Bucket(code, labels[code], _range("duration_hours", low, high))
        for code, low, high in DURATION_BOUNDS
    )


def price_buckets() -> tuple[Bucket, ...]:
    labels = {"free": pgettext_lazy("price", "Free"), "paid": pgettext_lazy("price", "Paid")}
    return tuple(
        Bucket(code, labels[code], _range("cost_eur", low, high))
        for code, low, high in PRICE_BOUNDS
    )


def start_buckets(today: dt.date) -> tuple[Bucket, ...]:
    """Upcoming dates: `next_start` is the earliest date that has not ended, so a course that
    is running counts as starting now."""
    labels = {
        "30": _("Within 30 days"),
        "90": _("Within 90 days"),
        "any": _("Any upcoming date"),
    }
    return tuple(
        Bucket(
            code,
            labels[code],
            Q(next_start__isnull=False)
            if days is None
            else Q(next_start__lte=today + dt.timedelta(days=days)),
        )
        for code, days in START_DAYS
    )


SORTS = {
    "title": ("title", "pk"),
    "start": (F("next_start").asc(nulls_last=True), "title", "pk"),
    "duration": (F("duration_hours").asc(nulls_last=True), "title", "pk"),
    "cost": ("cost_eur", "title", "pk"),
}


def can_curate(user) -> bool:
    return allowed(user, "learning.curate_resources")


def visible_resources(user) -> QuerySet[Resource]:
    """Published resources; curators see drafts and archived ones too."""
    if can_curate(user):
        return Resource.objects.all()
    return Resource.objects.filter(status=ResourceStatus.PUBLISHED)


def resource_for(user, key: str) -> Resource:
    """One resource with everything its page shows; 404 when the user may not see it."""
    resource = (
        visible_resources(user)
        .select_related("provider", "language", "created_by")
        .prefetch_related(
            Prefetch("dates", queryset=ResourceDate.objects.order_by("start", "end", "pk")),
            Prefetch(
                "competence_links",
                queryset=ResourceCompetence.objects.select_related(
                    "competence__framework", "competence__parent"
                ).order_by("-relevance", "competence__framework__idnumber", "competence__idnumber"),
            ),
            Prefetch("audience_units", queryset=Unit.objects.order_by("name", "pk")),
        )
        .filter(key=key)
        .first()
    )
    if resource is None:
        raise Http404
    return resource


def resource_for_edit(user, key: str) -> Resource:
    """The resource as saved (no prefetches: the form reads its parts itself); 404 if unseen."""
    resource = visible_resources(user).filter(key=key).first()
    if resource is None:
        raise Http404
    return resource


# --- the catalogue -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetValue:
    code: str
    label: object
    count: int


@dataclass
class Catalogue:
    page: Page
    facets: dict[str, list[FacetValue]]
    total: int
    groups: list[QueryGroup] = field(default_factory=list)  # the query's words, to highlight
    searched: bool = False
    sort: str = "title"


class _KnownLength(Sequence):
    """A page source whose length is known already (from the facet counts): the paginator
    runs no COUNT of its own, and slicing runs the page's query."""

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


def _bucket_filters(filters: dict, today: dt.date) -> Q:
    condition = Q()
    for name, buckets in (
        ("duration", duration_buckets()),
        ("price", price_buckets()),
        ("starts", start_buckets(today)),
    ):
        for bucket in buckets:
            if bucket.code == filters.get(name):
                condition &= bucket.condition
    return condition


def base_resources(user, filters: dict, *, today: dt.date) -> QuerySet[Resource]:
    """The resources the user may see that the facet filters select, before any search."""
    resources = visible_resources(user).order_by()
    if can_curate(user) and filters.get("status"):
        resources = resources.filter(status=filters["status"])
    if filters.get("kind"):
        resources = resources.filter(kind=filters["kind"])
    if filters.get("language"):
        resources = resources.filter(language_id=filters["language"])
    if filters.get("competence"):
        linked = ResourceCompetence.objects.filter(competence_id=filters["competence"])
        resources = resources.filter(pk__in=linked.values("resource_id"))
    return resources.filter(_bucket_filters(filters, today))


def _unpublished_titles(resources: QuerySet[Resource], query: str) -> QuerySet[Resource]:
    """What a curator's search finds beyond the index (which holds published resources only):
    drafts and archived resources by their title."""
    return resources.exclude(status=ResourceStatus.PUBLISHED).filter(title__icontains=query)


def filtered_resources(user, filters: dict, *, today: dt.date | None = None) -> QuerySet:
    """The resources the filters and the search select, as one plain queryset (the export)."""
    today = today or timezone.localdate()
    resources = base_resources(user, filters, today=today)
    query = (filters.get("q") or "").strip()
    if not query_groups(query):
        return resources
    found = search_index.filter_matching(resources, RESOURCE_SEARCH_KIND, query)
    if can_curate(user):
        return resources.filter(
            Q(pk__in=found.values("pk")) | Q(pk__in=_unpublished_titles(resources, query))
        )
    return found


# -- The catalogue's SQL: one statement gives every facet count and, when searching, the page.
#
# The chosen resources' columns (with the search score when searching) are a common table
# expression, so the search runs once; the facet counts are GROUP BYs over it, and the page is
# its first rows in the chosen order. The resources' index is on their own table
# (kipina.core.search.index.OwnTable): PostgreSQL matches and ranks each row's search vector in
# the scan that reads its columns; SQLite takes the full-text hits first and looks each one up
# by its id (`CROSS JOIN` fixes that order: the hits, a few thousand, drive the lookups instead
# of every resource being checked against them).
HIT_TABLE = "catalogue_hit"
QUERY_TABLE = "catalogue_query"
CHOSEN_TABLE = "catalogue_chosen"
CHOSEN_COLUMNS = (
    "id",
    "kind",
    "status",
    "language_id",
    "duration_hours",
    "cost_eur",
    "next_start",
    "title",
    "competence_ids",
)
PAGE_ORDER = {
    "relevance": "score IS NULL, score DESC, title, id",
    "title": "title, id",
    "start": "next_start IS NULL, next_start, title, id",
    "duration": "duration_hours IS NULL, duration_hours, title, id",
    "cost": "cost_eur, title, id",
}


def _sql(queryset: QuerySet) -> tuple[str, list]:
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


def _chosen_ctes(
    resources: QuerySet, groups: list[QueryGroup], query: str, *, curator: bool, ranked: bool
) -> tuple[str, list]:
    """`WITH` clauses: the search hits (when searching) and the chosen resources' columns;
    their scores only when `ranked` (the page is in order of relevance), else 0."""
    if not groups:
        within_sql, params = _sql(resources.values(*CHOSEN_COLUMNS))
        return f"WITH {CHOSEN_TABLE} AS MATERIALIZED ({within_sql}) ", params
    if connection.vendor == "postgresql":
        ctes, chosen_sql, params = _chosen_in_place(resources, groups, ranked=ranked)
    else:
        ctes, chosen_sql, params = _chosen_by_hits(resources, groups, ranked=ranked)
    if curator:
        extra_sql, extra_params = _sql(
            _unpublished_titles(resources, query).values(*CHOSEN_COLUMNS)
        )
        chosen_sql += f" UNION ALL SELECT *, NULL FROM ({extra_sql}) AS unpublished"  # noqa: S608
        params += extra_params
    return f"WITH {ctes}, {CHOSEN_TABLE} AS MATERIALIZED ({chosen_sql}) ", params


def _chosen_by_hits(
    resources: QuerySet, groups: list[QueryGroup], *, ranked: bool
) -> tuple[str, str, list]:
    """SQLite: the full-text hits (id and score) first, then each hit's row by its id."""
    match_sql, match_params = search_index.matching_sql(RESOURCE_SEARCH_KIND, groups, ranked=ranked)
    within_sql, params = _sql(resources.values(*CHOSEN_COLUMNS))
    listed = ", ".join(f"r.{column}" for column in CHOSEN_COLUMNS)
    hits = (
        f"{HIT_TABLE} AS MATERIALIZED ("  # noqa: S608 — constant and core's SQL
        f"SELECT found.object_id AS id, found.score AS score FROM ({match_sql}) AS found)"
    )
    chosen = (
        f"SELECT {listed}, {HIT_TABLE}.score AS score "  # noqa: S608 — constant and ORM SQL
        f"FROM {HIT_TABLE} CROSS JOIN ({within_sql}) AS r WHERE r.id = {HIT_TABLE}.id"
    )
    return hits, chosen, [*match_params, *params]


def _chosen_in_place(
    resources: QuerySet, groups: list[QueryGroup], *, ranked: bool
) -> tuple[str, str, list]:
    """PostgreSQL: the resources' own search vectors are matched (and ranked) in the same scan
    that reads their columns (the tsquery is worked out once, first)."""
    query_sql, query_params = search_index.tsquery_sql(RESOURCE_SEARCH_KIND, groups)
    vector = f'"{Resource._meta.db_table}"."search_vector"'
    tsquery = f"(SELECT query FROM {QUERY_TABLE})"  # noqa: S608 — constant SQL
    score = search_index.rank_sql(vector, tsquery) if ranked else "0"
    found = resources.annotate(
        score=RawSQL(score, [], output_field=FloatField())  # noqa: S611 — constant SQL
    ).filter(RawSQL(f"{vector} @@ {tsquery}", [], output_field=BooleanField()))  # noqa: S611
    chosen_sql, params = _sql(found.values(*CHOSEN_COLUMNS, "score"))
    return (
        f"{QUERY_TABLE} AS MATERIALIZED (SELECT {query_sql} AS query)",
        chosen_sql,
        [
            *query_params,
            *params,
        ],
    )


def _range_sql(column: str, low, high, params: list) -> str:
    conditions = [f"{column} IS NOT NULL"]
    if low is not None:
        conditions.append(f"{column} > %s")
        params.append(low)
    if high is not None:
        conditions.append(f"{column} <= %s")
        params.append(high)
    return " AND ".join(conditions)


def _counted(today: dt.date, params: list) -> list[tuple[str, str, str]]:
    """(facet, code, SQL condition) of every facet value with a fixed list of values; the
    conditions come from the same bounds as the filters (`base_resources`)."""
    counted = [("total", "", "1 = 1")]
    counted += [("kind", kind.value, f"kind = '{kind.value}'") for kind in ResourceKind]
    counted += [("status", status.value, f"status = '{status.value}'") for status in ResourceStatus]
    counted += [
        ("duration", code, _range_sql("duration_hours", low, high, params))
        for code, low, high in DURATION_BOUNDS
    ]
    counted += [
        ("price", code, _range_sql("cost_eur", low, high, params))
        for code, low, high in PRICE_BOUNDS
    ]
    for code, days in START_DAYS:
        if days is None:
            counted.append(("starts", code, "next_start IS NOT NULL"))
        else:
            counted.append(("starts", code, "next_start <= %s"))
            params.append(today + dt.timedelta(days=days))
    return counted


def _catalogue_sql(
    ctes: str, params: list, today: dt.date, page: tuple[str, int, int] | None
) -> tuple[list[tuple[str, str]], str, list]:
    """The counted facet values and the statement. Its rows are (part, code, n…):

    - 'counts': one row, n… = the count of each counted facet value (conditional aggregation);
    - 'language': per language (code), n = its count;
    - 'competence': per competence (code = its id), n = the resources building it;
    - 'page': when `page` = (order, limit, offset) is given, the page's resource ids (code),
      in order.
    """
    params = list(params)
    counted = _counted(today, params)
    width = len(counted)

    def padded(*values: str) -> str:
        # Typed NULLs: PostgreSQL takes an untyped NULL inside a subquery for text.
        return ", ".join([*values, *(["CAST(NULL AS BIGINT)"] * (width - len(values) + 2))])

    # Each chosen resource's competences, from its copy of them: a JSON array in the row it
    # was read from, where the link table would cost an index lookup per hit. Resources
    # share sets of competences: each distinct set is counted first and taken apart once.
    sets = (
        f"(SELECT competence_ids, COUNT(*) AS n FROM {CHOSEN_TABLE} "  # noqa: S608
        "GROUP BY competence_ids) AS sets"
    )
    if connection.vendor == "postgresql":
        links = (
            f"{sets} CROSS JOIN LATERAL jsonb_array_elements_text(sets.competence_ids) AS r(value)"
        )
    else:
        links = f"{sets} CROSS JOIN json_each(sets.competence_ids) AS r"
    counts = ", ".join(f"COUNT(*) FILTER (WHERE {condition})" for _f, _c, condition in counted)
    language = padded("'language'", "language_id", "COUNT(*)")
    competence = padded("'competence'", "CAST(r.value AS TEXT)", "SUM(sets.n)")
    parts = [
        f"SELECT 'counts', NULL, {counts} FROM {CHOSEN_TABLE}",  # noqa: S608
        f"SELECT {language} FROM {CHOSEN_TABLE} GROUP BY language_id",  # noqa: S608
        f"SELECT {competence} FROM {links} GROUP BY r.value",  # noqa: S608
    ]
    if page is not None:
        order, limit, offset = page
        listed = padded("'page'", "CAST(id AS TEXT)")
        parts.append(
            f"SELECT {listed} FROM (SELECT id FROM {CHOSEN_TABLE} "  # noqa: S608
            f"ORDER BY {PAGE_ORDER[order]} LIMIT %s OFFSET %s) AS page"
        )
        params += [limit, offset]
    return [(facet, code) for facet, code, _c in counted], ctes + " UNION ALL ".join(parts), params


# Facet counts of the unsearched catalogue change only when a resource is saved (or a day
# passes): they are kept per filter combination until the catalogue version moves on.
_UNSEARCHED_FACETS = VersionedMemo(CATALOGUE_VERSION, seconds=300, size=64)


def _catalogue_rows(
    resources: QuerySet,
    groups: list[QueryGroup],
    query: str,
    *,
    curator: bool,
    today: dt.date,
    page: tuple[str, int, int] | None,
    memo_key: tuple | None = None,
) -> list[tuple]:
    ranked = page is not None and page[0] == "relevance"

    def run() -> list[tuple]:
        ctes, params = _chosen_ctes(resources, groups, query, curator=curator, ranked=ranked)
        counted, sql, params = _catalogue_sql(ctes, params, today, page)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [("counted", counted), *rows]

    if memo_key is None:
        return run()
    return _UNSEARCHED_FACETS.get_or_build(memo_key, run)


def _competence_facet(counts: dict[int, int], chosen_id: int | None) -> list[FacetValue]:
    """The competences most of the chosen resources build (a chosen one always shows)."""
    top = sorted(counts, key=lambda pk: (-counts[pk], pk))[:COMPETENCE_FACET_SIZE]
    if chosen_id and chosen_id not in top:
        top.append(chosen_id)
    # Plain rows: a dozen model instances cost more than the query itself.
    names = {
        pk: f"{idnumber} {in_language(SimpleNamespace(**shortnames), 'shortname')}"
        for pk, idnumber, *texts in Competence.objects.filter(pk__in=top).values_list(
            "pk", "idnumber", "shortname_fi", "shortname_sv", "shortname_en"
        )
        for shortnames in [dict(zip(SHORTNAME_FIELDS, texts, strict=True))]
    }
    return [FacetValue(str(pk), names[pk], counts.get(pk, 0)) for pk in top if pk in names]


def _page_ids(rows: list[tuple]) -> list[int]:
    return [int(row[1]) for row in rows if row[0] == "page"]


def _facets(
    rows: list[tuple], *, curator: bool, chosen_competence: int | None, today: dt.date
) -> tuple[int, dict[str, list[FacetValue]]]:
    """The total and each facet's values with their counts, from the statement's rows."""
    counted = next(row[1] for row in rows if row[0] == "counted")
    numbers = next(row[2:] for row in rows if row[0] == "counts")
    sums: dict[str, dict[str, int]] = {}
    for (facet, code), number in zip(counted, numbers, strict=True):
        sums.setdefault(facet, {})[code] = int(number or 0)
    languages = {row[1]: int(row[2]) for row in rows if row[0] == "language"}
    competences = {int(row[1]): int(row[2]) for row in rows if row[0] == "competence"}

    def fixed(name: str, values) -> list[FacetValue]:
        return [FacetValue(code, label, sums[name].get(code, 0)) for code, label in values]

    facets: dict[str, list[FacetValue]] = {}
    if curator:
        facets["status"] = fixed("status", ResourceStatus.choices)
    facets["kind"] = fixed("kind", ResourceKind.choices)
    facets["competence"] = _competence_facet(competences, chosen_competence)
    facets["language"] = [
        FacetValue(code, Language(code=code).display_name, languages[code])
        for code in sorted(languages, key=lambda code: (-languages[code], code))
    ]
    facets["duration"] = fixed("duration", [(b.code, b.label) for b in duration_buckets()])
    facets["price"] = fixed("price", [(b.code, b.label) for b in price_buckets()])
    facets["starts"] = fixed("starts", [(b.code, b.label) for b in start_buckets(today)])
    return sums["total"][""], facets


def _page_rows(ids: list[int]) -> list[Resource]:
    found = Resource.objects.select_related("provider", "language").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _page_number(page_number) -> int:
    try:
        return max(int(page_number), 1)
    except (TypeError, ValueError):
        return 1


def catalogue(user, filters: dict, page_number, *, today: dt.date | None = None) -> Catalogue:
    """One page of the catalogue with its facet counts: searched, filtered and sorted.

    Queries, however many resources match: one statement for the facet counts (and, when
    searching, the page's ids in order: ranked by the search index), the page's rows, the
    names of the competences in the facet. A page number past the end costs one more query.
    """
    today = today or timezone.localdate()
    curator = can_curate(user)
    query = (filters.get("q") or "").strip()
    groups = query_groups(query) if query else []
    resources = base_resources(user, filters, today=today)
    sort = filters.get("sort") or ("relevance" if groups else "title")
    if sort not in SORTS and not (sort == "relevance" and groups):
        sort = "title"
    wanted = _page_number(page_number)

    def page_of(number: int) -> tuple[str, int, int]:
        return sort, PAGE_SIZE, (number - 1) * PAGE_SIZE

    rows = _catalogue_rows(
        resources,
        groups,
        query,
        curator=curator,
        today=today,
        page=page_of(wanted) if groups else None,
        memo_key=None
        if groups
        else (curator, today, tuple(sorted((k, v) for k, v in filters.items() if k != "sort"))),
    )
    total, facets = _facets(
        rows, curator=curator, chosen_competence=filters.get("competence"), today=today
    )

    def fetch(start: int, stop: int) -> list[Resource]:
        if not groups:
            ordered = resources.order_by(*SORTS[sort]).select_related("provider", "language")
            return list(ordered[start:stop])
        if start == page_of(wanted)[2]:
            return _page_rows(_page_ids(rows))
        # The wanted page was past the end: the paginator asks for the last one.
        again = _catalogue_rows(
            resources,
            groups,
            query,
            curator=curator,
            today=today,
            page=(sort, stop - start, start),
        )
        return _page_rows(_page_ids(again))

    page = Paginator(_KnownLength(total, fetch), PAGE_SIZE).get_page(wanted)
    return Catalogue(
        page=page, facets=facets, total=total, groups=groups, searched=bool(groups), sort=sort
    )


# --- a competence's resources ------------------------------------------------------------------


@dataclass
class CompetenceResources:
    links: list[ResourceCompetence]  # the first ones, most relevant first
    total: int


def resources_of_competence(
    competence: Competence, *, limit: int = COMPETENCE_PAGE_RESOURCES
) -> CompetenceResources:
    """Published resources linked to the competence: most relevant first, then the soonest
    upcoming, then by title; capped at `limit` with the full count (two queries)."""
    links = ResourceCompetence.objects.filter(
        competence=competence, resource__status=ResourceStatus.PUBLISHED
    )
    total = links.count()
    first = list(
        links.select_related("resource__provider", "resource__language").order_by(
            "-relevance",
            F("resource__next_start").asc(nulls_last=True),
            "resource__title",
            "resource_id",
        )[:limit]
    )
    return CompetenceResources(links=first, total=total)
