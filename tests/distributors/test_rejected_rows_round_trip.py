"""Issue 14: a clerk fixes the rejected-rows file and uploads it again as it is. The file repeats the
report's own header row and the cells' kinds; the reason and the row number sit in columns the
reader ignores; the rows fixed are stored once, the row that was already counted stays counted once
(docs/reliability.md §14–§16)."""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from distributors.models import ReportStatus, RowError, SalesLine, SalesReport
from distributors.row_reasons import MESSAGES
from distributors.services import report_process, report_receive
from tests.distributors.conftest import upload

# The distributor's own header, in Russian, with a column the portal does not read.
HEADER = ["Номер счёта", "Дата", "ID партнёра", "Артикул", "Количество", "Модель", "Цена", "Комментарий"]


def run(distributor, name, content):
    return report_process(report_receive(distributor=distributor, upload=upload(name, content)).pk)


def workbook_bytes(rows, header=HEADER):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def first_report(distributor_user, catalog, partner_a):
    dell_id = int(partner_a.dell_id)  # a number cell, as Excel keeps an ID typed in
    rows = [
        ("INV-1", date(2016, 2, 1), dell_id, "210-AAAA", 10, "Vostro 3558", 30000.5, "ok"),  # row 2
        ("INV-2", date(2016, 2, 2), dell_id, "210-AAAB", "десять", "U2414H", 15000, "bad quantity"),  # row 3
        ("INV-3", "31.02.16", dell_id, "210-AAAA", 4, "Vostro 3558", None, "no such day"),  # row 4
        ("INV-1", date(2016, 2, 1), dell_id, "210-AAAA", 10, "Vostro 3558", 30000.5, "repeated"),  # row 5
        ("INV-4", "12.03.16", dell_id, "210-AAAB", 1, "U2414H", None, "two-digit year"),  # row 6
    ]
    report = run(distributor_user.distributor, "февраль.xlsx", workbook_bytes(rows))
    assert report.status == ReportStatus.DONE
    assert (report.rows_total, report.rows_stored, report.rows_rejected) == (5, 2, 3)
    return report


def download(client, report):
    response = client.get(f"/reports/{report.pk}/rejected.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_the_rejected_rows_file_is_fixed_and_uploaded_again_and_nothing_counts_twice(
    client, distributor_user, first_report, partner_a
):
    client.force_login(distributor_user)
    workbook = download(client, first_report)
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))

    # The original header, then the reason and the row number at the end, in the reader's language
    assert list(rows[0][:8]) == HEADER
    assert rows[0][8].startswith("Причина") and rows[0][9] == "Строка исходного файла"
    by_row = {row[9]: row for row in rows[1:]}
    assert sorted(by_row) == [3, 4, 5]
    # Cells keep their kinds: numbers as numbers, a date that parsed as a date, the rest as written
    bad_quantity = by_row[3]
    assert bad_quantity[1] == datetime(2016, 2, 2) and sheet.cell(row=2, column=2).number_format == "DD.MM.YYYY"
    assert bad_quantity[2] == int(partner_a.dell_id) and bad_quantity[6] == 15000
    assert bad_quantity[4] == "десять" and "quantity" in bad_quantity[8] and "десять" in bad_quantity[8]
    assert by_row[4][1] == "31.02.16" and by_row[4][4] == 4 and "31.02.16" in by_row[4][8]
    assert by_row[5][7] == "repeated" and "2" in by_row[5][8]  # a duplicate of row 2

    # When the clerk fixes two cells and uploads the same file again
    sheet.cell(row=2, column=5).value = 10  # row 3's quantity
    sheet.cell(row=3, column=2).value = "28.02.16"  # row 4's date
    buffer = io.BytesIO()
    workbook.save(buffer)
    second = run(distributor_user.distributor, "февраль-исправлено.xlsx", buffer.getvalue())

    # Then exactly the two fixed rows are stored; the repeated row is still counted once
    assert second.status == ReportStatus.DONE
    assert (second.rows_total, second.rows_stored, second.rows_rejected) == (3, 2, 1)
    assert second.row_errors.get().code == "already_stored"
    assert sorted(
        SalesLine.objects.filter(report=second).values_list("invoice_number", "invoice_date", "quantity")
    ) == [
        ("INV-2", date(2016, 2, 2), 10),
        ("INV-3", date(2016, 2, 28), 4),
    ]
    lines = SalesLine.objects.filter(distributor=distributor_user.distributor)
    assert sorted(lines.values_list("invoice_number", flat=True)) == ["INV-1", "INV-2", "INV-3", "INV-4"]
    assert sum(lines.values_list("quantity", flat=True)) == 10 + 10 + 4 + 1
    assert lines.get(invoice_number="INV-2").unit_price == Decimal("15000.00")
    # And the rejected row of the second report comes back in the same layout
    again = list(download(client, second).active.iter_rows(values_only=True))
    assert list(again[0][:8]) == HEADER and len(again) == 2 and again[1][0] == "INV-1"


def test_the_file_and_the_page_speak_the_readers_language(client, distributor_user, first_report):
    client.force_login(distributor_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/reports/"})
    rows = list(download(client, first_report).active.iter_rows(values_only=True))
    assert rows[0][8].startswith("Rejection reason") and rows[0][9] == "Row in the original file"
    assert "is not a whole number" in rows[1][8]
    page = client.get(f"/reports/{first_report.pk}/").content.decode()
    assert "is not a whole number of units" in page and "не является" not in page
    api = client.get(f"/api/v1/reports/{first_report.pk}/errors/", HTTP_ACCEPT_LANGUAGE="en").json()
    results = api["results"] if isinstance(api, dict) else api
    first = results[0]
    assert set(first) == {"row_number", "reason", "code", "values"}
    assert first["code"] == "quantity_not_digits" and "whole number" in first["reason"]
    assert all(isinstance(value, str) for value in first["values"])  # the API's cells stay text
    client.post("/i18n/setlang/", {"language": "ru", "next": "/reports/"})
    page = client.get(f"/reports/{first_report.pk}/").content.decode()
    assert "не является целым числом" in page


def test_rows_rejected_before_codes_keep_their_sentence(distributor_user, first_report):
    legacy = RowError.objects.create(report=first_report, row_number=99, legacy_reason="Старая причина", values=["x"])
    assert legacy.reason == "Старая причина"
    assert RowError(code="a_code_of_a_later_release").reason == "a_code_of_a_later_release"


def test_every_reason_code_renders_in_both_languages():
    params = {"value": "x", "date": "01.02.2016", "received": "01.01.2016", "limit": 1, "column": "sku"}
    params |= {"cell": "D2", "error": "#DIV/0!", "row": 2, "id": 7}
    for code in MESSAGES:
        texts = {}
        for language in ("ru", "en"):
            with translation.override(language):
                texts[language] = RowError(code=code, params=params).reason
            assert texts[language] and "%(" not in texts[language], (code, language)
        assert texts["ru"] != texts["en"], f"{code} has no Russian translation"


def test_a_report_read_before_headers_were_kept_still_downloads(client, distributor_user, first_report):
    SalesReport.objects.filter(pk=first_report.pk).update(header=[])
    client.force_login(distributor_user)
    rows = list(download(client, first_report).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("#1", "#2") and rows[1][-1] == 3
