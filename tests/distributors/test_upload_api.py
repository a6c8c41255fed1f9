"""POST /api/v1/reports/ says in a machine-readable way why an upload is refused (issue 9, finding 9)."""

import pytest

from distributors.services import token_create
from tests.distributors.conftest import csv_bytes, upload


@pytest.fixture
def token(distributor_user):
    return token_create(user=distributor_user, name="ERP")[1]


def report_file(partner, invoice="I-1"):
    return csv_bytes([(invoice, "2016-02-01", partner.dell_id, "210-AAAA", 2, "", "")])


def post(client, token, content, name="sales.csv"):
    return client.post("/api/v1/reports/", {"file": upload(name, content)}, HTTP_AUTHORIZATION=f"Token {token}")


def test_a_file_already_imported_is_refused_with_a_code_and_the_earlier_report(client, token, catalog, partner_a):
    first = post(client, token, report_file(partner_a))
    again = post(client, token, report_file(partner_a), name="renamed.csv")

    assert again.status_code == 400
    body = again.json()
    assert (body["code"], body["report_id"]) == ("duplicate_report", first.json()["id"])
    assert f"#{first.json()['id']}" in body["file"][0]
