"""Issue 18's journey in Russian: a partner opens the discount program's web tool from its dashboard
and sees its revenue against the next threshold, growth, services, "ещё … ₽ до … %" and the chart
of eight quarters; last quarter's discounts are fixed and approved; its distributor downloads the
list of its partners' discounts for this quarter. Screenshots in test-artifacts/discounts-*.png."""

import io

import openpyxl
import pytest

from catalog.models import FiscalQuarter
from catalog.selectors import current_quarter
from discounts import services
from tests.browser.conftest import screenshot, sign_in
from tests.discounts.conftest import make_terms, products, sell  # noqa: F401 — a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_partner_follows_its_discount_and_the_distributor_downloads_the_list(
    live_server,
    browser_page,
    partner_admin,
    partner_b,
    distributor_user,
    products,  # noqa: F811
    program_admin,
    finance,
):
    partner = partner_admin.partner
    now = current_quarter()
    quarters = list(FiscalQuarter.objects.filter(start_date__lte=now.start_date).order_by("-start_date")[:8])
    make_terms(now)
    nb, ps = products["notebook"], products["prosupport"]
    # seven earlier quarters of a growing partner, then this quarter so far: 2 580 000 ₽
    for age, quarter in enumerate(quarters[1:], start=1):
        sell(partner, distributor_user.distributor, quarter, f"H-{quarter.code}", nb, 30 - 2 * age, "50000")
    sell(partner, distributor_user.distributor, now, "T-1", nb, 50, "50000")
    sell(partner, distributor_user.distributor, now, "T-1", ps, 5, "12000")
    sell(partner, distributor_user.distributor, now, "T-2", nb, 1, "20000")
    sell(partner_b, distributor_user.distributor, now, "X-1", nb, 1, "1000")
    # last quarter closed: its discounts are fixed by one person and approved by Finance
    previous = quarters[1]
    make_terms(previous)
    run = services.discount_run_compute(quarter=previous, actor=program_admin, source="admin")
    services.discount_run_approve(run_id=run.pk, actor=finance)

    page = browser_page
    sign_in(page, live_server, partner_admin.email)
    page.locator("#discounts-link").click()
    page.wait_for_url("**/discounts/")
    assert page.locator("h1").inner_text() == "Программа скидок"
    assert page.locator("#left-revenue").inner_text() == "ещё 420\u00a0000\u00a0₽ до 3\u00a0%"
    assert "2\u00a0580\u00a0000,00\u00a0₽" in page.locator("#card-revenue").inner_text()
    assert page.locator("[data-discount-total]").inner_text() == "3\u00a0%"  # 1 % + 1 % growth + 1 % services
    assert "Цель роста выполнена" in page.locator("#left-growth").inner_text()
    assert page.locator("#revenue-chart rect").count() == 8
    assert page.locator("#revenue-chart").is_visible()
    assert f"Ваша скидка в {now.code}" in page.locator("#discount-in-force").inner_text()
    assert "Условия-пример" in page.locator("#example-terms").inner_text()
    screenshot(page, "discounts-tool-ru")

    page.context.clear_cookies()
    sign_in(page, live_server, distributor_user.email)
    page.locator("#discounts-link").click()
    page.wait_for_url("**/distributor/discounts/")
    assert partner.legal_name in page.locator("#distributor-discounts").inner_text()
    screenshot(page, "discounts-distributor-ru")
    with page.expect_download() as download:
        page.locator("#download-discounts").click()
    assert download.value.suggested_filename == f"discounts-{now.code}-{distributor_user.distributor.code}.xlsx"
    rows = list(openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active.values)
    assert rows[0][:4] == ("Dell ID", "Партнер", "ИНН", "Скидка, %")
    assert [row[0] for row in rows[1:]] == [partner.dell_id]  # partner B earned nothing last quarter
    assert rows[1][-1] == now.code
