"""Request bodies are bounded before they reach the disk: a body declared over the endpoint's limit
gets 413 as soon as its headers arrive, on a real HTTP server (the test client never streams)."""

import json
import socket
from urllib.parse import urlparse

import pytest
from django.test import override_settings

from distributors.services import token_create

CHUNK = b"x" * 65536


def post_streaming(live_server, path, *, declared: int, headers=(), send_bytes=2**20) -> tuple[int, bytes]:
    """POST with a declared Content-Length, stream up to `send_bytes` of body, and return the answer's
    status and body — which must come without the server waiting for the rest."""
    address = urlparse(live_server.url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as conn:
        head = [f"POST {path} HTTP/1.1", f"Host: {address.hostname}", f"Content-Length: {declared}",
                "Content-Type: multipart/form-data; boundary=BOUNDARY", *headers, "", ""]  # fmt: skip
        conn.sendall("\r\n".join(head).encode())
        sent = 0
        try:
            while sent < send_bytes:
                conn.sendall(CHUNK)
                sent += len(CHUNK)
        except OSError:
            pass  # the server answered and closed: that is the point
        conn.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_20_gb_post_is_refused_at_once(live_server):
    status, body = post_streaming(live_server, "/status/", declared=20 * 2**30)
    assert status == 413
    assert "слишком большой" in body.decode()


@pytest.mark.django_db(transaction=True)
def test_a_small_form_endpoint_refuses_more_than_the_default_limit(live_server):
    status, _body = post_streaming(live_server, "/register/", declared=12 * 2**20, send_bytes=65536)
    assert status == 413


@pytest.mark.django_db(transaction=True)
@override_settings(REPORT_MAX_BYTES=300 * 2**20)
def test_the_report_api_refuses_a_report_over_its_limit_before_reading_it(live_server, distributor_user):
    _token, key = token_create(user=distributor_user, name="ERP")
    status, body = post_streaming(
        live_server, "/api/v1/reports/", declared=325 * 2**20, headers=[f"Authorization: Token {key}"]
    )
    assert status == 413
    answer = json.loads(body)
    assert answer["code"] == "request_too_large" and answer["max_bytes"] == 301 * 2**20


def test_a_report_within_its_limit_passes_the_middleware_but_not_elsewhere(client):
    big = 20 * 2**20  # over the default limit, within the report limit
    assert client.post("/status/", CONTENT_LENGTH=str(big)).status_code == 413
    # The report endpoint lets it through to authentication (401 without a token), not 413.
    assert client.post("/api/v1/reports/", CONTENT_LENGTH=str(big)).status_code == 401


def test_a_length_that_is_not_a_number_is_a_clear_400(client):
    response = client.post("/api/v1/reports/", CONTENT_LENGTH="lots")
    assert response.status_code == 400 and response.json()["code"] == "bad_content_length"
