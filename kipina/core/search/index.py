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


def _expression(groups: Iterable[QueryGroup], *, term, prefix, any_of: str, all_of: str) -> str:
    """The groups as one boolean expression: alternatives joined by `any_of`, groups by
    `all_of`; `term` and `prefix` quote one term for the database's syntax."""
    parts = []
    for group in groups:
        alternatives = [term(word) for word in sorted(group.terms)]
        if group.prefix:
            alternatives.append(prefix(group.prefix))
        parts.append("(" + any_of.join(alternatives) + ")")
    return all_of.join(parts)


def _fts5_query(groups: Iterable[QueryGroup]) -> str:
    return _expression(
        groups, term='"{}"'.format, prefix='"{}" *'.format, any_of=" OR ", all_of=" AND "
    )


def _tsquery(groups: Iterable[QueryGroup]) -> str:
    return _expression(
        groups, term="'{}'".format, prefix="'{}':*".format, any_of=" | ", all_of=" & "
    )


# (object_id, score) of one kind's entries matching a query; parameters: the query, the kind.
# Title terms weigh four times the body's: bm25 column weights on SQLite, ts_rank's weight
# array {D, C, B, A} on PostgreSQL (title terms are A, body terms B).
_SQLITE_MATCHING = (
    "SELECT e.object_id, -bm25(core_searchentry_fts, 4.0, 1.0) AS score "
    "FROM core_searchentry_fts JOIN core_searchentry e ON e.id = core_searchentry_fts.rowid "
    "WHERE core_searchentry_fts MATCH %s AND e.kind = %s"
)
_POSTGRES_MATCHING = (
    "SELECT e.object_id, ts_rank('{0.1, 0.2, 0.25, 1.0}', e.search_vector, q.query) AS score "
    "FROM core_searchentry e, to_tsquery('simple', %s) AS q(query) "
    "WHERE e.kind = %s AND e.search_vector @@ q.query"
)


def _matching_sql(kind: str, groups: list[QueryGroup]) -> tuple[str, list]:
    if connection.vendor == "postgresql":
        return _POSTGRES_MATCHING, [_tsquery(groups), kind]
    return _SQLITE_MATCHING, [_fts5_query(groups), kind]


def search(kind: str, query: str) -> list[Hit] | None:
    """Every object of the kind the query finds, best first; None for a query with no words."""
    groups = query_groups(query)
    if not groups:
        return None
    sql, params = _matching_sql(kind, groups)
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
    sql, params = _matching_sql(kind, groups)
    found = "SELECT object_id FROM (" + sql + ") AS found"  # noqa: S608 — constant SQL
    return queryset.filter(pk__in=RawSQL(found, params))  # noqa: S611
