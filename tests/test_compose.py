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
    assert {"release", "web", "beat", "postgres", "redis", "rabbitmq", "mailpit", "minio"} | workers <= set(services)
    # One-shot jobs (the release step, the bucket's creation) are waited for until they exit.
    one_shot = {
        name
        for service in services.values()
        for name, wait in (service.get("depends_on") or {}).items()
        if wait.get("condition") == "service_completed_successfully"
    }
    assert {"release", "minio-init"} <= one_shot
    for name, service in services.items():
        if name in one_shot:
            assert service.get("restart") == "no", f"{name} runs once"
            continue
        assert "healthcheck" in service, f"{name} has no health check"
    assert "/health/ready" in str(services["web"]["healthcheck"]["test"])
    assert "heartbeat" in str(services["beat"]["healthcheck"]["test"])


APP_SERVICES = ("web", "worker-mail", "worker-imports", "worker-payouts", "beat")


def test_migrations_run_once_in_the_release_step_that_the_others_wait_for():
    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert "migrate" in str(services["release"]["command"]) and services["release"]["restart"] == "no"
    for name in APP_SERVICES:
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


def test_web_and_workers_share_no_disk_only_the_bucket():
    """Stored files live in MinIO (S3), so web and the workers can be on different machines."""
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for name in APP_SERVICES:
        service = compose["services"][name]
        assert not [v for v in service.get("volumes", []) if "media" in v], f"{name} mounts the media volume"
        assert service["environment"]["AWS_STORAGE_BUCKET_NAME"]
        assert service["environment"]["AWS_S3_ENDPOINT_URL"] == "http://minio:9000"
        assert service["depends_on"]["minio-init"]["condition"] == "service_completed_successfully"
    assert "media" not in compose.get("volumes", {})
