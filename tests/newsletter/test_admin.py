"""The issue in the admin: preview (RU and EN), a test to oneself, publish with a confirmation step;
program administrators only; read-only once published, with the send's counts."""

import pytest
from django.core import mail
from django.urls import reverse

from newsletter.models import IssueStatus

pytestmark = pytest.mark.django_db


def test_staff_write_preview_test_and_publish(
    client, program_admin, partner_user, subscribe, django_capture_on_commit_callbacks
):
    subscribe(partner_user)
    client.force_login(program_admin)
    response = client.post(
        reverse("admin:newsletter_issue_add"),
        {"topic": "program_news", "subject_ru": "Новые ставки", "subject_en": "New rates",
         "body_ru": "Ставки второго квартала.", "body_en": "The second quarter's rates."},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    from newsletter.models import Issue

    issue = Issue.objects.get()
    assert issue.created_by == program_admin

    preview = client.get(reverse("admin:newsletter_issue_preview", args=[issue.pk]))
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Новые ставки" in text and "New rates" in text and "List-Unsubscribe" in text

    assert client.get(reverse("admin:newsletter_issue_send_test", args=[issue.pk])).status_code == 200
    client.post(reverse("admin:newsletter_issue_send_test", args=[issue.pk]))
    assert [m.to for m in mail.outbox] == [[program_admin.email]] * 2
    assert {m.subject for m in mail.outbox} == {"Новые ставки", "New rates"}
    mail.outbox.clear()

    confirm = client.get(reverse("admin:newsletter_issue_publish", args=[issue.pk]))
    assert confirm.status_code == 200 and "confirm-action" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:newsletter_issue_publish", args=[issue.pk]))
    assert [m.to for m in mail.outbox] == [[partner_user.email]]
    issue.refresh_from_db()
    assert issue.status == IssueStatus.PUBLISHED

    page = client.get(reverse("admin:newsletter_issue_change", args=[issue.pk])).content.decode()
    assert 'data-count="sent">1<' in page
    assert 'name="subject_ru"' not in page  # read-only after publish
    listing = client.get(reverse("admin:newsletter_issue_changelist")).content.decode()
    assert "Новые ставки" in listing
    assert client.post(reverse("admin:newsletter_issue_publish", args=[issue.pk])).status_code == 302
    assert len(mail.outbox) == 1


def test_a_partner_user_and_staff_without_the_role_may_not_publish(
    client, partner_user, no_role_staff, make_issue, account_manager
):
    issue = make_issue()
    client.force_login(partner_user)
    for name in ("preview", "send_test", "publish"):
        response = client.post(reverse(f"admin:newsletter_issue_{name}", args=[issue.pk]))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    for staff in (no_role_staff, account_manager):
        client.force_login(staff)
        assert client.post(reverse("admin:newsletter_issue_publish", args=[issue.pk])).status_code == 403
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT
    assert mail.outbox == []


def test_the_service_refuses_a_publisher_without_the_permission(make_issue, account_manager):
    from newsletter import services
    from toolkit.errors import PortalError

    with pytest.raises(PortalError):
        services.issue_publish(actor=account_manager, issue_id=make_issue().pk)


def test_subscriptions_are_a_read_only_record_of_consent(client, program_admin, partner_user, subscribe):
    subscribe(partner_user)
    client.force_login(program_admin)
    page = client.get(reverse("admin:newsletter_subscription_changelist")).content.decode()
    assert partner_user.email in page and "127.0.0.1" in page
    assert client.get(reverse("admin:newsletter_subscription_add")).status_code == 403
