"""Benchmark of a quarterly payout run (issue 5) on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_runs .venv/bin/python bench/rebate_run.py [--lines 1000000] [--growth]

10,000 partners, 200 distributors, N sales lines in 2016-Q1 (loaded with COPY). Measures in one run:
  the floor — one hand-written SQL GROUP BY of units by partner, distributor and product group over
  the same tables, plus a COPY of as many rows as the run produces payout lines into a bare table;
  the portal's whole run — fetch inputs, compute, store payout lines, record the run;
and prints both, the ratio and the run's peak memory. The run is computed in a fresh child process
(--child), so its peak resident memory (sampled RSS) is the run's own, not the loading's or the
floor's. --growth repeats it for 100k, 1M and 3M lines and sums up time, ratio and peak per size.
Targets (issue 13): run ≤ 1.5 × floor at 1M and 3M lines, peak ≤ 600 MB at 3M."""

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
PARTNERS, DISTRIBUTORS = 10_000, 200


def setup():
    from bench.common import prepared_database

    prepared_database()


def populate(lines: int):
    """Partners, distributors with authorizations, the demo catalog, enrollments, and `lines` sales lines."""
    from datetime import date, timedelta

    from django.db import connection

    from catalog.imports import import_products
    from catalog.models import FiscalQuarter, Product
    from distributors.models import Authorization, SalesReport
    from portal.models import Distributor, Partner, Region, User
    from rebates.models import Enrollment, Program
    from toolkit.validators import inn_with_check_digits

    rng = random.Random(2016)
    quarter = FiscalQuarter.objects.get(code="2016-Q1")
    catalog = ROOT / "rebates/management/commands/demo_data/products.csv"
    import_products(catalog.read_bytes(), catalog.name)
    if Partner.objects.count() < PARTNERS:
        region = Region.objects.get(code="central")
        Partner.objects.bulk_create(
            [Partner(dell_id=5_000_000 + n, legal_name=f"Bench {n}", inn=inn_with_check_digits(f"9{n:08d}"), city="Москва",
                     region=region, address="—", segment="both") for n in range(PARTNERS)],
            batch_size=5000,
        )  # fmt: skip
    if Distributor.objects.count() < DISTRIBUTORS:
        Distributor.objects.bulk_create(
            [Distributor(code=f"d{n:03d}", name=f"Distributor {n}") for n in range(DISTRIBUTORS)]
        )
        Authorization.objects.bulk_create(
            [Authorization(distributor=d, segment=s, valid_from=date(2016, 1, 30))
             for d in Distributor.objects.all() for s in ("consumer", "commercial", "monitors") if rng.random() < 0.8]
        )  # fmt: skip
    user, _ = User.objects.get_or_create(email="bench@example.com")
    if not Enrollment.objects.exists():
        enrollments = []
        for program in Program.objects.filter(quarter=quarter).prefetch_related("tiers"):
            tiers = list(program.tiers.all())
            for partner in Partner.objects.all():
                if rng.random() < 0.7:
                    tier = rng.choice(tiers)
                    enrollments.append(Enrollment(partner=partner, program=program, tier=tier, status="accepted", accepted_by=user,
                                                  accepted_at=f"{quarter.start_date}T10:00Z", changed_at=f"{quarter.start_date}T10:00Z"))  # fmt: skip
        Enrollment.objects.bulk_create(enrollments, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE distributors_rowerror, distributors_salesline, rebates_payoutline, rebates_payoutpayment CASCADE"
        )
        cursor.execute("DELETE FROM rebates_payoutrun")
    SalesReport.objects.all().delete()
    distributors = list(Distributor.objects.values_list("pk", flat=True))
    report = SalesReport.objects.create(
        distributor_id=distributors[0], original_name="bench", sha256=f"bench-{lines}", size=0, status="done"
    )
    partners = list(Partner.objects.values_list("pk", "dell_id"))
    products = list(Product.objects.values_list("pk", "sku"))
    days = (quarter.end_date - quarter.start_date).days
    buffer = io.StringIO()
    for n in range(lines):
        partner_id, dell_id = rng.choice(partners)
        product_id, sku = rng.choice(products)
        day = quarter.start_date + timedelta(days=rng.randrange(days + 1))
        quantity = rng.randint(1, 6) * (-1 if rng.random() < 0.04 else 1)
        buffer.write(
            f"{report.pk},{rng.choice(distributors)},{n},INV-{n},{day},{quarter.pk},{dell_id},{partner_id},{sku},{product_id},{quantity},\n"
        )
    buffer.seek(0)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            "COPY distributors_salesline (report_id, distributor_id, row_number, invoice_number, invoice_date, quarter_id, partner_ref, "
            "partner_id, sku, product_id, quantity, model) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (model))"
        ) as copy:
            copy.write(buffer.getvalue())
        cursor.execute("ANALYZE distributors_salesline")
    return quarter


