"""Who sees which report and line, tokens, and the upload API (docs/reliability.md §6–§9, §14)."""

import pytest

from distributors.models import ApiToken, ReportStatus, SalesLine, SalesReport
from distributors.services import report_process, report_receive, token_create
from tests.distributors.conftest import csv_bytes, upload


@pytest.fixture
def report_a(distributor_user, catalog, partner_a):
    rows = [
        ("A-1", "2016-02-01", partner_a.dell_id, "210-AAAA", 5, "", ""),
        ("A-2", "2016-02-01", partner_a.dell_id, "210-AAAA", "x", "", ""),
    ]
    report = report_receive(
        distributor=distributor_user.distributor, upload=upload("a.csv", csv_bytes(rows)), uploaded_by=distributor_user
    )
    return report_process(report.pk)


def test_another_distributor_gets_404_everywhere(client, report_a, other_distributor_user):
    client.force_login(other_distributor_user)
    for url in (
        f"/reports/{report_a.pk}/",
        f"/reports/{report_a.pk}/status/",
        f"/reports/{report_a.pk}/rejected.xlsx",
        f"/reports/{report_a.pk}/original/",
        f"/api/v1/reports/{report_a.pk}/",
        f"/api/v1/reports/{report_a.pk}/errors/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/reports/").json() == []
    assert client.get("/api/v1/sales-lines/").json()["results"] == []
    assert report_a.original_name not in client.get("/reports/").content.decode()


def test_the_owner_sees_the_report_and_downloads_the_original_as_attachment(client, report_a, distributor_user):
    client.force_login(distributor_user)
    page = client.get(f"/reports/{report_a.pk}/").content.decode()
    assert 'data-figure="stored">1<' in page and 'data-figure="rejected">1<' in page
    original = client.get(f"/reports/{report_a.pk}/original/")
    assert original.status_code == 200 and "attachment" in original["Content-Disposition"]
    assert b"A-1" in b"".join(original.streaming_content)


def test_partners_see_only_their_own_lines(client, report_a, partner_admin, other_partner_user):
    client.force_login(partner_admin)
    assert [line["invoice_number"] for line in client.get("/api/v1/sales-lines/").json()["results"]] == ["A-1"]
    client.force_login(other_partner_user)
    assert client.get("/api/v1/sales-lines/").json()["results"] == []


def test_token_is_shown_once_stored_hashed_and_revocable(
    client, distributor_user, catalog, partner_a, django_capture_on_commit_callbacks
):
    client.force_login(distributor_user)
    page = client.post("/tokens/", {"name": "ERP"}).content.decode()
    token = ApiToken.objects.get()
    import re

    key = re.search(r'<code id="new-token"[^>]*>([^<]+)</code>', page).group(1)
    assert ApiToken.hash(key) == token.key_hash and key not in str(token.__dict__)
    assert key not in client.get("/tokens/").content.decode()  # never shown again

    machine = client.__class__()
    content = csv_bytes([("T-1", "2016-02-01", partner_a.dell_id, "210-AAAA", 2, "", "")])
    with django_capture_on_commit_callbacks(execute=True):
        response = machine.post(
            "/api/v1/reports/", {"file": upload("erp.csv", content)}, HTTP_AUTHORIZATION=f"Token {key}"
        )
    assert response.status_code == 202 and response.json()["status"] in ("received", "done")
    status = machine.get(f"/api/v1/reports/{response.json()['id']}/", HTTP_AUTHORIZATION=f"Token {key}").json()
    assert (status["status"], status["rows_stored"]) == ("done", 1)

    client.post(f"/tokens/{token.pk}/revoke/")
    assert machine.get("/api/v1/reports/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_deactivated_distributor_user_token_is_refused(client, distributor_user):
    _token, key = token_create(user=distributor_user, name="ERP")
    distributor_user.is_active = False
    distributor_user.save()
    assert client.get("/api/v1/reports/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_same_bytes_by_browser_then_api_is_already_imported(client, report_a, distributor_user):
    _token, key = token_create(user=distributor_user, name="ERP")
    content = report_a.file.open("rb").read()
    response = client.post(
        "/api/v1/reports/", {"file": upload("renamed.csv", content)}, HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert response.status_code == 400 and f"#{report_a.pk}" in str(response.json())
    assert SalesReport.objects.count() == 1 and SalesLine.objects.count() == 1


def test_read_only_fields_and_other_distributors_are_not_writable(
    client, distributor_user, other_distributor_user, catalog, partner_a, django_capture_on_commit_callbacks
):
    _token, key = token_create(user=distributor_user, name="ERP")
    content = csv_bytes([("W-1", "2016-02-01", partner_a.dell_id, "210-AAAA", 1, "", "")])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/reports/",
            {"file": upload("w.csv", content), "status": "done", "rows_stored": 999, "distributor": "beta"},
            HTTP_AUTHORIZATION=f"Token {key}",
        )
    report = SalesReport.objects.get(pk=response.json()["id"])
    assert report.distributor == distributor_user.distributor and report.rows_stored == 1


def test_browser_upload_shows_the_result_page(
    client, distributor_user, catalog, partner_a, django_capture_on_commit_callbacks
):
    client.force_login(distributor_user)
    content = csv_bytes([("B-1", "2016-02-01", partner_a.dell_id, "210-AAAA", 3, "", "")])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/", {"file": upload("b.csv", content)})
    assert response.status_code == 302
    report = SalesReport.objects.get()
    assert report.status == ReportStatus.DONE and response["Location"] == f"/reports/{report.pk}/"
    again = client.post("/reports/", {"file": upload("b-copy.csv", content)})
    assert again.status_code == 400 and f"#{report.pk}" in again.content.decode()


def test_import_sales_command_runs_the_same_pipeline(distributor_a, catalog, partner_a, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "sales.csv"
    path.write_bytes(csv_bytes([("C-1", "2016-02-01", partner_a.dell_id, "210-AAAA", 4, "", "")]))
    call_command("import_sales", str(path), "--distributor", "alpha")
    assert "stored 1" in capsys.readouterr().out
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("import_sales", str(path), "--distributor", "alpha")  # same file: refused
    assert SalesLine.objects.count() == 1
