"""Issue faults 1 and 6 on a private PostgreSQL stopped in the middle of an import: the worker's
task is retried (not acknowledged and forgotten), the report completes once the database is
back, never stuck in "processing"; meanwhile the portal answers 503 with Retry-After."""

import json
import os
import shutil
import subprocess
import sys
import time

import psycopg
import pytest
from django.conf import settings

from tests.servers import PrivatePostgres, server_folder
from tests.workers import WorkerPool, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.worker, pytest.mark.outage]

ROWS = 300_000  # several seconds of processing: the database goes away in the middle
PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "outage-" * 8, "ALLOWED_HOSTS": "testserver"}


def portal(env, script):
    """Run `script` in a new process of the portal (its settings from `env`); returns its JSON."""
    code = "import django, json; django.setup()\n" + script
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def private_database():
    folder = server_folder()
    database = PrivatePostgres(folder / "postgres")
    database.start()
    database.create_database()
    env = dict(os.environ, DATABASE_URL=database.url, DJANGO_SETTINGS_MODULE="config.settings")
    for command in (["migrate", "--noinput"], ["seed_program"]):
        subprocess.run([sys.executable, "manage.py", *command, "-v", "0"], cwd=settings.BASE_DIR, env=env, check=True)
    # The production pages need collected static files (their manifest), as a deployment has.
    production = env | PRODUCTION | {"STATIC_ROOT": str(folder / "static")}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=production, check=True)
    database.production = production
    yield database
    database.stop()
    shutil.rmtree(folder, ignore_errors=True)


SETUP = """
from datetime import date
from portal.models import Partner, Region
from portal.services import next_number
from toolkit.validators import inn_with_check_digits
from portal.models import Distributor
from distributors.models import Authorization
from catalog.imports import import_products
import_products(b"sku,model,line,series,form_factor,diagonal\\n210-AAAA,Vostro 3558,vostro,3xxx,notebook,\\n", "c.csv")
distributor = Distributor.objects.create(code="alpha", name="Дистрибьютор Альфа")
Authorization.objects.create(distributor=distributor, segment="consumer", valid_from=date(2016, 1, 30))
partner = Partner.objects.create(
    dell_id=next_number("dell_id", start=1), legal_name="ООО «Альфа»", inn=inn_with_check_digits("770100000"),
    city="Москва", region=Region.objects.get(code="central"), address="Москва, ул. Тестовая, 1", segment="both",
)
print(json.dumps({"dell_id": partner.dell_id}))
"""

SEND = """
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from portal.models import Distributor
from distributors.services import report_receive
from toolkit.errors import PortalError
try:
    with transaction.atomic():
        report = report_receive(
            distributor=Distributor.objects.get(code="alpha"),
            upload=SimpleUploadedFile("big.csv", open(FILE, "rb").read()),
        )
    print(json.dumps({"report": report.pk}))
except PortalError as refusal:
    print(json.dumps({"refused": str(refusal)}))
"""

DURING_OUTAGE = """
from django.test import Client
browser = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="ru")
page = browser.post("/accounts/login/", {"login": "a@b.example", "password": "x"}, secure=True)
api = browser.get("/api/v1/reports/", HTTP_AUTHORIZATION="Token abc", secure=True)
print(json.dumps({
    "page": [page.status_code, page.get("Retry-After"), page.content.decode()],
    "api": [api.status_code, api.get("Retry-After"), api.content.decode()],
}))
"""


def report_state(database, report_id):
    """What the distributor's report page would show, read straight from the database."""
    try:
        # psycopg 3's context manager closes the connection on leaving the block
        with psycopg.connect(database.url, connect_timeout=2) as db, db.cursor() as cursor:
            cursor.execute(
                "SELECT status, rows_stored, (SELECT count(*) FROM distributors_salesline WHERE report_id = %s)"
                " FROM distributors_salesreport WHERE id = %s",
                [report_id, report_id],
            )
            return cursor.fetchone()
    except psycopg.OperationalError:
        return None  # the database is down


def test_an_import_survives_its_database_going_away(private_database, tmp_path):
    pool = WorkerPool(tmp_path, broker=settings.CELERY_BROKER_URL, database=private_database.url)
    env = pool.env | {"DJANGO_SETTINGS_MODULE": "config.settings", "FILE": str(tmp_path / "big.csv")}
    try:
        pool.start()
        dell_id = portal(env, SETUP)["dell_id"]
        lines = "".join(f"D-{n:07d},2016-02-01,{dell_id},210-AAAA,1,,\n" for n in range(ROWS))
        (tmp_path / "big.csv").write_text(
            "invoice_number,invoice_date,partner_id,sku,quantity,model,unit_price\n" + lines
        )
        report_id = portal(env, "FILE = __import__('os').environ['FILE']\n" + SEND)["report"]

        # When the database stops while the worker imports the file
        wait_for(lambda: (report_state(private_database, report_id) or ("",))[0] == "processing", 60, "the import")
        time.sleep(0.5)
        private_database.stop()
        try:
            # Then the portal answers 503 with Retry-After, a page in Russian and JSON under the API
            during = portal(env | private_database.production, DURING_OUTAGE)
        finally:
            private_database.start()
        status, retry_after, page = during["page"]
        assert (status, retry_after) == (503, "60") and "Портал ненадолго недоступен" in page
        status, retry_after, body = during["api"]
        assert (status, retry_after) == (503, "60") and json.loads(body)["code"] == "service_unavailable"

        # And once it is back the task runs again and the report completes, every line once
        wait_for(lambda: (report_state(private_database, report_id) or ("",))[0] in ("done", "failed"), 120, "the end")
        assert report_state(private_database, report_id) == ("done", ROWS, ROWS)

        # And the same file sent again is refused as already imported (nothing counted twice)
        refused = portal(env, "FILE = __import__('os').environ['FILE']\n" + SEND)
        assert "refused" in refused
    finally:
        pool.stop_all()
