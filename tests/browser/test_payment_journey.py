"""Finance records a payment in the admin; the partner's statements show where each distributor's
money stands — in Russian, on a desktop and on a phone."""

import pytest

from distributors.services import report_process, report_receive
from rebates.approvals import payout_run_approve
from rebates.payouts import payout_run_compute, payout_run_start
from tests.browser.conftest import screenshot, sign_in
from tests.distributors.conftest import csv_bytes, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_finance_records_a_payment_and_the_partner_sees_it(
    live_server,
    browser_page,
    quarter_with_sales,
    partner_admin,
    superuser,
    finance,  # noqa: F811
):
    quarter, alpha, _beta = quarter_with_sales
    extra = [("A9", "2016-03-01", partner_admin.partner.dell_id, "V-1", 20, "", "")]  # A reaches plan 150
    report_process(report_receive(distributor=alpha, upload=upload("extra.csv", csv_bytes(extra))).pk)
    run = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)
    payout_run_approve(run_id=run.pk, actor=finance)
    page = browser_page

    # Finance records the bank's payment through Alpha from the runs list.
    sign_in(page, live_server, finance.email)
    page.goto(f"{live_server.url}/admin/rebates/payoutrun/")
    page.check(f'input[name="_selected_action"][value="{run.pk}"]')
    page.select_option('select[name="action"]', "mark_paid")
    page.locator('button[name="index"]').click()
    page.wait_for_selector('select[name="distributor"]')  # the action's own page, not the list still
    options = [o.replace("\xa0", " ") for o in page.locator('select[name="distributor"] option').all_inner_texts()]
    assert options == ["Альфа — 34 650,00 ₽", "Бета — 2 310,00 ₽"]
    page.select_option('select[name="distributor"]', str(alpha.pk))
    page.fill('input[name="paid_on"]', "20.11.2026")
    page.fill('input[name="payment_order"]', "4711")
    screenshot(page, "admin-record-payment-ru")
    page.locator('input[type="submit"]').click()
    message = page.locator(".messagelist").inner_text().replace("\xa0", " ")
    assert "Альфа" in message and "20.11.2026" in message and "4711" in message

    # The partner sees Alpha's part paid and Beta's approved, on a desktop and on a phone.
    page.context.clear_cookies()
    sign_in(page, live_server, partner_admin.email)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/statements/")
        alpha_row = page.locator("#statements tbody tr", has_text="Альфа").inner_text()
        beta_row = page.locator("#statements tbody tr", has_text="Бета").inner_text()
        assert "Выплачено" in alpha_row and "20.11.2026" in alpha_row
        assert "Утверждено" in beta_row and "ожидает выплаты" in beta_row
        screenshot(page, f"statements-paid-ru-{width}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
