"""Shared test set-up: personas, and the rule for tests that need real components.

Tests marked `postgres`, `redis`, `worker`, `outage`, `s3` or `browser` need PostgreSQL, Redis, RabbitMQ with a real
Celery worker, the servers the outage tests start and stop themselves (tests/servers.py), the S3
server the storage tests start themselves (moto, tests/s3.py), or headless Chromium. Without them `make test` skips those tests with the reason; `.ci/run` sets
PORTAL_REQUIRE_ALL_TESTS=1, which turns every such skip into a failure."""

import importlib.util
import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from hypothesis import settings as hypothesis_settings

from config.celery import app as celery_app

REQUIRE_ALL = os.environ.get("PORTAL_REQUIRE_ALL_TESTS") == "1"
# Property tests: CI tries 300 examples each, the quick local loop 50 (HYPOTHESIS_PROFILE=ci for more).
hypothesis_settings.register_profile("ci", max_examples=300)
hypothesis_settings.register_profile("dev", max_examples=50)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci" if REQUIRE_ALL else "dev")
hypothesis_settings.load_profile(HYPOTHESIS_PROFILE)
THOROUGH = HYPOTHESIS_PROFILE == "ci"  # tests with their own example counts scale them by this
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "correct-horse-battery-42"


def pytest_configure(config):
    # The embedded default caches in the database; tests without Redis use process memory instead,
    # so that tests that never touch the database need not ask for it.
    if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    elif worker := os.environ.get("PYTEST_XDIST_WORKER"):
        # Each pytest-xdist process counts its rate limits in a Redis database of its own (tests
        # clear the cache, which empties the whole database).
        url = urlparse(settings.CACHES["default"]["LOCATION"])
        database = (int(url.path.strip("/") or 0) + int(worker.removeprefix("gw")) + 1) % 16
        settings.CACHES["default"]["LOCATION"] = url._replace(path=f"/{database}").geturl()
    # Deliberately slow password hashing protects production, not test data.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _unavailable(reason: str):
    if REQUIRE_ALL:
        pytest.fail(f"CI requires this test but {reason}")
    pytest.skip(reason)


def _answers(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1):
            return True
    except OSError:
        return False


