"""Benchmark of the sell-through report pipeline (issue 4) on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/sales_import.py [--rows N]

Generates a full-sheet xlsx (1,048,575 data rows + header = 1,048,576 rows) and a csv of the same
rows, then measures in one run:
  (a) the floor: the fastest raw read of the file (python-calamine for xlsx, the csv module for
      csv) with no validation, plus a PostgreSQL COPY of the same rows into a bare table with the
      same indexes as the portal's sales lines;
  (b) the portal's whole pipeline (report_receive + report_process: read, validate, dedupe, store)
      in a child process, with the child's peak memory (ru_maxrss);
  (c) django-import-export importing the first 100,000 rows into the same model;
and prints each figure and the ratios. The database is created and migrated if missing."""

import argparse
import csv
import io
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
FULL_SHEET = 1_048_575  # data rows under one header row: a full Excel sheet
WORK = ROOT / "var" / "bench"
PARTNERS = 10_000
RATIO_TARGETS = {"csv": 2.0, "xlsx": 1.8}  # pipeline / floor (issue 13)


def setup_django():
    import django

    django.setup()


def ensure_database():
    from bench.common import prepared_database

    prepared_database()
    from catalog.imports import import_products

    catalog = ROOT / "rebates/management/commands/demo_data/products.csv"
    import_products(catalog.read_bytes(), catalog.name)


def ensure_partners():
    from portal.models import Partner, Region
    from toolkit.validators import inn_with_check_digits

    have = Partner.objects.filter(legal_name__startswith="Bench ").count()
    if have >= PARTNERS:
        return
    region = Region.objects.get(code="central")
    Partner.objects.bulk_create(
        [
            Partner(
                dell_id=5_000_000 + n,
                legal_name=f"Bench {n}",
                inn=inn_with_check_digits(f"9{n:08d}"),
                city="Москва",
                region=region,
                address="—",
                segment="both",
            )
            for n in range(have, PARTNERS)
        ],
        batch_size=5000,
    )


def distributor():
    from portal.models import Distributor

    return Distributor.objects.get_or_create(code="bench", defaults={"name": "Bench distributor"})[0]


