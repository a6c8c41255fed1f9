"""Publishing and sending: once per recipient, in their language, with one-click unsubscribe
headers; digests once per period; failures counted (docs/benefits.md, "The newsletter")."""

import smtplib
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from newsletter import selectors, services
from newsletter.models import Delivery, DeliveryStatus, IssueStatus

pytestmark = pytest.mark.django_db
MOSCOW = ZoneInfo("Europe/Moscow")


def publish(issue, actor, callbacks):
    with callbacks(execute=True):
        return services.issue_publish(actor=actor, issue_id=issue.pk)


def test_as_published_subscribers_get_the_issue_at_once_in_their_language(
    partner_user,
    other_partner_user,
    subscribe,
    make_issue,
    publisher,
    django_capture_on_commit_callbacks,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    subscribe(partner_user, "program_news", language="ru")
    subscribe(other_partner_user, "program_news", language="en")
    issue = make_issue()
    issue.attachment.save("price-list.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    assert publish(issue, publisher, django_capture_on_commit_callbacks) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[partner_user.email].subject == "Новости программы: второй квартал"
    assert "ставки растут" in by_address[partner_user.email].body
    assert by_address[other_partner_user.email].subject == "Program news: the second quarter"
    assert "Unsubscribe from this topic" in by_address[other_partner_user.email].body
    for message in mail.outbox:
        assert message.alternatives and message.alternatives[0].mimetype == "text/html"
        assert [a[0] if isinstance(a, tuple) else a.filename for a in message.attachments] == ["price-list.pdf"]
    issue.refresh_from_db()
    assert issue.status == IssueStatus.PUBLISHED
    assert selectors.delivery_counts(services.issue_key(issue.pk))["sent_count"] == 2


def test_list_unsubscribe_headers_name_this_recipient_and_topic(
    client, partner_user, other_partner_user, subscribe, make_issue, publisher, django_capture_on_commit_callbacks
):
    subscribe(partner_user, "program_news")
    subscribe(partner_user, "new_products")
    subscribe(other_partner_user, "program_news")
    issue = make_issue()
    publish(issue, publisher, django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == [partner_user.email])
    headers = message.message()
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = [part.strip().strip("<>") for part in headers["List-Unsubscribe"].split(",")]
    assert mailto.startswith("mailto:")
    assert headers["Message-ID"] == f"<newsletter-issue-{issue.pk}-{partner_user.pk}@127.0.0.1>"
    # The one-click POST a mail client makes: no session, no CSRF token.
    response = client.__class__(enforce_csrf_checks=True).post(
        "/" + https.split("://", 1)[1].split("/", 1)[1], {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert set(partner_user.subscriptions.values_list("topic", flat=True)) == {"new_products"}
    assert other_partner_user.subscriptions.filter(topic="program_news").exists()


def test_publishing_twice_sends_once(
    partner_user, subscribe, make_issue, publisher, django_capture_on_commit_callbacks
):
    subscribe(partner_user)
    issue = make_issue()
    assert publish(issue, publisher, django_capture_on_commit_callbacks) == 1
    assert publish(issue, publisher, django_capture_on_commit_callbacks) == 0
    # and a batch task delivered twice (redelivered by the broker) finds nobody left to send to
    services.deliveries_send(key=services.issue_key(issue.pk))
    assert len(mail.outbox) == 1
    assert Delivery.objects.count() == 1


def test_a_refused_recipient_is_counted_as_failed_and_the_others_still_go(
    partner_user, other_partner_user, subscribe, make_issue, publisher, django_capture_on_commit_callbacks
):
    subscribe(partner_user)
    subscribe(other_partner_user)
    real_send = LocmemBackend.send_messages

    def refuse_one(backend, messages):
        if messages[0].to == [partner_user.email]:
            raise smtplib.SMTPRecipientsRefused({partner_user.email: (550, b"no such user")})
        return real_send(backend, messages)

    issue = make_issue()
    with mock.patch.object(LocmemBackend, "send_messages", refuse_one):
        publish(issue, publisher, django_capture_on_commit_callbacks)
    counts = selectors.delivery_counts(services.issue_key(issue.pk))
    assert (counts["sent_count"], counts["failed_count"], counts["pending_count"]) == (1, 1, 0)
    assert "no such user" in Delivery.objects.get(user=partner_user).error
    issue.refresh_from_db()
    assert issue.status == IssueStatus.PUBLISHED


def test_a_server_outage_gives_the_recipient_back_for_the_retry(
    partner_user, subscribe, make_issue, publisher, django_capture_on_commit_callbacks
):
    subscribe(partner_user)
    issue = make_issue()
    with (
        mock.patch.object(LocmemBackend, "send_messages", side_effect=smtplib.SMTPServerDisconnected("gone")),
        pytest.raises(smtplib.SMTPServerDisconnected),
    ):
        services.issue_publish(actor=publisher, issue_id=issue.pk)
        services.deliveries_send(key=services.issue_key(issue.pk))
    assert Delivery.objects.get().status == DeliveryStatus.PENDING
    services.deliveries_send(key=services.issue_key(issue.pk))
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_who_unsubscribed_before_their_turn_is_skipped_and_counted(partner_user, subscribe, make_issue, publisher):
    subscription = subscribe(partner_user)
    issue = make_issue()
    services.issue_publish(actor=publisher, issue_id=issue.pk)  # batches not run: no commit in this test
    subscription.delete()
    services.deliveries_send(key=services.issue_key(issue.pk))
    assert mail.outbox == []
    assert selectors.delivery_counts(services.issue_key(issue.pk))["unsubscribed_count"] == 1


def test_a_worker_killed_mid_send_leaves_one_held_recipient_that_the_sweep_sends_again(
    partner_user, other_partner_user, subscribe, make_issue, publisher, settings
):
    """The held row (claimed, never marked) goes back after NEWSLETTER_CLAIM_TIMEOUT_SECONDS."""
    from datetime import timedelta

    from django.utils import timezone

    subscribe(partner_user)
    subscribe(other_partner_user)
    issue = make_issue()
    services.issue_publish(actor=publisher, issue_id=issue.pk)
    (held,) = services._claim(services.issue_key(issue.pk), 1)  # the worker died right after this
    services.deliveries_send(key=services.issue_key(issue.pk))
    assert len(mail.outbox) == 1
    issue.refresh_from_db()
    assert issue.status == IssueStatus.PUBLISHING  # one recipient is still held
    services.deliveries_sweep(now=timezone.now())  # too early: the hold may belong to a live worker
    assert Delivery.objects.get(pk=held.pk).status == DeliveryStatus.SENDING
    later = timezone.now() + timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT_SECONDS + 1)
    with mock.patch("newsletter.services.enqueue") as enqueue:
        services.deliveries_sweep(now=later)
    assert enqueue.call_count == 1
    services.deliveries_send(key=services.issue_key(issue.pk))
    assert sorted(m.to[0] for m in mail.outbox) == sorted([partner_user.email, other_partner_user.email])
    issue.refresh_from_db()
    assert issue.status == IssueStatus.PUBLISHED


def test_weekly_subscribers_get_one_digest_per_week_even_if_beat_runs_twice(
    partner_user, other_partner_user, subscribe, make_issue, publisher, django_capture_on_commit_callbacks
):
    weekly = subscribe(partner_user, "program_news", "weekly", language="en")
    weekly.confirmed_at = datetime(2026, 2, 1, tzinfo=MOSCOW)  # before the week of the digest
    weekly.save()
    subscribe(other_partner_user, "program_news", "as_published")
    first, second, later = make_issue(), make_issue(subject_ru="Второй выпуск", subject_en="Second issue"), make_issue()
    with mock.patch("django.utils.timezone.now", return_value=datetime(2026, 3, 3, 10, tzinfo=MOSCOW)):  # Tuesday
        publish(first, publisher, django_capture_on_commit_callbacks)
        publish(second, publisher, django_capture_on_commit_callbacks)
    with mock.patch("django.utils.timezone.now", return_value=datetime(2026, 3, 10, 10, tzinfo=MOSCOW)):
        publish(later, publisher, django_capture_on_commit_callbacks)  # the next week: not in this digest
    assert [m.to for m in mail.outbox] == [[other_partner_user.email]] * 3  # the weekly one waits
    mail.outbox.clear()

    monday = datetime(2026, 3, 9, 3, tzinfo=MOSCOW)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_prepare(now=monday) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_prepare(now=monday.replace(hour=4)) == 0
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [partner_user.email]
    assert digest.subject == "Program news: the week's digest"
    assert "Program news: the second quarter" in digest.body and "Second issue" in digest.body
    assert digest.body.count("Rates go up") == 2  # the two issues of that week, not the later one
    assert digest.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_periods(db):
    from datetime import date

    assert selectors.period_just_ended("weekly", date(2026, 3, 11)) == (date(2026, 3, 2), date(2026, 3, 9))
    assert selectors.period_just_ended("monthly", date(2026, 3, 11)) == (date(2026, 2, 1), date(2026, 3, 1))
    assert selectors.period_just_ended("monthly", date(2026, 1, 1)) == (date(2025, 12, 1), date(2026, 1, 1))
