"""Issue fault 4 on a private Redis stopped in the middle of an import: progress goes to the cache
outside the COPY's critical path, so the import completes without it."""

import pytest
from django.db import transaction

from distributors.models import ReportStatus, SalesLine, SalesReport
from distributors.services import report_receive
from tests.distributors.conftest import csv_bytes, upload
from tests.outage.conftest import down
from tests.workers import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.worker, pytest.mark.outage]

ROWS = 300_000


def test_an_import_completes_when_the_cache_goes_away(celery_workers, private_cache, distributor_a, catalog, partner_a):
    start_worker, _mail = celery_workers
    worker = start_worker(REDIS_URL=private_cache.url)  # the worker's cache: rate limits, progress
    rows = [(f"C-{n:07d}", "2016-02-01", partner_a.dell_id, "210-AAAA", 2, "", "") for n in range(ROWS)]
    with transaction.atomic():
        report = report_receive(distributor=distributor_a, upload=upload("big.csv", csv_bytes(rows)))
    wait_for(lambda: SalesReport.objects.get(pk=report.pk).status == ReportStatus.PROCESSING, 60, "the import")

    with down(private_cache):
        wait_for(lambda: SalesReport.objects.get(pk=report.pk).status != ReportStatus.PROCESSING, 120, "the end")
        report.refresh_from_db()
        assert (report.status, report.rows_stored, report.units) == (ReportStatus.DONE, ROWS, 2 * ROWS)
        assert SalesLine.objects.filter(report=report).count() == ROWS
        assert worker.poll() is None
