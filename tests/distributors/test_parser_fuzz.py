"""docs/reliability.md §27: the report reader and row validation, fed mutated real files, raise nothing but
their own rejections (PortalError for the file, RowRejected for a row)."""

import contextlib
import io
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from distributors.report_files import open_report
from distributors.validation import QuarterFinder, RowRejected, RowValidator
from tests.distributors.conftest import HEADER, csv_bytes, xlsx_openpyxl
from toolkit.errors import PortalError

ROWS = [
    ("INV-1", "2016-02-01", "1000001", "210-AAAA", "10", "Vostro 3558", "30000.00"),
    ("INV-2", "29.04.2016", "1000002", "210-AAAB", "-3", "U2414H", ""),
]
SEEDS = {
    "csv": csv_bytes(ROWS),
    "csv-cp1251": csv_bytes(ROWS, delimiter=";", encoding="cp1251"),
    "xlsx": xlsx_openpyxl(ROWS),
}
QUARTERS = QuarterFinder([(date(2016, 1, 30), date(2016, 4, 29), 1)])


def read_all(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    try:
        source = open_report(path, name)
        validate = RowValidator(source.positions, QUARTERS)
        for row_number, cells in source.rows:
            with contextlib.suppress(RowRejected):
                validate(row_number, cells)
    except PortalError:
        pass


mutation = st.tuples(st.integers(min_value=0, max_value=10_000), st.binary(min_size=0, max_size=8), st.integers(0, 8))


@pytest.mark.parametrize("seed", SEEDS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_files_raise_only_the_parsers_own_rejections(tmp_path, seed, mutations):
    data = bytearray(SEEDS[seed])
    for position, insert, delete in mutations:
        position %= max(len(data), 1)
        data[position : position + delete] = insert
    read_all(tmp_path, "report.xlsx" if seed == "xlsx" else "report.csv", bytes(data))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cells=st.lists(
        st.one_of(st.none(), st.text(max_size=30), st.integers(), st.floats(allow_nan=True), st.dates()),
        min_size=0,
        max_size=9,
    )
)
def test_any_cells_give_a_record_or_a_row_rejection(cells):
    validate = RowValidator(
        {
            c: i
            for i, c in enumerate(
                ["invoice_number", "invoice_date", "partner_id", "sku", "quantity", "model", "unit_price"]
            )
        },
        QUARTERS,
    )
    with contextlib.suppress(RowRejected):
        validate(2, cells)


NUMBERISH = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["NaN", "-Infinity", "sNaN", "1_000", "1e3", "١٢", "１２", "-0", "12,50", " 7 ", "\x00"]),
)


@settings(max_examples=400, deadline=None)
@given(partner=NUMBERISH, quantity=NUMBERISH, price=NUMBERISH)
def test_a_valid_row_with_any_dell_id_quantity_or_price_gives_a_storable_record_or_a_row_rejection(
    partner, quantity, price
):
    validate = RowValidator({c: i for i, c in enumerate(HEADER)}, QUARTERS)
    try:
        record = validate(2, ["INV-1", "2016-02-01", partner, "210-AAAA", quantity, "", price])
    except RowRejected:
        return
    assert record.partner_ref.isascii() and record.partner_ref.isdigit()
    assert type(record.quantity) is int and 0 < abs(record.quantity) <= 1_000_000
    price = record.unit_price
    assert price is None or (price.is_finite() and 0 <= price < Decimal("1e12") and price == round(price, 2))


def test_seed_files_are_valid():
    assert all(isinstance(v, bytes) for v in SEEDS.values()) and io.BytesIO(SEEDS["xlsx"]).read(2) == b"PK"
