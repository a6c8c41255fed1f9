"""The registration journey in a real browser: apply in Russian, read the PR number from the
page and the e-mail, look the status up, get approved, set a password, see the dashboard."""

import re

import pytest
from django.core import mail

from portal import services
from portal.models import PartnerApplication, User
from tests.browser.conftest import screenshot
from toolkit.validators import inn_with_check_digits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_partner_registers_checks_status_and_reaches_the_dashboard(live_server, browser_page, brochure):
    page = browser_page
    inn = inn_with_check_digits("771500042")

    # Given a reseller on the registration page (Russian by default)
    page.goto(f"{live_server.url}/register/")
    assert page.locator("h1").inner_text() == "Регистрация партнера"

    # When they make a mistake in the INN, the page says what is wrong and keeps what they typed
    page.fill("#id_contact_name", "Елена Смирнова")
    page.fill("#id_contact_position", "Руководитель отдела продаж")
    page.fill("#id_contact_email", "elena@vector.example")
    page.fill("#id_contact_phone", "+7 495 765-43-21")
    page.fill("#id_legal_name", "ООО «Вектор»")
    page.fill("#id_inn", inn[:-1] + str((int(inn[-1]) + 1) % 10))
    page.fill("#id_city", "Москва")
    page.select_option("#id_region", label="Центральный ФО")
    page.fill("#id_address", "Москва, Ленинградский пр-т, 39")
    page.get_by_label("Системный интегратор").check()
    page.get_by_label("Потребительский и коммерческий").check()
    page.check("#id_consent")
    screenshot(page, "registration-form-ru")
    page.get_by_role("button", name="Отправить заявку").click()
    screenshot(page, "registration-error-ru")
    assert "контрольных цифр" in page.locator('[data-field-error="inn"]').inner_text()
    assert page.input_value("#id_legal_name") == "ООО «Вектор»"

    # Then they fix it and submit: the PR number is on the page and in the e-mail
    page.fill("#id_inn", inn)
    page.check("#id_consent")
    page.get_by_role("button", name="Отправить заявку").click()
    pr_number = page.locator("#pr-number").inner_text().strip()
    assert re.fullmatch(r"PR\d{7}", pr_number)
    screenshot(page, "registration-done-ru")
    (message,) = [m for m in mail.outbox if "elena@vector.example" in m.to]
    assert pr_number in message.body

    # And the status page finds the application by PR number and e-mail
    page.get_by_role("link", name="Проверить статус").click()
    page.fill("#id_pr_number", re.search(r"PR\d{7}", message.body).group(0))
    page.fill("#id_email", "elena@vector.example")
    page.get_by_role("button", name="Проверить", exact=True).click()
    assert page.locator("#status-value").inner_text() == "Получена"

    # When vendor staff approve it, the status shows the Dell ID and the contact gets a login link
    staff = User.objects.create_superuser(email="boss@example.com", password="x")
    partner = services.application_approve(application_id=PartnerApplication.objects.get(inn=inn).pk, actor=staff)
    page.get_by_role("button", name="Проверить", exact=True).click()
    assert page.locator("#status-dell-id").inner_text() == str(partner.dell_id)
    approval = [m for m in mail.outbox if str(partner.dell_id) in m.subject][0]
    link = re.search(r"https?://\S+/activate/\S+/", approval.body).group(0)

    # Then the contact sets a password and sees the dashboard with the Dell ID and the manager
    page.goto(live_server.url + "/activate/" + link.split("/activate/", 1)[1])
    page.fill("#id_new_password1", "Вектор-2016-Q1!")
    page.fill("#id_new_password2", "Вектор-2016-Q1!")
    page.get_by_role("button", name="Сохранить пароль и войти").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")
    assert page.locator("#dell-id").inner_text() == str(partner.dell_id)
    assert "commercial.manager@example.com" in page.locator("#account-manager").inner_text()
    screenshot(page, "dashboard-ru")

    # And the language switch gives the same page in English
    page.click("button[name=language][value=en]")
    assert page.locator("text=Your personal account manager").is_visible()
    screenshot(page, "dashboard-en")
