"""Celery task for report processing: takes the report id, calls the service; idempotent."""

from celery import shared_task

from distributors.services import report_process


@shared_task
def process_report_task(report_id: int) -> str:
    return report_process(report_id).status
