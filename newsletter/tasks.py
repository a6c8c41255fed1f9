"""Celery tasks of the newsletter: thin, take ids or keys, safe to run twice (each recipient is a
delivery row that a worker claims before sending)."""

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from toolkit.tasks import MAIL_TASK


@shared_task(**MAIL_TASK)
def send_newsletter_confirmation_email(user_id: int) -> bool:
    from newsletter import services

    return services.confirmation_send(user_id)


# The mail queue (config/celery.py routes *.send_*_email there). A batch takes up to
# NEWSLETTER_BATCH_SIZE recipients; a server outage gives the recipient back and retries the batch.
@shared_task(**{**MAIL_TASK, "soft_time_limit": 3600, "time_limit": 3700})
def send_newsletter_email(key: str) -> dict:
    from newsletter import services

    counts = services.deliveries_send(key=key)
    if counts["exhausted"] and counts["waiting"]:
        # Nothing left to claim, but a recipient is still held: by a live worker, or by one that was
        # killed. Look again once such a hold counts as abandoned.
        sweep_deliveries.apply_async(kwargs={"force": True}, countdown=settings.NEWSLETTER_CLAIM_TIMEOUT_SECONDS + 1)
    return counts


@shared_task
def sweep_deliveries(force: bool = False) -> int:
    from newsletter import services

    return services.deliveries_sweep(force=force)


@shared_task
def prepare_digests() -> int:
    from newsletter import services

    return services.digests_prepare()


@worker_ready.connect
def _sweep_when_a_worker_starts(sender=None, **_kwargs):
    """A worker that starts may be the one replacing a killed one: its batches are queued again now
    rather than at the next beat (RabbitMQ gives a dead worker's task back at once, Redis only after
    its visibility timeout)."""
    sweep_deliveries.delay(force=True)
