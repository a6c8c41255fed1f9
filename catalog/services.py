"""Changes to the fiscal calendar's quarters and the product catalog."""

from django.db import transaction

from catalog.calendar import fiscal_quarters
from catalog.models import FiscalQuarter, Product, ProductLine


def quarters_ensure(fiscal_years) -> int:
    """Store the quarters of these fiscal years by the calendar rule; leaves edited rows alone.
    Returns how many were created."""
    created = 0
    for year in fiscal_years:
        for q in fiscal_quarters(year):
            _obj, was_created = FiscalQuarter.objects.get_or_create(
                code=q.code,
                defaults={"fiscal_year": q.fiscal_year, "number": q.number, "start_date": q.start, "end_date": q.end},
            )
            created += was_created
    return created


def product_line_ensure(
    *, code: str, name: str, segment: str, aliases: str = "", is_services: bool = False
) -> ProductLine:
    """The product line with this code, created with this name, segment and aliases if it is new (an
    existing line is left as vendor staff may have edited it; aliases are only added where it has none)."""
    line, created = ProductLine.objects.get_or_create(
        code=code, defaults={"name": name, "segment": segment, "aliases": aliases, "is_services": is_services}
    )
    if not created and aliases and not line.aliases:
        line.aliases = aliases
        line.save(update_fields=["aliases"])
    return line


def products_upsert(rows) -> tuple[int, int, int]:
    """Create or update catalog products from validated rows (dicts of Product fields), by SKU.
    Returns (created, updated, unchanged): a second import of the same file changes nothing."""
    created = updated = unchanged = 0
    with transaction.atomic():
        existing = {p.sku: p for p in Product.objects.filter(sku__in=[r["sku"] for r in rows])}
        for row in rows:
            product = existing.get(row["sku"])
            if product is None:
                Product.objects.create(**row)
                created += 1
            elif any(getattr(product, k) != v for k, v in row.items()):
                for k, v in row.items():
                    setattr(product, k, v)
                product.save()
                updated += 1
            else:
                unchanged += 1
    return created, updated, unchanged
