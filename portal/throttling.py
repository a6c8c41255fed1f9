"""A fixed-window counter on the shared cache, for public look-ups that must not be brute-forced."""

from django.core.cache import cache


def allow_attempt(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for `key` and say whether it is still within `limit` per window."""
    cache_key = f"throttle:{scope}:{key}"
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        attempts = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=window_seconds)
        attempts = 1
    return attempts <= limit


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")
