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
    assert {"web", "worker", "beat", "postgres", "redis", "rabbitmq", "mailpit", "minio"} <= set(services)
    # One-shot jobs (the bucket's creation) are waited for until they exit, not health-checked.
    one_shot = {
        name
        for service in services.values()
        for name, wait in (service.get("depends_on") or {}).items()
        if wait.get("condition") == "service_completed_successfully"
    }
    for name, service in services.items():
        if name in one_shot:
            assert service.get("restart") == "no", f"{name} runs once"
            continue
        assert "healthcheck" in service, f"{name} has no health check"


def test_web_and_worker_share_no_disk_only_the_bucket():
    """Issue 13: stored files live in MinIO (S3), so web and worker can be on different machines."""
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for name in ("web", "worker"):
        service = compose["services"][name]
        assert not service.get("volumes"), f"{name} mounts a volume"
        assert service["environment"]["AWS_STORAGE_BUCKET_NAME"]
        assert service["environment"]["AWS_S3_ENDPOINT_URL"] == "http://minio:9000"
        assert service["depends_on"]["minio-init"]["condition"] == "service_completed_successfully"
    assert "media" not in compose.get("volumes", {})
