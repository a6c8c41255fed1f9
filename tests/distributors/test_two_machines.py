"""Two machines, shown (issue 13): two web processes (gunicorn) and two Celery workers, each in a
working directory of its own with its own MEDIA_ROOT and temporary directory — nothing shared but
PostgreSQL, Redis, RabbitMQ and the S3 server. Reports go in through web 1, the workers process
them from the bucket, and the rejected rows and the original come out through web 2."""

import io
import socket
import subprocess
import sys

import openpyxl
import pytest
import requests
from django.conf import settings

from conftest import PASSWORD, make_user
from distributors.models import ReportStatus, SalesLine, SalesReport
from distributors.services import token_create
from tests.distributors.conftest import csv_bytes, xlsx_openpyxl
from tests.workers import WorkerPool, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.worker, pytest.mark.s3, pytest.mark.django_db(transaction=True)]
# (good rows, rejected rows) of each report; xlsx and csv alternate.
REPORTS = [(30, 2), (25, 5), (40, 0), (10, 10)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Machine:
    """A directory standing for one machine's disk: its working directory, MEDIA_ROOT and TMPDIR."""

    def __init__(self, root, name):
        self.root = root / name
        self.media, self.tmp = self.root / "media", self.root / "tmp"
        self.tmp.mkdir(parents=True)

    @property
    def env(self) -> dict[str, str]:
        return {"MEDIA_ROOT": str(self.media), "TMPDIR": str(self.tmp)}

    def files(self) -> list[str]:
        """Whatever is left on this machine's disk, apart from process logs."""
        return sorted(str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.is_file() and p.suffix != ".log")


class WebProcess:
    def __init__(self, machine: Machine, env: dict[str, str]):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = machine.root / "web.log"
        with open(self.log, "w") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", str(settings.BASE_DIR / "config" / "gunicorn.py")]
                + ["config.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
                + ["--workers", "1", "--pythonpath", str(settings.BASE_DIR), "--access-logfile", "-"]
                + ["--no-control-socket"],  # its default is one path under $HOME for every gunicorn
                cwd=machine.root,
                env=env | machine.env | {"PYTHONPATH": str(settings.BASE_DIR)},
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def answers(self) -> bool:
        try:
            return requests.get(f"{self.url}/health/live", timeout=1).status_code == 200
        except requests.RequestException:  # not listening yet, or still importing the project
            return False

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        print(self.log.name, self.log.read_text()[-3000:])


def report_content(number, partner, good, bad) -> tuple[str, bytes]:
    lines = [(f"M{number}-{i}", "2016-02-01", partner.dell_id, "210-AAAA", 1 + i % 3, "", "") for i in range(good)]
    lines += [(f"M{number}-X{i}", "31.02.2016", partner.dell_id, "210-AAAA", 1, "", "") for i in range(bad)]
    if number % 2:
        return f"sales-{number}.csv", csv_bytes(lines)
    return f"sales-{number}.xlsx", xlsx_openpyxl(lines)


def sign_in(web: WebProcess, email: str) -> requests.Session:
    """A session on `web` through the login page; the user's password is hashed as the web process
    checks it (this pytest process hashes with MD5, which a production settings module refuses)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from portal.models import User

    hasher = PBKDF2PasswordHasher()
    User.objects.filter(email=email).update(password=hasher.encode(PASSWORD, hasher.salt()))
    session = requests.Session()
    session.get(f"{web.url}/accounts/login/", timeout=10)
    response = session.post(
        f"{web.url}/accounts/login/",
        {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{web.url}/accounts/login/"},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def test_two_web_processes_and_two_workers_share_only_the_services(
    tmp_path, distributor_a, distributor_b, catalog, partner_a, s3_bucket
):
    user = make_user("ops@alpha.example", distributor=distributor_a)
    other = make_user("ops@beta.example", distributor=distributor_b)
    token, other_token = token_create(user=user, name="ERP")[1], token_create(user=other, name="ERP")[1]
    pool = WorkerPool(tmp_path / "pool", broker=settings.CELERY_BROKER_URL)
    machines = {name: Machine(tmp_path, name) for name in ("web-1", "web-2", "worker-1", "worker-2")}
    # The services' addresses as production gives them; uploads are not rate-limited here.
    services = pool.env | s3_bucket.env | {"API_RATE_REPORT_UPLOADS": "1000/h", "API_RATE_BURST": "1000/10s"}
    webs, workers = [], []
    try:
        for name in ("worker-1", "worker-2"):
            machine = machines[name]
            workers.append(pool.start(cwd=machine.root, **s3_bucket.env, **machine.env))
        webs = [WebProcess(machines[name], services) for name in ("web-1", "web-2")]
        wait_for(lambda: all(w.answers() for w in webs), 60, "both web processes to answer")
        wait_for(lambda: all("ready." in w.log.read_text() for w in workers), 60, "both workers to listen")

        # Reports go in through web 1, with the distributor's API token.
        web_1, web_2 = webs
        ids, sent = [], []
        for number, (good, bad) in enumerate(REPORTS):
            name, content = report_content(number, partner_a, good, bad)
            response = requests.post(
                f"{web_1.url}/api/v1/reports/",
                files={"file": (name, content)},
                headers={"Authorization": f"Token {token}"},
                timeout=30,
            )
            assert response.status_code == 202, response.text
            ids.append(response.json()["id"])
            sent.append(content)

        def finished():
            return all(s not in (ReportStatus.RECEIVED, ReportStatus.PROCESSING) for s in statuses())

        def statuses():
            return list(SalesReport.objects.filter(pk__in=ids).values_list("status", flat=True))

        wait_for(finished, 120, "the workers to process every report")
        assert statuses() == [ReportStatus.DONE] * len(REPORTS)

        # Every file is in the bucket; the counts are those of the files.
        reports = list(SalesReport.objects.filter(pk__in=ids).order_by("pk"))
        assert s3_bucket.keys() == sorted(r.file.name for r in reports)
        for report, (good, bad) in zip(reports, REPORTS, strict=True):
            assert (report.rows_total, report.rows_stored, report.rows_rejected) == (good + bad, good, bad)
        assert SalesLine.objects.filter(report__in=reports).count() == sum(good for good, _bad in REPORTS)
        # Both workers took part: RabbitMQ hands each a task at a time (prefetch 1).
        handled = [
            sum("process_report_task" in line and "succeeded" in line for line in w.log.read_text().splitlines())
            for w in workers
        ]
        assert sum(handled) == len(REPORTS) and all(handled), handled

        # Signed in on web 1, the distributor downloads through web 2 (sessions are in PostgreSQL).
        session = sign_in(web_1, "ops@alpha.example")
        for report, (number, (_good, bad)) in zip(reports, enumerate(REPORTS), strict=True):
            rejected = session.get(f"{web_2.url}/reports/{report.pk}/rejected.xlsx", timeout=30)
            assert rejected.status_code == 200 and "attachment" in rejected.headers["Content-Disposition"]
            sheet = openpyxl.load_workbook(io.BytesIO(rejected.content), read_only=True).worksheets[0]
            assert len(list(sheet.iter_rows(values_only=True))) == 1 + bad  # header + the rejected rows
            original = session.get(f"{web_2.url}/reports/{report.pk}/original/", timeout=30)
            assert original.status_code == 200
            assert original.content == sent[number]

        # Another distributor, through either process, does not see them.
        other_session = sign_in(web_2, "ops@beta.example")
        for web in webs:
            for path in (f"/reports/{ids[0]}/rejected.xlsx", f"/reports/{ids[0]}/original/"):
                assert other_session.get(f"{web.url}{path}", timeout=30).status_code == 404
            answer = requests.get(
                f"{web.url}/api/v1/reports/{ids[0]}/errors/", headers={"Authorization": f"Token {other_token}"}
            )
            assert answer.status_code == 404

        # Nothing was written to any machine's disk: no media, no leftover processing copies.
        for machine in machines.values():
            assert machine.files() == [], machine.root.name
    finally:
        for web in webs:
            web.stop()
        pool.stop_all()
