"""Bulk INSERT and UPDATE for tens of thousands of rows, on SQLite and PostgreSQL alike.

Django's bulk_create and bulk_update compile SQL per object (bulk_update builds a CASE
expression per field and batch), which costs tens of seconds of Python for an HR import or the
100 000-person demo. These write the same rows with one prepared statement per batch; on
PostgreSQL each column goes as one array through UNNEST, because the driver's cost is per
placeholder. Identifiers come from model metadata; every value is a query parameter.
"""

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Model

QUERY_CHUNK = 500
PG_INSERT_CHUNK = 5000


def chunks[T](items: Sequence[T], size: int = QUERY_CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# Field types whose Python values the database drivers take as they are; others (dates,
# decimals) go through the field's own conversion.
PLAIN_FIELD_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "TextField",
    }
)


def _quoted_column(field: Any) -> str:
    return connection.ops.quote_name(field.column)


def _converters(fields: list[Any]) -> list[Any]:
    """Per field: None when the driver takes the Python value as it is, else a converter."""
    # The wrapper itself, not the `connection` proxy: that costs a thread-local lookup per
    # attribute, and the converters run for millions of values.
    wrapper = connections[DEFAULT_DB_ALIAS]
    return [
        None
        if field.get_internal_type() in PLAIN_FIELD_TYPES
        else (lambda value, field=field: field.get_db_prep_save(value, wrapper))
        for field in fields
    ]


def _prepare(converters: list[Any], values: Iterable[Any]) -> list[Any]:
    return [
        value if convert is None or value is None else convert(value)
        for convert, value in zip(converters, values, strict=True)
    ]


def update_by_pk(model: type[Model], fields: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Set the given fields row by row: rows are (pk, *values).

    Django's bulk_update builds one CASE expression per field and batch, which costs tens of
    seconds of Python for 20 000 rows. PostgreSQL gets the values as arrays joined through
    UNNEST; elsewhere one prepared `UPDATE … WHERE pk = %s` runs with executemany.
    """
    if not rows:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    model_fields: list[Any] = [meta.get_field(name) for name in fields]
    converters = _converters(model_fields)
    table, pk_column = quote(meta.db_table), _quoted_column(meta.pk)
    columns = [_quoted_column(field) for field in model_fields]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            types = [field.cast_db_type(connection) for field in [meta.pk, *model_fields]]
            names = [f"v{index}" for index in range(len(types))]
            arrays = ", ".join(f"%s::{db_type}[]" for db_type in types)
            assignments = ", ".join(
                f"{column} = new.{name}" for column, name in zip(columns, names[1:], strict=True)
            )
            # Identifiers and types come from the model's metadata; every value is a parameter.
            sql = (
                f"UPDATE {table} SET {assignments} "  # noqa: S608
                f"FROM UNNEST({arrays}) AS new({', '.join(names)}) "
                f"WHERE {table}.{pk_column} = new.{names[0]}"
            )
            for batch in chunks(rows, PG_INSERT_CHUNK):
                prepared = [[pk, *_prepare(converters, values)] for pk, *values in batch]
                cursor.execute(sql, [list(column) for column in zip(*prepared, strict=True)])
            return
        assignments = ", ".join(f"{column} = %s" for column in columns)
        sql = f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s"  # noqa: S608
        cursor.executemany(sql, [[*_prepare(converters, values), pk] for pk, *values in rows])


def insert_rows(model: type[Model], fields: list[str], rows: list[tuple[Any, ...]]) -> None:
    """INSERT rows in large batches; columns not named get the field's default.

    For the big tables (accounts, people, language links) bulk_create spends most of an import
    compiling SQL per object. On PostgreSQL each column goes as one array through UNNEST (as
    Django's own bulk_create does there), because the driver's cost is per placeholder;
    elsewhere a multi-row VALUES list. Callers that need new primary keys read them back by a
    unique column.
    """
    if not rows:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    named: list[Any] = [meta.get_field(name) for name in fields]
    converters = _converters(named)
    defaulted = [
        field for field in meta.concrete_fields if field not in named and not field.primary_key
    ]
    # Defaults such as date_joined=timezone.now are computed once: the same instant for all.
    default_values = [
        field.get_db_prep_save(field.get_default(), connection) for field in defaulted
    ]
    all_fields = [*named, *defaulted]
    table = quote(meta.db_table)
    columns = ", ".join(_quoted_column(field) for field in all_fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{field.cast_db_type(connection)}[]" for field in named)
            constants = "".join(f", %s::{field.cast_db_type(connection)}" for field in defaulted)
            # Identifiers and types come from the model's metadata; every value is a parameter.
            sql = (
                f"INSERT INTO {table} ({columns}) "  # noqa: S608
                f"SELECT *{constants} FROM UNNEST({arrays})"
            )
            for batch in chunks(rows, PG_INSERT_CHUNK):
                prepared = [_prepare(converters, values) for values in batch]
                params = [list(column) for column in zip(*prepared, strict=True)]
                # The constants stand before the arrays in the statement text.
                cursor.execute(sql, [*default_values, *params])
            return
        row_sql = "(" + ", ".join(["%s"] * len(all_fields)) + ")"
        batch_size = max(1, min(QUERY_CHUNK, connection.ops.bulk_batch_size(all_fields, rows)))
        for batch in chunks(rows, batch_size):
            params = [
                value
                for values in batch
                for value in (*_prepare(converters, values), *default_values)
            ]
            sql = (
                f"INSERT INTO {table} ({columns}) "  # noqa: S608
                f"VALUES {', '.join([row_sql] * len(batch))}"
            )
            cursor.execute(sql, params)
