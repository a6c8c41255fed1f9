"""Inserting many rows at once: PostgreSQL's COPY (ten times faster than INSERTs), executemany on
the embedded SQLite. Inside the caller's transaction; psycopg errors come out as Django's."""

import csv
import io

from django.db import connection


def insert_rows(table: str, columns: tuple[str, ...], rows) -> int:
    rows = list(rows)
    if not rows:
        return 0
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            data = io.StringIO()
            csv.writer(data).writerows(rows)  # None is written as an empty field: NULL to COPY
            data.seek(0)
            with connection.wrap_database_errors:
                cursor.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv)", data)
        else:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", rows)
    return len(rows)
