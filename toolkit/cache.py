"""The shared cache, optional for correctness: the portal keeps nothing there that it cannot lose
(rate-limit counters, import progress). When Redis is unreachable, reads miss, writes are dropped
and counters count nothing, with a log line at most every LOG_EVERY_SECONDS (an import writes
progress several times a second: one line per write would flood the log), so a login, a status look-up or an
import running COPY goes on instead of answering 500 (rate limits fail open while Redis is down)."""

import functools
import logging
import threading
import time
import uuid

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY_SECONDS = 30
_outage = {"logged_at": None, "skipped": 0}
_outage_lock = threading.Lock()


def _log_skipped(name, error):
    with _outage_lock:
        _outage["skipped"] += 1
        now = time.monotonic()
        if _outage["logged_at"] is not None and now - _outage["logged_at"] < LOG_EVERY_SECONDS:
            return
        skipped, _outage["skipped"], _outage["logged_at"] = _outage["skipped"], 0, now
    log.warning("cache unreachable, %s() skipped (%d calls skipped since the last line): %s", name, skipped, error)


def _fail_open(method, fallback):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            _log_skipped(method.__name__, error)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    return wrapper


class ReusedRedisClients(RedisCacheClient):
    """Django builds a new redis.Redis for every cache call, and building one fills a table of some
    two hundred response callbacks: a third of a millisecond, several times per page. One client per
    connection pool serves every call (a client holds no connection of its own; the pool does)."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if (client := clients.get(id(pool))) is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisClients

    get = _fail_open(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = _fail_open(RedisCache.get_many, {})
    has_key = _fail_open(RedisCache.has_key, False)
    add = _fail_open(RedisCache.add, True)  # "added": allauth's rate-limit lock is then taken, not waited for
    set = _fail_open(RedisCache.set, None)
    set_many = _fail_open(RedisCache.set_many, [])
    touch = _fail_open(RedisCache.touch, False)
    delete = _fail_open(RedisCache.delete, False)
    delete_many = _fail_open(RedisCache.delete_many, None)
    incr = _fail_open(RedisCache.incr, 0)  # a counter that counts nothing: the limit lets the call through
    clear = _fail_open(RedisCache.clear, False)


# --- Versioned entries -------------------------------------------------------------------------
# Derived data (a partner's progress inputs) is cached under a version token that every committed
# change to its sources replaces: entries of an old token are never read again and expire. A token,
# not a counter: after a rolled-back test or a Redis restart a counter could come back to a number
# whose entries were computed from other data.
def current_version(name: str) -> str | None:
    """The version token of `name`, created on first use; None while the cache is unreachable."""
    from django.core.cache import cache

    key = f"version:{name}"
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, None)
        token = cache.get(key)
    return token


def replace_version(name: str) -> None:
    from django.core.cache import cache

    cache.set(f"version:{name}", uuid.uuid4().hex, None)
