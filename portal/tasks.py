"""Celery tasks: thin wrappers that take ids and call portal.notifications (safe to run twice)."""

from celery import shared_task

from portal import notifications
from toolkit.tasks import MAIL_TASK


@shared_task(**MAIL_TASK)
def send_application_received_email(application_id: int) -> None:
    notifications.application_received(application_id)


@shared_task(**MAIL_TASK)
def send_application_approved_email(application_id: int) -> None:
    notifications.application_approved(application_id)


@shared_task(**MAIL_TASK)
def send_application_rejected_email(application_id: int) -> None:
    notifications.application_rejected(application_id)


@shared_task(**MAIL_TASK)
def send_invitation_email(user_id: int, inviter_id: int) -> None:
    notifications.colleague_invited(user_id, inviter_id)


@shared_task(**MAIL_TASK)
def send_legal_data_email(request_id: int) -> None:
    notifications.legal_data_changed(request_id)


@shared_task
def dispatch_outbox() -> int:
    """Beat: publish the jobs a broker outage held back (portal/outbox.py)."""
    from portal.outbox import outbox_dispatch

    return outbox_dispatch()
