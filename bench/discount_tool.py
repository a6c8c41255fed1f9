"""Benchmark of the partner's discount web tool (issue 18) on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_disc_bench .venv/bin/python bench/discount_tool.py [--lines 100000]

One partner with N sales lines in each of the last eight fiscal quarters (the current one included;
4 lines an invoice, a service on about a third of them, 3 % returns, 5 % without a unit price),
and as many lines of 1,000 other partners; loaded with COPY, deterministic (seeded random). Measures,
warm, the median of 15:
  the floor — one hand-written SQL of the partner's revenue per quarter (SUM(quantity × price)
  GROUP BY quarter) plus one of its attach counts per invoice;
  the selector — `discounts.selectors.tool_for` (terms, quarters, revenue, attach, eligibility);
  the page — GET /discounts/ through Django's test client, signed in (selector, chart, template),
  warm (the seven earlier quarters' revenue from the cache, the current quarter summed live) and
  cold (the cache's version replaced first, as after a processed report);
and prints them, the ratios and the page's query count. Target: the page under 300 ms."""

import argparse
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
OTHER_PARTNERS = 1_000
REPEAT = 15


def populate(lines: int):
    from datetime import timedelta
    from decimal import Decimal

    from allauth.account.models import EmailAddress
    from django.db import connection

    from catalog.models import FiscalQuarter, Product, ProductLine
    from catalog.selectors import current_quarter
    from discounts.demo import example_terms
    from distributors.models import SalesReport
    from portal.models import Distributor, Partner, Region, User
    from toolkit.validators import inn_with_check_digits

    rng = random.Random(18)
    now = current_quarter()
    example_terms(now)
    hardware_line = ProductLine.objects.get_or_create(
        code="bench-hw", defaults={"name": "Bench HW", "segment": "consumer"}
    )[0]
    services_line = ProductLine.objects.get_or_create(
        code="bench-svc", defaults={"name": "Bench services", "segment": "commercial", "is_services": True}
    )[0]
    for n in range(20):
        Product.objects.get_or_create(
            sku=f"BENCH-HW-{n}",
            defaults={"model": f"HW {n}", "line": hardware_line, "form_factor": "notebook",
                      "list_price": Decimal(30000 + 1000 * n) if n % 2 else None},
        )  # fmt: skip
    for n in range(4):
        Product.objects.get_or_create(
            sku=f"BENCH-SVC-{n}",
            defaults={"model": f"Service {n}", "line": services_line, "form_factor": "service",
                      "list_price": Decimal(9000 + 500 * n)},
        )  # fmt: skip
    region = Region.objects.get(code="central")
    if Partner.objects.filter(dell_id__gte=7_000_000).count() < OTHER_PARTNERS + 1:
        Partner.objects.bulk_create(
            [Partner(dell_id=7_000_000 + n, legal_name=f"Bench {n}", inn=inn_with_check_digits(f"8{n:08d}"),
                     city="Москва", region=region, address="—", segment="both") for n in range(OTHER_PARTNERS + 1)],
            batch_size=5000, ignore_conflicts=True,
        )  # fmt: skip
    partner = Partner.objects.get(dell_id=7_000_000)
    user, _ = User.objects.get_or_create(email="bench.discounts@example.com", defaults={"partner": partner})
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    distributor, _ = Distributor.objects.get_or_create(code="bench-disc", defaults={"name": "Bench distributor"})
    if SalesReport.objects.filter(sha256=f"bench-discounts-{lines}").exists():  # loaded by an earlier run
        from distributors.models import SalesLine

        return now, partner, user, -SalesLine.objects.count()  # negative: reused, not loaded
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE distributors_rowerror, distributors_salesline CASCADE")
    SalesReport.objects.all().delete()
    report = SalesReport.objects.create(
        distributor=distributor, original_name="bench", sha256=f"bench-discounts-{lines}", size=0, status="done"
    )
    quarters = list(FiscalQuarter.objects.filter(start_date__lte=now.start_date).order_by("-start_date")[:8])
    hardware = list(Product.objects.filter(line=hardware_line).values_list("pk", "sku"))
    services = list(Product.objects.filter(line=services_line).values_list("pk", "sku"))
    others = list(Partner.objects.filter(dell_id__gt=7_000_000).values_list("pk", "dell_id"))
    buffer = io.StringIO()
    row = 0
    for quarter in quarters:
        days = (quarter.end_date - quarter.start_date).days
        for who in ("bench", "others"):
            for n in range(lines):
                partner_id, dell_id = (partner.pk, partner.dell_id) if who == "bench" else rng.choice(others)
                invoice = f"{quarter.code}-{who}-{n // 4}"
                service = n % 4 == 3 and rng.random() < 0.35
                product_id, sku = rng.choice(services if service else hardware)
                quantity = rng.randint(1, 5) * (-1 if rng.random() < 0.03 else 1)
                price = "" if rng.random() < 0.05 else f"{rng.randint(5_000, 120_000)}.{rng.randint(0, 99):02d}"
                day = quarter.start_date + timedelta(days=rng.randrange(days + 1))
                row += 1
                buffer.write(
                    f"{report.pk},{distributor.pk},{row},{invoice},{day},{quarter.pk},{dell_id},{partner_id},"
                    f"{sku}-{n % 4},{product_id},{quantity},,{price}\n"
                )
    buffer.seek(0)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            "COPY distributors_salesline (report_id, distributor_id, row_number, invoice_number, invoice_date, quarter_id, "
            "partner_ref, partner_id, sku, product_id, quantity, model, unit_price) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (model))"
        ) as copy:
            copy.write(buffer.getvalue())
        cursor.execute("ANALYZE distributors_salesline")
    return now, partner, user, row


