"""Private servers for the outage tests, started once per module and left running between tests
(a test that stops one starts it again): tests/servers.py."""

import contextlib
import shutil

import pytest

from tests.distributors.conftest import catalog, distributor_a, distributor_user  # noqa: F401 — fixtures
from tests.portal.conftest import application_data  # noqa: F401 — fixture
from tests.servers import PrivateRabbitMQ, PrivateRedis, server_folder
from tests.workers import WorkerPool


@contextlib.contextmanager
def down(server):
    """The server is stopped for the block and started again after it, whatever happens."""
    server.stop()
    try:
        yield
    finally:
        server.start()


@pytest.fixture(scope="module")
def private_broker():
    folder = server_folder()
    broker = PrivateRabbitMQ(folder / "rabbitmq")
    broker.start()
    yield broker
    broker.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def private_cache():
    folder = server_folder()
    cache = PrivateRedis(folder / "redis")
    cache.start()
    yield cache
    cache.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def workers_on_private_broker(transactional_db, tmp_path, private_broker):
    """Real workers on the private broker (the test database as usual); this process publishes
    there too. Yields the pool: `pool.start()`, `pool.mail_dir`."""
    pool = WorkerPool(tmp_path, broker=private_broker.url)
    with pool.publishing_here():
        try:
            yield pool
        finally:
            pool.stop_all()
