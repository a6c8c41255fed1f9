"""Django's PostgreSQL connection pool as the settings configure it (toolkit/db_pool.py): a
connection given back to the pool keeps no advisory lock and no temporary table, and keeps the time
zone Django set on it."""

import pytest
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper

from toolkit.db_pool import reset_session

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pooled():
    """A second connection to the test database through a one-connection pool (so each checkout
    gets the same session back)."""
    settings = {**connection.settings_dict, "CONN_MAX_AGE": 0}
    settings["OPTIONS"] = {**settings["OPTIONS"], "pool": {"min_size": 1, "max_size": 1, "reset": reset_session}}
    wrapper = DatabaseWrapper(settings, alias="pool_probe")
    yield wrapper
    wrapper.close()
    wrapper.close_pool()


def session(wrapper):
    with wrapper.cursor() as cursor:
        cursor.execute(
            "SELECT pg_backend_pid(), (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
            "AND pid = pg_backend_pid()), to_regclass('pg_temp.pool_probe_temp') IS NOT NULL, current_setting('TimeZone')"
        )
        return cursor.fetchone()


def test_a_connection_comes_back_from_the_pool_without_locks_or_temporary_tables(pooled):
    with pooled.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(1, 2)")  # e.g. a held_lock whose unlock failed
        cursor.execute("CREATE TEMPORARY TABLE pool_probe_temp (x integer)")
    pid, locks, temp, zone = session(pooled)
    assert (locks, temp, zone) == (1, True, "UTC")
    pooled.close()  # given back: the pool resets it in its own thread, then hands it out again
    assert session(pooled) == (pid, 0, False, "UTC")  # the same session, clean
