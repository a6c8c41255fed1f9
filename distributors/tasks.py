"""Celery task for report processing: takes the report id, calls the service; idempotent."""

from celery import shared_task

from distributors.services import report_in_progress, report_process

# Another process holds the report (a redelivery while it works, or a killed worker whose database
# session has not ended yet): look again later rather than acknowledge and forget the report.
BUSY_RETRY_SECONDS = 30
BUSY_RETRIES = 240  # two hours


@shared_task(bind=True, max_retries=BUSY_RETRIES)
def process_report_task(self, report_id: int) -> str:
    report = report_process(report_id)
    if report_in_progress(report) and not self.request.is_eager:  # in-process: nothing runs beside us
        raise self.retry(countdown=BUSY_RETRY_SECONDS)
    return report.status
