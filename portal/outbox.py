"""Background jobs that survive their broker (a transactional outbox).

`enqueue(task, *args)` inside a service records the job in the service's transaction and tries to
publish it once the transaction commits. If the broker is down then, the request still succeeds
and the job waits in the table; `outbox_dispatch()` (beat, every minute) publishes what is
pending. Delivery is at least once: a job published just before the database went away may go out
twice, so tasks stay safe to run twice, as they are."""

import logging
from datetime import timedelta

from celery import current_app
from django.db import transaction
from django.utils import timezone

from portal.models import OutboxTask

log = logging.getLogger(__name__)
# Jobs this young are left to the publish after their own commit (which may still be under way).
DISPATCH_AFTER_SECONDS = 30
# One reconnect: a pooled connection to a broker that restarted is stale, and the fresh one works;
# a broker that is down refuses both at once, and the request does not wait for it.
PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0, "interval_max": 0}


def enqueue(task, *args) -> OutboxTask:
    job = OutboxTask.objects.create(task=task.name, args=list(args))
    transaction.on_commit(lambda: _publish(job.pk))
    return job


def _publish(job_id: int) -> bool:
    job = OutboxTask.objects.filter(pk=job_id, sent_at__isnull=True).first()
    if job is None:
        return True  # sent by the dispatcher meanwhile
    try:
        current_app.tasks[job.task].apply_async(args=job.args, retry=True, retry_policy=PUBLISH_RETRY)
    except Exception as error:  # noqa: BLE001 — a broker that is down raises several kinds; the job waits
        log.warning("job %s %s not published (it waits in the outbox): %s", job.pk, job, error)
        OutboxTask.objects.filter(pk=job.pk).update(attempts=job.attempts + 1, last_error=str(error)[:1000])
        return False
    OutboxTask.objects.filter(pk=job.pk).update(sent_at=timezone.now(), attempts=job.attempts + 1)
    return True


def outbox_dispatch(*, now=None) -> int:
    """Publish the jobs still pending (the broker was down when they were made). Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(seconds=DISPATCH_AFTER_SECONDS)
    pending = OutboxTask.objects.filter(sent_at__isnull=True, created_at__lt=cutoff).order_by("created_at")
    sent = 0
    for job_id in pending.values_list("pk", flat=True)[:1000]:
        if not _publish(job_id):
            break  # the broker is still down: try again next time
        sent += 1
    return sent
