"""POST /api/v1/reports/: a retried request is answered as the first one (Idempotency-Key), and a
refusal says in a machine-readable way why (issue 9, finding 9)."""

import threading

import pytest
from django.db import connection
from django.test import Client

from distributors.models import SalesReport
from distributors.services import token_create
from tests.distributors.conftest import csv_bytes, upload

KEY = "erp-export-2016-02-01-7f3c"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media):
    return [path for path in media.rglob("*") if path.is_file()]


@pytest.fixture
def token(distributor_user):
    return token_create(user=distributor_user, name="ERP")[1]


def report_file(partner, invoice="I-1"):
    return csv_bytes([(invoice, "2016-02-01", partner.dell_id, "210-AAAA", 2, "", "")])


def post(client, token, content, key=None, name="sales.csv"):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post("/api/v1/reports/", {"file": upload(name, content)}, **headers)


def test_the_same_key_and_file_again_answer_the_first_report_and_store_nothing(
    client, token, catalog, partner_a, media
):
    first = post(client, token, report_file(partner_a), KEY)
    again = post(client, token, report_file(partner_a), KEY, name="sales (retry).csv")

    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["id"] == first.json()["id"] and again.json()["original_name"] == "sales.csv"
    assert SalesReport.objects.count() == 1 and len(stored_files(media)) == 1


def test_the_same_key_with_another_file_is_refused_with_422_and_a_code(client, token, catalog, partner_a, media):
    first = post(client, token, report_file(partner_a), KEY)
    other = post(client, token, report_file(partner_a, invoice="I-2"), KEY)

    assert other.status_code == 422
    body = other.json()
    assert (body["code"], body["report_id"]) == ("idempotency_key_reused", first.json()["id"])
    assert "Idempotency-Key" in body["detail"][0]
    assert SalesReport.objects.count() == 1 and len(stored_files(media)) == 1


def test_keys_are_per_distributor(client, token, other_distributor_user, catalog, partner_a):
    other_token = token_create(user=other_distributor_user, name="ERP")[1]
    mine = post(client, token, report_file(partner_a), KEY)

    theirs = post(client, other_token, report_file(partner_a, invoice="B-1"), KEY)
    theirs_again = post(client, other_token, report_file(partner_a, invoice="B-1"), KEY)
    mine_again = post(client, token, report_file(partner_a), KEY)

    assert (mine.status_code, theirs.status_code, theirs_again.status_code, mine_again.status_code) == (
        202,
        202,
        200,
        200,
    )
    assert theirs_again.json()["id"] == theirs.json()["id"] != mine.json()["id"] == mine_again.json()["id"]
    assert theirs.json()["distributor"] == "beta"


def test_a_file_already_imported_is_refused_with_a_code_and_the_earlier_report(client, token, catalog, partner_a):
    first = post(client, token, report_file(partner_a))
    again = post(client, token, report_file(partner_a), name="renamed.csv")

    assert again.status_code == 400
    body = again.json()
    assert (body["code"], body["report_id"]) == ("duplicate_report", first.json()["id"])
    assert f"#{first.json()['id']}" in body["file"][0]


def test_a_new_key_does_not_let_the_same_file_in_twice(client, token, catalog, partner_a):
    first = post(client, token, report_file(partner_a), KEY)
    again = post(client, token, report_file(partner_a), KEY + "-2")

    assert again.status_code == 400
    assert (again.json()["code"], again.json()["report_id"]) == ("duplicate_report", first.json()["id"])


@pytest.mark.parametrize("key", ["", "x" * 256, "ключ"], ids=["empty", "too-long", "not-ascii"])
def test_a_malformed_key_is_refused_before_anything_is_stored(client, token, catalog, partner_a, key):
    response = post(client, token, report_file(partner_a), key)

    assert response.status_code == 400 and response.json()["code"] == "invalid_idempotency_key"
    assert not SalesReport.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_retry_that_overtakes_the_first_request_gets_the_same_report(distributor_user, catalog, partner_a, media):
    token = token_create(user=distributor_user, name="ERP")[1]
    content = report_file(partner_a)
    statuses, ids = [], set()
    barrier = threading.Barrier(4)

    def send():
        barrier.wait()
        try:
            response = post(Client(), token, content, KEY)
            statuses.append(response.status_code)
            ids.add(response.json()["id"])
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [200, 200, 200, 202]
    assert len(ids) == 1 and SalesReport.objects.count() == 1
