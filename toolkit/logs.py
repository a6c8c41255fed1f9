"""Logs that can be followed across processes (docs/operations.md, "Logs").

Every request gets a request id (the proxy's `X-Request-ID` when it sends a sane one, else a new
one), returned in the response's `X-Request-ID` header and written on each log line the request
causes, with the client's address (toolkit.throttling.client_address: behind trusted proxies, the
address they saw). A job queued during the request carries the id in its message headers, so the
worker's lines about that job show it too. LOG_FORMAT=json writes one JSON object a line for a log
collector; the default is readable text."""

import contextvars
import json
import logging
import re
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun

from toolkit.throttling import client_address

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
request_id = contextvars.ContextVar("request_id", default="-")
client = contextvars.ContextVar("client", default="-")


def current_client_address() -> str | None:
    """The address of the client whose request is being handled (None in a job or a command): the
    audit records (application and enrollment events) keep it."""
    address = client.get()
    return None if address in ("-", "unknown") else address


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = given if _SANE_ID.match(given) else uuid.uuid4().hex
        tokens = request_id.set(request.request_id), client.set(client_address(request))
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(tokens[0])
            client.reset(tokens[1])
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class ContextFilter(logging.Filter):
    """Adds request_id and client to every record (a dash outside a request or job)."""

    def filter(self, record):
        record.request_id = getattr(record, "request_id", None) or request_id.get()
        record.client = getattr(record, "client", None) or client.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "client": getattr(record, "client", "-"),
            "process": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


# A job queued while a request (or another job) is handled carries its request id.
@before_task_publish.connect
def _carry_request_id(headers=None, **kwargs):
    if headers is not None and request_id.get() != "-":
        headers.setdefault("request_id", request_id.get())


_task_tokens: dict[str, contextvars.Token] = {}


@task_prerun.connect
def _adopt_request_id(task_id=None, task=None, **kwargs):
    carried = getattr(task.request, "request_id", None) if task else None
    _task_tokens[task_id] = request_id.set(carried or f"task-{task_id}")


@task_postrun.connect
def _forget_request_id(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id.reset(token)


def tag_event_with_request_id(event, hint):
    """Sentry's before_send: the error report names the request (or job) as the log lines do."""
    if request_id.get() != "-":
        event.setdefault("tags", {})["request_id"] = request_id.get()
    return event