def generate(rows: int) -> tuple[Path, Path]:
    """Realistic rows: invoices with 1–5 lines, dates in 2016-Q1, 10,000 partners (2% unknown IDs),
    the demo catalog's SKUs (3% unknown), 4% returns."""
    from catalog.models import Product

    WORK.mkdir(parents=True, exist_ok=True)
    xlsx_path, csv_path = WORK / f"sales-{rows}.xlsx", WORK / f"sales-{rows}.csv"
    if xlsx_path.exists() and csv_path.exists():
        return xlsx_path, csv_path
    rng = random.Random(2016)
    skus = list(Product.objects.values_list("sku", flat=True))
    start = date(2016, 1, 30)
    header = ["invoice_number", "invoice_date", "partner_id", "sku", "quantity", "model", "unit_price"]
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(xlsx_path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Sales")
    date_format = workbook.add_format({"num_format": "dd.mm.yyyy"})
    sheet.write_row(0, 0, header)
    with open(csv_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        invoice, left = 0, 0
        for r in range(1, rows + 1):
            if left == 0:
                invoice, left = invoice + 1, rng.randint(1, 5)
                day = start + timedelta(days=rng.randrange(91))
                partner = (
                    5_000_000 + rng.randrange(PARTNERS) if rng.random() > 0.02 else 9_900_000 + rng.randrange(1000)
                )
            left -= 1
            sku = rng.choice(skus) if rng.random() > 0.03 else f"UNKNOWN-{rng.randrange(500)}"
            quantity = rng.randint(1, 20) * (-1 if rng.random() < 0.04 else 1)
            price = f"{rng.randint(5_000, 250_000)}.00"
            number = f"INV-{invoice:08d}-{left}"
            writer.writerow([number, day.isoformat(), partner, sku, quantity, "", price])
            sheet.write_string(r, 0, number)
            sheet.write_datetime(r, 1, day, date_format)
            sheet.write_number(r, 2, partner)
            sheet.write_string(r, 3, sku)
            sheet.write_number(r, 4, quantity)
            sheet.write_string(r, 6, price)
    workbook.close()
    return xlsx_path, csv_path


def floor(path: Path, csv_path: Path) -> tuple[float, float, int]:
    """Seconds for the raw read and for COPY into a bare table with the portal's indexes."""
    started = time.perf_counter()
    count = 0
    if path.suffix == ".xlsx":
        from python_calamine import CalamineWorkbook

        for _row in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows():
            count += 1
    else:
        with open(path, newline="", encoding="utf-8") as handle:
            for _row in csv.reader(handle):
                count += 1
    read = time.perf_counter() - started

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare_lines")
        cursor.execute(
            "CREATE TABLE bench_bare_lines (id bigserial PRIMARY KEY, invoice_number varchar(60), invoice_date date, "
            "partner_ref varchar(40), sku varchar(40), quantity integer, model varchar(200), unit_price numeric(14,2), "
            "distributor_id bigint DEFAULT 1, quarter_id bigint DEFAULT 1, partner_id bigint, report_id bigint DEFAULT 1)"
        )
        cursor.execute("CREATE UNIQUE INDEX ON bench_bare_lines (distributor_id, invoice_number, sku, partner_ref)")
        cursor.execute("CREATE INDEX ON bench_bare_lines (quarter_id, partner_id)")
        cursor.execute("CREATE INDEX ON bench_bare_lines (report_id)")
        started = time.perf_counter()
        with (
            open(csv_path, "rb") as handle,
            cursor.cursor.copy(
                "COPY bench_bare_lines (invoice_number, invoice_date, partner_ref, sku, quantity, model, unit_price) "
                "FROM STDIN WITH (FORMAT csv, HEADER true)"
            ) as copy,
        ):
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        copy = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_bare_lines")
    return read, copy, count - 1


def clean_reports():
    """Empty the (dedicated) bench database's report tables, so every run starts from the same state
    as the floor's fresh table (deleted rows would leave bloated indexes behind)."""
    from django.db import connection

    bench = distributor()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE distributors_rowerror, distributors_salesline")
        cursor.execute(
            "DELETE FROM distributors_rowerror WHERE report_id IN (SELECT id FROM distributors_salesreport WHERE distributor_id = %s)",
            [bench.pk],
        )
        cursor.execute("DELETE FROM distributors_salesline WHERE distributor_id = %s", [bench.pk])
        cursor.execute("UPDATE distributors_salesreport SET replaces_id = NULL WHERE distributor_id = %s", [bench.pk])
        cursor.execute("DELETE FROM distributors_salesreport WHERE distributor_id = %s", [bench.pk])


def pipeline_in_child(path: Path) -> tuple[float, float, str]:
    """Run receive + process in a child process (as a worker would); return seconds, peak MB, summary."""
    clean_reports()
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, __file__, "--child", str(path)], stdout=subprocess.PIPE, text=True)
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    output = child.stdout.read().strip()
    if status != 0:
        raise SystemExit(f"pipeline failed: {output}")
    return seconds, usage.ru_maxrss / 1024, output


def child(path: Path):
    setup_django()
    from django.core.files.uploadedfile import UploadedFile

    from distributors.services import report_process, report_receive

    with open(path, "rb") as handle:
        upload = UploadedFile(handle, name=path.name, size=path.stat().st_size)
        report = report_receive(distributor=distributor(), upload=upload, source="bench")
    report = report_process(report.pk)
    print(
        f"status={report.status} rows={report.rows_total} stored={report.rows_stored} rejected={report.rows_rejected} "
        f"units={report.units} partners={report.partners_found} {report.error_message}"
    )


