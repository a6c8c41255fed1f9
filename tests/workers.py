"""Real Celery workers for tests: separate processes on a real broker, each pool on its own queue."""

import contextlib
import email
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection
from kombu import Connection, Queue, pools

from config.celery import app as celery_app
from config.celery import queue_names


def wait_for(predicate, seconds, what):
    """Poll until `predicate()` is true; fail the test with `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def read_messages(mail_dir):
    """The e-mails a worker wrote with the file backend (EMAIL_URL=filemail://…)."""
    messages = []
    for path in sorted(Path(mail_dir).glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.strip()))
    return messages


def database_url(settings_dict=None) -> str:
    db = settings_dict or connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


class WorkerPool:
    """Workers that consume queues of their own (so tests never take each other's tasks): the
    pool's default queue and its mail, imports and payouts queues (config/celery.py)."""

    def __init__(self, directory: Path, *, broker: str, database: str | None = None):
        self.directory = Path(directory)
        self.broker = broker
        self.queue = f"test-{uuid.uuid4().hex[:8]}"
        self.mail_dir = self.directory / "mail"
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ)
        self.env.update(
            DATABASE_URL=database or database_url(),
            EMAIL_URL=f"filemail://{self.mail_dir}",
            CELERY_TASK_DEFAULT_QUEUE=self.queue,
            CELERY_BROKER_URL=broker,
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
        )
        self.processes: list[subprocess.Popen] = []

    def start(self, *, cwd=None, **env) -> subprocess.Popen:
        """One more worker; `env` overrides the pool's environment. `cwd` gives it a working
        directory of its own (a machine of its own: set MEDIA_ROOT and TMPDIR there too); the
        project is then found through PYTHONPATH."""
        log = self.directory / f"worker-{len(self.processes)}.log"
        if cwd is not None:
            env = {"PYTHONPATH": str(settings.BASE_DIR)} | env
        with open(log, "w") as output:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "-P",
                    "solo",
                    "-Q",
                    ",".join(queue_names(self.queue)),
                ]
                + ["-n", f"{self.queue}-{len(self.processes)}@%h"]  # each its own control queue
                + ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"],
                cwd=cwd or settings.BASE_DIR,
                env=self.env | env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        process.log = log  # what it did: e.g. which of several workers received a task
        self.processes.append(process)
        return process

    def stop_all(self):
        for process in self.processes:  # a warm shutdown first; a test worker has nothing to keep
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for path in sorted(self.directory.glob("worker-*.log")):
            print(path.name, path.read_text()[-3000:])
        self.delete_queue()

    def delete_queue(self):
        """Quorum queues are durable: remove this pool's from the shared broker when done."""
        with contextlib.suppress(Exception), Connection(self.broker, connect_timeout=2) as broker:
            for name in queue_names(self.queue):
                with contextlib.suppress(Exception):
                    Queue(name, channel=broker.default_channel, no_declare=True).delete()

    @contextlib.contextmanager
    def publishing_here(self):
        """Point this process's Celery app at the pool's broker and queue for the duration."""
        conf = celery_app.conf
        # Celery resolves the read and write URLs from broker_url once: each is set here.
        names = ("broker_url", "broker_read_url", "broker_write_url", "task_default_queue", "task_always_eager")
        previous = {name: conf[name] for name in names}
        _forget_connections()
        conf.update(dict.fromkeys(names[:3], self.broker), task_default_queue=self.queue, task_always_eager=False)
        try:
            yield self
        finally:
            _forget_connections()
            conf.update(previous)


def _forget_connections():
    """Drop pooled broker connections, so the next publish connects to the broker configured now."""
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
