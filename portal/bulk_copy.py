"""Inserting many rows at once: PostgreSQL's COPY (ten times faster than INSERTs), executemany on
the embedded SQLite. Inside the caller's transaction; psycopg errors come out as Django's."""

import csv
import io
from itertools import batched

from django.db import connection

BATCH_ROWS = 100_000  # bounds the CSV text held in memory (about 10 MB) whatever the row count


def insert_rows(table: str, columns: tuple[str, ...], rows) -> int:
    """Insert an iterable of tuples (None is NULL); returns how many rows were inserted."""
    names = ", ".join(columns)
    inserted = 0
    with connection.cursor() as cursor:
        for batch in batched(rows, BATCH_ROWS):
            if connection.vendor == "postgresql":
                data = io.StringIO()
                csv.writer(data).writerows(batch)  # None is written as an empty field: NULL to COPY
                data.seek(0)
                with connection.wrap_database_errors:
                    cursor.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv)", data)
            else:
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", batch)
            inserted += len(batch)
    return inserted
