"""docker-compose.yml stays valid against the Compose specification (no Docker engine here)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_compose_file_matches_the_compose_spec():
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    if not Path(tool).exists():
        pytest.fail("check-jsonschema is a test dependency: run `make test`")
    result = subprocess.run(
        [tool, "--builtin-schema", "vendor.compose-spec", str(ROOT / "docker-compose.yml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_every_service_with_a_health_check():
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    workers = {"worker-mail", "worker-imports", "worker-payouts"}
    assert {"release", "web", "beat", "postgres", "redis", "rabbitmq", "mailpit"} | workers <= set(services)
    for name, service in services.items():
        if name != "release":  # a one-shot step: it exits, the others wait for that
            assert "healthcheck" in service, f"{name} has no health check"
    assert "/health/ready" in str(services["web"]["healthcheck"]["test"])
    assert "heartbeat" in str(services["beat"]["healthcheck"]["test"])


def test_migrations_run_once_in_the_release_step_that_the_others_wait_for():
    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert "migrate" in str(services["release"]["command"]) and services["release"]["restart"] == "no"
    for name in ("web", "worker-mail", "worker-imports", "worker-payouts", "beat"):
        assert "migrate" not in str(services[name]["command"])
        assert services[name]["depends_on"]["release"]["condition"] == "service_completed_successfully"


def test_each_worker_consumes_its_queue_class():
    import yaml

    from config.celery import queue_names

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    consumed = set()
    for name in ("worker-mail", "worker-imports", "worker-payouts"):
        command = services[name]["command"].split()
        consumed |= set(command[command.index("-Q") + 1].split(","))
    assert consumed == set(queue_names("portal"))  # every queue has a worker
