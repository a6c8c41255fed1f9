"""docs/reliability.md §28 and §9: production settings pass Django's deployment check and keep their promises."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "p7Qm2vXz9LkR4tYw8NcB1dHj6FsGa3Ue0Io5Pl-Zx_Cv7Bn2Mq4Wr8Ty1Uo3Ip6As9Df",
    "ALLOWED_HOSTS": "portal.example.com",
    "DATABASE_URL": "postgres://portal:secret@db.example.com:5432/portal",
    "REDIS_URL": "redis://cache.example.com:6379/0",
    "CELERY_BROKER_URL": "amqp://portal:secret@broker.example.com:5672/portal",
    "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.com:587",
}


# Test-only variables (e.g. the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE) are not production's.
NOT_PRODUCTION = ("DEBUG", "EMAIL_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "STAFF_MFA_REQUIRED")


def run_with_production_env(*args):
    env = {k: v for k, v in os.environ.items() if k not in NOT_PRODUCTION}
    env.update(PRODUCTION_ENV)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_deploy_check_passes_with_production_settings():
    result = run_with_production_env("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_fails_when_mail_would_go_to_the_console():
    env_without_mail = dict(PRODUCTION_ENV)
    env_without_mail.pop("EMAIL_URL")
    env = {k: v for k, v in os.environ.items() if k not in NOT_PRODUCTION} | env_without_mail
    failed = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert failed.returncode != 0 and "mail.E001" in failed.stderr


def test_production_settings_are_hardened():
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "from config.celery import app; "
        "print(json.dumps({k: getattr(s, k) for k in ['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', 'DEBUG', 'STAFF_MFA_REQUIRED']} | "
        "{'cache': s.CACHES['default']['BACKEND'], 'acks_late': app.conf.task_acks_late, "
        "'reject_on_worker_lost': app.conf.task_reject_on_worker_lost, "
        "'prefetch': app.conf.worker_prefetch_multiplier, 'eager': app.conf.task_always_eager, "
        "'broker': app.conf.broker_url, 'queue_type': app.conf.task_default_queue_type, "
        "'transport': app.conf.broker_transport_options, 'conn_max_age': s.DATABASES['default']['CONN_MAX_AGE'], "
        "'pool': {k: v for k, v in s.DATABASES['default']['OPTIONS']['pool'].items() if k != 'reset'}}))"
    )
    env_script = ["-c", "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); " + script]
    result = run_with_production_env(*env_script)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["STAFF_MFA_REQUIRED"] is True
    assert values["cache"] == "toolkit.cache.FailOpenRedisCache"  # shared by every process, optional for correctness
    assert values["acks_late"] and values["reject_on_worker_lost"] and values["prefetch"] == 1
    assert values["eager"] is False and values["broker"].startswith("amqp://portal:secret@broker.example.com")
    # RabbitMQ keeps queued jobs through its restart and confirms each publish.
    assert values["queue_type"] == "quorum" and values["transport"] == {"confirm_publish": True}
    # Django's connection pool per process (no persistent connections with it: Django refuses both).
    assert values["conn_max_age"] == 0 and 1 <= values["pool"]["min_size"] <= values["pool"]["max_size"]


def test_admin_login_is_wrapped_by_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_stored_files_are_not_under_any_public_path():
    """docs/reliability.md §9: no URL serves MEDIA_ROOT; files will go out through permission-checking views."""
    media = Path(settings.MEDIA_ROOT).resolve()
    for public in [Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]:
        assert not media.is_relative_to(public.resolve())
    with pytest.raises(Resolver404):
        resolve(settings.MEDIA_URL + "reports/1.xlsx")


pytestmark = pytest.mark.django_db
