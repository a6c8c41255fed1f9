"""The Celery application, as in Celery's Django guide; configuration lives in settings (CELERY_*).

Tasks go to queues by kind of work (docs/operations.md), so that an activation e-mail never waits
behind a million-row import and each kind of worker scales on its own:
- `<default>.mail` — e-mails: quick, many, retried with backoff;
- `<default>.imports` — distributors' sales reports: long, memory-hungry;
- `<default>.payouts` — payout runs: long, one quarter at a time;
- `<default>` — the rest (beat's housekeeping: outbox, reminders, sweeps).
`<default>` is CELERY_TASK_DEFAULT_QUEUE ("portal"); the names are derived from it at publish time, so
one setting moves a whole deployment (or a test's workers) to queues of its own."""

import os
from fnmatch import fnmatchcase
from pathlib import Path

from celery import Celery
from celery.beat import PersistentScheduler

import toolkit.logs  # noqa: F401 — connects the signals that carry request ids into jobs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

QUEUE_CLASSES = ("mail", "imports", "payouts")
# Task name patterns → queue class; the first match wins, no match is the default queue.
ROUTES = (
    ("*.send_*_email", "mail"),
    ("distributors.tasks.process_report_task", "imports"),
    ("rebates.tasks.compute_payout_run_task", "payouts"),
    ("discounts.tasks.close_discount_quarters", "payouts"),
)


def queue_class(task_name: str) -> str | None:
    return next((kind for pattern, kind in ROUTES if fnmatchcase(task_name, pattern)), None)


def queue_names(default: str) -> list[str]:
    """Every queue of a deployment whose default queue is `default` (what one worker may consume)."""
    return [default] + [f"{default}.{kind}" for kind in QUEUE_CLASSES]


def route_task(name, args, kwargs, options, task=None, **kw):
    """Celery router (CELERY_TASK_ROUTES): the queue of this task's kind of work."""
    kind = queue_class(name)
    return {"queue": f"{app.conf.task_default_queue}.{kind}"} if kind else None


class HeartbeatScheduler(PersistentScheduler):
    """beat's own scheduler that also touches BEAT_HEARTBEAT_FILE on every tick (at least once a
    minute: CELERY_BEAT_MAX_LOOP_INTERVAL), so a health check can tell a beat that schedules from
    one that is merely running (docs/operations.md)."""

    def tick(self, *args, **kwargs):
        from django.conf import settings

        Path(settings.BEAT_HEARTBEAT_FILE).touch()
        return super().tick(*args, **kwargs)
