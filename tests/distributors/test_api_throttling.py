"""The API is throttled per token, per signed-in user and per address, and guessing tokens stops;
every limit takes the client address through the trusted proxy count (docs/reliability.md §35)."""

import pytest
from django.test import override_settings

from distributors.services import token_create
from tests.distributors.conftest import csv_bytes, upload

RATES = {"burst": "5/10s", "sustained": "100/h", "anonymous": "3/m", "report_upload": "2/h", "bad_token": "4/5m"}


@pytest.fixture
def token(distributor_user):
    _token, key = token_create(user=distributor_user, name="ERP")
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


@override_settings(API_THROTTLE_RATES=RATES)
def test_a_token_over_its_rate_waits(client, token):
    answers = [client.get("/api/v1/sales-lines/", **token) for _ in range(7)]
    assert [a.status_code for a in answers] == [200] * 5 + [429] * 2
    assert int(answers[-1]["Retry-After"]) <= 10


@override_settings(API_THROTTLE_RATES=RATES)
def test_a_signed_in_user_is_throttled_too(client, partner_admin):
    client.force_login(partner_admin)
    assert [client.get("/api/v1/me/").status_code for _ in range(6)][-1] == 429


@override_settings(API_THROTTLE_RATES=RATES)
def test_guessing_tokens_stops_even_for_the_right_key_from_that_address(client, token):
    wrong = [client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token guess{n}").status_code for n in range(6)]
    assert wrong == [401] * 4 + [429] * 2
    assert client.get("/api/v1/me/", **token).status_code == 429  # the answer tells a guesser nothing
    assert client.get("/api/v1/me/", REMOTE_ADDR="10.9.9.9", **token).status_code == 200


# Anonymous calls to data endpoints are refused (401) before any throttle; the public ones count.
@override_settings(API_THROTTLE_RATES=RATES)
def test_anonymous_calls_are_counted_per_address(client, db):
    assert [client.get("/api/schema/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client.get("/api/schema/", REMOTE_ADDR="10.1.1.1").status_code == 200


@override_settings(API_THROTTLE_RATES=RATES)
def test_report_uploads_are_limited_per_distributor(client, token, catalog):
    answers = [
        client.post("/api/v1/reports/", {"file": upload(f"r{n}.csv", csv_bytes([(f"I{n}", "2016-02-01", "1", "X", 1, "", "")]))}, **token)
        for n in range(3)
    ]  # fmt: skip
    assert [a.status_code for a in answers] == [202, 202, 429]


@override_settings(API_THROTTLE_RATES=RATES, TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_each_client_has_its_own_bucket_and_cannot_pick_one(client, db):
    def call(forwarded):
        return client.get("/api/schema/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).status_code

    # The proxy appends the real address; what the client wrote before it is ignored.
    assert [call(f"1.1.1.{n}, 203.0.113.5") for n in range(4)] == [200, 200, 200, 429]
    assert call("198.51.100.7") == 200


@override_settings(STATUS_LOOKUP_RATE=2, TRUSTED_PROXY_COUNT=1)
def test_the_status_page_limit_uses_the_address_behind_the_proxy(client, db):
    def look_up(forwarded):
        response = client.post("/status/", {"pr_number": "PR0000001", "email": "a@b.example"},
                               REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)  # fmt: skip
        return "Слишком много" in response.content.decode() or response.status_code == 429

    assert [look_up("203.0.113.5") for _ in range(3)] == [False, False, True]
    assert look_up("198.51.100.7") is False  # another client behind the same proxy
