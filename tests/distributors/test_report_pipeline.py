"""Sell-through reports through the real pipeline: formats, validation, duplicates, corrections,
limits. Every row ends up stored or rejected with a reason, never both, never lost."""

import io
import zipfile
from datetime import date

import openpyxl
import pytest
from django.test import override_settings

from distributors.models import ReportStatus, SalesLine, SalesReport
from distributors.services import report_process, report_receive, sales_lines_rematch
from tests.distributors.conftest import HEADER, csv_bytes, upload, xlsx_openpyxl, xlsx_xlsxwriter
from toolkit.errors import PortalError


def run(distributor, name, content, replaces=None):
    report = report_receive(distributor=distributor, upload=upload(name, content), replaces=replaces)
    return report_process(report.pk)


@pytest.fixture
def rows(partner_a):
    dell_id = partner_a.dell_id
    return [
        ("INV-1", date(2016, 2, 1), dell_id, "210-AAAA", 10, "Vostro 3558", "30000.00"),
        ("INV-2", date(2016, 4, 29), dell_id, "210-AAAB", 3, "U2414H", None),  # last day of Q1
        ("INV-3", date(2016, 4, 30), dell_id, "210-AAAA", -2, "return", None),  # first day of Q2
    ]


def as_text(rows, date_style):
    out = []
    for invoice, day, dell_id, sku, qty, model, price in rows:
        day_text = day.strftime("%d.%m.%Y") if date_style == "ru" else day.isoformat()
        out.append((invoice, day_text, str(dell_id), sku, str(qty), model, price or ""))
    return out


RU_HEADER = ["Количество", "Артикул", "Dell ID партнера", "Дата продажи", "Номер счета", "Модель", "Цена без НДС"]


def ru_order(rows):
    return [(r[4], r[3], r[2], r[1], r[0], r[5], r[6]) for r in rows]


WRITERS = {
    "openpyxl": lambda rows: ("r.xlsx", xlsx_openpyxl(rows)),
    "xlsxwriter": lambda rows: ("r.xlsx", xlsx_xlsxwriter(rows)),
    "xlsx-title-rows-extra-sheet": lambda rows: (
        "r.xlsx",
        xlsx_openpyxl(rows, title_rows=["Отчет о продажах", "за февраль"], extra_sheet_first=True),
    ),
    "xlsx-numbers-as-text": lambda rows: ("r.xlsx", xlsx_openpyxl(as_text(rows, "iso"))),
    "xlsx-russian-headers-reordered": lambda rows: ("r.xlsx", xlsx_openpyxl(ru_order(rows), header=RU_HEADER)),
    "csv-utf8": lambda rows: ("r.csv", csv_bytes(as_text(rows, "iso"))),
    "csv-utf8-bom-semicolon": lambda rows: ("r.csv", b"\xef\xbb\xbf" + csv_bytes(as_text(rows, "ru"), delimiter=";")),
    "csv-cp1251-russian": lambda rows: (
        "r.csv",
        csv_bytes(ru_order(as_text(rows, "ru")), header=RU_HEADER, delimiter=";", encoding="cp1251"),
    ),
}


@pytest.mark.parametrize("writer", WRITERS)
def test_every_format_a_distributor_sends_gives_the_same_lines(distributor_a, catalog, rows, writer):
    name, content = WRITERS[writer](rows)
    report = run(distributor_a, name, content)
    assert report.status == ReportStatus.DONE, report.error_message
    assert (report.rows_total, report.rows_stored, report.rows_rejected, report.units) == (3, 3, 0, 11)
    lines = {
        (x.invoice_number, x.invoice_date, x.quarter.code, x.sku, x.quantity)
        for x in SalesLine.objects.select_related("quarter")
    }
    assert lines == {
        ("INV-1", date(2016, 2, 1), "2016-Q1", "210-AAAA", 10),
        ("INV-2", date(2016, 4, 29), "2016-Q1", "210-AAAB", 3),
        ("INV-3", date(2016, 4, 30), "2016-Q2", "210-AAAA", -2),
    }
    assert report.partners_found == 1 and report.unmatched_rows == 0


