"""A broker that is down when a change commits delays its job, never the change: the request
answers success, the job waits in the outbox, and goes out once the broker is back."""

from tests.broker import broker_back, broker_down


def test_an_api_upload_succeeds_and_is_processed_when_the_broker_is_back(
    client, distributor_user, catalog, partner_a, django_capture_on_commit_callbacks
):
    from distributors.models import SalesReport
    from distributors.services import token_create
    from tests.distributors.conftest import csv_bytes, upload

    _token, key = token_create(user=distributor_user, name="ERP")
    content = csv_bytes([("O1", "2016-02-01", partner_a.dell_id, "210-AAAA", 2, "", "")])
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/reports/", {"file": upload("o.csv", content)}, HTTP_AUTHORIZATION=f"Token {key}"
        )
    assert response.status_code == 202
    assert SalesReport.objects.get().status == "received"
    assert broker_back() == 1
    report = SalesReport.objects.get()
    assert (report.status, report.rows_stored) == ("done", 1)
