"""A report sent over a slow line outlives the web server's worker timeout (config/gunicorn.py).

gunicorn runs here with the project's settings but a 3 s timeout, and the upload is sent at a
throttled rate for about 7 s. With the sync workers used before, the worker was killed at the
timeout (WORKER TIMEOUT, a 500 or a dropped connection); with gthread workers the upload completes."""

import http.client
import os
import socket
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings

from distributors.models import SalesReport
from distributors.services import token_create
from tests.distributors.conftest import csv_bytes
from tests.workers import database_url, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKER_TIMEOUT = 3
SEND_SECONDS = 7


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(port) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        connection.request("GET", "/health/live")
        return connection.getresponse().status == 200
    except OSError:
        return False


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": "",  # the report is processed in the web process: nothing left on a queue
        "MEDIA_ROOT": str(tmp_path / "media"),
        "GUNICORN_ACCESS_LOG": "false",
    }
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", str(WORKER_TIMEOUT)],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: answers(port), 30, "gunicorn to answer")
        yield port, log
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_slow_upload_outlives_the_worker_timeout(gunicorn, distributor_user, catalog, partner_a):
    port, log = gunicorn
    _token, key = token_create(user=distributor_user, name="ERP")
    rows = [(f"INV-{n}", "01.02.2016", partner_a.dell_id, "210-AAAA", 1, "Vostro 3558", "") for n in range(4000)]
    content = csv_bytes(rows)
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.csv"\r\n'
            f"Content-Type: text/csv\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.putrequest("POST", "/api/v1/reports/")
    connection.putheader("Authorization", f"Token {key}")
    connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    connection.putheader("Content-Length", str(len(body)))
    connection.endheaders()
    started = time.monotonic()
    pieces = 40
    step = -(-len(body) // pieces)
    for offset in range(0, len(body), step):
        connection.send(body[offset : offset + step])
        time.sleep(SEND_SECONDS / pieces)
    response = connection.getresponse()
    elapsed = time.monotonic() - started

    assert elapsed > 2 * WORKER_TIMEOUT
    assert response.status in (201, 202), response.read()[:500]
    report = SalesReport.objects.get()
    assert report.rows_stored == 4000
    assert "WORKER TIMEOUT" not in log.read_text()
