"""Shared test set-up: personas, and the rule for tests that need real components.

Tests marked `postgres`, `redis` or `browser` need PostgreSQL, Redis with a Celery worker, or
headless Chromium. Without them `make test` skips those tests with the reason; `.ci/run` sets
PORTAL_REQUIRE_ALL_TESTS=1, which turns every such skip into a failure."""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings

from portal.celery import app as celery_app

REQUIRE_ALL = os.environ.get("PORTAL_REQUIRE_ALL_TESTS") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "correct-horse-battery-42"


def pytest_configure(config):
    # The embedded default caches in the database; tests without Redis use process memory instead,
    # so that tests that never touch the database need not ask for it.
    if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Deliberately slow password hashing protects production, not test data.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _unavailable(reason: str):
    if REQUIRE_ALL:
        pytest.fail(f"CI requires this test but {reason}")
    pytest.skip(reason)


def _redis_answers(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def pytest_runtest_setup(item):
    if (
        item.get_closest_marker("postgres")
        and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql"
    ):
        _unavailable("it needs PostgreSQL (set DATABASE_URL=postgres://…)")
    if item.get_closest_marker("redis"):
        broker = settings.CELERY_BROKER_URL
        if not broker or not broker.startswith("redis") or not _redis_answers(broker):
            _unavailable("it needs Redis and a Celery worker (set REDIS_URL / CELERY_BROKER_URL)")
    if item.get_closest_marker("browser") and not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        _unavailable(f"it needs headless Chromium at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(autouse=True)
def tasks_run_in_process(request):
    """Tasks run in-process unless the test talks to a real worker (marker `redis`)."""
    if request.node.get_closest_marker("redis"):
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


@pytest.fixture(autouse=True)
def reference_data(request):
    """Transactional tests flush every table, data migrations' rows included: put them back."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
        from portal.models import NumberSequence, Region, Specialization
        from portal.reference_data import load_reference_data

        load_reference_data(Region, Specialization, NumberSequence)


@pytest.fixture
def roles(db):
    from portal.roles import roles_ensure

    return roles_ensure()


@pytest.fixture
def brochure(db, roles):
    from django.core.management import call_command

    call_command("seed_program", verbosity=0)


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
    from portal.validators import inn_with_check_digits

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


@pytest.fixture
def celery_workers(transactional_db, tmp_path):
    """Start real Celery workers in their own processes, on Redis, using the test database; their
    e-mails are written as files under `mail_dir`. Redis redelivers an unacknowledged task after 5 s
    (CELERY_VISIBILITY_TIMEOUT), so a killed worker's task reaches the next worker quickly."""
    import subprocess
    import sys
    import uuid

    from django.db import connection

    db = connection.settings_dict
    queue = f"test-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = dict(os.environ)
    env.update(
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@"
            f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        EMAIL_URL=f"filemail://{mail_dir}",
        CELERY_TASK_DEFAULT_QUEUE=queue,
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        CELERY_VISIBILITY_TIMEOUT="5",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    processes, logs = [], []

    def start():
        log = open(tmp_path / f"worker-{len(processes)}.log", "w")  # noqa: SIM115 — closed at teardown
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "-P",
                "solo",
                "-Q",
                queue,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "info",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append(process)
        logs.append(log)
        return process

    previous = (celery_app.conf.task_default_queue, celery_app.conf.broker_transport_options)
    celery_app.conf.task_default_queue = queue
    celery_app.conf.broker_transport_options = {"visibility_timeout": 5}
    celery_app.conf.task_always_eager = False
    try:
        yield start, mail_dir
    finally:
        celery_app.conf.task_default_queue, celery_app.conf.broker_transport_options = previous
        for process in processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        for log in logs:
            log.close()
        for path in sorted(tmp_path.glob("worker-*.log")):
            print(path.name, path.read_text()[-2000:])


@pytest.fixture
def celery_worker_process(celery_workers):
    """One real worker; yields (process, mail_dir)."""
    start, mail_dir = celery_workers
    yield start(), mail_dir
