"""docs/reliability.md §22: a worker killed with SIGKILL in the middle of a payout run leaves nothing
half-written; the task is redelivered and the rerun equals an uninterrupted run."""

import io
import random
import signal
import time
from datetime import date, timedelta

import pytest
from django.db import connection, transaction

from catalog.models import FiscalQuarter, Product
from conftest import make_user
from distributors.models import Authorization, SalesReport
from portal.models import Distributor, Partner, Region
from rebates.models import Enrollment, PayoutLine, PayoutRun, Program, RunStatus
from rebates.payouts import payout_run_compute, payout_run_start
from rebates.tasks import compute_payout_run_task
from tests.workers import wait_for
from toolkit.validators import inn_with_check_digits

LINES, PARTNERS = 150_000, 2_000


@pytest.fixture
def big_quarter(brochure):
    from pathlib import Path

    from catalog.imports import import_products

    catalog = Path(__file__).resolve().parents[2] / "rebates/management/commands/demo_data/products.csv"
    import_products(catalog.read_bytes(), catalog.name)
    rng = random.Random(22)
    quarter = FiscalQuarter.objects.get(code="2016-Q1")
    region = Region.objects.get(code="central")
    Partner.objects.bulk_create([Partner(dell_id=6_000_000 + n, legal_name=f"P{n}", inn=inn_with_check_digits(f"8{n:08d}"), city="М",
                                         region=region, address="—", segment="both") for n in range(PARTNERS)])  # fmt: skip
    distributors = [Distributor.objects.create(code=f"d{n}", name=f"D{n}") for n in range(20)]
    for d in distributors:
        for segment in ("consumer", "commercial", "monitors"):
            Authorization.objects.create(distributor=d, segment=segment, valid_from=date(2016, 1, 30))
    user = make_user("bench@example.com")
    partners = list(Partner.objects.values_list("pk", "dell_id"))
    for program in Program.objects.filter(quarter=quarter):
        tier = program.tiers.order_by("units").first()
        Enrollment.objects.bulk_create([Enrollment(partner_id=pk, program=program, tier=tier, status="accepted", accepted_by=user,
                                                   accepted_at="2016-02-01T10:00Z", changed_at="2016-02-01T10:00Z") for pk, _ in partners])  # fmt: skip
    report = SalesReport.objects.create(
        distributor=distributors[0], original_name="x", sha256="x", size=0, status="done"
    )
    products = list(Product.objects.values_list("pk", "sku"))
    buffer = io.StringIO()
    for n in range(LINES):
        pk, dell_id = rng.choice(partners)
        product_id, sku = rng.choice(products)
        day = quarter.start_date + timedelta(days=rng.randrange(91))
        buffer.write(
            f"{report.pk},{rng.choice(distributors).pk},{n},I{n},{day},{quarter.pk},{dell_id},{pk},{sku},{product_id},{rng.randint(1, 9)},\n"
        )
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            "COPY distributors_salesline (report_id, distributor_id, row_number, invoice_number, invoice_date, quarter_id, partner_ref, "
            "partner_id, sku, product_id, quantity, model) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (model))"
        ) as copy,
    ):
        copy.write(buffer.getvalue())
    return quarter


@pytest.mark.postgres
@pytest.mark.worker
def test_killed_worker_mid_run_then_the_redelivered_run_completes(celery_workers, big_quarter):
    start_worker, _mail = celery_workers
    first = start_worker()
    with transaction.atomic():
        run = payout_run_start(quarter=big_quarter, source="test")
        compute_payout_run_task.delay_on_commit(run.pk)

    wait_for(lambda: PayoutRun.objects.get(pk=run.pk).attempts == 1, 60, "the worker to start the run")
    time.sleep(0.3)
    assert PayoutRun.objects.get(pk=run.pk).status == RunStatus.RUNNING, (
        "the run finished before the kill: make it bigger"
    )
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert not PayoutLine.objects.filter(run_id=run.pk).exists()  # nothing half-written

    start_worker()
    wait_for(lambda: PayoutRun.objects.get(pk=run.pk).status == RunStatus.DONE, 180, "the redelivered run")
    interrupted = PayoutRun.objects.get(pk=run.pk)
    assert interrupted.attempts == 2

    uninterrupted = payout_run_compute(payout_run_start(quarter=big_quarter, source="test").pk)
    assert (interrupted.fingerprint, interrupted.total_amount, interrupted.lines_count) == (
        uninterrupted.fingerprint,
        uninterrupted.total_amount,
        uninterrupted.lines_count,
    )
    assert interrupted.total_amount > 0
