"""Issue 19's journeys in Russian: a partner finds "XPS" in the library and downloads a layout; a
partner administrator changes the company phone (applied at once) and the company name (waits for the
account manager, who approves it in the admin). Screenshots test-artifacts/tools-*.png."""

import pytest

from library.models import Download
from portal.models import LegalDataRequest, LegalDataStatus
from tests.browser.conftest import screenshot, sign_in
from tests.deals.conftest import deal_catalog  # noqa: F401 — a fixture
from tests.library.conftest import lines, make_asset, media  # noqa: F401 — fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_partner_finds_xps_in_the_library_and_downloads_a_layout(
    live_server,
    browser_page,
    partner_user,
    make_asset,  # noqa: F811
):
    layout = make_asset("Макет баннера XPS 13, онлайн")
    make_asset("Прайс-лист Latitude", kind="document", line="latitude", name="latitude.txt", content=b"price")
    page = browser_page
    sign_in(page, live_server, partner_user.email)
    page.locator("#library-link").click()
    page.fill("#id_q", "XPS")
    with page.expect_navigation():
        page.locator("#library-search button[type=submit]").click()
    cards = page.locator("[data-asset]")
    assert cards.count() == 1 and "Макет баннера XPS 13" in cards.first.inner_text()
    assert page.locator(f'[data-asset="{layout.pk}"] img').evaluate("img => img.naturalWidth") > 0  # the thumbnail
    screenshot(page, "tools-library-ru")
    with page.expect_download() as download:
        cards.first.locator("[data-download]").click()
    assert download.value.suggested_filename.startswith("xps-banner")
    assert Download.objects.get(asset=layout, partner=partner_user.partner).count == 1


def test_a_partner_administrator_changes_the_phone_and_the_name(
    live_server, browser_page, partner_admin, account_manager
):
    page = browser_page
    sign_in(page, live_server, partner_admin.email)
    page.locator("#company-link").click()
    page.fill("#id_phone", "+7 843 200-00-00")
    page.fill("#id_legal_name", "ООО «Альфа Плюс»")
    with page.expect_navigation():
        page.locator("#save-company").click()
    assert "Контакты компании изменены" in page.locator("main").inner_text()
    assert "Ждет одобрения вашего менеджера" in page.locator("#pending-legal").inner_text()
    assert page.locator("#id_legal_name").input_value() == "ООО «Альфа»"  # not changed yet
    screenshot(page, "tools-company-ru")
    partner_admin.partner.refresh_from_db()
    assert partner_admin.partner.phone.as_e164 == "+78432000000"

    # The district's manager approves it in the admin.
    page.context.clear_cookies()
    sign_in(page, live_server, account_manager.email)
    found = LegalDataRequest.objects.get(status=LegalDataStatus.PENDING)
    page.goto(f"{live_server.url}/admin/portal/legaldatarequest/{found.pk}/change/")
    page.locator("a.decision-approve").click()
    screenshot(page, "tools-admin-legal-approve-ru")
    page.locator('#confirm-action input[type="submit"]').click()
    assert "изменены" in page.locator(".messagelist").inner_text()
    partner_admin.partner.refresh_from_db()
    assert partner_admin.partner.legal_name == "ООО «Альфа Плюс»"


def test_the_dashboard_links_the_tools(live_server, browser_page, partner_admin):
    page = browser_page
    sign_in(page, live_server, partner_admin.email)
    page.goto(f"{live_server.url}/dashboard/")
    assert "Инструменты" in page.locator("#tools-card").inner_text()
    screenshot(page, "tools-dashboard-ru")


def test_a_visitor_finds_a_service_center_in_kazan(live_server, browser_page):
    from service_locator.demo import create_demo_centers

    create_demo_centers()
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.locator("#footer-service-centers").click()
    assert "PL CIS" in page.locator("#warranty-types").inner_text()
    page.fill("#id_city", "казань")
    with page.expect_navigation():
        page.locator("#center-search button[type=submit]").click()
    rows = page.locator("[data-center]")
    assert rows.count() == 2 and "ул. Баумана, 44" in page.locator("#centers").inner_text()
    assert "сервисных центр" in page.locator("#coverage").inner_text()
    screenshot(page, "tools-service-centers-ru")


def test_the_dashboard_shows_the_latest_news(live_server, browser_page, partner_user, program_admin):
    from news.demo import create_demo_news
    from news.models import NewsItem

    create_demo_news(staff=program_admin)
    page = browser_page
    sign_in(page, live_server, partner_user.email)
    card = page.locator("#news-card")
    assert card.locator("[data-news]").count() == 3
    assert "Обновлена библиотека материалов" in card.inner_text()  # the newest first
    screenshot(page, "tools-dashboard-news-ru")
    card.locator("a", has_text="Старт программы").click()
    assert "Примите программы квартала" in page.locator("#news-item").inner_text()
    assert NewsItem.objects.count() == 3


def test_a_lead_passed_to_a_partner_is_accepted_and_becomes_a_deal(
    live_server,
    browser_page,
    partner_admin,
    program_admin,
    deal_catalog,  # noqa: F811
):
    from datetime import timedelta

    from django.utils import timezone

    from leads.models import Lead, LeadStatus
    from portal.models import Region

    lead = Lead.objects.create(
        company="АО «Казанский приборный завод»", inn="7707083893", region=Region.objects.get(code="central"),
        segment="commercial", need="120 рабочих мест для конструкторов", created_by=program_admin,
    )  # fmt: skip
    page = browser_page
    # Staff pass it in the admin to a partner the admin offers.
    sign_in(page, live_server, program_admin.email)
    page.goto(f"{live_server.url}/admin/leads/lead/{lead.pk}/change/")
    page.locator("#offer-lead").click()
    page.select_option("select[name=partner]", label=str(partner_admin.partner))
    screenshot(page, "tools-admin-lead-offer-ru")
    with page.expect_navigation():
        page.locator("form input[type=submit], form button[type=submit]").last.click()
    lead.refresh_from_db()
    assert lead.status == LeadStatus.OFFERED

    # The partner accepts it, records a meeting and registers the deal.
    page.context.clear_cookies()
    sign_in(page, live_server, partner_admin.email)
    page.locator("#leads-link").click()
    page.locator("[data-lead] a", has_text="Казанский").click()
    with page.expect_navigation():
        page.locator("#accept-lead").click()
    assert "Принят" in page.locator("#lead-status").inner_text()
    page.fill("#id_text", "Встреча с главным инженером 2 декабря")
    with page.expect_navigation():
        page.locator("#note-form button").click()
    screenshot(page, "tools-lead-accepted-ru")
    page.locator("#register-deal").click()
    assert page.locator("#id_customer_inn").input_value() == "7707083893"
    assert page.locator("#id_customer_name").input_value() == "АО «Казанский приборный завод»"
    page.fill("#id_contact_name", "Иван Петров")
    page.fill("#id_project", "Рабочие места конструкторов")
    page.fill("#id_close_date", (timezone.localdate() + timedelta(days=45)).isoformat())
    page.fill("#id_amount", "9500000")
    page.fill("#id_lines-0-item", "P-1")
    page.fill("#id_lines-0-quantity", "120")
    with page.expect_navigation():
        page.locator("#submit-deal").click()
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONVERTED and lead.deal.customer_inn == "7707083893"
    page.goto(f"{live_server.url}/leads/{lead.pk}/")
    assert lead.deal.number in page.locator("#lead-deal").inner_text()
    screenshot(page, "tools-lead-deal-ru")
