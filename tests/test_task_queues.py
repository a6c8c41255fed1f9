"""Tasks go to queues by kind of work (config/celery.py, docs/operations.md), and an e-mail that the
mail server refused is tried again."""

import smtplib
from unittest import mock

import pytest
from celery import current_app
from celery.exceptions import Retry

from config.celery import queue_names, route_task
from portal import tasks as portal_tasks

pytestmark = pytest.mark.django_db  # Celery's Django fixup checks the connection around each task

PROJECT_APPS = ("portal.", "catalog.", "training.", "distributors.", "rebates.")


def queue_of(name):
    route = route_task(name, (), {}, {})
    return route["queue"] if route else current_app.conf.task_default_queue


def project_tasks():
    current_app.loader.import_default_modules()  # the apps' tasks modules (autodiscovery is lazy)
    return sorted(name for name in current_app.tasks if name.startswith(PROJECT_APPS))


def test_every_task_goes_to_the_queue_of_its_kind_of_work():
    default = current_app.conf.task_default_queue
    queues = {name: queue_of(name) for name in project_tasks()}
    assert queues["distributors.tasks.process_report_task"] == f"{default}.imports"
    assert queues["rebates.tasks.compute_payout_run_task"] == f"{default}.payouts"
    mail = {name for name, queue in queues.items() if queue == f"{default}.mail"}
    assert mail == {name for name in queues if name.rsplit(".", 1)[1].endswith("_email")}
    assert len(mail) >= 6
    # beat's housekeeping stays on the default queue, next to nothing slow
    assert queues["portal.tasks.dispatch_outbox"] == default
    assert queues["distributors.tasks.sweep_stuck_reports"] == default
    assert set(queues.values()) <= set(queue_names(default))


def test_a_test_pool_default_queue_moves_every_queue_with_it(settings):
    current_app.conf.task_default_queue = "test-abc"
    try:
        assert queue_of("portal.tasks.send_invitation_email") == "test-abc.mail"
        assert queue_names("test-abc") == ["test-abc", "test-abc.mail", "test-abc.imports", "test-abc.payouts"]
    finally:
        current_app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE


@pytest.mark.parametrize(
    "failure", [smtplib.SMTPServerDisconnected("gone"), ConnectionRefusedError(111, "Connection refused")]
)
def test_an_email_the_mail_server_refused_is_tried_again_later(failure):
    with (
        mock.patch("portal.notifications.application_received", side_effect=failure),
        pytest.raises(Retry) as retry,  # in-process; a worker puts it back on the queue
    ):
        portal_tasks.send_application_received_email.apply(args=[41])
    assert retry.value.exc is failure and 0 <= retry.value.when <= 30  # backoff: 30 s, 1 min, … (jittered)


def test_an_email_that_cannot_be_built_is_not_retried():
    with (
        mock.patch("portal.notifications.application_received", side_effect=LookupError("no such application")),
        pytest.raises(LookupError),
    ):
        portal_tasks.send_application_received_email.apply(args=[41])


def test_long_tasks_have_time_limits_and_mail_backs_off():
    project_tasks()
    mail = portal_tasks.send_application_received_email
    assert mail.retry_backoff and mail.max_retries and mail.soft_time_limit < mail.time_limit
    for name in ("distributors.tasks.process_report_task", "rebates.tasks.compute_payout_run_task"):
        task = current_app.tasks[name]
        assert 0 < task.soft_time_limit < task.time_limit
