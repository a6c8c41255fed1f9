"""Celery task for report processing: takes the report id, calls the service; idempotent."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from distributors.services import report_in_progress, report_process, reports_sweep_stuck
from toolkit.locks import busy_retry_countdown
from toolkit.tasks import IMPORT_TASK_LIMITS, MAIL_TASK

# Another process holds the report (a redelivery while it works, or a killed worker whose database
# session has not ended yet): look again later rather than acknowledge and forget the report.
BUSY_RETRIES = 240  # about two hours


@shared_task(
    bind=True,
    max_retries=BUSY_RETRIES,
    # The database went away mid-way (nothing was stored): try again with growing pauses.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=15,
    retry_backoff_max=600,
    **IMPORT_TASK_LIMITS,
)
def process_report_task(self, report_id: int) -> str:
    report = report_process(report_id)
    if report_in_progress(report) and not self.request.is_eager:  # in-process: nothing runs beside us
        raise self.retry(countdown=busy_retry_countdown(self.request.retries))
    return report.status


@shared_task
def sweep_stuck_reports() -> int:
    """Beat: queue again the reports no process holds that are stuck in received/processing."""
    return len(reports_sweep_stuck())


@shared_task
def send_colleague_invitation(user_id: int, inviter_id: int) -> None:
    """The invitation e-mail of a distributor's new user (sending it twice sends a second valid link)."""
    from distributors.notifications import colleague_invited

    colleague_invited(user_id, inviter_id)


@shared_task(**MAIL_TASK)
def send_claim_email(claim_id: int, kind: str) -> None:
    """A missing-ID claim's e-mail (the notification reads the claim as it is when it runs)."""
    from distributors.notifications import claim_email

    claim_email(claim_id, kind)
