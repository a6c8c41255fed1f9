"""With Redis, sessions are read from it and written through to the database (toolkit/sessions.py);
an entry lives at most five minutes in Redis, so a logout whose cache delete was lost while Redis
was unreachable does not leave the session usable for its whole two weeks."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache

from toolkit.sessions import CACHE_SECONDS, SessionStore

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


def test_a_session_is_in_redis_for_at_most_five_minutes_and_in_the_database(client, partner_admin, settings):
    assert settings.SESSION_ENGINE == "toolkit.sessions"
    client.force_login(partner_admin)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/dashboard/").status_code == 200
    redis = cache._cache.get_client()
    ttl = redis.ttl(cache.make_and_validate_key(SessionStore(key).cache_key))
    assert 0 < ttl <= CACHE_SECONDS
    assert Session.objects.filter(session_key=key).exists()  # a Redis restart signs nobody out


def test_a_signed_in_page_does_not_read_the_session_table(client, partner_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(partner_admin)
    client.get("/dashboard/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/dashboard/").status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]


def test_after_logout_the_session_is_gone_from_both(client, partner_admin, settings):
    client.force_login(partner_admin)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.get("/dashboard/")
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert cache.get(SessionStore(key).cache_key) is None
    client.cookies[settings.SESSION_COOKIE_NAME] = key  # the old cookie, replayed
    assert client.get("/dashboard/").status_code == 302  # to the login page
