"""With the cache (Redis) unreachable the portal works on: logins, status look-ups and API calls
answer as usual and their rate limits let the call through, with a log line."""

import pytest
from django.test import override_settings

from conftest import PASSWORD

DOWN = {
    "default": {
        "BACKEND": "toolkit.cache.FailOpenRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def cache_down(settings):
    from toolkit import cache

    cache._outage.update(logged_at=None, skipped=0)  # the first failure of this test is logged
    with override_settings(CACHES=DOWN):
        yield


def test_an_outage_is_logged_once_not_once_per_call(cache_down, caplog):
    from django.core.cache import caches

    for n in range(50):
        caches["default"].set(f"progress-{n}", n)
    lines = [r.getMessage() for r in caplog.records if "cache unreachable" in r.getMessage()]
    assert len(lines) == 1 and "set() skipped" in lines[0]


def test_a_login_and_a_failed_login_work_while_the_cache_is_down(client, partner_admin, cache_down, caplog):
    failed = client.post("/accounts/login/", {"login": partner_admin.email, "password": "wrong"})
    assert failed.status_code == 200  # the form again, with its error
    assert client.post("/accounts/login/", {"login": partner_admin.email, "password": PASSWORD}).status_code == 302
    assert "cache unreachable" in caplog.text


def test_the_status_look_up_and_the_api_answer_while_the_cache_is_down(client, partner_admin, cache_down):
    assert client.post("/status/", {"pr_number": "PR0000001", "email": "a@b.example"}).status_code == 200
    client.force_login(partner_admin)
    assert client.get("/api/v1/me/").status_code == 200


def test_an_import_completes_while_the_cache_is_down(distributor_a, catalog, partner_a, cache_down):
    from distributors.services import report_process, report_receive
    from tests.distributors.conftest import csv_bytes, upload

    rows = [(f"C{n}", "2016-02-01", partner_a.dell_id, "210-AAAA", 1, "", "") for n in range(3000)]
    report = report_process(report_receive(distributor=distributor_a, upload=upload("c.csv", csv_bytes(rows))).pk)
    assert (report.status, report.rows_stored) == ("done", 3000)
