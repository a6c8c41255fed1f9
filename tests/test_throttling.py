"""Rate limits count in fixed windows on the shared cache; a counter never outlives its window."""

import pytest
from django.core.cache import cache

from toolkit.throttling import allow_attempt, over_limit


def test_attempts_over_the_limit_are_refused_until_the_window_ends():
    cache.clear()
    assert [allow_attempt(scope="t", key="a", limit=2, window_seconds=60) for _ in range(3)] == [True, True, False]
    assert over_limit(scope="t", key="a", limit=2)
    assert allow_attempt(scope="t", key="b", limit=2, window_seconds=60)  # another caller counts apart
    cache.delete("attempts:t:a")  # the window ended
    assert allow_attempt(scope="t", key="a", limit=2, window_seconds=60)


@pytest.mark.redis
def test_a_counter_that_expired_just_before_incr_gets_its_window_again(monkeypatch):
    """Django's incr() asks EXISTS, then sends INCR. When the counter expires in between, INCR
    creates it again with no expiry: the caller was refused for good once it reached the limit
    (found by bench/load.py: partners got 429 from the API after an hour of normal use)."""
    from redis import Redis

    cache.clear()
    redis = cache._cache.get_client(write=True)
    key = cache.make_and_validate_key("attempts:api-burst:user-1")
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)  # the counter was there…
    monkeypatch.setattr(Redis, "exists", lambda self, *keys: 1)  # …and still was at EXISTS
    assert allow_attempt(scope="api-burst", key="user-1", limit=60, window_seconds=10)
    assert redis.get(key) == b"1"
    assert 0 < redis.ttl(key) <= 10  # -1 (no expiry) before the fix
