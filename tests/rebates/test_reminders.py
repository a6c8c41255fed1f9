"""Deadline reminders: 7 days and 1 day before, to partners that have not accepted, once each."""

from django.core import mail

from rebates.models import DeadlineReminder
from rebates.services import deadline_reminders_send, enrollment_accept
from tests.rebates.conftest import clock


def run(*moment, commit_hooks):
    with clock(*moment) as now, commit_hooks(execute=True):
        return deadline_reminders_send(now=now)


def test_seven_days_then_one_day_before_once_each(
    q1, partner_admin, other_partner_user, django_capture_on_commit_callbacks
):
    hooks = django_capture_on_commit_callbacks
    assert run(2016, 3, 20, 12, 0, commit_hooks=hooks) == 0  # 12 days before: nothing yet
    assert run(2016, 3, 25, 12, 0, commit_hooks=hooks) == 2 * 3  # 2 partners × 3 programs, 7-day reminder
    assert run(2016, 3, 25, 13, 0, commit_hooks=hooks) == 0  # the hourly beat run again: nothing twice
    with clock(2016, 3, 26, 9, 0):
        enrollment_accept(
            partner=partner_admin.partner, program=q1("client"), tier=q1("client").tiers.first(), actor=partner_admin
        )
    assert run(2016, 3, 31, 8, 0, commit_hooks=hooks) == 2 * 3 - 1  # 1-day reminder, not for the accepted program
    assert run(2016, 4, 1, 0, 0, commit_hooks=hooks) == 0  # deadline passed
    assert DeadlineReminder.objects.filter(days_before=7).count() == 6
    assert DeadlineReminder.objects.filter(days_before=1).count() == 5
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 11 and all("ACCEPT" in s for s in subjects)
    assert {m.to[0] for m in mail.outbox} == {partner_admin.email, other_partner_user.email}


def test_the_beat_schedule_runs_the_reminder_task():
    from django.conf import settings

    from config.celery import app

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "rebates.tasks.send_deadline_reminders" in tasks
    assert "rebates.tasks.send_deadline_reminders" in app.tasks
