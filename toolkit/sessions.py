"""Sessions read from the shared cache and written through to the database (Django's cached_db):
every signed-in page read its session with a query before. The cache may be unreachable for a
moment (toolkit/cache.py lets calls through): a logout whose cache delete was lost would leave the
session readable from the cache, so entries live at most CACHE_SECONDS, and a session the cache no
longer has is read from the database, where the logout did delete it."""

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore

CACHE_SECONDS = 300


class _ShortLived:
    """The session cache with every entry's lifetime capped at CACHE_SECONDS."""

    def __init__(self, cache):
        self._cache = cache

    def set(self, key, value, timeout=None, **kwargs):
        timeout = CACHE_SECONDS if timeout is None else min(timeout, CACHE_SECONDS)
        return self._cache.set(key, value, timeout, **kwargs)

    def __contains__(self, key):
        return key in self._cache

    def __getattr__(self, name):
        return getattr(self._cache, name)


class SessionStore(CachedDbStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _ShortLived(self._cache)
