"""Request ids and client addresses on log lines; JSON lines for a collector (toolkit/logs.py)."""

import json
import logging
import sys

from django.http import HttpResponse
from django.test import RequestFactory

from toolkit.logs import ContextFilter, JsonFormatter, RequestIdMiddleware, client, request_id


def seen_by_the_view(**headers):
    seen = {}

    def view(request):
        seen.update(request_id=request_id.get(), client=client.get())
        return HttpResponse("ok")

    response = RequestIdMiddleware(view)(RequestFactory().get("/", headers=headers, REMOTE_ADDR="10.0.0.9"))
    return seen, response


def test_every_response_names_its_request_and_the_lines_it_caused():
    seen, response = seen_by_the_view()
    assert len(response["X-Request-ID"]) == 32 and seen["request_id"] == response["X-Request-ID"]
    assert request_id.get() == "-"  # nothing leaks into the next request on this thread


def test_the_proxy_request_id_is_kept_and_a_forged_one_replaced():
    assert seen_by_the_view(x_request_id="lb-7f3a9c2e11")[1]["X-Request-ID"] == "lb-7f3a9c2e11"
    forged = seen_by_the_view(x_request_id="x\r\nSet-Cookie: a=b")[1]["X-Request-ID"]
    assert "\n" not in forged and len(forged) == 32


def test_the_client_is_the_address_the_trusted_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    seen, _response = seen_by_the_view(x_forwarded_for="6.6.6.6, 203.0.113.7")
    assert seen["client"] == "203.0.113.7"


def test_a_json_line_carries_the_context_and_the_traceback():
    record = logging.LogRecord("portal.x", logging.ERROR, __file__, 1, "отчёт %s не прочитан", (7,), None)
    try:
        raise ValueError("bad cell")
    except ValueError:
        record.exc_info = sys.exc_info()
    token = request_id.set("req-1234abcd")
    try:
        ContextFilter().filter(record)
    finally:
        request_id.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "отчёт 7 не прочитан" and line["level"] == "ERROR"
    assert line["request_id"] == "req-1234abcd" and "ValueError: bad cell" in line["exception"]
