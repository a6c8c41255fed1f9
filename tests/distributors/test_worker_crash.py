"""A worker killed with SIGKILL in the middle of a report: nothing half-stored, RabbitMQ gives the
task to the other worker at once (within a minute, not after a visibility timeout), and the result
equals an uninterrupted run (docs/reliability.md §16, §22)."""

import signal
import time

import pytest
from django.db import transaction

from distributors.models import ReportStatus, SalesLine, SalesReport
from distributors.services import report_receive
from tests.distributors.conftest import csv_bytes, upload
from tests.workers import wait_for

ROWS = 400_000  # a few seconds of processing: long enough to be killed in the middle


@pytest.mark.postgres
@pytest.mark.worker
def test_killed_worker_leaves_nothing_and_the_redelivered_task_completes(
    celery_workers, distributor_a, catalog, partner_a
):
    start_worker, _mail = celery_workers
    rows = [(f"K-{n:07d}", "2016-02-01", partner_a.dell_id, "210-AAAA", 1 + n % 3, "", "") for n in range(ROWS)]
    expected_units = sum(r[4] for r in rows)
    workers = [start_worker(), start_worker()]
    wait_for(lambda: all("ready." in w.log.read_text() for w in workers), 60, "both workers to listen")
    with transaction.atomic():
        report = report_receive(distributor=distributor_a, upload=upload("big.csv", csv_bytes(rows)))

    # When the worker that took the report is killed while it processes the file
    wait_for(lambda: SalesReport.objects.get(pk=report.pk).status == ReportStatus.PROCESSING, 60, "processing to start")
    time.sleep(0.5)
    assert SalesReport.objects.get(pk=report.pk).status == ReportStatus.PROCESSING, (
        "finished before the kill: make the file bigger"
    )
    busy = next(w for w in workers if "process_report_task" in w.log.read_text().split("ready.")[-1])
    busy.send_signal(signal.SIGKILL)
    busy.wait(timeout=10)
    killed_at = time.monotonic()

    # Then nothing of the report is stored
    assert not SalesLine.objects.filter(report_id=report.pk).exists()

    # And the broker gives the task to the other worker at once: done within a minute
    wait_for(lambda: SalesReport.objects.get(pk=report.pk).status == ReportStatus.DONE, 60, "the other worker")
    print(f"processed by the other worker {time.monotonic() - killed_at:.1f} s after the kill")
    report.refresh_from_db()
    assert (report.rows_total, report.rows_stored, report.rows_rejected, report.units) == (
        ROWS,
        ROWS,
        0,
        expected_units,
    )
    assert report.attempts == 2
    assert SalesLine.objects.filter(report=report).count() == ROWS