def floor(quarter, payout_lines: int) -> tuple[float, float]:
    from django.db import connection

    from catalog.models import Product
    from rebates.classification import classify
    from rebates.models import Program
    from rebates.payout_inputs import product_facts, program_rules

    mapping = []
    for program in Program.objects.filter(quarter=quarter):
        rules = program_rules(program)
        for product in Product.objects.select_related("line"):
            group = classify(product_facts(product), rules)
            if group:
                mapping.append(f"{product.pk},{program.pk},{group}\n")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_groups")
        cursor.execute("CREATE TEMP TABLE bench_groups (product_id bigint, program_id bigint, group_code varchar(40))")
        with cursor.cursor.copy("COPY bench_groups FROM STDIN WITH (FORMAT csv)") as copy:
            copy.write("".join(mapping))
        started = time.perf_counter()
        cursor.execute(
            "SELECT l.partner_id, l.distributor_id, g.program_id, g.group_code, SUM(l.quantity) FROM distributors_salesline l "
            "JOIN bench_groups g ON g.product_id = l.product_id WHERE l.quarter_id = %s GROUP BY 1, 2, 3, 4",
            [quarter.pk],
        )
        rows = cursor.fetchall()
        group_by = time.perf_counter() - started
        cursor.execute("DROP TABLE IF EXISTS bench_bare_payout")
        cursor.execute(
            "CREATE TABLE bench_bare_payout (id bigserial PRIMARY KEY, run_id bigint, partner_id bigint, partner_ref varchar(40), "
            "distributor_id bigint, program_id bigint, group_code varchar(40), units integer, tier_units integer, rate numeric(12,2), "
            "amount numeric(16,2), approved_amount numeric(16,2), adjustment numeric(16,2), reason varchar(40))"
        )
        cursor.execute(
            "CREATE UNIQUE INDEX ON bench_bare_payout (run_id, partner_ref, distributor_id, program_id, group_code, reason)"
        )
        data = io.StringIO("".join(f"1,{r[0]},{r[0]},{r[1]},{r[2]},{r[3]}-{i},{r[4]},150,231.00,1000.00,0,0,paid\n"
                                   for i, r in enumerate((rows * (payout_lines // max(len(rows), 1) + 1))[:payout_lines])))  # fmt: skip
        started = time.perf_counter()
        with cursor.cursor.copy(
            "COPY bench_bare_payout (run_id, partner_id, partner_ref, distributor_id, program_id, group_code, units, tier_units, rate, "
            "amount, approved_amount, adjustment, reason) FROM STDIN WITH (FORMAT csv)"
        ) as copy:
            copy.write(data.getvalue())
        copy = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_bare_payout")
    return group_by, copy


class PeakRss:
    """This process's peak resident memory, sampled every 20 ms from /proc/self/statm (the current
    RSS). ru_maxrss will not do for a child: on Linux it keeps, across fork + exec, the parent's size
    at the fork (here the loading's millions of lines)."""

    def __init__(self):
        self.peak, self.running = 0, True
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()

    @staticmethod
    def current() -> int:
        return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize()

    def sample(self):
        while self.running:
            self.peak = max(self.peak, self.current())
            time.sleep(0.02)

    def stop_mb(self) -> int:
        self.running = False
        self.thread.join()
        return max(self.peak, self.current()) // (1 << 20)


def run_in_child() -> None:
    """--child: start and compute one run of 2016-Q1 in this fresh process; print its time and the
    process's peak resident memory (sampled, see PeakRss), which is then the run's (Django loaded,
    nothing else)."""
    import django

    django.setup()
    from catalog.models import FiscalQuarter
    from rebates.payouts import payout_run_compute, payout_run_start

    quarter = FiscalQuarter.objects.get(code="2016-Q1")
    peak = PeakRss()
    started = time.perf_counter()
    run = payout_run_compute(payout_run_start(quarter=quarter).pk)
    whole = time.perf_counter() - started
    print(json.dumps({"run": run.pk, "seconds": whole, "peak_mb": peak.stop_mb()}))


def measure(lines: int):
    from django.db import connection

    from rebates.models import PayoutRun

    started = time.perf_counter()
    quarter = populate(lines)
    print(f"\n{lines:,} sales lines loaded in {time.perf_counter() - started:.1f} s")
    connection.close()
    child = subprocess.run([sys.executable, __file__, "--child"], check=True, capture_output=True, text=True)
    result = json.loads(child.stdout.strip().splitlines()[-1])
    run, whole = PayoutRun.objects.get(pk=result["run"]), result["seconds"]
    group_by, copy = floor(quarter, run.lines_count)
    print(
        f"  floor: SQL GROUP BY {group_by:.2f} s + COPY of {run.lines_count:,} rows {copy:.2f} s = {group_by + copy:.2f} s"
    )
    print(
        f"  portal run (fetch, compute, store, record): {whole:.2f} s, status {run.status}, total {run.total_amount:,} RUB"
    )
    ratio = whole / (group_by + copy)
    print(f"  ratio run / floor = {ratio:.2f}  (target ≤ 1.5)")
    print(f"  peak memory of the run (a fresh process: Django + the run): {result['peak_mb']} MB  (target ≤ 600 MB)")
    return whole, ratio, result["peak_mb"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--growth", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_in_child()
    setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Run against PostgreSQL.")
    sizes = [100_000, 1_000_000, 3_000_000] if args.growth else [args.lines]
    results = {n: measure(n) for n in sizes}
    if args.growth:
        base = results[sizes[0]][0]
        print("\ngrowth:")
        for n, (seconds, ratio, peak) in results.items():
            print(
                f"  {n:>9,} lines: run {seconds:6.1f} s ({seconds / base:4.1f}×), run / floor {ratio:.2f}, peak {peak} MB"
            )


if __name__ == "__main__":
    main()
