"""Preferences, double opt-in and unsubscribing (docs/benefits.md, "The newsletter")."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from newsletter import services, tokens
from newsletter.mailing import unsubscribe_url
from newsletter.models import Delivery, Subscription

pytestmark = pytest.mark.django_db


def link_in(message, name):
    return re.search(rf"https?://\S+/newsletter/{name}/\S+/", message.body).group(0)


def path_of(url):
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def save_preferences(client, user, choices, language="ru"):
    client.force_login(user)
    data = {}
    for topic, frequency in choices.items():
        data[topic] = "on"
        data[f"{topic}_frequency"] = frequency
    return client.post(reverse("newsletter:preferences"), data, HTTP_ACCEPT_LANGUAGE=language)


def test_saving_new_topics_mails_one_confirmation_and_nothing_goes_out_before_it(
    client, partner_user, make_issue, publisher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = save_preferences(client, partner_user, {"program_news": "as_published", "new_products": "weekly"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1  # one link for both topics
    assert mail.outbox[0].to == [partner_user.email]
    assert "Программа" in mail.outbox[0].body or "Новости программы" in mail.outbox[0].body
    page = client.get(reverse("newsletter:preferences"))
    assert "Ожидает подтверждения" in page.content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_publish(actor=publisher, issue_id=make_issue().pk)
    assert mail.outbox == []  # unconfirmed: nothing
    assert not Delivery.objects.exists()


def test_the_confirmation_records_time_address_and_email(client, partner_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        save_preferences(client, partner_user, {"program_news": "as_published"})
    url = link_in(mail.outbox[0], "confirm")
    client.logout()  # the link works without signing in
    page = client.get(path_of(url))
    assert page.status_code == 200 and "confirm-subscription" in page.content.decode()
    assert Subscription.objects.get().confirmed_at is None  # a GET (a mail scanner) confirms nothing
    done = client.post(path_of(url), REMOTE_ADDR="203.0.113.7")
    assert done.status_code == 200
    found = Subscription.objects.get()
    assert found.confirmed_at is not None
    assert found.consent_ip == "203.0.113.7"
    assert found.consent_email == partner_user.email


def test_a_tampered_confirmation_link_is_refused(client, partner_user):
    token = tokens.confirmation_token(partner_user.pk, ["program_news"])
    response = client.get(reverse("newsletter:confirm", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert "Ссылка недействительна" in response.content.decode()


def test_unchecking_a_topic_unsubscribes_and_changing_frequency_keeps_the_consent(client, partner_user, subscribe):
    subscribe(partner_user, "program_news")
    subscribe(partner_user, "new_products")
    save_preferences(client, partner_user, {"program_news": "monthly"})
    found = Subscription.objects.get()
    assert (found.topic, found.frequency) == ("program_news", "monthly")
    assert found.confirmed_at is not None
    assert mail.outbox == []  # nothing new to confirm


def test_one_click_post_unsubscribes_exactly_that_user_and_topic(client, partner_user, other_partner_user, subscribe):
    subscribe(partner_user, "program_news")
    subscribe(partner_user, "new_products")
    subscribe(other_partner_user, "program_news")
    url = unsubscribe_url(partner_user.pk, "program_news")
    # As a mail client sends it (RFC 8058): no session, no CSRF token.
    csrf_client = client.__class__(enforce_csrf_checks=True)
    assert csrf_client.get(path_of(url)).status_code == 200
    assert Subscription.objects.count() == 3  # GET shows a button, changes nothing
    response = csrf_client.post(path_of(url), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    left = set(Subscription.objects.values_list("user__email", "topic"))
    assert left == {(partner_user.email, "new_products"), (other_partner_user.email, "program_news")}
    again = csrf_client.get(path_of(url)).content.decode()  # the link opened again: says it is done
    assert 'id="unsubscribed"' in again and "<form" not in again.split('id="unsubscribed"')[1]


def test_a_token_for_user_a_altered_to_user_b_is_refused(client, partner_user, other_partner_user, subscribe):
    subscribe(other_partner_user, "program_news")
    token = tokens.unsubscribe_token(partner_user.pk, "program_news")
    payload, signature = token.rsplit(":", 1)
    forged_payload = tokens.unsubscribe_token(other_partner_user.pk, "program_news").rsplit(":", 1)[0]
    response = client.post(reverse("newsletter:unsubscribe", args=[f"{forged_payload}:{signature}"]))
    assert response.status_code == 400
    assert "недействительна" in response.content.decode()
    assert Subscription.objects.filter(user=other_partner_user).exists()
    # and a token signed with another salt (the confirmation's) is no unsubscribe token either
    other_kind = tokens.confirmation_token(other_partner_user.pk, ["program_news"])
    assert client.post(reverse("newsletter:unsubscribe", args=[other_kind])).status_code == 400


def test_the_preferences_page_is_for_partner_and_distributor_users(client, partner_user):
    client.force_login(partner_user)
    page = client.get(reverse("newsletter:preferences"))
    assert page.status_code == 200
    assert "Информационная рассылка" in page.content.decode()
