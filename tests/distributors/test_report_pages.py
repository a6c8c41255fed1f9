"""Issue 14: dates as people write them, the lines with an unknown Dell ID or SKU listed on the
report page, pages of reports and of rejected rows, and 404 for a report that is not yours."""

from datetime import date

import pytest
from django.utils import translation

from distributors.models import ReportStatus, RowError, SalesReport
from distributors.services import report_process, report_receive
from distributors.validation import RowRejected, parse_date
from tests.distributors.conftest import csv_bytes, upload


def run(distributor, name, content):
    return report_process(report_receive(distributor=distributor, upload=upload(name, content)).pk)


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("12.11.26", date(2026, 11, 12)),  # LibreOffice in a Russian locale
        ("1.2.16", date(2016, 2, 1)),
        ("01.02.16 00:00", date(2016, 2, 1)),
        ("01.02.2016", date(2016, 2, 1)),
        ("2016-02-01", date(2016, 2, 1)),
    ],
)
def test_dates_as_people_write_them(written, day):
    assert parse_date(written) == day


@pytest.mark.parametrize(
    ("written", "code", "russian"),
    [
        ("31.02.16", "date_no_such_day", "такого дня в календаре нет"),
        ("2016-13-01", "date_no_such_day", "такого дня в календаре нет"),
        ("05/06/16", "date_ambiguous", "неоднозначно"),
        ("12.11.026", "date_format", "ДД.ММ.ГГ"),
        ("12.11.2", "date_format", "ДД.ММ.ГГГГ"),
        ("вчера", "date_format", "не является датой"),
        ("", "date_empty", "invoice_date"),
    ],
)
def test_dates_that_cannot_be_read_are_refused_with_a_russian_reason(written, code, russian):
    with pytest.raises(RowRejected) as refused:
        parse_date(written)
    assert refused.value.code == code
    with translation.override("ru"):
        assert russian in str(refused.value)


def test_a_report_with_two_digit_years_is_stored(distributor_a, catalog, partner_a):
    rows = [
        ("Y-1", "01.02.16", partner_a.dell_id, "210-AAAA", 2, "", ""),
        ("Y-2", "30.02.16", partner_a.dell_id, "210-AAAA", 1, "", ""),
    ]
    report = run(distributor_a, "yy.csv", csv_bytes(rows, delimiter=";"))
    assert (report.rows_stored, report.rows_rejected) == (1, 1)
    assert report.lines.get().invoice_date == date(2016, 2, 1)
    assert report.row_errors.get().code == "date_no_such_day"


@pytest.fixture
def report_with_unknowns(distributor_user, catalog, partner_a):
    known = partner_a.dell_id
    rows = [("K-1", "2016-02-01", known, "210-AAAA", 1, "", "")]
    rows += [(f"P-{n}", "2016-02-01", "9999999", "210-AAAA", 1, "", "") for n in range(60)]  # unknown Dell ID
    rows += [("S-1", "2016-02-01", known, "NEW-SKU", 3, "", "")]  # unknown SKU
    report = run(distributor_user.distributor, "unknowns.csv", csv_bytes(rows))
    assert (report.unmatched_rows, report.unknown_sku_rows) == (60, 1)
    return report


def test_lines_with_an_unknown_dell_id_or_sku_are_listed_with_rows_and_values(
    client, distributor_user, report_with_unknowns
):
    client.force_login(distributor_user)
    url = f"/reports/{report_with_unknowns.pk}/"
    page = client.get(url).content.decode()
    assert 'id="unknown-lines"' in page and "(61)" in page  # either unknown, 50 a page
    assert "?unknown=dell_id#unknown" in page and "?unknown=sku#unknown" in page  # the figures link here
    assert "Страница 1 из 2" in page
    second = client.get(url, {"unknown_page": 2}).content.decode()
    assert "P-59" in second and "S-1" in second and "K-1" not in second
    sku_only = client.get(url, {"unknown": "sku"}).content.decode()
    assert "NEW-SKU" in sku_only and "(1)" in sku_only and "P-0" not in sku_only
    dell_only = client.get(url, {"unknown": "dell_id"}).content.decode()
    assert "9999999" in dell_only and "S-1" not in dell_only
    assert client.get(url, {"unknown": "nonsense", "unknown_page": "x"}).status_code == 200


def test_rejected_rows_and_reports_come_a_page_at_a_time(client, distributor_user, catalog, partner_a):
    rows = [(f"B-{n}", "2016-02-01", partner_a.dell_id, "210-AAAA", "x", "", "") for n in range(120)]
    rows.append(("OK", "2016-02-01", partner_a.dell_id, "210-AAAA", 1, "", ""))
    report = run(distributor_user.distributor, "bad.csv", csv_bytes(rows))
    client.force_login(distributor_user)
    url = f"/reports/{report.pk}/"
    first = client.get(url).content.decode()
    assert "(120)" in first and "Страница 1 из 3" in first
    last = client.get(url, {"page": 3}).content.decode()
    assert "<td>121</td>" in last and "<td>2</td>" not in last

    for n in range(30):  # reports beyond the first page are reachable
        SalesReport.objects.create(
            distributor=distributor_user.distributor,
            original_name=f"old-{n}.csv",
            sha256=f"{n:064d}",
            size=1,
            status=ReportStatus.FAILED,
        )
    in_list = f"#{report.pk}</span> bad.csv"
    listing = client.get("/reports/").content.decode()
    assert "Страница 1 из 2" in listing and in_list not in listing
    assert in_list in client.get("/reports/", {"page": 2}).content.decode()


def test_a_missing_or_foreign_report_is_404_on_every_page(
    client, distributor_user, other_distributor_user, report_with_unknowns
):
    client.force_login(distributor_user)
    for url in ("/reports/999999/", "/reports/999999/rejected.xlsx", "/reports/999999/?unknown=sku"):
        response = client.get(url)
        assert response.status_code == 404 and "Location" not in response, url
    client.force_login(other_distributor_user)
    for url in (f"/reports/{report_with_unknowns.pk}/", f"/reports/{report_with_unknowns.pk}/?unknown_page=2"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "9999999" not in response.content.decode()


def test_the_reports_list_stacks_on_phones_without_breaking_names(client, distributor_user, report_with_unknowns):
    client.force_login(distributor_user)
    page = client.get("/reports/").content.decode()
    # The file name is a cell of its own row on a phone, and each count carries its label there.
    assert 'class="pd-file text-break"' in page and 'data-label="Сохранено"' in page
    assert RowError.objects.count() == 0
