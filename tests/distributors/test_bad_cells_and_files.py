"""Issue 9: every bad cell is a row error with its reason, every bad file a refusal that names the
problem, and "an error on our side" only what truly is one. Each test looks at what a distributor
sees: the report's status and message, how many rows were stored and rejected, and the reasons."""

import pytest
from django.db import DataError
from django.test import override_settings

from distributors.models import ReportStatus, SalesLine
from distributors.services import report_process, report_receive
from tests.distributors.conftest import csv_bytes, upload

OUR_SIDE = ("on our side", "на нашей стороне")


def run(distributor, name, content):
    report = report_receive(distributor=distributor, upload=upload(name, content))
    return report_process(report.pk)


def good(dell_id, count, start=0, model=""):
    return [(f"G-{n}", "2016-02-01", str(dell_id), "210-AAAA", "1", model, "100.00") for n in range(start, count)]


def assert_refused(report, *words):
    assert report.status == ReportStatus.FAILED
    assert not any(phrase in report.error_message for phrase in OUR_SIDE), report.error_message
    assert any(word.lower() in report.error_message.lower() for word in words), report.error_message
    assert not SalesLine.objects.exists()


@override_settings(REPORT_MAX_ROWS=3)
def test_a_refusal_raised_while_rows_stream_into_copy_keeps_its_message(distributor_a, catalog, partner_a):
    report = run(distributor_a, "r.csv", csv_bytes(good(partner_a.dell_id, 5)))
    assert_refused(report, "3")


def test_a_bug_while_rows_stream_is_raised_as_itself_and_reported_as_ours(
    distributor_a, catalog, partner_a, monkeypatch
):
    from distributors.validation import RowValidator

    def broken(self, row_number, cells):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(RowValidator, "__call__", broken)
    report = report_receive(distributor=distributor_a, upload=upload("r.csv", csv_bytes(good(partner_a.dell_id, 5))))
    with pytest.raises(ZeroDivisionError):
        report_process(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and any(phrase in report.error_message for phrase in OUR_SIDE)
    assert not SalesLine.objects.exists()


@pytest.mark.postgres
def test_a_database_error_during_copy_stays_an_internal_error(distributor_a, catalog, partner_a, monkeypatch):
    from distributors import storage

    real_row = storage.DirectLines._row
    monkeypatch.setattr(
        storage.DirectLines, "_row", lambda self, r, prefix: (*real_row(self, r, prefix)[:-3], "many", "", None)
    )
    report = report_receive(distributor=distributor_a, upload=upload("r.csv", csv_bytes(good(partner_a.dell_id, 5))))
    with pytest.raises(DataError):  # an integer column refuses "many": a fault of ours, not of the file
        report_process(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and any(phrase in report.error_message for phrase in OUR_SIDE)
