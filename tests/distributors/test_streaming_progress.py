"""With the embedded database cache, progress is not written while a COPY streams on the same
connection (it would break the COPY); with a separate cache it is."""

import pytest
from django.test import override_settings

from distributors.models import ReportStatus
from distributors.services import report_process, report_receive
from tests.distributors.conftest import csv_bytes, upload


@pytest.mark.postgres
@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"}}
)
def test_a_report_imports_with_the_database_cache(distributor_a, catalog, partner_a, monkeypatch):
    from django.core.management import call_command

    from distributors import services

    call_command("createcachetable", verbosity=0)
    monkeypatch.setattr(services, "PROGRESS_EVERY", 2)
    rows = [(f"P-{n}", "2016-02-01", partner_a.dell_id, "210-AAAA", 1, "", "") for n in range(10)]
    report = report_receive(distributor=distributor_a, upload=upload("p.csv", csv_bytes(rows)))
    report = report_process(report.pk)
    assert report.status == ReportStatus.DONE and report.rows_stored == 10
