"""Inserting many rows at once, the one way the portal does it: PostgreSQL's COPY (ten times
faster than INSERTs), batched executemany on the embedded SQLite. Inside the caller's transaction;
psycopg errors come out as Django's (a unique index refusing a row is an IntegrityError)."""

from itertools import batched

from django.db import connection

BATCH_ROWS = 100_000  # executemany: bounds the rows held in memory whatever the row count


def insert_rows(
    table: str, columns: tuple[str, ...], rows, *, not_null: tuple[str, ...] = (), typed: bool = False
) -> int:
    """Insert an iterable of tuples (None is NULL, "" an empty string) and return how many rows were
    inserted. The rows are consumed lazily. `not_null` names text columns whose missing value (None)
    is stored as "" rather than NULL (what COPY's FORCE_NOT_NULL did for the csv format).

    `typed=True` promises that every value has the Python type of its column (int for integers,
    str for text, date, Decimal for numeric, or None): on PostgreSQL the COPY then formats each
    column with the dumper of the column's type instead of looking one up for every value (a
    million-row COPY spends about 40% less time formatting)."""
    names = ", ".join(columns)
    at = [columns.index(name) for name in not_null]
    if connection.vendor != "postgresql":
        if at:
            rows = (_fill(row, at) for row in rows)
        inserted = 0
        with connection.cursor() as cursor:
            for batch in batched(rows, BATCH_ROWS):
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", batch)
                inserted += len(batch)
        return inserted
    # psycopg 3 formats each row in C (its text COPY format, the values adapted as in any query) and
    # sends the buffer every 32 kB, so the server inserts one part while Python reads and validates
    # the next, and memory stays flat. An exception raised while producing the rows ends the COPY
    # (psycopg sends the server a cancel and swallows the resulting QueryCanceled) and comes out as
    # itself: a refused file or a bug never looks like a database error.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        types = _column_types(cursor, table, columns) if typed else None
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            if types:
                copy.set_types(types)
            inserted = _write_rows(copy.write_row, rows, at)
    return inserted


def _column_types(cursor, table: str, columns: tuple[str, ...]) -> list[int]:
    """The type oids of `columns` of `table` (a temporary table too), in their order."""
    cursor.execute(
        "SELECT attname, atttypid::int FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
        "AND NOT attisdropped",
        [table],
    )
    oids = dict(cursor.fetchall())
    return [oids[name] for name in columns]


def _write_rows(write_row, rows, at: list[int]) -> int:
    inserted = 0
    if len(at) == 1:  # the usual case, kept to one test per row
        (i,) = at
        for inserted, row in enumerate(rows, 1):  # noqa: B007 — the last value is the count
            write_row(row if row[i] is not None else _fill(row, at))
    else:
        for inserted, row in enumerate(rows, 1):  # noqa: B007
            write_row(_fill(row, at) if at else row)
    return inserted


def _fill(row: tuple, at: list[int]) -> tuple:
    """The row with None in the `not_null` positions replaced by ""."""
    if all(row[i] is not None for i in at):
        return row
    return tuple("" if value is None and j in at else value for j, value in enumerate(row))
