"""Reads of the fiscal calendar and the catalog."""

from django.utils import timezone

from catalog.calendar import quarter_of
from catalog.models import FiscalQuarter


def current_quarter() -> FiscalQuarter | None:
    today = timezone.localdate()
    return FiscalQuarter.objects.filter(start_date__lte=today, end_date__gte=today).first() or (
        FiscalQuarter.objects.filter(code=quarter_of(today).code).first()
    )
