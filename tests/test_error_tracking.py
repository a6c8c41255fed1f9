"""With SENTRY_DSN set, an error in a page reaches the error tracker, tagged with its request id
(config/settings, toolkit/logs.py). A local HTTP server stands in for Sentry."""

import gzip
import http.server
import os
import subprocess
import sys
import threading

from django.conf import settings

SCRIPT = """
import django
django.setup()
import sentry_sdk
from django.test import Client
from django.urls import path
from django.conf import settings
import config.urls

def broken(request):
    raise ZeroDivisionError("payout share of nothing")

config.urls.urlpatterns.append(path("broken-for-test/", broken))
response = Client(raise_request_exception=False).get("/broken-for-test/", headers={"X-Request-ID": "req-sentry-42"})
print("status", response.status_code)
sentry_sdk.flush(5)
"""


class Collector(http.server.BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        Collector.received.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_an_unhandled_error_reaches_sentry_with_its_request_id():
    server = http.server.HTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = os.environ | {
            "SENTRY_DSN": f"http://publickey@127.0.0.1:{server.server_port}/1",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "ALLOWED_HOSTS": "testserver",
        }
        env.pop("DATABASE_URL", None)  # the error happens before any query
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
        )
    finally:
        server.shutdown()
    assert "status 500" in result.stdout, result.stderr[-2000:]
    sent = b"".join(Collector.received)
    assert b"ZeroDivisionError" in sent and b"payout share of nothing" in sent
    assert b"req-sentry-42" in sent
