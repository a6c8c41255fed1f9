"""Reads for distributors' data, scoped to what the caller may see."""

from django.db.models import Q, QuerySet

from distributors.models import SalesLine, SalesReport
from portal.selectors import sees_all_regions


def reports_visible_to(user) -> QuerySet[SalesReport]:
    reports = SalesReport.objects.select_related("distributor", "uploaded_by", "replaces")
    if user.is_authenticated and user.is_staff and sees_all_regions(user):
        return reports
    if user.is_authenticated and user.distributor_id:
        return reports.filter(distributor_id=user.distributor_id)
    return reports.none()


def sales_lines_visible_to(user) -> QuerySet[SalesLine]:
    lines = SalesLine.objects.select_related("distributor", "product", "quarter")
    if not user.is_authenticated:
        return lines.none()
    if user.distributor_id:
        return lines.filter(distributor_id=user.distributor_id)
    if user.partner_id:
        return lines.filter(partner_id=user.partner_id)
    if user.is_staff and sees_all_regions(user):
        return lines
    return lines.none()


def unknown_lines_of(report: SalesReport, *, unknown: str = "any") -> QuerySet[SalesLine]:
    """A report's stored lines whose Dell ID ("dell_id") or SKU ("sku") the portal does not know
    yet, or either ("any"), by row. They are counted as the partner or the SKU becomes known
    (`services.sales_lines_rematch`), so this is what is still unknown now."""
    lines = SalesLine.objects.filter(report=report)
    if unknown == "dell_id":
        lines = lines.filter(partner__isnull=True)
    elif unknown == "sku":
        lines = lines.filter(product__isnull=True)
    else:
        lines = lines.filter(Q(partner__isnull=True) | Q(product__isnull=True))
    return lines.order_by("row_number").only(
        "row_number", "invoice_number", "invoice_date", "partner_ref", "partner_id", "sku", "product_id", "quantity"
    )


def claims_visible_to(user) -> QuerySet:
    """Missing-ID claims: a partner's own; a distributor's the ones that came to it (those with a line
    no partner had; a line another partner has goes to the vendor's staff); vendor staff those of
    their districts' partners (all districts with `portal.view_all_regions`)."""
    from distributors.models import MissingIdClaim
    from portal.selectors import regions_covered_by

    claims = MissingIdClaim.objects.select_related("partner", "distributor", "line")
    if not user.is_authenticated or not user.is_active:
        return claims.none()
    if user.partner_id:
        return claims.filter(partner_id=user.partner_id)
    if user.distributor_id:
        return claims.filter(distributor_id=user.distributor_id, reached_distributor=True)
    if user.is_staff and sees_all_regions(user):
        return claims
    if user.is_staff:
        return claims.filter(partner__region_id__in=regions_covered_by(user))
    return claims.none()
