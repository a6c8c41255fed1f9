"""A report's status always matches what is stored: one process holds a report at a time, another
delivery leaves the holder's status alone, and the import command's exit code tells the truth.
Sales dated after the day the report came in are row errors."""

from datetime import timedelta
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from distributors.models import ReportStatus, SalesLine, SalesReport
from distributors.services import report_process, report_receive
from tests.distributors.conftest import csv_bytes, upload
from toolkit.locks import _key


def test_a_sale_dated_after_the_day_the_report_came_in_is_a_row_error(distributor_a, catalog, partner_a):
    today = timezone.localdate()
    rows = [("F1", today.isoformat(), partner_a.dell_id, "210-AAAA", 3, "", ""),
            ("F2", (today + timedelta(days=20)).isoformat(), partner_a.dell_id, "210-AAAA", 5, "", "")]  # fmt: skip
    report = report_process(report_receive(distributor=distributor_a, upload=upload("f.csv", csv_bytes(rows))).pk)
    assert (report.status, report.rows_stored, report.rows_rejected, report.units) == ("done", 1, 1, 3)
    reason = report.row_errors.get().reason
    assert (today + timedelta(days=20)).strftime("%d.%m.%Y") in reason and today.strftime("%d.%m.%Y") in reason


def test_the_command_exits_non_zero_when_nothing_was_stored(distributor_a, catalog, partner_a, tmp_path):
    path = tmp_path / "all-bad.csv"
    path.write_bytes(csv_bytes([("B1", "2016-02-01", partner_a.dell_id, "210-AAAA", "many", "", "")]))
    out = StringIO()
    with pytest.raises(SystemExit) as exit_code:
        call_command("import_sales", str(path), distributor="alpha", stdout=out, stderr=StringIO())
    assert exit_code.value.code == 1
    assert "stored 0, rejected 1" in out.getvalue()


@pytest.mark.postgres
def test_a_delivery_while_another_process_holds_the_report_leaves_its_status_alone(distributor_a, catalog, partner_a):
    rows = [("H1", "2016-02-01", partner_a.dell_id, "210-AAAA", 2, "", "")]
    report = report_receive(distributor=distributor_a, upload=upload("h.csv", csv_bytes(rows)))
    SalesReport.objects.filter(pk=report.pk).update(status=ReportStatus.PROCESSING, attempts=1)  # the holder's claim

    settings = connection.settings_dict
    holder = psycopg.connect(dbname=settings["NAME"], host=settings["HOST"] or "127.0.0.1",
                              port=settings["PORT"] or 5432, user=settings["USER"])  # fmt: skip
    try:
        holder.cursor().execute("SELECT pg_advisory_lock(%s, %s)", _key("sales-report", report.pk))
        for _ in range(3):  # redeliveries, more than REPORT_MAX_ATTEMPTS would allow to count
            seen = report_process(report.pk)
            assert (seen.status, seen.attempts, seen.error_message) == (ReportStatus.PROCESSING, 1, "")
        holder.cursor().execute("SELECT pg_advisory_unlock(%s, %s)", _key("sales-report", report.pk))  # done
    finally:
        holder.close()  # (a closed session's locks go too, but its backend ends a moment later)

    done = report_process(report.pk)
    assert (done.status, done.rows_stored) == (ReportStatus.DONE, 1)


@pytest.mark.postgres
@pytest.mark.worker
def test_a_worker_and_the_command_on_the_same_report_give_one_done_report_every_time(
    celery_workers, distributor_a, catalog, partner_a, tmp_path
):
    start_worker, _mail = celery_workers
    start_worker()
    for attempt in range(3):
        rows = [(f"R{attempt}-{n:05d}", "2016-02-01", partner_a.dell_id, "210-AAAA", 1 + n % 3, "", "")
                for n in range(5_000)]  # fmt: skip
        path = tmp_path / f"race-{attempt}.csv"
        path.write_bytes(csv_bytes(rows))
        out = StringIO()
        # The upload queues the task for the worker, and the command processes the report at once.
        call_command("import_sales", str(path), distributor="alpha", stdout=out, stderr=StringIO())
        report = SalesReport.objects.get(original_name=path.name)
        assert (report.status, report.rows_total, report.rows_stored, report.rows_rejected) == (
            ReportStatus.DONE, 5_000, 5_000, 0
        ), report.error_message  # fmt: skip
        assert SalesLine.objects.filter(report=report).count() == 5_000
        assert "stored 5000" in out.getvalue()


def _age(report, **fields):
    old = timezone.now() - timedelta(hours=1)
    SalesReport.objects.filter(pk=report.pk).update(created_at=old, **fields)


def test_a_report_whose_task_was_lost_is_queued_again_by_the_sweep(distributor_a, catalog, partner_a):
    from distributors.services import reports_sweep_stuck

    rows = [("L1", "2016-02-01", partner_a.dell_id, "210-AAAA", 4, "", "")]
    lost = report_receive(distributor=distributor_a, upload=upload("lost.csv", csv_bytes(rows)))  # never processed
    fresh = report_receive(distributor=distributor_a, upload=upload("fresh.csv", csv_bytes([("L2", *rows[0][1:])])))
    _age(lost)
    assert reports_sweep_stuck() == [lost.pk]  # the fresh one may still be on its way
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert (lost.status, lost.rows_stored) == (ReportStatus.DONE, 1) and fresh.status == ReportStatus.RECEIVED


def test_a_report_stuck_too_often_fails_with_a_message_and_its_file_can_be_sent_again(
    distributor_a, catalog, partner_a, settings
):
    from distributors.services import reports_sweep_stuck

    content = csv_bytes([("S1", "2016-02-01", partner_a.dell_id, "210-AAAA", 4, "", "")])
    stuck = report_receive(distributor=distributor_a, upload=upload("stuck.csv", content))
    _age(
        stuck,
        status=ReportStatus.PROCESSING,
        started_at=timezone.now() - timedelta(hours=1),
        attempts=settings.REPORT_MAX_ATTEMPTS,
    )  # fmt: skip — its workers died again and again
    reports_sweep_stuck()
    stuck.refresh_from_db()
    assert stuck.status == ReportStatus.FAILED and "загрузите файл" in stuck.error_message.lower()
    again = report_process(report_receive(distributor=distributor_a, upload=upload("stuck.csv", content)).pk)
    assert (again.status, again.rows_stored) == (ReportStatus.DONE, 1)


@pytest.mark.postgres
def test_the_sweep_leaves_a_report_that_a_worker_holds(distributor_a, catalog, partner_a):
    from distributors.services import reports_sweep_stuck

    rows = [("W1", "2016-02-01", partner_a.dell_id, "210-AAAA", 4, "", "")]
    report = report_receive(distributor=distributor_a, upload=upload("w.csv", csv_bytes(rows)))
    _age(report, status=ReportStatus.PROCESSING, started_at=timezone.now() - timedelta(hours=1), attempts=1)
    settings = connection.settings_dict
    holder = psycopg.connect(dbname=settings["NAME"], host=settings["HOST"] or "127.0.0.1",
                              port=settings["PORT"] or 5432, user=settings["USER"])  # fmt: skip
    try:
        holder.cursor().execute("SELECT pg_advisory_lock(%s, %s)", _key("sales-report", report.pk))
        assert reports_sweep_stuck() == []
    finally:
        holder.close()
    assert SalesReport.objects.get(pk=report.pk).status == ReportStatus.PROCESSING
