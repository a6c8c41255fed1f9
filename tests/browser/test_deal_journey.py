"""Issue 15's journey in Russian: a partner registers a deal with pre-sale support → the district's
manager sees it in the admin queue and approves → the partner sees it protected until a date → a
second partner registers the same INN and is flagged as a conflict (without seeing the first) → the
first records a win and the manager sees the matching sales lines. Screenshots in test-artifacts/."""

from datetime import timedelta

import pytest
from django.utils import timezone

from deals.models import Deal, DealStatus
from distributors.services import report_process, report_receive
from portal.models import Distributor
from tests.browser.conftest import screenshot, sign_in
from tests.deals.conftest import CUSTOMER_INN, deal_catalog  # noqa: F401 — a fixture
from tests.distributors.conftest import csv_bytes, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def register_in_browser(page, live_server, *, customer, item, presale):
    page.goto(f"{live_server.url}/deals/new/")
    page.fill("#id_customer_name", customer)
    page.fill("#id_customer_inn", CUSTOMER_INN)
    page.select_option("#id_customer_region", label="Центральный ФО")
    page.fill("#id_contact_name", "Иван Петров")
    page.fill("#id_project", "Ноутбуки для бухгалтерии")
    page.fill("#id_close_date", (timezone.localdate() + timedelta(days=45)).isoformat())
    page.fill("#id_amount", "1850000")
    page.fill("#id_lines-0-item", item)
    page.fill("#id_lines-0-quantity", "25")
    if presale:
        page.check('input[name="presale_help"][value="demo"]')
        page.fill("#id_presale_details", "Два демонстрационных ноутбука на неделю")
    with page.expect_navigation():
        page.locator("#submit-deal").click()
    return Deal.objects.order_by("-pk").first()


def test_a_deal_from_registration_to_a_confirmed_win(
    live_server,
    browser_page,
    partner_admin,
    other_partner_user,
    account_manager,
    program_admin,
    deal_catalog,  # noqa: F811
):
    page = browser_page
    sign_in(page, live_server, partner_admin.email)
    deal = register_in_browser(page, live_server, customer="ООО «Ромашка»", item="V-1", presale=True)
    assert deal.status == DealStatus.SUBMITTED and page.url.endswith(f"/deals/{deal.pk}/")
    assert page.locator("[data-deal-status]").inner_text() == "Ожидает решения"
    screenshot(page, "deal-submitted-ru")

    # The manager of the Central district finds it in the queue and approves it.
    page.context.clear_cookies()
    sign_in(page, live_server, account_manager.email)
    page.goto(f"{live_server.url}/admin/deals/deal/")
    assert deal.number in page.locator("#result_list").inner_text()
    screenshot(page, "admin-deal-queue-ru")
    page.locator("#result_list a", has_text=deal.number).click()
    page.locator("a.decision-approve").click()
    page.locator('#confirm-action input[type="submit"]').click()
    assert deal.number in page.locator(".messagelist").inner_text()
    until = (timezone.localdate() + timedelta(days=90)).strftime("%d.%m.%Y")

    # The partner sees the protection and its date.
    page.context.clear_cookies()
    sign_in(page, live_server, partner_admin.email)
    page.goto(f"{live_server.url}/deals/{deal.pk}/")
    assert until in page.locator("#protection").inner_text()
    screenshot(page, "deal-protected-ru")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/deals/")
    table = page.locator("#deal-list").evaluate("t => t.parentElement.scrollWidth - t.parentElement.clientWidth")
    assert table <= 0 and page.locator("[data-deal-status]").first.is_visible()  # the status without swiping
    screenshot(page, "deal-list-ru-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    # A second partner registers the same INN: flagged, and it never sees the first partner.
    page.context.clear_cookies()
    sign_in(page, live_server, other_partner_user.email)
    second = register_in_browser(page, live_server, customer="Ромашка", item="vostro", presale=False)
    assert second.conflict_with_id == deal.pk
    text = page.locator("main").inner_text()
    assert deal.number not in text and partner_admin.partner.legal_name not in text
    screenshot(page, "deal-second-partner-ru")

    # The first partner's distributor reports the sale; the partner records the win.
    alpha = Distributor.objects.create(code="alpha", name="Альфа")
    today = timezone.localdate().isoformat()
    rows = [("INV-77", today, partner_admin.partner.dell_id, "V-1", 25, "", "")]
    report_process(report_receive(distributor=alpha, upload=upload("deal.csv", csv_bytes(rows))).pk)
    page.context.clear_cookies()
    sign_in(page, live_server, partner_admin.email)
    page.goto(f"{live_server.url}/deals/{deal.pk}/")
    page.check('#outcome-form input[name="won"][value="1"]')
    page.fill('#outcome-form input[name="invoices"]', "INV-77")
    with page.expect_navigation():
        page.locator("#outcome-form button[type=submit]").click()
    assert Deal.objects.get(pk=deal.pk).status == DealStatus.WON

    # The manager sees the conflict side by side on the second deal, and the sales lines behind the win.
    page.context.clear_cookies()
    sign_in(page, live_server, account_manager.email)
    page.goto(f"{live_server.url}/admin/deals/deal/{deal.pk}/change/")
    assert "INV-77" in page.locator("#deal-sales-lines").inner_text()
    screenshot(page, "admin-deal-won-sales-lines-ru")
    page.locator("a.decision-approve").click()  # confirm the win
    page.locator('#confirm-action input[type="submit"]').click()
    assert Deal.objects.get(pk=deal.pk).win_confirmed_at is not None
    # The second deal is in another district (Siberia): a program administrator, who sees every
    # district, finds both side by side (the first while it was still protected).
    Deal.objects.filter(pk=deal.pk).update(status=DealStatus.APPROVED)
    page.context.clear_cookies()
    sign_in(page, live_server, program_admin.email)
    page.goto(f"{live_server.url}/admin/deals/deal/{second.pk}/change/")
    assert deal.number in page.locator("#deal-conflicts").inner_text()
    screenshot(page, "admin-deal-conflict-ru")
