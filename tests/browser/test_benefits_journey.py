"""Issue 16's journeys in Russian: a partner downloads its certificate and the page its QR code
opens says "valid"; a partner asks to be listed in "Где купить", the district's manager approves in
the admin, and the public directory finds it by city. Screenshots in test-artifacts/."""

import subprocess
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from benefits import services
from benefits.models import Certificate, Listing
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_partner_downloads_its_certificate_and_the_qr_says_valid(
    live_server, browser_page, quarter_with_sales, partner_admin, tmp_path
):
    from tests.benefits.test_certificate import AS_OF

    services.certificates_renew(AS_OF)
    certificate = partner_admin.partner.certificates.get()
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=timezone.localdate() + timedelta(days=90))
    page = browser_page
    sign_in(page, live_server, partner_admin.email)
    page.locator("#certificate-link").click()
    assert page.locator("[data-certificate-number]").inner_text() == certificate.number
    screenshot(page, "certificate-page-ru")
    with page.expect_download() as download:
        page.locator("#download-ru").click()
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", pdf, tmp_path / "page"], check=True)
    url = subprocess.run(
        ["zbarimg", "--raw", "-q", tmp_path / "page.png"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert url == f"{settings.PORTAL_BASE_URL}/verify/{certificate.number}/"

    page.context.clear_cookies()  # a customer who scanned the code is not signed in
    page.goto(url.replace(settings.PORTAL_BASE_URL, live_server.url))
    assert "Действителен" in page.locator("main").inner_text()
    assert partner_admin.partner.legal_name in page.locator("main").inner_text()
    screenshot(page, "certificate-verify-ru")


def test_a_partner_is_listed_after_the_manager_approves_and_customers_find_it(
    live_server, browser_page, partner_admin, account_manager
):
    page = browser_page
    sign_in(page, live_server, partner_admin.email)
    page.locator("#listing-link").click()
    assert page.locator("#id_city").input_value() == "Москва"  # prefilled from the profile
    page.fill("#id_city", "Тверь")
    page.fill("#id_phone", "+7 4822 33-44-55")
    page.locator("#id_specializations input").first.check()
    page.check('input[name="segment"][value="consumer"]')
    screenshot(page, "listing-form-ru")
    page.locator("#listing-form button[type=submit]").click()
    assert "ожидает одобрения" in page.locator("#listing-pending").inner_text()
    screenshot(page, "listing-pending-ru")

    page.context.clear_cookies()
    sign_in(page, live_server, account_manager.email)
    page.goto(f"{live_server.url}/admin/benefits/listingrequest/")
    page.locator("#result_list a", has_text=partner_admin.partner.legal_name).click()
    screenshot(page, "admin-listing-request-ru")
    page.locator("a.decision-approve").click()
    page.locator('#confirm-action input[type="submit"]').click()
    assert "теперь в разделе «Где купить»" in page.locator(".messagelist").inner_text()
    assert Listing.objects.get(partner=partner_admin.partner).city == "Тверь"

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Где купить").first.click()
    page.select_option("#id_city", "Тверь")
    page.locator("#directory-search button[type=submit]").click()
    results = page.locator("#directory-results").inner_text()
    assert partner_admin.partner.legal_name in results and "+7 482 233-44-55" in results  # as phonenumbers writes it
    assert "Найден 1 партнер" in page.locator("#directory-count").inner_text()
    screenshot(page, "directory-ru")
