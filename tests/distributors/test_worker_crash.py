"""A worker killed with SIGKILL in the middle of a report: nothing half-stored, the task is
redelivered to the next worker, and the result equals an uninterrupted run (RELIABILITY 16, 22)."""

import signal
import time

import pytest
from django.db import transaction

from distributors.models import ReportStatus, SalesLine, SalesReport
from distributors.services import report_receive
from tests.distributors.conftest import csv_bytes, upload

ROWS = 400_000  # a few seconds of processing: long enough to be killed in the middle


def wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.postgres
@pytest.mark.worker
def test_killed_worker_leaves_nothing_and_the_redelivered_task_completes(
    celery_workers, distributor_a, catalog, partner_a
):
    start_worker, _mail = celery_workers
    rows = [(f"K-{n:07d}", "2016-02-01", partner_a.dell_id, "210-AAAA", 1 + n % 3, "", "") for n in range(ROWS)]
    expected_units = sum(r[4] for r in rows)
    first = start_worker()
    with transaction.atomic():
        report = report_receive(distributor=distributor_a, upload=upload("big.csv", csv_bytes(rows)))

    # When the worker is killed while it processes the file
    wait_for(lambda: SalesReport.objects.get(pk=report.pk).status == ReportStatus.PROCESSING, 60, "processing to start")
    time.sleep(0.5)
    assert SalesReport.objects.get(pk=report.pk).status == ReportStatus.PROCESSING, (
        "finished before the kill: make the file bigger"
    )
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)

    # Then nothing of the report is stored, and the report is not marked done
    assert not SalesLine.objects.filter(report_id=report.pk).exists()
    assert SalesReport.objects.get(pk=report.pk).status == ReportStatus.PROCESSING

    # When another worker starts, the task is redelivered and completes with the full result
    start_worker()
    wait_for(lambda: SalesReport.objects.get(pk=report.pk).status == ReportStatus.DONE, 120, "the redelivered run")
    report.refresh_from_db()
    assert (report.rows_total, report.rows_stored, report.rows_rejected, report.units) == (
        ROWS,
        ROWS,
        0,
        expected_units,
    )
    assert report.attempts == 2
    assert SalesLine.objects.filter(report=report).count() == ROWS
