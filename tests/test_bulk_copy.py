"""toolkit.bulk_copy.insert_rows, on whichever database the suite runs (COPY on PostgreSQL,
executemany on SQLite): values round-trip, `not_null` stores a missing text as "", a unique
violation is Django's IntegrityError, and an exception raised while producing the rows comes out
as itself, not as a database error."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from toolkit.bulk_copy import insert_rows

COLUMNS = ("id", "label", "note", "amount", "day")


@pytest.fixture
def probe(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bulk_copy_probe (id integer PRIMARY KEY, label varchar(40) NOT NULL, "
            "note text, amount numeric(10, 2), day date)"
        )
    yield "bulk_copy_probe"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bulk_copy_probe")


def stored(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, label, note, amount, day FROM {table} ORDER BY id")
        return [(i, label, note, Decimal(str(amount)) if amount is not None else None, day) for i, label, note, amount, day in cursor.fetchall()]  # fmt: skip


def test_values_round_trip_and_none_is_null(probe):
    rows = [
        (1, "plain", None, Decimal("28500.00"), date(2016, 2, 1)),
        (2, 'tab\there, "quotes", back\\slash', "line\nbreak;, comma", None, None),
        (3, "кириллица", "", Decimal("0.01"), date(2016, 4, 29)),
    ]
    assert insert_rows(probe, COLUMNS, iter(rows)) == 3
    assert stored(probe) == rows


def test_not_null_stores_a_missing_text_as_empty(probe):
    assert insert_rows(probe, COLUMNS, [(1, None, None, None, None)], not_null=("label",)) == 1
    assert stored(probe)[0][1:3] == ("", None)


def test_a_unique_violation_is_an_integrity_error(probe):
    insert_rows(probe, COLUMNS, [(1, "first", None, None, None)])
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(probe, COLUMNS, [(2, "second", None, None, None), (1, "again", None, None, None)])
    assert [r[1] for r in stored(probe)] == ["first"]


class Refused(Exception):
    pass


def test_an_exception_while_producing_rows_comes_out_as_itself(probe):
    def rows():
        for n in range(5000):
            yield (n, f"row {n}", None, None, None)
        raise Refused("the file is damaged")

    with pytest.raises(Refused, match="the file is damaged"), transaction.atomic():
        insert_rows(probe, COLUMNS, rows())
    assert stored(probe) == []
