from celery import shared_task

from benefits import services


@shared_task
def renew_certificates() -> dict:
    return services.certificates_renew()