def pytest_runtest_setup(item):
    if (
        item.get_closest_marker("postgres")
        and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql"
    ):
        _unavailable("it needs PostgreSQL (set DATABASE_URL=postgres://…)")
    if item.get_closest_marker("redis") and not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        _unavailable("it needs Redis as the cache (set REDIS_URL=redis://…)")
    if item.get_closest_marker("worker"):
        broker = settings.CELERY_BROKER_URL
        if not broker.startswith(("amqp", "pyamqp")) or not _answers(broker, 5672):
            _unavailable("it needs RabbitMQ and a Celery worker (set CELERY_BROKER_URL=amqp://…)")
    if item.get_closest_marker("outage"):
        from tests.servers import missing_tools

        if missing := missing_tools():
            _unavailable(f"it starts its own servers and needs {', '.join(missing)}")
    if item.get_closest_marker("s3") and importlib.util.find_spec("moto") is None:
        _unavailable("it needs moto's S3 server (the `test` extra: make test installs it)")
    if item.get_closest_marker("browser") and not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        _unavailable(f"it needs headless Chromium at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(autouse=True)
def tasks_run_in_process(request):
    """Tasks run in-process unless the test talks to a real worker (marker `worker`)."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return "transactional_db" in request.fixturenames or bool(marker and marker.kwargs.get("transaction"))


def _seed_program():
    from django.core.management import call_command

    from portal.roles import roles_ensure

    roles_ensure()
    call_command("seed_program", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The brochure's programs, the calendar, managers and staff roles are seeded once per session:
    every test's transaction rolls back to this state (seeding per test cost 0.4 s each)."""
    with django_db_blocker.unblock():
        _seed_program()


@pytest.fixture(autouse=True)
def reference_data(request):
    """Transactional tests flush every table, data migrations' rows included: put them back."""
    if _transactional(request):
        request.getfixturevalue("transactional_db")
        from portal.models import NumberSequence, Region, Specialization
        from portal.reference_data import load_reference_data

        load_reference_data(Region, Specialization, NumberSequence)


@pytest.fixture
def roles(request, db):
    from django.contrib.auth.models import Group

    from portal.roles import roles_ensure

    if _transactional(request):  # the session's seed was flushed
        return roles_ensure()
    return {group.name: group for group in Group.objects.all()}


@pytest.fixture
def brochure(request, db, roles):
    """The brochure's Q1 2016 programs and everything seed_program loads (seeded once per session;
    a transactional test, which starts from flushed tables, seeds them again)."""
    if _transactional(request):
        _seed_program()


@pytest.fixture
def q1(brochure):
    """The brochure's Q1 2016 program of a kind (client, monitors, enterprise)."""
    from rebates.models import Program

    def program(kind):
        return Program.objects.get(quarter__code="2016-Q1", kind=kind)

    return program


def make_user(email, *, verified=True, **fields):
    from portal.models import User

    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


@pytest.fixture
def make_partner(db):
    from portal.models import Partner, Region
    from portal.services import next_number
    from toolkit.validators import inn_with_check_digits

    counter = iter(range(100, 999))

    def factory(*, region="central", segment="both", name="ООО «Тест»"):
        return Partner.objects.create(
            dell_id=next_number("dell_id", start=settings.DELL_ID_START),
            legal_name=name,
            inn=inn_with_check_digits(f"770{next(counter):03d}000"),
            city="Москва",
            region=Region.objects.get(code=region),
            address="Москва, ул. Тестовая, 1",
            segment=segment,
        )

    return factory


@pytest.fixture
def partner_a(make_partner):
    return make_partner(name="ООО «Альфа»", region="central")


@pytest.fixture
def partner_b(make_partner):
    return make_partner(name="ООО «Бета»", region="siberia")


@pytest.fixture
def partner_admin(partner_a):
    return make_user("admin@alfa.example", partner=partner_a, is_partner_admin=True, full_name="Анна Альфина")


@pytest.fixture
def partner_user(partner_a):
    return make_user("user@alfa.example", partner=partner_a, full_name="Борис Альфин")


@pytest.fixture
def other_partner_user(partner_b):
    return make_user("admin@beta.example", partner=partner_b, is_partner_admin=True)


@pytest.fixture
def account_manager(brochure):
    """Staff login of the consumer-direction manager: Central, North-West, South, North Caucasus, Volga."""
    from django.contrib.auth.models import Group

    from portal.models import AccountManager
    from portal.roles import ACCOUNT_MANAGERS

    user = make_user("consumer.manager@example.com", is_staff=True, full_name="Менеджер")
    user.groups.add(Group.objects.get(name=ACCOUNT_MANAGERS))
    AccountManager.objects.filter(email="consumer.manager@example.com").update(user=user)
    return user


@pytest.fixture
def program_admin(brochure):
    from django.contrib.auth.models import Group

    from portal.roles import PROGRAM_ADMINISTRATORS

    user = make_user("programs@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=PROGRAM_ADMINISTRATORS))
    return user


@pytest.fixture
def superuser(db):
    return make_user("root@example.com", is_staff=True, is_superuser=True)


@pytest.fixture(scope="session")
def s3_server():
    """An S3-compatible server (moto) on a free port, for this pytest process."""
    from tests.s3 import S3Server

    server = S3Server()
    yield server
    server.stop()


@pytest.fixture
def s3_bucket(request, settings, tmp_path):
    """The default storage in a bucket of this test's own (marker `s3`), as production configures it
    with AWS_STORAGE_BUCKET_NAME; MEDIA_ROOT is an empty directory, so a test can check that
    nothing was written there. `s3_bucket.env` points a web or worker process at the same bucket."""
    bucket = request.getfixturevalue("s3_server").new_bucket()
    settings.STORAGES = bucket.storages_setting(settings.STORAGES)
    settings.MEDIA_ROOT = tmp_path / "media"
    return bucket


@pytest.fixture
def celery_workers(transactional_db, tmp_path):
    """Start real Celery workers in their own processes, on the test broker and database, each
    consuming a queue of this test's own; their e-mails are written as files under `mail_dir`.
    `start(**env)` starts one more worker, with `env` overriding its environment (e.g. another
    broker or cache). RabbitMQ gives a killed worker's unacknowledged task back at once."""
    from tests.workers import WorkerPool

    pool = WorkerPool(tmp_path, broker=settings.CELERY_BROKER_URL)
    with pool.publishing_here():
        try:
            yield pool.start, pool.mail_dir
        finally:
            pool.stop_all()


@pytest.fixture
def celery_worker_process(celery_workers):
    """One real worker; yields (process, mail_dir)."""
    start, mail_dir = celery_workers
    yield start(), mail_dir
