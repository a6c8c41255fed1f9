"""beat keeps its schedule outside the code tree and shows it is alive by a heartbeat file
(config/celery.py HeartbeatScheduler; compose's beat health check reads the file's age)."""

import os
import subprocess
import sys
import time

from django.conf import settings

from tests.workers import wait_for


def test_beat_ticks_a_heartbeat_and_writes_its_schedule_outside_the_repository(tmp_path):
    heartbeat, schedule = tmp_path / "heartbeat", tmp_path / "schedule"
    before = set(os.listdir(settings.BASE_DIR))
    env = os.environ | {
        "CELERY_BROKER_URL": "memory://",  # nothing is due within the test: nothing is sent
        "BEAT_HEARTBEAT_FILE": str(heartbeat),
        "CELERY_BEAT_SCHEDULE_FILENAME": str(schedule),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "beat", "-l", "info"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(heartbeat.exists, 30, "beat's first heartbeat")
        assert time.time() - heartbeat.stat().st_mtime < 60
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert any(path.name.startswith("schedule") for path in tmp_path.iterdir())
    assert not {name for name in set(os.listdir(settings.BASE_DIR)) - before if "celerybeat" in name}