def median_ms(call) -> float:
    call()  # warm
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def floor(partner, quarter_ids, now):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT l.quarter_id, SUM(l.quantity * COALESCE(l.unit_price, p.list_price)) FROM distributors_salesline l "
                "LEFT JOIN catalog_product p ON p.id = l.product_id WHERE l.partner_id = %s AND l.quarter_id = ANY(%s) "
                "GROUP BY l.quarter_id",
                [partner.pk, quarter_ids],
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT SUM(CASE WHEN hw > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN hw > 0 AND svc > 0 THEN 1 ELSE 0 END) FROM ("
                "SELECT SUM(l.quantity) FILTER (WHERE NOT pl.is_services) hw, SUM(l.quantity) FILTER (WHERE pl.is_services) svc "
                "FROM distributors_salesline l JOIN catalog_product p ON p.id = l.product_id JOIN catalog_productline pl "
                "ON pl.id = p.line_id WHERE l.partner_id = %s AND l.quarter_id = %s GROUP BY l.distributor_id, l.invoice_number) t",
                [partner.pk, now.pk],
            )
            cursor.fetchall()

    return median_ms(run)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000, help="sales lines of the partner per quarter")
    args = parser.parse_args()
    from bench.common import prepared_database

    prepared_database()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from catalog.models import FiscalQuarter
    from discounts import selectors

    started = time.perf_counter()
    now, partner, user, total = populate(args.lines)
    print(f"{'reused' if total < 0 else 'loaded'} {abs(total):,} sales lines ({args.lines:,} a quarter of the partner, "
          f"8 quarters, as many of {OTHER_PARTNERS:,} others) in {time.perf_counter() - started:.1f} s")  # fmt: skip
    quarter_ids = list(
        FiscalQuarter.objects.filter(start_date__lte=now.start_date)
        .order_by("-start_date")[:8]
        .values_list("pk", flat=True)
    )
    floor_ms = floor(partner, quarter_ids, now)
    tool = selectors.tool_for(partner, now, today=timezone.localdate())
    selector_ms = median_ms(lambda: selectors.tool_for(partner, now, today=timezone.localdate()))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)

    def page():
        response = client.get("/discounts/", HTTP_ACCEPT_LANGUAGE="ru")
        assert response.status_code == 200, response.status_code

    page_ms = median_ms(page)

    def cold_page():  # the earlier quarters summed again: what the first visit after a report costs
        from rebates.inputs_cache import INPUTS
        from toolkit.cache import replace_version

        replace_version(INPUTS)
        page()

    cold_ms = median_ms(cold_page)
    with CaptureQueriesContext(connection) as queries:
        page()
    print(f"partner revenue {now.code}: {tool.figures.revenue:,} ₽ ({tool.figures.estimated:,} estimated), "
          f"{tool.figures.hardware_invoices:,} hardware invoices, {tool.figures.attached_invoices:,} with a service; "
          f"would earn {tool.discount.would_earn_percent} %")  # fmt: skip
    print(f"floor (bare SQL: revenue by quarter + attach):  {floor_ms:7.1f} ms")
    print(
        f"selector tool_for:                               {selector_ms:7.1f} ms  ({selector_ms / floor_ms:.2f} × floor)"
    )
    print(f"page GET /discounts/ (median of {REPEAT}, warm):       {page_ms:7.1f} ms  ({page_ms / floor_ms:.2f} × floor, "
          f"{len(queries)} queries; target < 300 ms: {'OK' if page_ms < 300 else 'MISSED'})")  # fmt: skip
    print(f"page, cold (earlier quarters summed again):      {cold_ms:7.1f} ms  ({cold_ms / floor_ms:.2f} × floor)")


if __name__ == "__main__":
    main()
