"""The search index: analysed terms per object, matched by the database.

The terms live in the shared `core.SearchEntry` rows, or — for a kind registered with
`index_in_own_table`, a catalogue big enough for the extra lookup per hit to matter — in an
index on the objects' own table (see `OwnTable`). Callers name the kind and need not know which.

Both databases answer the same question the same way: every query group (one query word's
alternatives, see `analyser.query_groups`) must match a term of the object's title or body
terms, exactly or — for the group's prefix — as a prefix. SQLite does it with an FTS5 table
over the terms, PostgreSQL with a `tsvector` built by the 'simple' configuration (which only
lower-cases; the terms are already plain words). Relevance is each database's own measure (FTS5
bm25, PostgreSQL ts_rank) with title terms weighing more; equal scores fall back to the id, so
the order is stable.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from kipina.core.models import SearchEntry
from kipina.core.search.analyser import QueryGroup, index_terms, query_groups


@dataclass(frozen=True, slots=True)
class OwnTable:
    """A kind whose objects are indexed in their own table, for catalogues big enough that
    looking each hit up in the shared entries (and then in its own table) costs more than the
    match. The object's id is the key: on SQLite an FTS5 table `<table>_fts` whose rowid is the
    id, on PostgreSQL a weighted `search_vector` column with a GIN index on the table itself.
    The migration that makes them comes from `own_table_sql`."""

    table: str

    @property
    def fts(self) -> str:
        return f"{self.table}_fts"


_OWN_TABLES: dict[str, OwnTable] = {}


def index_in_own_table(kind: str, table: str) -> None:
    """Keep the kind's index in `table` itself (called from the owning app's ready())."""
    _OWN_TABLES[kind] = OwnTable(table)


def own_table(kind: str) -> OwnTable | None:
    return _OWN_TABLES.get(kind)


def own_table_sql(table: str, vendor: str) -> tuple[list[str], list[str]]:
    """(forward, backward) SQL that makes and removes the own-table index of `table`."""
    fts = OwnTable(table).fts
    if vendor == "sqlite":
        return (
            [
                f"CREATE VIRTUAL TABLE {fts} USING fts5(title_terms, body_terms, "
                "tokenize='unicode61 remove_diacritics 0')",
                # However a row goes (a cascade, a raw delete), its index row goes with it.
                f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "  # noqa: S608
                f"DELETE FROM {fts} WHERE rowid = old.id; END",
            ],
            [f"DROP TRIGGER IF EXISTS {fts}_delete", f"DROP TABLE IF EXISTS {fts}"],
        )
    if vendor == "postgresql":
        return (
            [
                f"ALTER TABLE {table} ADD COLUMN search_vector tsvector",
                f"CREATE INDEX {table}_search_vector ON {table} USING GIN (search_vector)",
            ],
            [
                f"DROP INDEX IF EXISTS {table}_search_vector",
                f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
            ],
        )
    return [], []


# PostgreSQL: the title's terms weigh A, the body's B (as the shared entries' generated column).
_POSTGRES_VECTOR = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
)


def _write_own(table: OwnTable, rows: list[tuple[int, str, str]]) -> None:
    """(object_id, title terms, body terms) into the own table's index."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                f"UPDATE {table.table} SET search_vector = {_POSTGRES_VECTOR} "  # noqa: S608
                "WHERE id = %s",
                [(title, body, object_id) for object_id, title, body in rows],
            )
        else:
            cursor.executemany(
                f"INSERT OR REPLACE INTO {table.fts} (rowid, title_terms, body_terms) "  # noqa: S608
                "VALUES (%s, %s, %s)",
                rows,
            )


def _remove_own(table: OwnTable, object_ids: list[int]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                f"UPDATE {table.table} SET search_vector = NULL WHERE id = %s",  # noqa: S608
                [(object_id,) for object_id in object_ids],
            )
        else:
            cursor.executemany(
                f"DELETE FROM {table.fts} WHERE rowid = %s",  # noqa: S608
                [(object_id,) for object_id in object_ids],
            )


def save(kind: str, object_id: int, *, title: str, body: str, language: str) -> None:
    """Index (or index again) one object's text."""
    title_terms, body_terms = index_terms(title, language), index_terms(body, language)
    if table := own_table(kind):
        _write_own(table, [(object_id, title_terms, body_terms)])
        return
    SearchEntry.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        defaults={"language": language, "title_terms": title_terms, "body_terms": body_terms},
    )


