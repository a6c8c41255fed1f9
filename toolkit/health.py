"""Health endpoints for load balancers and orchestrators (docs/operations.md).

- `/health/live`: the process answers. Touches nothing else, so a database outage never gets
  healthy web processes restarted.
- `/health/ready`: may this process take traffic? The database and the file storage are needed by
  every page and upload: either unreachable → 503. The cache and the broker are reported too, but
  the portal is built to work through their outages (the cache fails open, jobs wait in the outbox:
  docs/reliability.md, "Surviving outages"), so they make the answer "degraded", still 200 —
  taking every web process out of the balancer because Redis restarted would turn a small outage
  into a full one.
"""

import logging
import time

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)
REQUIRED = ("database", "storage")


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _storage():
    default_storage.exists("health/probe")  # a HEAD on object storage, a stat on a disk


def _cache():
    client = getattr(cache, "_cache", None)
    if client is None or not hasattr(client, "get_client"):
        return "not used"  # the embedded default caches in the database or in memory
    client.get_client(write=True).ping()


def _broker():
    if not settings.CELERY_BROKER_URL:
        return "not used"  # jobs run in-process on the embedded default
    with current_app.connection_for_write(connect_timeout=2) as broker:
        broker.ensure_connection(max_retries=1, timeout=2)


def _run(name, check) -> dict:
    started = time.monotonic()
    try:
        state = check() or "ok"
    except Exception as error:  # noqa: BLE001 — any failure means "not reachable"; the log keeps why
        log.warning("health: %s unreachable: %s", name, error)
        state = "unavailable"
    return {"status": state, "ms": round((time.monotonic() - started) * 1000)}


@never_cache
@require_GET
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def ready(request):
    checks = {
        name: _run(name, check)
        for name, check in (("database", _database), ("storage", _storage), ("cache", _cache), ("broker", _broker))
    }
    down = {name for name, result in checks.items() if result["status"] == "unavailable"}
    status = "unavailable" if down & set(REQUIRED) else "degraded" if down else "ok"
    return JsonResponse({"status": status, "checks": checks}, status=503 if status == "unavailable" else 200)
