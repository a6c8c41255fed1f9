"""Private servers the outage tests start and stop mid-work, so the suite's own stay up.

Each runs from Debian's packages as its own system user (PostgreSQL refuses root), on a free
port of 127.0.0.1, with its data in a temporary folder that survives a stop: what was committed
or queued before the outage is there after it, as on a real server that restarts."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

RABBITMQ_SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server"
RABBITMQ_CTL = "/usr/lib/rabbitmq/bin/rabbitmqctl"


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def missing_tools() -> list[str]:
    missing = []
    if _postgres_bin() is None:
        missing.append("PostgreSQL server binaries (postgresql)")
    if not os.path.exists(RABBITMQ_SERVER):
        missing.append("rabbitmq-server")
    missing += [tool for tool in ("redis-server", "runuser") if shutil.which(tool) is None]
    return missing


def server_folder() -> Path:
    """A folder the servers' own users can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="portal-outage-"))
    folder.chmod(0o755)
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port: int, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{what} did not start within {seconds:.0f} s")


def _owned_by(user: str, path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    shutil.chown(path, user)
    return path


class PrivatePostgres:
    def __init__(self, directory: Path):
        self.bin = _postgres_bin()
        self.directory = _owned_by("postgres", Path(directory))
        self.data = self.directory / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/portal"
        self._as_postgres(self.bin / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def _as_postgres(self, *command):
        subprocess.run(["runuser", "-u", "postgres", "--", *map(str, command)], check=True, capture_output=True)

    def start(self):
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            self.bin / "pg_ctl", "-D", self.data, "-o", options, "-l", self.directory / "log", "-w", "start"
        )

    def stop(self):
        """A fast shutdown: sessions are ended, as when the server is restarted under the portal."""
        self._as_postgres(self.bin / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def create_database(self):
        self._as_postgres(self.bin / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "portal")


class PrivateRabbitMQ:
    """A RabbitMQ node of its own (name, ports, data), started in the foreground to be stopped."""

    def __init__(self, directory: Path):
        self.directory = _owned_by("rabbitmq", Path(directory))
        self.port, dist_port = free_port(), free_port()
        self.node = f"outage{self.port}@localhost"
        self.url = f"amqp://guest:guest@127.0.0.1:{self.port}//"
        (self.directory / "rabbitmq.conf").write_text(f"listeners.tcp.local = 127.0.0.1:{self.port}\n")
        (self.directory / "enabled_plugins").write_text("[].\n")
        self.env = {
            "HOME": "/var/lib/rabbitmq",
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(dist_port),
            "RABBITMQ_CONFIG_FILE": str(self.directory / "rabbitmq"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.directory / "enabled_plugins"),
            "RABBITMQ_MNESIA_BASE": str(self.directory / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.directory / "log"),
            "RABBITMQ_PID_FILE": str(self.directory / "pid"),
        }
        self.process = None

    def start(self):
        env = [f"{key}={value}" for key, value in self.env.items()]
        with open(self.directory / "server.log", "a") as log:
            self.process = subprocess.Popen(
                ["runuser", "-u", "rabbitmq", "--", "env", *env, RABBITMQ_SERVER], stdout=log, stderr=log
            )
        wait_until_listening(self.port, 90, "RabbitMQ")

    def stop(self):
        """Stop the node as an operator would (its queues and messages stay on disk)."""
        subprocess.run(
            ["runuser", "-u", "rabbitmq", "--", "env", "HOME=/var/lib/rabbitmq", RABBITMQ_CTL, "-n", self.node, "stop"],
            check=False,
            capture_output=True,
            timeout=60,
        )
        self.process.wait(timeout=60)


class PrivateRedis:
    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
        )
        wait_until_listening(self.port, 20, "Redis")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)