@dataclass(frozen=True, slots=True)
class Terms:
    """One object's analysed text (`index_terms`), for writing many at once."""

    object_id: int
    language: str
    title_terms: str
    body_terms: str


def save_many(kind: str, entries: Iterable[Terms], *, batch_size: int = 500) -> None:
    """Index (or index again) many objects whose terms are analysed already."""
    entries = list(entries)
    if table := own_table(kind):
        _write_own(table, [(e.object_id, e.title_terms, e.body_terms) for e in entries])
        return
    for start in range(0, len(entries), batch_size):
        batch = entries[start : start + batch_size]
        SearchEntry.objects.filter(kind=kind, object_id__in=[e.object_id for e in batch]).delete()
        SearchEntry.objects.bulk_create(
            SearchEntry(
                kind=kind,
                object_id=e.object_id,
                language=e.language,
                title_terms=e.title_terms,
                body_terms=e.body_terms,
            )
            for e in batch
        )


def remove(kind: str, object_id: int) -> None:
    if table := own_table(kind):
        _remove_own(table, [object_id])
        return
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def indexed_ids(kind: str) -> set[int]:
    """The ids of the kind's objects in the index (for checks and tests)."""
    table = own_table(kind)
    if table is None:
        return set(SearchEntry.objects.filter(kind=kind).values_list("object_id", flat=True))
    sql = (
        f"SELECT id FROM {table.table} WHERE search_vector IS NOT NULL"  # noqa: S608
        if connection.vendor == "postgresql"
        else f"SELECT rowid FROM {table.fts}"  # noqa: S608
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {row[0] for row in cursor.fetchall()}


# Per kind, a function that indexes all of the kind's objects again and says how many are in
# the index (registered by each app's ready(); run by `manage.py reindex_search`).
_REINDEXERS: dict[str, Callable[[], int]] = {}


def register_reindexer(kind: str, reindex_all: Callable[[], int]) -> None:
    _REINDEXERS[kind] = reindex_all


def reindexers() -> dict[str, Callable[[], int]]:
    return dict(_REINDEXERS)


@dataclass(frozen=True, slots=True)
class Hit:
    object_id: int
    score: float  # higher is better; comparable within one search only


def _expression(
    groups: Iterable[QueryGroup], *, term, prefix, any_of: str, all_of: str, heads: bool
) -> str:
    """The groups as one boolean expression: alternatives joined by `any_of`, groups by
    `all_of`; `term` and `prefix` quote one term for the database's syntax; `heads` adds the
    compound heads and the known words' prefixes (the broadened search)."""
    parts = []
    for group in groups:
        words = group.terms | group.heads if heads else group.terms
        start = group.prefix_in(broadened=heads)
        # A term the prefix covers adds nothing to what matches, only work to the ranking.
        alternatives = [
            term(word) for word in sorted(words) if not (start and word.startswith(start))
        ]
        if start:
            alternatives.append(prefix(start))
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


# (object_id, score) of one kind's objects matching a query; `{match}` stands for the query
# expression and `{score}` for the relevance (see `_template`), the parameters after the
# expression are those `_template` gives. Title terms weigh four times
# the body's: bm25 column weights on SQLite, ts_rank's weight array {D, C, B, A} on PostgreSQL
# (title terms are A, body terms B).
# SQLite, shared entries: CROSS JOIN keeps the full-text index as the outer loop. With a plain
# JOIN and no table statistics the planner may start from every entry of the kind and run the
# full-text match once per entry (seconds at 50 000 entries). Each hit's kind and object id
# come from the narrow covering index of migration core 0004, not from the wide rows (about a
# quarter of the match's time at 3 000 hits).
_SQLITE_MATCHING = (
    "SELECT e.object_id, {score} AS score "
    "FROM core_searchentry_fts CROSS JOIN core_searchentry e "
    "INDEXED BY core_searchentry_lookup ON e.id = core_searchentry_fts.rowid "
    "WHERE core_searchentry_fts MATCH {match} AND e.kind = %s"
)
_POSTGRES_MATCHING = (
    "SELECT e.object_id, {score} AS score "
    "FROM core_searchentry e, to_tsquery('simple', {match}) AS q(query) "
    "WHERE e.kind = %s AND e.search_vector @@ q.query"
)
_SQLITE_OWN_MATCHING = (
    "SELECT rowid AS object_id, {score} AS score FROM {fts} WHERE {fts} MATCH {match}"
)
_POSTGRES_OWN_MATCHING = (
    "SELECT t.id AS object_id, {score} AS score "
    "FROM {table} t, to_tsquery('simple', {match}) AS q(query) WHERE t.search_vector @@ q.query"
)
POSTGRES_WEIGHTS = "'{0.1, 0.2, 0.25, 1.0}'"


def _template(kind: str, *, ranked: bool = True) -> tuple[str, list]:
    """The kind's matching SQL with `{match}` for the query expression, and the parameters
    that follow that expression. Unranked, every score is 0 (and costs nothing)."""
    table = own_table(kind)
    postgres = connection.vendor == "postgresql"
    if table is None:
        template, tail = (_POSTGRES_MATCHING if postgres else _SQLITE_MATCHING), [kind]
        vector, fts = "e.search_vector", "core_searchentry_fts"
    else:
        template, tail = (_POSTGRES_OWN_MATCHING if postgres else _SQLITE_OWN_MATCHING), []
        vector, fts = "t.search_vector", table.fts
        template = template.replace("{table}", table.table).replace("{fts}", fts)
    if not ranked:
        score = "0"
    elif postgres:
        score = rank_sql(vector, "q.query")
    else:
        score = f"-bm25({fts}, 4.0, 1.0)"
    return template.replace("{score}", score), tail


def rank_sql(vector: str, query: str) -> str:
    """PostgreSQL: the relevance of a `search_vector` to a tsquery, as the matching SQL ranks."""
    return f"ts_rank({POSTGRES_WEIGHTS}, {vector}, {query})"


# A query with compound words is first run as written (`tiimityössä`: tiimityö); only when that
# finds fewer than a page of hits is it broadened to the compounds' heads (työ), which would
# otherwise match a large share of any Finnish catalogue: slow to rank and no help to read.
BROADEN_BELOW = 20


def _query_expression(kind: str, groups: list[QueryGroup]) -> tuple[str, list]:
    """The query expression (an SQL value: the FTS5 query or the tsquery's text) with its
    parameters: the precise one, or the broadened one when the precise one finds too few."""
    build = _tsquery if connection.vendor == "postgresql" else _fts5_query
    precise = build(groups, heads=False)
    broad = build(groups, heads=True)
    if precise == broad:
        return "%s", [precise]
    # Chosen once, before the scan: the precise expression when it finds a page.
    template, tail = _template(kind, ranked=False)
    few = template.replace("{match}", "%s")
    if connection.vendor == "postgresql":
        # Planned as if read whole: under a plain LIMIT the planner may hope to meet enough
        # matches early in a sequential scan, and then test every row when there are none.
        count = (
            f"(WITH precise AS MATERIALIZED ({few}) "  # noqa: S608
            f"SELECT COUNT(*) FROM (SELECT 1 FROM precise LIMIT {BROADEN_BELOW}) AS few)"
        )
    else:
        count = f"(SELECT COUNT(*) FROM ({few} LIMIT {BROADEN_BELOW}) AS few)"  # noqa: S608
    return (
        f"(SELECT CASE WHEN {count} >= {BROADEN_BELOW} THEN %s ELSE %s END)",
        [precise, *tail, precise, broad],
    )


def matching_sql(kind: str, groups: list[QueryGroup], *, ranked: bool = True) -> tuple[str, list]:
    """SQL of (object_id, score) of the kind's objects the query groups match, with its
    parameters: for callers that build the search into a larger statement. Callers that
    order the hits by something else than relevance ask for them `ranked=False` (score 0)."""
    template, tail = _template(kind, ranked=ranked)
    expression, params = _query_expression(kind, groups)
    return template.replace("{match}", expression), [*params, *tail]


def tsquery_sql(kind: str, groups: list[QueryGroup]) -> tuple[str, list]:
    """PostgreSQL: the tsquery the kind's matching uses, as an SQL expression with its
    parameters, for callers that match an own table's `search_vector` in their own statement."""
    expression, params = _query_expression(kind, groups)
    return f"to_tsquery('simple', {expression})", params


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
    sql, params = matching_sql(kind, groups, ranked=False)
    found = "SELECT object_id FROM (" + sql + ") AS found"  # noqa: S608 — constant SQL
    return queryset.filter(pk__in=RawSQL(found, params))  # noqa: S611
