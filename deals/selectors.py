"""Reads of deal registrations, including who may see which (docs/deals.md)."""

from django.db.models import Q, QuerySet

from catalog.models import Product, ProductLine
from deals.matching import periods_overlap, products_overlap, same_customer
from deals.models import OPEN_STATUSES, Deal
from portal.selectors import regions_covered_by, sees_all_regions


def deals_visible_to(user) -> QuerySet[Deal]:
    """A partner's users: their company's deals. Vendor staff: every deal when they see all districts,
    else the deals of partners in their districts and the vendor's direct deals. Anyone else: none."""
    deals = Deal.objects.select_related("partner", "customer_region", "distributor", "presale_assignee")
    if not user.is_authenticated:
        return deals.none()
    if user.partner_id:
        return deals.filter(partner_id=user.partner_id)
    if user.is_staff and sees_all_regions(user):
        return deals
    if user.is_staff:  # the vendor's own direct deals block partners' deals anywhere: every manager sees them
        return deals.filter(Q(partner__region_id__in=regions_covered_by(user)) | Q(partner__isnull=True))
    return deals.none()


def product_and_line(text: str) -> tuple[Product | None, ProductLine | None]:
    """What a partner typed as a deal's product: a catalog SKU (any case) gives the product and its
    line; else a product line by its code, name or an alias (any case) gives (None, line); else
    (None, None). The deal form and the API resolve their lines here."""
    text = text.strip()
    if not text:
        return None, None
    product = Product.objects.select_related("line").filter(sku__iexact=text).first()
    if product is not None:
        return product, product.line
    wanted = text.casefold()
    for line in ProductLine.objects.all():
        if wanted in (name.casefold() for name in line.names()):
            return None, line
    return None, None


def product_lines_of(deal: Deal) -> set[str]:
    return {line.product_line.code for line in deal.lines.select_related("product_line")}


def _period(deal: Deal):
    """From submission to the end of protection; open-ended until a decision sets one."""
    return (deal.submitted_at or deal.created_at).date(), deal.protected_until


def conflicts_of(deal: Deal) -> list[Deal]:
    """Other partners' (and the vendor's) open deals for the same customer — the INN, else the
    normalised name — with a product line in common and overlapping periods, oldest first."""
    candidates = (
        Deal.objects.filter(status__in=OPEN_STATUSES)
        .filter(Q(customer_inn=deal.customer_inn) | Q(customer_key=deal.customer_key))
        .exclude(pk=deal.pk)
        .select_related("partner")
        .prefetch_related("lines__product_line")
        .order_by("submitted_at", "pk")
    )
    if deal.partner_id:
        candidates = candidates.exclude(partner_id=deal.partner_id)
    mine = product_lines_of(deal)
    start, end = _period(deal)
    found = []
    for other in candidates:
        if not same_customer(deal.customer_inn, deal.customer_name, other.customer_inn, other.customer_name):
            continue
        if not products_overlap(mine, {line.product_line.code for line in other.lines.all()}):
            continue
        if periods_overlap(start, end, *_period(other)):
            found.append(other)
    return found


def matching_sales_lines(deal: Deal):
    """The sales lines distributors reported for the deal's partner with the deal's products (a
    SKU, or any product of a named line) dated from its submission to the end of its protection:
    the evidence behind a recorded win."""
    from distributors.models import SalesLine

    if deal.partner_id is None or deal.submitted_at is None:
        return SalesLine.objects.none()
    skus = [line.product_id for line in deal.lines.all() if line.product_id]
    lines = [line.product_line_id for line in deal.lines.all() if not line.product_id]
    products = Q(product_id__in=skus) | Q(product__line_id__in=lines)
    found = SalesLine.objects.filter(products, partner_id=deal.partner_id, invoice_date__gte=deal.submitted_at.date())
    if deal.protected_until:
        found = found.filter(invoice_date__lte=deal.protected_until)
    return found.select_related("distributor", "product").order_by("invoice_date", "pk")


def dashboard_deals(partner) -> dict:
    """The dashboard card: open deals, protections ending within 14 days, deals waiting for the
    partner's answer (returned for information)."""
    from datetime import timedelta

    from django.utils import timezone

    from deals.models import DealStatus

    deals = list(Deal.objects.filter(partner=partner, status__in=OPEN_STATUSES).order_by("protected_until", "pk"))
    soon = timezone.localdate() + timedelta(days=14)
    return {
        "open": deals,
        "expiring": [d for d in deals if d.status == DealStatus.APPROVED and d.protected_until <= soon],
        "waiting": [d for d in deals if d.status == DealStatus.RETURNED],
    }
