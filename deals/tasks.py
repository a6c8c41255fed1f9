"""Deal e-mails and the daily expiry, reminders and escalation: thin wrappers of the services."""

from celery import shared_task

from deals import notifications, services
from toolkit.tasks import MAIL_TASK


@shared_task(**MAIL_TASK)
def send_deal_email(deal_id: int, kind: str) -> None:
    notifications.deal_email(deal_id, kind)


@shared_task
def expire_and_remind_deals() -> dict:
    return services.deals_expire_and_remind()


@shared_task
def escalate_overdue_deals() -> int:
    return services.deals_escalate()
