"""Stored files live in the S3 bucket (moto's server here, MinIO or AWS in production), never on the
processing machine's disk: uploads land in the bucket, processing reads them from there through a
temporary copy that is deleted, and downloads go out through the permission-checking views only
(docs/reliability.md §9)."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from distributors.models import ReportStatus, SalesReport
from distributors.services import token_create
from tests.distributors.conftest import csv_bytes, upload, xlsx_openpyxl

pytestmark = [pytest.mark.s3, pytest.mark.django_db]


def files_under(directory) -> list:
    return [path for path in directory.rglob("*") if path.is_file()] if directory.exists() else []


def rows(partner, *, bad=1, good=2):
    lines = [(f"G-{i}", "2016-02-01", partner.dell_id, "210-AAAA", 1, "", "") for i in range(good)]
    lines += [(f"B-{i}", "not a date", partner.dell_id, "210-AAAA", 1, "", "") for i in range(bad)]
    return lines


@pytest.fixture
def token(distributor_user):
    return token_create(user=distributor_user, name="ERP")[1]


def test_a_report_uploaded_through_the_api_lands_in_the_bucket_and_is_processed_from_there(
    client, token, catalog, partner_a, s3_bucket, django_capture_on_commit_callbacks, tmp_path, settings
):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "worker-tmp")
    (tmp_path / "worker-tmp").mkdir()
    content = xlsx_openpyxl(rows(partner_a, bad=1, good=2))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/reports/", {"file": upload("sales.xlsx", content)}, HTTP_AUTHORIZATION=f"Token {token}"
        )

    assert response.status_code == 202
    report = SalesReport.objects.get()
    assert s3_bucket.keys() == [report.file.name] and report.file.name.startswith("reports/")
    assert s3_bucket.read(report.file.name) == content
    assert (report.status, report.rows_stored, report.rows_rejected) == (ReportStatus.DONE, 2, 1)
    # Private: no grant to everyone or to any signed-in AWS user.
    assert not [g for g in s3_bucket.grants(report.file.name) if "URI" in g.get("Grantee", {})]
    assert files_under(settings.MEDIA_ROOT) == []
    assert files_under(tmp_path / "worker-tmp") == []  # the processing copy is gone


def test_a_report_uploaded_on_the_page_lands_in_the_bucket(
    client, distributor_user, catalog, partner_a, s3_bucket, django_capture_on_commit_callbacks
):
    client.force_login(distributor_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/", {"file": upload("sales.csv", csv_bytes(rows(partner_a)))})

    assert response.status_code == 302
    report = SalesReport.objects.get()
    assert s3_bucket.keys() == [report.file.name]
    assert (report.status, report.rows_stored, report.rows_rejected) == (ReportStatus.DONE, 2, 1)
    assert files_under(settings.MEDIA_ROOT) == []


def test_two_uploads_with_the_same_name_are_two_objects(
    client, distributor_user, catalog, partner_a, s3_bucket, django_capture_on_commit_callbacks
):
    client.force_login(distributor_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/reports/", {"file": upload("sales.csv", csv_bytes(rows(partner_a, good=1)))})
        client.post("/reports/", {"file": upload("sales.csv", csv_bytes(rows(partner_a, good=3)))})

    first, second = SalesReport.objects.order_by("pk")
    assert first.file.name != second.file.name and sorted([first.file.name, second.file.name]) == s3_bucket.keys()
    assert (first.rows_total, second.rows_total) == (2, 4)  # each read its own file


def test_rejected_rows_and_the_original_go_only_to_their_distributor(
    client, distributor_user, other_distributor_user, catalog, partner_a, s3_bucket, django_capture_on_commit_callbacks
):
    content = csv_bytes(rows(partner_a, bad=2, good=1))
    client.force_login(distributor_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/reports/", {"file": upload("sales.csv", content)})
    report = SalesReport.objects.get()

    rejected = client.get(f"/reports/{report.pk}/rejected.xlsx")
    original = client.get(f"/reports/{report.pk}/original/")
    assert rejected.status_code == 200 and "attachment" in rejected["Content-Disposition"]
    assert original.status_code == 200 and b"".join(original.streaming_content) == content
    assert "sales.csv" in original["Content-Disposition"]

    client.force_login(other_distributor_user)
    for url in (f"/reports/{report.pk}/rejected.xlsx", f"/reports/{report.pk}/original/"):
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(f"/reports/{report.pk}/original/").status_code == 302  # to the login page
    assert files_under(settings.MEDIA_ROOT) == []


def test_a_certificate_is_stored_in_the_bucket_and_downloaded_only_through_the_checks(
    client, partner_admin, other_partner_user, account_manager, superuser, s3_bucket
):
    from tests.training.test_gates import course
    from training.models import Completion

    client.force_login(partner_admin)
    response = client.post(
        "/trainings/",
        {
            "course": course("DPWS0212WBTS").pk,
            "completed_on": "2016-02-01",
            "certificate": SimpleUploadedFile("certificate.pdf", b"%PDF-1.4 ok", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    completion = Completion.objects.get()
    assert s3_bucket.keys() == [completion.certificate.name]
    url = f"/trainings/certificates/{completion.pk}/"

    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 ok"
    client.force_login(other_partner_user)
    assert client.get(url).status_code == 404
    client.force_login(account_manager)  # covers Central, where partner A is
    assert client.get(url).status_code == 200
    # The admin's change form links the certificate to the same view, never to a bucket URL.
    client.force_login(superuser)
    page = client.get(f"/admin/training/completion/{completion.pk}/change/").content.decode()
    assert f'href="{url}"' in page and s3_bucket.server.endpoint not in page
    assert files_under(settings.MEDIA_ROOT) == []


def test_the_processing_copy_is_deleted_when_reading_fails(
    distributor_a, catalog, s3_bucket, tmp_path, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from distributors import services

    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    seen = []

    def broken(path, filename):
        seen.append(path.exists())
        raise RuntimeError("the reader crashed")

    monkeypatch.setattr(services, "open_report", broken)
    with django_capture_on_commit_callbacks(execute=True):  # the task runs in-process; it fails
        report = services.report_receive(distributor=distributor_a, upload=upload("s.csv", b"a,b\n1,2\n"))
    report = SalesReport.objects.get()

    assert seen == [True] and report.status == ReportStatus.FAILED
    assert files_under(tmp_path) == []


def test_the_bucket_is_configured_from_the_environment(s3_bucket):
    """config/settings turns AWS_STORAGE_BUCKET_NAME and friends into the storage the tests use."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")} | s3_bucket.env
    shown = subprocess.run(
        [sys.executable, "-c", "import django, json; django.setup(); from django.conf import settings; "
         "print(json.dumps(settings.STORAGES['default']))"],
        env=env | {"DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout  # fmt: skip
    assert json.loads(shown) == s3_bucket.storages_setting({})["default"] | {
        "OPTIONS": s3_bucket.storages_setting({})["default"]["OPTIONS"] | {"location": ""}
    }
