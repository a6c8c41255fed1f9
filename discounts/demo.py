"""The discount program for `make run` (idempotent; `seed_demo` runs `seed_discounts` by name):
the brochure's services as catalog products of a services line, EXAMPLE terms (the brochure gives
no numbers) for the current and the previous quarter, eight quarters of the demo partner's sales
from «Дистрибьютор Альфа» through the real report pipeline, and the previous quarter's discounts
computed and approved so that the distributor has a list to download."""

import csv
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import FiscalQuarter, Product
from catalog.selectors import current_quarter
from catalog.services import product_line_ensure, products_upsert
from discounts import selectors, services
from discounts.models import AttachLevel, DiscountLevel, DiscountRunStatus, DiscountTerms
from distributors.models import SalesReport
from distributors.services import report_process, report_receive
from portal.models import Distributor

# The brochure: "ProSupport, ProSupport Plus, ProSupport Flex, ProDeploy, ProDeploy Plus, базовая
# установка". SKUs and list prices are made up for the demo.
SERVICES = [
    ("SVC-PS-3Y", "ProSupport, 3 года", "12000"),
    ("SVC-PSP-3Y", "ProSupport Plus, 3 года", "18500"),
    ("SVC-PSF", "ProSupport Flex", "9500"),
    ("SVC-PD", "ProDeploy", "7000"),
    ("SVC-PDP", "ProDeploy Plus", "11000"),
    ("SVC-INST", "Базовая установка", "2500"),
]
# EXAMPLE values, labelled so on every page (DiscountTerms.is_example).
EXAMPLE_LEVELS = [("1000000", "1"), ("3000000", "3"), ("10000000", "5")]
EXAMPLE_ATTACH = [("30", "0.5"), ("50", "1")]
DEMO_REPORT = "demo-discounts.csv"


def services_catalog() -> int:
    line = product_line_ensure(code="dell-services", name="Сервисы Dell", segment="commercial", is_services=True)
    rows = [
        {"sku": sku, "model": model, "line": line, "series": "", "form_factor": "service", "list_price": Decimal(price)}
        for sku, model, price in SERVICES
    ]
    created, _updated, _unchanged = products_upsert(rows)
    return created


def example_terms(quarter: FiscalQuarter) -> DiscountTerms:
    terms, created = DiscountTerms.objects.get_or_create(
        quarter=quarter,
        defaults={
            "is_example": True,
            "growth_percent": Decimal("10"),
            "growth_extra_percent": Decimal("1"),
            "requires_certificate": False,
        },
    )
    if created:
        for threshold, percent in EXAMPLE_LEVELS:
            DiscountLevel.objects.create(terms=terms, min_revenue=Decimal(threshold), percent=Decimal(percent))
        for share, extra in EXAMPLE_ATTACH:
            AttachLevel.objects.create(terms=terms, min_share=Decimal(share), extra_percent=Decimal(extra))
    return terms


def _quarters(now: FiscalQuarter) -> list[FiscalQuarter]:
    return list(FiscalQuarter.objects.filter(start_date__lte=now.start_date).order_by("-start_date")[:8])


def demo_sales(partner, now: FiscalQuarter) -> str:
    """Eight quarters of notebooks, some invoices with ProSupport; this quarter's so far dated on
    its first day (a report may not hold sales after the day it arrives)."""
    alpha = Distributor.objects.filter(code="alpha").first()
    notebook = Product.objects.filter(line__is_services=False, line__segment="consumer").order_by("sku").first()
    if alpha is None or notebook is None or SalesReport.objects.filter(original_name=DEMO_REPORT).exists():
        return "already seeded"
    rows = [("invoice_number", "invoice_date", "partner_id", "sku", "quantity", "model", "unit_price")]
    for age, quarter in enumerate(_quarters(now)):
        day = quarter.start_date.strftime("%d.%m.%Y")
        units = 40 + 6 * (7 - age)  # a partner that grows
        for n in range(4):
            invoice = f"DISC-{quarter.code}-{n}"
            rows.append((invoice, day, partner.dell_id, notebook.sku, units // 4, "", "31500,00"))
            if n < 1 + (7 - age) // 3:
                rows.append((invoice, day, partner.dell_id, "SVC-PS-3Y", units // 8, "", "12000,00"))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    report = report_receive(
        distributor=alpha, upload=SimpleUploadedFile(DEMO_REPORT, buffer.getvalue().encode()), source="cli"
    )
    report = report_process(report.pk)
    return f"report #{report.pk}: {report.rows_stored} lines over eight quarters"


def previous_quarter_discounts(now: FiscalQuarter, *, starter, approver) -> str:
    previous = FiscalQuarter.objects.filter(end_date__lt=now.start_date).order_by("-start_date").first()
    if previous is None:
        return "no previous quarter"
    example_terms(previous)
    run = services.discount_run_compute(quarter=previous, actor=starter, source="demo")
    if run.status == DiscountRunStatus.COMPUTED:
        services.discount_run_approve(run_id=run.pk, actor=approver)
    return f"run #{run.pk} of {previous.code} approved for {run.applies_to.code}"


def create_demo_discounts(*, partner, starter, approver) -> list[str]:
    now = current_quarter()
    if now is None:
        return ["no current quarter"]
    done = [f"{services_catalog()} service products", f"example terms of {example_terms(now).quarter.code}"]
    done.append(demo_sales(partner, now))
    done.append(previous_quarter_discounts(now, starter=starter, approver=approver))
    tool = selectors.tool_for(partner, now, today=now.start_date)
    if tool is not None:
        done.append(f"{partner.legal_name}: {tool.discount.would_earn_percent} % if {now.code} closed today")
    return done
