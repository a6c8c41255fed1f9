"""Discount program fixtures: example terms (1 % from 1 000 000 ₽, 3 % from 3 000 000 ₽, 5 % from
10 000 000 ₽; growth +10 % → +1 %; services 30 % → +0,5 %, 50 % → +1 %), a catalog with a services
line and list prices, and sales lines written straight into the table."""

import itertools
from decimal import Decimal

import pytest

from catalog.models import FiscalQuarter, Product, ProductLine
from discounts.models import AttachLevel, DiscountLevel, DiscountTerms
from distributors.models import SalesLine, SalesReport

D = Decimal
_rows = itertools.count(1)


def make_terms(quarter, **fields) -> DiscountTerms:
    fields = {"growth_percent": D("10"), "growth_extra_percent": D("1"), "requires_certificate": False, **fields}
    terms = DiscountTerms.objects.create(quarter=quarter, is_example=True, **fields)
    for threshold, percent in ((1_000_000, 1), (3_000_000, 3), (10_000_000, 5)):
        DiscountLevel.objects.create(terms=terms, min_revenue=D(threshold), percent=D(percent))
    for share, extra in (("30", "0.5"), ("50", "1")):
        AttachLevel.objects.create(terms=terms, min_share=D(share), extra_percent=D(extra))
    return terms


@pytest.fixture
def products(brochure):
    """A notebook at no list price, a server with a list price, ProSupport as a service."""
    hardware = ProductLine.objects.get_or_create(code="vostro", defaults={"name": "Vostro", "segment": "consumer"})[0]
    services = ProductLine.objects.create(
        code="dell-services", name="Сервисы Dell", segment="commercial", is_services=True
    )
    return {
        "notebook": Product.objects.create(sku="NB-1", model="Vostro 3500", line=hardware, form_factor="notebook"),
        "server": Product.objects.create(
            sku="SRV-1", model="PowerEdge T150", line=hardware, form_factor="server", list_price=D("150000.00")
        ),
        "prosupport": Product.objects.create(
            sku="PS-1", model="ProSupport 3 года", line=services, form_factor="service", list_price=D("12000.00")
        ),
    }


def quarter(code) -> FiscalQuarter:
    return FiscalQuarter.objects.get(code=code)


def sell(partner, distributor, quarter, invoice, product, quantity, price=None, *, sku=None):
    """One sales line (price None: reported without a unit price)."""
    report = SalesReport.objects.filter(distributor=distributor).first() or SalesReport.objects.create(
        distributor=distributor, original_name="t.csv", file="t.csv", sha256=f"{distributor.pk:064d}", size=1,
        status="done",
    )  # fmt: skip
    return SalesLine.objects.create(
        report=report,
        distributor=distributor,
        row_number=next(_rows),
        invoice_number=invoice,
        invoice_date=quarter.start_date,
        quarter=quarter,
        partner_ref=str(partner.dell_id) if partner else "0",
        partner=partner,
        sku=sku or (product.sku if product else "UNKNOWN"),
        product=product,
        quantity=quantity,
        unit_price=None if price is None else D(price),
    )


from tests.distributors.conftest import distributor_a, distributor_b, distributor_user, other_distributor_user  # noqa: E402, F401
from tests.rebates.conftest import finance  # noqa: E402, F401