def test_each_validation_rule_rejects_with_its_reason(distributor_a, catalog, partner_a):
    d = partner_a.dell_id
    bad = [
        ("", "2016-02-01", d, "210-AAAA", 1, "", ""),
        ("B-2", "", d, "210-AAAA", 1, "", ""),
        ("B-3", "31.02.2016", d, "210-AAAA", 1, "", ""),
        ("B-4", "2014-01-01", d, "210-AAAA", 1, "", ""),
        ("B-5", "2016-02-01", "", "210-AAAA", 1, "", ""),
        ("B-6", "2016-02-01", d, "", 1, "", ""),
        ("B-7", "2016-02-01", d, "210-AAAA", 0, "", ""),
        ("B-8", "2016-02-01", d, "210-AAAA", "1.5", "", ""),
        ("B-9", "2016-02-01", d, "210-AAAA", "много", "", ""),
        ("B-10", "2016-02-01", d, "210-AAAA", 1, "", "бесплатно"),
        ("OK-1", "2016-02-01", d, "210-AAAA", 1, "", ""),
        ("OK-2", "2016-02-01", "9999999", "210-AAAA", 4, "", ""),  # unknown Dell ID: stored as unmatched
        ("OK-3", "2016-02-01", d, "NEW-SKU", 2, "", ""),  # unknown SKU: stored
    ]
    report = run(distributor_a, "bad.csv", csv_bytes(bad))
    assert (report.rows_total, report.rows_stored, report.rows_rejected) == (13, 3, 10)
    reasons = {error.row_number: error.reason for error in report.row_errors.all()}
    assert sorted(reasons) == list(range(2, 12))
    assert "invoice_number" in reasons[2] and "invoice_date" in reasons[3] and "31.02.2016" in reasons[4]
    assert "квартал" in reasons[5] or "quarter" in reasons[5]
    assert "partner_id" in reasons[6] and "sku" in reasons[7] and "0" in reasons[8]
    assert "1.5" in reasons[9] and "много" in reasons[10] and "бесплатно" in reasons[11]
    assert (report.unmatched_rows, report.unknown_sku_rows) == (1, 1)


def test_unmatched_lines_start_counting_when_the_partner_and_sku_become_known(distributor_a, catalog, make_partner):
    report = run(distributor_a, "r.csv", csv_bytes([("X-1", "2016-02-01", "1000500", "LATER-SKU", 5, "", "")]))
    line = SalesLine.objects.get(report=report)
    assert line.partner is None and line.product is None
    partner = make_partner()
    partner.dell_id = 1000500
    partner.save()
    from catalog.models import Product, ProductLine

    Product.objects.create(
        sku="LATER-SKU",
        model="Latitude 5480",
        line=ProductLine.objects.get(code="latitude"),
        series="5xxx",
        form_factor="notebook",
    )
    assert sales_lines_rematch() == 2
    line.refresh_from_db()
    assert line.partner == partner and line.product.sku == "LATER-SKU"


def test_the_same_file_twice_is_recognised_under_another_name(distributor_a, catalog, rows):
    first = run(distributor_a, "february.xlsx", xlsx_openpyxl(rows))
    with pytest.raises(PortalError) as refused:
        report_receive(distributor=distributor_a, upload=upload("february (1).xlsx", first.file.open("rb").read()))
    assert f"#{first.pk}" in str(refused.value.message)
    assert SalesReport.objects.count() == 1 and SalesLine.objects.count() == 3


def test_a_line_already_stored_from_another_report_counts_once(distributor_a, catalog, rows):
    run(distributor_a, "a.csv", csv_bytes(as_text(rows, "iso")))
    second = run(
        distributor_a,
        "b.csv",
        csv_bytes(as_text(rows[:1], "iso") + [("INV-9", "2016-03-01", str(rows[0][2]), "210-AAAA", 1, "", "")]),
    )
    assert (second.rows_total, second.rows_stored, second.rows_rejected) == (2, 1, 1)
    assert "#" in second.row_errors.get().reason
    assert sum(SalesLine.objects.values_list("quantity", flat=True)) == 11 + 1


def test_an_exact_duplicate_row_inside_a_file_counts_once(distributor_a, catalog, rows):
    report = run(distributor_a, "dup.csv", csv_bytes(as_text(rows + rows[:1], "iso")))
    assert (report.rows_total, report.rows_stored, report.rows_rejected, report.units) == (4, 3, 1, 11)
    assert "2" in report.row_errors.get().reason  # "duplicate of row 2"


def test_a_correction_replaces_a_report_and_totals_move_by_the_difference(distributor_a, catalog, rows):
    original = run(distributor_a, "feb.csv", csv_bytes(as_text(rows, "iso")))
    corrected_rows = as_text(rows, "iso")
    corrected_rows[0] = (*corrected_rows[0][:4], "7", *corrected_rows[0][5:])  # 10 → 7 units
    correction = run(distributor_a, "feb-fixed.csv", csv_bytes(corrected_rows), replaces=original)
    original.refresh_from_db()
    assert original.status == ReportStatus.SUPERSEDED and correction.status == ReportStatus.DONE
    assert sum(SalesLine.objects.values_list("quantity", flat=True)) == 11 - 3
    assert not SalesLine.objects.filter(report=original).exists()


def test_a_failed_correction_leaves_the_original_intact(distributor_a, catalog, rows):
    original = run(distributor_a, "feb.csv", csv_bytes(as_text(rows, "iso")))
    broken = run(distributor_a, "feb-fixed.csv", csv_bytes([], header=["what", "ever"]), replaces=original)
    original.refresh_from_db()
    assert broken.status == ReportStatus.FAILED and original.status == ReportStatus.DONE
    assert SalesLine.objects.filter(report=original).count() == 3


