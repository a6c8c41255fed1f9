from celery import shared_task

from benefits import notifications, services
from toolkit.tasks import MAIL_TASK


@shared_task
def renew_certificates() -> dict:
    return services.certificates_renew()


@shared_task(**MAIL_TASK)
def send_benefit_email(kind: str, object_id: int) -> None:
    notifications.benefit_email(kind, object_id)