def import_export(csv_path: Path, rows: int) -> float:
    """django-import-export, the library a Django team would reach for, on the first `rows` rows."""
    import tablib
    from import_export import fields, resources
    from import_export.widgets import DateWidget

    from catalog.models import FiscalQuarter
    from distributors.models import SalesLine, SalesReport

    clean_reports()
    report = SalesReport.objects.create(
        distributor=distributor(), original_name="ie.csv", sha256="ie", size=0, status="done"
    )
    quarter = FiscalQuarter.objects.get(code="2016-Q1")

    class SalesLineResource(resources.ModelResource):
        invoice_date = fields.Field(attribute="invoice_date", column_name="invoice_date", widget=DateWidget("%Y-%m-%d"))
        partner_ref = fields.Field(attribute="partner_ref", column_name="partner_id")

        class Meta:
            model = SalesLine
            fields = ("invoice_number", "invoice_date", "partner_ref", "sku", "quantity", "model", "unit_price")
            import_id_fields = ("invoice_number", "sku", "partner_ref")
            use_bulk = True
            batch_size = 5000

        def get_instance(self, instance_loader, row):
            return None  # insert only: the fairest (fastest) mode, no look-up per row

        def before_save_instance(self, instance, row, **kwargs):
            instance.report, instance.distributor, instance.quarter, instance.row_number = (
                report,
                report.distributor,
                quarter,
                0,
            )

    with open(csv_path, encoding="utf-8") as handle:
        head = "".join(next(handle) for _ in range(rows + 1))
    dataset = tablib.Dataset().load(io.StringIO(head).read(), format="csv")
    started = time.perf_counter()
    result = SalesLineResource().import_data(dataset, dry_run=False, raise_errors=False)
    seconds = time.perf_counter() - started
    if result.has_errors():
        print("  import-export reported errors:", len(result.row_errors()))
    clean_reports()
    return seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=FULL_SHEET)
    parser.add_argument("--ie-rows", type=int, default=100_000)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        return child(Path(args.child))
    setup_django()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Run against PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench")
    ensure_database()
    ensure_partners()
    distributor()
    print(f"generating {args.rows:,} rows …", flush=True)
    started = time.perf_counter()
    xlsx_path, csv_path = generate(args.rows)
    print(
        f"  generated in {time.perf_counter() - started:.1f} s: xlsx {xlsx_path.stat().st_size / 2**20:.1f} MB, csv {csv_path.stat().st_size / 2**20:.1f} MB"
    )

    results = {}
    for path in (csv_path, xlsx_path):
        kind = path.suffix[1:]
        read, copy, count = floor(path, csv_path)
        seconds, peak_mb, summary = pipeline_in_child(path)
        results[kind] = (read, copy, seconds, peak_mb, count)
        print(f"\n[{kind}] {count:,} data rows")
        print(f"  (a) floor: raw read {read:.1f} s + COPY into bare indexed table {copy:.1f} s = {read + copy:.1f} s")
        print(f"  (b) portal pipeline: {seconds:.1f} s, worker peak memory {peak_mb:.0f} MB  [{summary}]")
        print(f"      ratio (b)/(a) = {seconds / (read + copy):.2f}  (target ≤ {RATIO_TARGETS[kind]})")
    ie_seconds = import_export(csv_path, args.ie_rows)
    ie_per_row = ie_seconds / args.ie_rows
    print(
        f"\n(c) django-import-export, first {args.ie_rows:,} rows: {ie_seconds:.1f} s = {ie_per_row * 1e6:.0f} µs/row"
    )
    for kind, (_read, _copy, seconds, _peak, count) in results.items():
        per_row = seconds / count
        print(
            f"    portal {kind}: {per_row * 1e6:.1f} µs/row → {ie_per_row / per_row:.1f}× faster per row (target ≥ 10)"
        )
    print(f"\nmemory targets: xlsx {results['xlsx'][3]:.0f} MB (≤ 1024), csv {results['csv'][3]:.0f} MB (≤ 200)")
    resource.getrusage(resource.RUSAGE_SELF)


if __name__ == "__main__":
    main()
