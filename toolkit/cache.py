"""The shared cache, optional for correctness: the portal keeps nothing there that it cannot lose
(rate-limit counters, import progress). When Redis is unreachable, reads miss, writes are dropped
and counters count nothing, with a log line at most every LOG_EVERY_SECONDS (an import writes
progress several times a second: one line per write would flood the log), so a login, a status look-up or an
import running COPY goes on instead of answering 500 (rate limits fail open while Redis is down)."""

import functools
import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache
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


class FailOpenRedisCache(RedisCache):
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
