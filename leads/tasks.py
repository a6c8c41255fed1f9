"""Lead e-mails and the expiry of unanswered offers: thin wrappers of the services."""

from celery import shared_task

from leads import notifications, services
from toolkit.tasks import MAIL_TASK


@shared_task(**MAIL_TASK)
def send_lead_email(lead_id: int, kind: str) -> None:
    notifications.lead_email(lead_id, kind)


@shared_task
def expire_lead_offers() -> int:
    return services.leads_expire()
