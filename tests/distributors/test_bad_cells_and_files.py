"""Issue 9: every bad cell is a row error with its reason, every bad file a refusal that names the
problem, and "an error on our side" only what truly is one. Each test looks at what a distributor
sees: the report's status and message, how many rows were stored and rejected, and the reasons."""

import io
import zipfile

import openpyxl
import pytest
from django.core.management import call_command
from django.db import DataError
from django.test import override_settings

from distributors.models import ReportStatus, SalesLine
from distributors.services import report_process, report_receive
from tests.distributors.conftest import HEADER, csv_bytes, upload, xlsx_openpyxl

OUR_SIDE = ("on our side", "на нашей стороне")
MEGABYTE_OF_ROWS = 25_000  # ~47 bytes a row: the file goes on past its first megabyte


def run(distributor, name, content):
    report = report_receive(distributor=distributor, upload=upload(name, content))
    return report_process(report.pk)


def good(dell_id, count, start=0, model=""):
    return [(f"G-{n}", "2016-02-01", str(dell_id), "210-AAAA", "1", model, "100.00") for n in range(start, count)]


def counts(report):
    return report.status, report.rows_total, report.rows_stored, report.rows_rejected


def reasons(report):
    return {error.row_number: error.reason for error in report.row_errors.all()}


def assert_refused(report, *words):
    assert report.status == ReportStatus.FAILED
    assert not any(phrase in report.error_message for phrase in OUR_SIDE), report.error_message
    assert any(word.lower() in report.error_message.lower() for word in words), report.error_message
    assert not SalesLine.objects.exists()


