"""Limits on how often one caller may do a thing, on the shared cache, and the one place that says
who the caller is (the client address behind the trusted proxies)."""

from django.conf import settings
from django.core.cache import cache


def _counter_key(scope: str, key: str) -> str:
    # "attempts:", not the "throttle:" of before: counters left without expiry by the race below
    # are never read again.
    return f"attempts:{scope}:{key}"


def allow_attempt(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for `key` and say whether it is still within `limit` per window (a window
    starts with the first attempt after the last one ended)."""
    cache_key = _counter_key(scope, key)
    if cache.add(cache_key, 1, timeout=window_seconds):  # the window's first attempt
        return limit >= 1
    try:
        attempts = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=window_seconds)
        attempts = 1
    if attempts == 1:
        # Django's incr() checks that the key exists, then sends INCR: a key expiring in between is
        # created again by INCR, without expiry, and would count for good (the caller refused for
        # ever, as the load benchmark found). It starts a new window instead.
        cache.touch(cache_key, window_seconds)
    return attempts <= limit


def over_limit(*, scope: str, key: str, limit: int) -> bool:
    """Whether `key` has used up its attempts in the current window (counts nothing)."""
    return (cache.get(_counter_key(scope, key)) or 0) >= limit


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/m" → (30, 60); "60/10s" → (60, 10): a count and a window in seconds."""
    count, period = rate.split("/")
    unit = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[-1]]
    return int(count), int(period[:-1] or 1) * unit


def client_address(request) -> str:
    """The client's address. Behind TRUSTED_PROXY_COUNT proxies, each appending to X-Forwarded-For,
    it is the entry that the outermost trusted proxy wrote; the entries before it are the client's
    own words and are never trusted. Used by every rate limit and by allauth (the adapter)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            # Fewer entries than proxies: all of them were written by trusted proxies; take the first.
            return hops[-proxies] if len(hops) >= proxies else hops[0]
    return request.META.get("REMOTE_ADDR") or "unknown"