def test_a_crash_half_way_leaves_nothing_and_the_rerun_gives_the_same_result(distributor_a, catalog, rows, monkeypatch):
    from distributors import storage

    report = report_receive(distributor=distributor_a, upload=upload("r.csv", csv_bytes(as_text(rows, "iso"))))
    SalesReport.objects.filter(pk=report.pk).update(status=ReportStatus.RECEIVED)  # as if the first delivery is pending
    SalesLine.objects.all().delete()
    original_store = storage.DirectLines.store

    def crash(self, records):
        original_store(self, records)  # every line written …
        raise OSError("worker lost its disk")  # … then the worker dies before the commit

    monkeypatch.setattr(storage.DirectLines, "store", crash)
    with pytest.raises(OSError):
        report_process(report.pk)
    assert not SalesLine.objects.exists()
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED


def test_header_without_data_is_a_failure_not_a_success_with_zero_rows(distributor_a, catalog):
    report = run(distributor_a, "empty.csv", csv_bytes([]))
    assert (
        report.status == ReportStatus.FAILED
        and "no data rows" in report.error_message.lower()
        or "нет строк" in report.error_message
    )


@override_settings(REPORT_MAX_BYTES=1000)
def test_oversized_upload_is_refused_at_once(distributor_a, catalog, rows):
    with pytest.raises(PortalError) as refused:
        report_receive(distributor=distributor_a, upload=upload("big.csv", b"x" * 1001))
    assert refused.value.code == "too_large" and not SalesReport.objects.exists()


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


WORKBOOK_PARTS = [("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("bomb.xlsx", lambda: zip_bytes(WORKBOOK_PARTS + [("xl/worksheets/sheet1.xml", b"0" * 300_000_000)]), "100"),
        (
            "many.xlsx",
            lambda: zip_bytes(WORKBOOK_PARTS + [(f"xl/worksheets/sheet{i}.xml", "<x/>") for i in range(3000)]),
            "3002",
        ),
        (
            "entities.xlsx",
            lambda: zip_bytes(
                WORKBOOK_PARTS
                + [
                    (
                        "xl/worksheets/sheet1.xml",
                        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><worksheet>&lol2;</worksheet>',
                    )
                ]
            ),
            "DTD",
        ),
        (
            "macro.xlsx",
            lambda: zip_bytes(
                WORKBOOK_PARTS + [("xl/worksheets/sheet1.xml", "<w/>"), ("xl/vbaProject.bin", b"\x00" * 10)]
            ),
            "макрос",
        ),
        ("notzip.xlsx", lambda: b"this is not a zip at all", "XLSX"),
        ("nul.csv", lambda: b"invoice_number,invoice_date\x00\x00\x01,partner_id", "NUL"),
        ("report.xls", lambda: b"\xd0\xcf\x11\xe0", ".xlsx"),
    ],
)
def test_dangerous_or_wrong_files_are_refused_with_a_clear_message(
    distributor_a, catalog, monkeypatch, name, content, message
):
    import python_calamine

    parsed = []  # a dangerous archive is refused from its directory, before any part is expanded
    real_from_path = python_calamine.CalamineWorkbook.from_path
    monkeypatch.setattr(
        python_calamine.CalamineWorkbook, "from_path", lambda path: parsed.append(path) or real_from_path(path)
    )
    try:
        report = run(distributor_a, name, content())
    except PortalError as refused:  # refused at upload already
        text = str(refused.message)
    else:
        assert report.status == ReportStatus.FAILED
        text = report.error_message
    assert message.lower() in text.lower()
    assert not SalesLine.objects.exists()
    assert parsed == []


def test_openpyxl_is_protected_by_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_rejected_rows_download_keeps_original_values_and_is_formula_safe(client, distributor_user, catalog, partner_a):
    rows = [('=HYPERLINK("http://x")', "2016-02-01", partner_a.dell_id, "210-AAAA", "many", "", "")]
    report = run(distributor_user.distributor, "r.csv", csv_bytes(rows))
    client.force_login(distributor_user)
    response = client.get(f"/reports/{report.pk}/rejected.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, first = list(sheet.iter_rows(values_only=True))[:2]
    assert list(header[:7]) == HEADER and first[-1] == 2 and "many" in first[-2]
    # The text comes back as it was sent, as a text cell with Excel's quote prefix: never a formula.
    cell = sheet.cell(row=2, column=1)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s" and cell.quotePrefix


def test_template_has_the_columns_and_an_example_that_imports(client, distributor_user, catalog):
    client.force_login(distributor_user)
    response = client.get("/reports/template.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook["Report"][1]] == HEADER
    assert "Notes" in workbook.sheetnames
    report = run(distributor_user.distributor, "template.xlsx", response.content)
    assert report.status == ReportStatus.DONE and report.rows_total == 1
