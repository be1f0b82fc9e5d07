"""The search index: analysed terms per object in `core.SearchEntry`, matched by the database.

Both databases answer the same question the same way: every query group (one query word's
alternatives, see `analyser.query_groups`) must match a term of the object's title or body
terms, exactly or — for the group's prefix — as a prefix. SQLite does it with an FTS5 table
over the terms, PostgreSQL with a `tsvector` built by the 'simple' configuration (which only
lower-cases; the terms are already plain words). Relevance is each database's own measure (FTS5
bm25, PostgreSQL ts_rank) with title terms weighing more; equal scores fall back to the id, so
the order is stable.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from kipina.core.models import SearchEntry
from kipina.core.search.analyser import QueryGroup, index_terms, query_groups


def save(kind: str, object_id: int, *, title: str, body: str, language: str) -> SearchEntry:
    """Index (or index again) one object's text."""
    entry, _ = SearchEntry.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        defaults={
            "language": language,
            "title_terms": index_terms(title, language),
            "body_terms": index_terms(body, language),
        },
    )
    return entry


def remove(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


@dataclass(frozen=True, slots=True)
class Hit:
    object_id: int
    score: float  # higher is better; comparable within one search only


def _expression(
    groups: Iterable[QueryGroup], *, term, prefix, any_of: str, all_of: str, heads: bool
) -> str:
    """The groups as one boolean expression: alternatives joined by `any_of`, groups by
    `all_of`; `term` and `prefix` quote one term for the database's syntax; `heads` adds the
    compound heads (the broadened search)."""
    parts = []
    for group in groups:
        words = group.terms | group.heads if heads else group.terms
        alternatives = [term(word) for word in sorted(words)]
        if group.prefix:
            alternatives.append(prefix(group.prefix))
        parts.append("(" + any_of.join(alternatives) + ")")
    return all_of.join(parts)


def _fts5_query(groups: Iterable[QueryGroup], *, heads: bool = True) -> str:
    return _expression(
        groups,
        term='"{}"'.format,
        prefix='"{}" *'.format,
        any_of=" OR ",
        all_of=" AND ",
        heads=heads,
    )


def _tsquery(groups: Iterable[QueryGroup], *, heads: bool = True) -> str:
    return _expression(
        groups, term="'{}'".format, prefix="'{}':*".format, any_of=" | ", all_of=" & ", heads=heads
    )


# (object_id, score) of one kind's entries matching a query; parameters: the query, the kind.
# Title terms weigh four times the body's: bm25 column weights on SQLite, ts_rank's weight
# array {D, C, B, A} on PostgreSQL (title terms are A, body terms B).
# SQLite: CROSS JOIN keeps the full-text index as the outer loop. With a plain JOIN and no
# table statistics the planner may start from every entry of the kind and run the full-text
# match once per entry (seconds at 50 000 entries). Each hit's kind and object id come from
# the narrow covering index of migration core 0004, not from the wide rows (about a quarter
# of the match's time at 3 000 hits).
_SQLITE_MATCHING = (
    "SELECT e.object_id, -bm25(core_searchentry_fts, 4.0, 1.0) AS score "
    "FROM core_searchentry_fts CROSS JOIN core_searchentry e "
    "INDEXED BY core_searchentry_lookup ON e.id = core_searchentry_fts.rowid "
    "WHERE core_searchentry_fts MATCH %s AND e.kind = %s"
)
_POSTGRES_MATCHING = (
    "SELECT e.object_id, ts_rank('{0.1, 0.2, 0.25, 1.0}', e.search_vector, q.query) AS score "
    "FROM core_searchentry e, to_tsquery('simple', %s) AS q(query) "
    "WHERE e.kind = %s AND e.search_vector @@ q.query"
)


# A query with compound words is first run as written (`tiimityössä`: tiimityö); only when that
# finds fewer than a page of hits is it broadened to the compounds' heads (työ), which would
# otherwise match a large share of any Finnish catalogue: slow to rank and no help to read.
BROADEN_BELOW = 20


def matching_sql(kind: str, groups: list[QueryGroup]) -> tuple[str, list]:
    """SQL of (object_id, score) of the kind's entries the query groups match, with its
    parameters: for callers that build the search into a larger statement."""
    if connection.vendor == "postgresql":
        template, build = _POSTGRES_MATCHING, _tsquery
    else:
        template, build = _SQLITE_MATCHING, _fts5_query
    precise = build(groups, heads=False)
    broad = build(groups, heads=True)
    if precise == broad:
        return template, [precise, kind]
    # Both databases evaluate the uncorrelated COUNT once, before scanning either branch.
    few = f"(SELECT COUNT(*) FROM ({template} LIMIT {BROADEN_BELOW}) AS few)"  # noqa: S608
    sql = (
        f"SELECT * FROM ({template}) AS precise WHERE {few} >= {BROADEN_BELOW} "  # noqa: S608
        f"UNION ALL SELECT * FROM ({template}) AS broad WHERE {few} < {BROADEN_BELOW}"
    )
    return sql, [precise, kind, precise, kind, broad, kind, precise, kind]


def search(kind: str, query: str) -> list[Hit] | None:
    """Every object of the kind the query finds, best first; None for a query with no words."""
    groups = query_groups(query)
    if not groups:
        return None
    sql, params = matching_sql(kind, groups)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    rows.sort(key=lambda row: (-row[1], row[0]))
    return [Hit(object_id, float(score)) for object_id, score in rows]


def filter_matching(queryset: QuerySet, kind: str, query: str) -> QuerySet:
    """The queryset narrowed to the objects the query finds (unchanged for an empty query)."""
    groups = query_groups(query)
    if not groups:
        return queryset
    sql, params = matching_sql(kind, groups)
    found = "SELECT object_id FROM (" + sql + ") AS found"  # noqa: S608 — constant SQL
    return queryset.filter(pk__in=RawSQL(found, params))  # noqa: S611
