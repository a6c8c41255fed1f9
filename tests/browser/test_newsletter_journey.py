"""The newsletter in Russian: a partner user picks two topics and how often, confirms by e-mail,
receives a published issue and unsubscribes in one click. Screenshots in test-artifacts/."""

import re

import pytest
from django.core import mail

from newsletter import services
from newsletter.models import Issue, Subscription
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def link(message, name):
    return re.search(rf"https?://\S+?(/newsletter/{name}/\S+/)", message.body).group(1)


def test_subscribe_confirm_receive_and_unsubscribe(live_server, browser_page, partner_user, program_admin, settings):
    settings.PORTAL_BASE_URL = live_server.url
    page = browser_page
    sign_in(page, live_server, partner_user.email)
    page.goto(f"{live_server.url}/newsletter/")
    assert page.locator("h1").inner_text() == "Информационная рассылка"
    page.check("#id_program_news")
    page.select_option("#id_program_news_frequency", label="По мере выхода")
    page.check("#id_trainings_events")
    page.select_option("#id_trainings_events_frequency", label="Еженедельный дайджест")
    with page.expect_navigation():
        page.locator("#save-preferences").click()
    assert "Мы отправили ссылку для подтверждения" in page.locator(".alert").inner_text()
    assert page.locator('[data-topic="program_news"] [data-state]').inner_text().startswith("Ожидает подтверждения")
    screenshot(page, "newsletter-preferences-awaiting-ru")

    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.subject == "Подтвердите подписку на рассылку"
    page.goto(live_server.url + link(confirmation, "confirm"))
    screenshot(page, "newsletter-confirm-ru")
    with page.expect_navigation():
        page.locator("#confirm-subscription").click()
    assert page.locator("h1").inner_text() == "Подписка подтверждена"
    screenshot(page, "newsletter-confirmed-ru")
    page.goto(f"{live_server.url}/newsletter/")
    assert page.locator('[data-topic="program_news"] [data-state]').inner_text().startswith("Подписка активна")
    screenshot(page, "newsletter-preferences-confirmed-ru")
    page.set_viewport_size({"width": 390, "height": 844})  # on a phone the rows stack, nothing scrolls sideways
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "newsletter-preferences-ru-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert Subscription.objects.filter(user=partner_user, confirmed_at__isnull=False).count() == 2

    # Staff publish an issue of the topic the user takes "as published".
    mail.outbox.clear()
    issue = Issue.objects.create(
        topic="program_news", subject_ru="Ставки второго квартала", subject_en="Second quarter rates",
        body_ru="Во втором квартале ставки растут на 1%.", body_en="Rates go up by 1%.", created_by=program_admin,
    )  # fmt: skip
    services.issue_publish(actor=program_admin, issue_id=issue.pk)
    received = [m for m in mail.outbox if m.to == [partner_user.email]]
    assert [m.subject for m in received] == ["Ставки второго квартала"]
    assert "ставки растут на 1%" in received[0].body

    # One click from the message: a page with one button, no sign-in needed.
    page.context.clear_cookies()
    page.goto(live_server.url + link(received[0], "unsubscribe"))
    assert "Новости программы" in page.locator("#newsletter-link").inner_text()
    screenshot(page, "newsletter-unsubscribe-ru")
    with page.expect_navigation():
        page.locator("#unsubscribe").click()
    assert page.locator("#unsubscribed").inner_text() == "Вы отписались"
    screenshot(page, "newsletter-unsubscribed-ru")
    assert set(Subscription.objects.filter(user=partner_user).values_list("topic", flat=True)) == {"trainings_events"}
