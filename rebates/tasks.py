"""Celery tasks for programs: thin wrappers over rebates.notifications and rebates.services."""

from celery import shared_task

from rebates import notifications, services
from toolkit.tasks import MAIL_TASK, PAYOUT_TASK_LIMITS


@shared_task(**MAIL_TASK)
def send_enrollment_email(enrollment_id: int, action: str) -> None:
    notifications.enrollment_changed(enrollment_id, action)


@shared_task(**MAIL_TASK)
def send_deadline_reminder_email(partner_id: int, program_id: int, days_before: int) -> None:
    notifications.deadline_reminder(partner_id, program_id, days_before)


@shared_task
def send_deadline_reminders() -> int:
    """Beat job: reminders 7 days and 1 day before open ACCEPT deadlines (each sent once)."""
    return services.deadline_reminders_send()


@shared_task(bind=True, max_retries=240, **PAYOUT_TASK_LIMITS)
def compute_payout_run_task(self, run_id: int) -> str:
    """A claimed payout run: compute and store it (a finished run is left as it is). While another
    process holds the run, look again later (as report processing does) instead of forgetting it."""
    from rebates.models import RunStatus
    from rebates.payouts import payout_run_compute
    from toolkit.locks import busy_retry_countdown

    run = payout_run_compute(run_id)
    if run.status == RunStatus.RUNNING and not self.request.is_eager:
        raise self.retry(countdown=busy_retry_countdown(self.request.retries))
    return run.status


@shared_task
def start_scheduled_payout_runs() -> int:
    """Beat job: a first run for each quarter that ended PAYOUT_RUN_DAYS_AFTER_QUARTER days ago."""
    from rebates.payouts import scheduled_runs_start

    return len(scheduled_runs_start())
