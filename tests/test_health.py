"""/health/live and /health/ready (toolkit/health.py, docs/operations.md)."""

from unittest import mock

import pytest

pytestmark = pytest.mark.django_db


def test_live_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_ready_checks_database_storage_cache_and_broker(client):
    body = client.get("/health/ready").json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "storage", "cache", "broker"}
    assert body["checks"]["database"]["status"] == "ok" and body["checks"]["storage"]["status"] == "ok"


def test_ready_is_503_when_the_database_is_unreachable(client):
    with mock.patch("toolkit.health._database", side_effect=OSError("connection refused")):
        response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"]["status"] == "unavailable"


def test_ready_is_503_when_file_storage_is_unreachable(client):
    with mock.patch("toolkit.health._storage", side_effect=OSError("endpoint unreachable")):
        assert client.get("/health/ready").status_code == 503


@pytest.mark.parametrize("part", ["cache", "broker"])
def test_a_cache_or_broker_outage_is_degraded_but_still_ready(client, part):
    """The portal works through these outages (docs/reliability.md, "Surviving outages")."""
    with mock.patch(f"toolkit.health._{part}", side_effect=ConnectionError("down")):
        response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded" and response.json()["checks"][part]["status"] == "unavailable"


@pytest.mark.postgres
@pytest.mark.worker
def test_ready_reaches_the_real_redis_and_rabbitmq(client, settings):
    checks = client.get("/health/ready").json()["checks"]
    assert checks["cache"]["status"] == "ok" and checks["broker"]["status"] == "ok"
