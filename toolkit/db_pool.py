"""Django's PostgreSQL connection pool (config/settings: DATABASE_POOL_MAX_SIZE; README, "Configuration").

A pooled connection outlives the request or task that used it, and so would its session state.
`reset_session` runs (in the pool's own thread) each time a connection is given back, after the
pool has rolled back any open transaction: it releases the session's advisory locks — the locks
of toolkit/locks.py are meant to go with their session, and a pooled session does not end — and
drops its temporary tables. Settings Django configured on the connection (time zone) stay."""


def reset_session(connection) -> None:
    with connection.transaction():  # commits in either autocommit mode, leaving the connection idle
        connection.execute("SELECT pg_advisory_unlock_all()")
        connection.execute("DISCARD TEMP")
