"""Issue 17's PartnerAdvantage journey in Russian: a sales rep joins (role, rules), claims a sale that
no report holds yet → a distributor's report then contains it and the claim is approved → the rep
sees the points, orders a reward → staff ship it in the admin with a tracking note → the rep sees it
shipped. Screenshots in test-artifacts/advantage-*.png."""

import pytest

from advantage.models import Claim, ClaimStatus, Order, OrderStatus, Reward
from distributors.services import report_process, report_receive
from tests.advantage.conftest import SKU, campaign, rules  # noqa: F401 — fixtures
from tests.browser.conftest import screenshot, sign_in
from tests.distributors.conftest import csv_bytes, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_sales_rep_earns_points_for_a_reported_sale_and_gets_a_reward(
    live_server,
    browser_page,
    partner_user,
    program_admin,
    campaign,  # noqa: F811
    distributor_a,
):
    Reward.objects.all().delete()  # the brochure's, if the data migration's rows are still there
    Reward.objects.create(
        name_ru="Солнцезащитные очки", name_en="Sunglasses", points_cost=150, stock=3,
        picture="advantage/reward-sunglasses.svg",
    )  # fmt: skip
    Reward.objects.create(
        name_ru="Услуги консьержа (по запросу)", name_en="Concierge", points_cost=None, stock=None,
        picture="advantage/reward-concierge.svg", position=5,
    )  # fmt: skip
    page = browser_page
    sign_in(page, live_server, partner_user.email)
    page.goto(f"{live_server.url}/dashboard/")
    with page.expect_navigation():
        page.locator("#advantage-link").click()
    assert page.url.endswith("/advantage/join/")
    page.check('input[name="role"][value="sales"]')
    page.check("#id_accept")
    screenshot(page, "advantage-join-ru")
    with page.expect_navigation():
        page.locator("#join-form button[type=submit]").click()
    assert page.url.endswith("/advantage/")

    page.goto(f"{live_server.url}/advantage/claims/")
    page.select_option("#id_distributor", label=distributor_a.name)
    page.fill("#id_invoice_number", "СФ-0077")
    page.fill("#id_invoice_date", "2016-02-10")
    page.fill("#id_sku", SKU)
    page.fill("#id_quantity", "2")
    with page.expect_navigation():
        page.locator("#claim-form button[type=submit]").click()
    claim = Claim.objects.get()
    assert claim.status == ClaimStatus.PENDING
    assert "Ждет отчета дистрибьютора" in page.locator("#claim-list").inner_text()
    screenshot(page, "advantage-claim-pending-ru")

    # The distributor's report arrives with the sale: the claim is matched again and approved.
    rows = [("СФ-0077", "2016-02-10", partner_user.partner.dell_id, SKU, 5, "Vostro 3558", "")]
    report = report_receive(distributor=distributor_a, upload=upload("feb.csv", csv_bytes(rows)))
    report_process(report.pk)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED and claim.points == 200
    page.reload()
    assert "Одобрена" in page.locator("#claim-list").inner_text()
    screenshot(page, "advantage-claim-approved-ru")

    page.goto(f"{live_server.url}/advantage/")
    assert page.locator("#points-balance").inner_text() == "200"
    assert "Продажа СФ-0077" in page.locator("#statement").inner_text()
    screenshot(page, "advantage-points-ru")

    page.goto(f"{live_server.url}/advantage/rewards/")
    screenshot(page, "advantage-rewards-ru")
    card = page.locator("[data-reward]", has_text="Солнцезащитные очки")
    card.locator("textarea").fill("Москва, ул. Тестовая, 1, офис 5")
    with page.expect_navigation():
        card.locator("button[type=submit]").click()
    order = Order.objects.get()
    assert page.url.endswith("/advantage/orders/") and order.status == OrderStatus.RESERVED
    screenshot(page, "advantage-order-placed-ru")

    # Staff ship it from the queue of orders to fulfil.
    page.context.clear_cookies()
    sign_in(page, live_server, program_admin.email)
    page.goto(f"{live_server.url}/admin/advantage/order/?queue=open")
    screenshot(page, "advantage-admin-orders-ru")
    page.locator("#result_list a", has_text=str(order.pk)).first.click()
    page.locator("#order-ship").click()
    page.fill("#id_reason", "СДЭК, трек-номер 1234567890")
    screenshot(page, "advantage-admin-ship-ru")
    page.locator('#confirm-action input[type="submit"]').click()
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED

    page.context.clear_cookies()
    sign_in(page, live_server, partner_user.email)
    page.goto(f"{live_server.url}/advantage/orders/")
    assert "СДЭК, трек-номер 1234567890" in page.locator("#order-list").inner_text()
    assert "Отправлен" in page.locator("#order-list").inner_text()
    screenshot(page, "advantage-order-shipped-ru")
