"""Reads for distributors' data, scoped to what the caller may see."""

from django.db.models import QuerySet

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
