"""Locks that a task holds while it works, so that a second delivery of the same task (a broker's
redelivery, a retry, a beat and a person at once) does nothing instead of redoing the work.

PostgreSQL's session-level advisory locks fit: they are not tied to a transaction (a task may
commit several times while it holds one) and they vanish with the connection, so a killed worker
never leaves one behind. The embedded SQLite runs tasks in-process, one at a time: nothing to lock.
"""

import zlib
from contextlib import contextmanager

from django.db import DatabaseError, connection


def _key(scope: str, object_id: int) -> tuple[int, int]:
    # Two int4 keys: the scope's CRC (signed, as PostgreSQL wants it) and the object's id.
    return zlib.crc32(scope.encode()) - 2**31, int(object_id)


@contextmanager
def held_lock(scope: str, object_id: int):
    """Try to take the lock for (scope, object_id) without waiting; yields whether it was taken.
    The lock is released on leaving the block (or when the connection dies)."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = _key(scope, object_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        taken = cursor.fetchone()[0]
    try:
        yield taken
    finally:
        if taken:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)
            except DatabaseError:
                pass  # the connection is gone, and the lock went with it


BUSY_RETRY_MAX_SECONDS = 30


def busy_retry_countdown(retries: int) -> int:
    """When to look again at work another process holds: 1, 2, 4 … then every 30 s. A task given
    back by a killed worker arrives before the database has ended the dead session (and its lock),
    so the first looks come soon; a long import by a live worker is polled every 30 s."""
    return min(BUSY_RETRY_MAX_SECONDS, 2**retries)


def transaction_lock(scope: str, name: str) -> None:
    """Wait for the lock of (scope, name) and hold it until this transaction ends: two transactions
    that must not decide about one thing at once (two approvals of one customer's deals) take their
    turns. SQLite's IMMEDIATE transactions are one at a time already."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)",
            (zlib.crc32(scope.encode()) - 2**31, zlib.crc32(name.encode()) - 2**31),
        )
