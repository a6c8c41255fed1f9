"""Statements: their totals are the run's; distributors and partners see only their own."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group

from conftest import make_user
from distributors.services import report_process, report_receive
from portal.roles import FINANCE
from rebates.approvals import payout_run_approve
from rebates.payouts import payout_run_compute, payout_run_start
from tests.distributors.conftest import csv_bytes, upload


@pytest.fixture
def approved_run(quarter_with_sales, partner_admin, superuser, roles):
    quarter, alpha, beta = quarter_with_sales
    rows = [("A9", "2016-03-01", partner_admin.partner.dell_id, "V-1", 20, "", "")]
    report_process(report_receive(distributor=alpha, upload=upload("extra.csv", csv_bytes(rows))).pk)
    run = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)
    finance = make_user("finance@example.com", is_staff=True)
    finance.groups.add(Group.objects.get(name=FINANCE))
    payout_run_approve(run_id=run.pk, actor=finance)
    return run, alpha, beta


DELL_ID, PARTNER, DISTRIBUTOR, PROGRAM, GROUP, UNITS, PLAN, RATE, AMOUNT, ADJUSTMENT, REASON = range(11)


def sheet_total(response):
    """(rows, total): the header row first, then the lines, then the totals row."""
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Dell ID")
    rows = rows[header:]
    assert rows[-1][RATE] in ("Итого", "Total")
    return rows, Decimal(str(rows[-1][AMOUNT]))


def test_distributor_statements_add_up_to_the_run(client, approved_run):
    from conftest import make_user as mk

    run, alpha, beta = approved_run
    totals = Decimal("0")
    for distributor in (alpha, beta):
        user = mk(f"ops@{distributor.code}.example", distributor=distributor)
        client.force_login(user)
        assert client.get("/statements/").status_code == 200
        rows, total = sheet_total(client.get(f"/statements/{run.pk}/statement.xlsx"))
        assert {r[DISTRIBUTOR] for r in rows[1:-1]} == {distributor.name}  # only lines paid through this distributor
        totals += total
    assert totals == run.total_amount == Decimal("160") * 231


def test_partner_statement_and_isolation(client, approved_run, partner_admin, other_partner_user):
    run, _alpha, _beta = approved_run
    client.force_login(partner_admin)
    page = client.get("/statements/").content.decode()
    # Per distributor it bought through: 150 units via Alpha, 10 via Beta, at 231 ₽ (36 960 ₽ in all).
    assert "2016-Q1" in page and "34\xa0650,00" in page and "2\xa0310,00" in page
    rows, total = sheet_total(client.get(f"/statements/{run.pk}/statement.xlsx"))
    assert total == Decimal("36960.00") and {r[DELL_ID] for r in rows[1:-1]} == {str(partner_admin.partner.dell_id)}
    client.force_login(other_partner_user)
    rows, total = sheet_total(client.get(f"/statements/{run.pk}/statement.xlsx"))
    assert total == 0 and {r[DELL_ID] for r in rows[1:-1]} == {str(other_partner_user.partner.dell_id)}
    api = client.get("/api/v1/payout-lines/", {"quarter": "2016-Q1"}).json()["results"]
    assert {line["partner_ref"] for line in api} == {str(other_partner_user.partner.dell_id)}


def test_a_run_not_yet_approved_has_no_statement(client, quarter_with_sales, partner_admin, superuser):
    quarter, *_ = quarter_with_sales
    run = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)
    client.force_login(partner_admin)
    assert client.get(f"/statements/{run.pk}/statement.xlsx").status_code == 404


def test_beat_starts_a_run_some_days_after_the_quarter_ends(quarter_with_sales, settings):
    from datetime import date

    from rebates.models import PayoutRun
    from rebates.payouts import scheduled_runs_start

    settings.PAYOUT_RUN_DAYS_AFTER_QUARTER = 10
    assert scheduled_runs_start(today=date(2016, 5, 8)) == []  # Q1 ended 29.04: 9 days
    started = scheduled_runs_start(today=date(2016, 5, 9))
    assert [run.quarter.code for run in started] == ["2016-Q1"]
    assert scheduled_runs_start(today=date(2016, 5, 10)) == []  # once per quarter
    assert PayoutRun.objects.filter(source="beat").count() == 1


def test_statements_show_where_the_money_stands(client, approved_run, partner_admin, roles):
    from datetime import date

    from rebates.approvals import payout_run_mark_paid
    from rebates.models import PayoutRun

    run, alpha, _beta = approved_run
    payout_run_mark_paid(run_id=run.pk, distributor_id=alpha.pk, paid_on=date(2026, 11, 20), payment_order="4711",
                         actor=PayoutRun.objects.get(pk=run.pk).approved_by)  # fmt: skip
    client.force_login(partner_admin)
    page = client.get("/statements/").content.decode()
    rows = {r.split('data-distributor="')[1].split('"')[0]: r for r in page.split('<tr data-run="')[1:]}
    assert "Выплачено" in rows["Альфа"] and "20.11.2026" in rows["Альфа"]
    assert "Утверждено" in rows["Бета"] and "ожидает выплаты" in rows["Бета"]


def test_a_preview_is_labelled_and_has_no_statement_file(client, quarter_with_sales, partner_admin, superuser):
    from tests.rebates.conftest import clock

    quarter, *_ = quarter_with_sales
    with clock(2016, 4, 20, 12, 0):
        run = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)
    client.force_login(partner_admin)
    page = client.get("/statements/").content.decode()
    assert "Предварительный" in page and f"/statements/{run.pk}/statement.xlsx" not in page
    api = client.get("/api/v1/payout-lines/", {"run": run.pk}).json()["results"]
    assert api and all(line["preview"] and line["run_status"] == "done" for line in api)


@pytest.mark.parametrize(
    "query", [{"run": "99999999999999999999"}, {"run": "-1"}, {"run": "abc"}, {"quarter": "Q1"}, {"reason": "nope"}]
)
def test_a_bad_query_parameter_is_a_400_that_names_it(client, partner_admin, query):
    client.force_login(partner_admin)
    response = client.get("/api/v1/payout-lines/", query)
    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_a_statement_is_a_file_finance_can_file(client, approved_run, partner_admin):
    """Russian names, not codes; money as numbers formatted "# ##0,00 ₽"; a heading and a named sheet."""
    run, alpha, _beta = approved_run
    client.force_login(partner_admin)
    response = client.get(f"/statements/{run.pk}/statement.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet.title == "Выписка 2016-Q1"
    heading = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, max_row=5, values_only=True)}
    assert heading["Квартал"] == "2016-Q1: 30.01.2016 — 29.04.2016"
    assert str(partner_admin.partner.dell_id) in heading["Получатель"]
    assert heading["Статус"].startswith("утверждено ")
    rows, _total = sheet_total(response)
    lines = rows[1:-1]
    assert all(not str(line[GROUP]).islower() for line in lines)  # a group's name, not its code
    reasons = {line[REASON] for line in lines}
    assert "выплачено" in reasons and all(re.search("[а-я]", r) and "_" not in r for r in reasons)  # words, not codes
    amount_cells = [row[AMOUNT] for row in sheet.iter_rows(min_row=7) if isinstance(row[AMOUNT].value, (int, float))]
    assert amount_cells and {c.number_format for c in amount_cells} == {'#,##0.00 "₽"'}
    assert sheet.column_dimensions["B"].width > 20


def test_the_statement_comes_as_a_pdf_too_and_only_to_its_partner(
    client, approved_run, partner_admin, other_partner_user
):
    run, _alpha, _beta = approved_run
    client.force_login(partner_admin)
    assert f"/statements/{run.pk}/statement.pdf" in client.get("/statements/").content.decode()
    response = client.get(f"/statements/{run.pk}/statement.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and b"DejaVu" in response.content  # Cyrillic font embedded
    assert f"{partner_admin.partner.dell_id}.pdf" in response["Content-Disposition"]

    from fpdf import FPDF  # noqa: F401 — the library renders; the file reads back as a PDF

    client.force_login(other_partner_user)  # no lines in this run: its own (empty) statement only
    other = client.get(f"/statements/{run.pk}/statement.pdf")
    assert other.status_code == 200 and f"{other_partner_user.partner.dell_id}.pdf" in other["Content-Disposition"]