def rewrite_sheet(content: bytes, old: bytes, new: bytes) -> bytes:
    """The workbook with one replacement in the XML of its first sheet."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new, 1)
            archive.writestr(item.filename, data)
    return out.getvalue()


@pytest.mark.parametrize("price", ["NaN", "nan", "Infinity", "-inf", "1_000.5", "1e3", "١٢"])
def test_a_price_that_is_not_a_plain_number_is_a_row_error(distributor_a, catalog, partner_a, price):
    rows = good(partner_a.dell_id, 1) + [("B-1", "2016-02-01", str(partner_a.dell_id), "210-AAAA", "1", "", price)]
    report = run(distributor_a, "r.csv", csv_bytes(rows))
    assert counts(report) == (ReportStatus.DONE, 2, 1, 1)
    assert "unit_price" in reasons(report)[3] and price in reasons(report)[3]


def test_a_nan_price_cell_in_a_workbook_is_a_row_error(distributor_a, catalog, partner_a):
    rows = good(partner_a.dell_id, 1) + [("B-1", "2016-02-01", partner_a.dell_id, "210-AAAA", 1, "", 1.5)]
    workbook = rewrite_sheet(xlsx_openpyxl(rows), b"<v>1.5</v>", b"<v>NaN</v>")
    report = run(distributor_a, "r.xlsx", workbook)
    assert counts(report) == (ReportStatus.DONE, 2, 1, 1)
    assert "unit_price" in reasons(report)[3]


@pytest.mark.parametrize(
    "old, new, named",
    [
        (b"</sheetData>", b"", "sheetData"),  # malformed: an element never closed
        (b"<t>B-1</t>", b"<t>B-1&nbsp;</t>", "&nbsp;"),  # an entity XML does not define
    ],
    ids=["malformed-xml", "undefined-entity"],
)
def test_a_sheet_with_broken_xml_is_refused_naming_the_sheet_and_the_problem(
    distributor_a, catalog, partner_a, old, new, named
):
    rows = good(partner_a.dell_id, 1) + [("B-1", "2016-02-01", partner_a.dell_id, "210-AAAA", 1, "", "")]
    report = run(distributor_a, "r.xlsx", rewrite_sheet(xlsx_openpyxl(rows), old, new))
    assert_refused(report, "Sheet", "Лист")
    assert named in report.error_message


def test_a_workbook_part_with_a_bad_checksum_is_refused(distributor_a, catalog, partner_a):
    rows = good(partner_a.dell_id, 400)
    stored = bytearray(rewrite_sheet(xlsx_openpyxl(rows), b"G-300", b"G-300"))  # stored, not compressed
    position = stored.index(b"G-300")
    stored[position + 2] = ord("9")  # the bytes change, the recorded CRC does not
    report = run(distributor_a, "r.xlsx", bytes(stored))
    assert_refused(report, "checksum")


def test_a_nul_byte_after_the_first_megabyte_rejects_only_its_row(distributor_a, catalog, partner_a):
    rows = good(partner_a.dell_id, MEGABYTE_OF_ROWS)
    rows.append(("B-1", "2016-02-01", str(partner_a.dell_id), "210-AAAA", "1", "Vostro\x003558", ""))
    rows += good(partner_a.dell_id, MEGABYTE_OF_ROWS + 1, start=MEGABYTE_OF_ROWS)
    report = run(distributor_a, "r.csv", csv_bytes(rows))
    assert counts(report) == (ReportStatus.DONE, MEGABYTE_OF_ROWS + 2, MEGABYTE_OF_ROWS + 1, 1)
    assert "NUL" in reasons(report)[MEGABYTE_OF_ROWS + 2]
    assert report.row_errors.get().values[5] == "Vostro\ufffd3558"


def test_an_escaped_nul_in_a_workbook_cell_rejects_only_its_row(distributor_a, catalog, partner_a):
    rows = good(partner_a.dell_id, 1) + [("B-1", "2016-02-01", partner_a.dell_id, "210-AAAA", 1, "", "")]
    workbook = rewrite_sheet(xlsx_openpyxl(rows), b"<t>B-1</t>", b"<t>B_x0000_1</t>")  # OOXML's escape for NUL
    report = run(distributor_a, "r.xlsx", workbook)
    assert counts(report) == (ReportStatus.DONE, 2, 1, 1)
    assert "NUL" in reasons(report)[3]


def test_a_field_over_the_csv_size_limit_rejects_only_its_row(distributor_a, catalog, partner_a):
    rows = good(partner_a.dell_id, 1)
    rows.append(("B-1", "2016-02-01", str(partner_a.dell_id), "210-AAAA", "1", "x" * 200_000, ""))
    rows += good(partner_a.dell_id, 2, start=1)
    report = run(distributor_a, "r.csv", csv_bytes(rows))
    assert counts(report) == (ReportStatus.DONE, 3, 2, 1)
    assert "131072" in reasons(report)[3]


def test_an_unclosed_quote_that_swallows_the_rows_after_it_refuses_the_file(distributor_a, catalog, partner_a):
    lines = csv_bytes(good(partner_a.dell_id, 1)).decode()
    lines += f'B-1,2016-02-01,{partner_a.dell_id},210-AAAA,1,"Vostro,\r\n'  # the quote is never closed
    lines += csv_bytes(good(partner_a.dell_id, 5000, start=1), header=[]).decode().lstrip("\r\n")
    report = run(distributor_a, "r.csv", lines.encode())
    assert_refused(report, "quot", "кавыч")
    assert "3" in report.error_message  # the row to look at


def test_windows_1251_text_first_met_after_the_first_megabyte_is_read_as_such(distributor_a, catalog, partner_a):
    rows = good(partner_a.dell_id, MEGABYTE_OF_ROWS)
    rows.append(("B-1", "2016-02-01", str(partner_a.dell_id), "210-AAAA", "1", "Ноутбук Vostro", ""))
    report = run(distributor_a, "r.csv", csv_bytes(rows, encoding="cp1251"))
    assert counts(report) == (ReportStatus.DONE, MEGABYTE_OF_ROWS + 1, MEGABYTE_OF_ROWS + 1, 0)
    assert SalesLine.objects.get(invoice_number="B-1").model == "Ноутбук Vostro"


def test_utf8_text_followed_by_windows_1251_text_is_refused_before_anything_is_stored(
    distributor_a, catalog, partner_a
):
    head = csv_bytes(good(partner_a.dell_id, MEGABYTE_OF_ROWS, model="Ноутбук"))
    tail = csv_bytes(good(partner_a.dell_id, MEGABYTE_OF_ROWS + 1, start=MEGABYTE_OF_ROWS, model="Ноутбук"), header=[])
    report = run(distributor_a, "r.csv", head + tail.lstrip(b"\r\n").decode().encode("cp1251"))
    assert_refused(report, "encoding", "кодировк")


def test_formulas_without_saved_values_and_excel_errors_are_row_errors(distributor_a, catalog, partner_a):
    d = partner_a.dell_id
    rows = [
        ("G-1", "2016-02-01", d, "210-AAAA", 3, "", "100.00"),
        ("B-1", "2016-02-01", d, "210-AAAA", 3, "", "=E3*1000"),  # written by a program: no saved value
        ("B-2", "2016-02-01", d, "210-AAAA", 3, "", "#DIV/0!"),  # an error Excel saved
        ("B-3", "2016-02-01", d, "210-AAAA", "=2+1", "", ""),
        (None, None, None, None, None, None, "=E6*1000"),  # a formula dragged below the data: a blank row
    ]
    report = run(distributor_a, "r.xlsx", xlsx_openpyxl(rows))
    assert counts(report) == (ReportStatus.DONE, 4, 1, 3)
    found = reasons(report)
    assert "unit_price" in found[3] and "G3" in found[3] and ("formula" in found[3] or "формул" in found[3])
    assert "unit_price" in found[4] and "#DIV/0!" in found[4]
    assert "quantity" in found[5] and "E5" in found[5]


def test_row_numbers_and_cells_are_the_sheets_when_the_table_does_not_start_at_a1(distributor_a, catalog, partner_a):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    rows = [HEADER, ("G-1", "2016-02-01", partner_a.dell_id, "210-AAAA", 1, "", ""), ("B-1", "2016-02-01")]
    rows.append(("B-2", "2016-02-01", partner_a.dell_id, "210-AAAA", 1, "", "=1/3"))
    for r, row in enumerate(rows, start=3):  # two empty rows and two empty columns before the table
        for c, value in enumerate(row, start=3):
            sheet.cell(row=r, column=c, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(distributor_a, "r.xlsx", buffer.getvalue())
    assert counts(report) == (ReportStatus.DONE, 3, 1, 2)
    found = reasons(report)
    assert sorted(found) == [5, 6] and "partner_id" in found[5] and "I6" in found[6]


@pytest.mark.parametrize(
    "column, value",
    [
        ("quantity", "1_000"),
        ("quantity", "١٢"),  # Arabic-Indic digits
        ("quantity", "１２"),  # fullwidth digits
        ("quantity", "-１"),
        ("partner_id", "1_000_001"),
        ("partner_id", "１０００００１"),
        ("partner_id", "١٠٠٠٠٠١"),
    ],
)
def test_quantities_and_dell_ids_take_only_the_digits_0_to_9(distributor_a, catalog, partner_a, column, value):
    row = dict(zip(HEADER, ("B-1", "2016-02-01", str(partner_a.dell_id), "210-AAAA", "1", "", ""), strict=True))
    row[column] = value
    report = run(distributor_a, "r.csv", csv_bytes(good(partner_a.dell_id, 1) + [tuple(row.values())]))
    assert counts(report) == (ReportStatus.DONE, 2, 1, 1)
    assert column in reasons(report)[3] and value in reasons(report)[3]


@override_settings(REPORT_MAX_ROWS=3)
def test_a_refusal_raised_while_rows_stream_into_copy_keeps_its_message(distributor_a, catalog, partner_a):
    report = run(distributor_a, "r.csv", csv_bytes(good(partner_a.dell_id, 5)))
    assert_refused(report, "3")


def test_a_bug_while_rows_stream_is_raised_as_itself_and_reported_as_ours(
    distributor_a, catalog, partner_a, monkeypatch
):
    from distributors.validation import RowValidator

    def broken(self, row_number, cells):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(RowValidator, "__call__", broken)
    report = report_receive(distributor=distributor_a, upload=upload("r.csv", csv_bytes(good(partner_a.dell_id, 5))))
    with pytest.raises(ZeroDivisionError):
        report_process(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and any(phrase in report.error_message for phrase in OUR_SIDE)
    assert not SalesLine.objects.exists()


@pytest.mark.postgres
def test_a_database_error_during_copy_stays_an_internal_error(distributor_a, catalog, partner_a, monkeypatch):
    from distributors import storage

    real_store = storage.DirectLines.store
    monkeypatch.setattr(
        storage.DirectLines,
        "store",
        lambda self, records: real_store(self, (r._replace(quantity="many") for r in records)),
    )
    report = report_receive(distributor=distributor_a, upload=upload("r.csv", csv_bytes(good(partner_a.dell_id, 5))))
    with pytest.raises(DataError):  # an integer column refuses "many": a fault of ours, not of the file
        report_process(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and any(phrase in report.error_message for phrase in OUR_SIDE)


def test_import_sales_prints_the_refusal_of_a_damaged_workbook(distributor_a, catalog, partner_a, tmp_path):
    rows = good(partner_a.dell_id, 1)
    path = tmp_path / "r.xlsx"
    path.write_bytes(rewrite_sheet(xlsx_openpyxl(rows), b"</sheetData>", b""))
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("import_sales", str(path), distributor="alpha", stdout=out)
    assert exited.value.code == 1 and "sheetData" in out.getvalue()
