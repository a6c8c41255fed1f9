"""Issue 17's journey in Russian: Alpha reported 20 Vostro units without the partner's Dell ID and the
quarter's run was approved with nothing due to the partner (140 < plan 150); the partner claims the
sale on its page → Alpha's user sees the partner's name and Dell ID against the line and confirms →
the next run pays the partner 160 × 231 ₽, all of it as an adjustment, and its statements show it.
Screenshots in test-artifacts/."""

import pytest

from distributors.models import ClaimStatus, MissingIdClaim, SalesLine
from distributors.services import report_process, report_receive
from rebates.approvals import payout_run_approve
from rebates.payouts import payout_run_compute, payout_run_start
from tests.browser.conftest import screenshot, sign_in
from tests.distributors.conftest import csv_bytes, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_partner_claims_an_unmatched_sale_the_distributor_confirms_and_the_next_run_pays_it(
    live_server,
    browser_page,
    quarter_with_sales,
    partner_admin,
    superuser,
    finance,  # noqa: F811
):
    from conftest import make_user

    quarter, alpha, _beta = quarter_with_sales
    rows = [("СФ-1207", "2016-03-10", "5550555", "V-1", 20, "", "")]  # a Dell ID nobody has
    report_process(report_receive(distributor=alpha, upload=upload("march.csv", csv_bytes(rows))).pk)
    approved = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)
    payout_run_approve(run_id=approved.pk, actor=finance)
    alpha_user = make_user("ops@alpha-ru.example", distributor=alpha, full_name="Ольга Альфина")
    page = browser_page

    # The partner claims the sale from its dashboard's Dell ID card.
    sign_in(page, live_server, partner_admin.email)
    page.goto(f"{live_server.url}/dashboard/")
    page.locator("#claims-link").click()
    page.wait_for_selector("#claim-form")
    page.select_option("#id_distributor", label="Альфа")
    page.fill("#id_invoice_number", " СФ-1207 ")
    page.fill("#id_invoice_date", "2016-03-10")
    page.fill("#id_sku", "v-1")
    page.fill("#id_quantity", "20")
    screenshot(page, "claim-form-ru")
    with page.expect_navigation():
        page.locator("#submit-claim").click()
    claim = MissingIdClaim.objects.get()
    assert claim.status == ClaimStatus.SUBMITTED
    assert page.locator(f'tr[data-claim="{claim.pk}"] [data-claim-status]').inner_text() == "Ждет ответа дистрибьютора"
    screenshot(page, "claim-submitted-ru")

    # Alpha's user sees who claims it (name and Dell ID) against the line of its report, and confirms.
    page.context.clear_cookies()
    sign_in(page, live_server, alpha_user.email)
    page.locator("nav a", has_text="Заявки партнеров").click()
    row = page.locator(f'#distributor-claims tr[data-claim="{claim.pk}"]')
    text = row.inner_text()
    assert partner_admin.partner.legal_name in text and str(partner_admin.partner.dell_id) in text
    assert "5550555" in text  # the Dell ID as Alpha gave it
    screenshot(page, "distributor-claims-ru")
    with page.expect_navigation():
        row.locator("[data-confirm-claim]").click()
    assert "подтверждена" in page.locator(".alert-success").inner_text().lower()
    assert SalesLine.objects.get(invoice_number="СФ-1207").partner == partner_admin.partner
    screenshot(page, "distributor-claim-confirmed-ru")

    # The next run of the approved quarter pays it as an adjustment; the partner's statement shows it.
    second = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)
    assert second.adjusts == approved
    page.context.clear_cookies()
    sign_in(page, live_server, partner_admin.email)
    page.goto(f"{live_server.url}/claims/")
    assert page.locator("[data-claim-status]").first.inner_text() == "Подтверждена"
    screenshot(page, "claim-confirmed-ru")
    page.goto(f"{live_server.url}/statements/")
    statements = page.locator("#statements").inner_text().replace("\xa0", " ")
    assert "34 650,00 ₽" in statements  # through Alpha: (100 + 30 + 20) × 231
    screenshot(page, "claim-paid-statement-ru")
