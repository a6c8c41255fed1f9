"""Reads of certificates: who qualifies, and why (docs/benefits.md)."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Sum

from benefits.models import Certificate
from catalog.models import FiscalQuarter


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    units: int
    threshold: int
    window: tuple[date, date] | None  # the preceding four fiscal quarters


def purchase_window(as_of: date) -> tuple[date, date] | None:
    """The four fiscal quarters that ended before the one `as_of` falls in."""
    quarters = list(FiscalQuarter.objects.filter(end_date__lt=as_of).order_by("-end_date")[:4])
    current = FiscalQuarter.objects.filter(start_date__lte=as_of, end_date__gte=as_of).first()
    if current is not None:
        quarters = list(FiscalQuarter.objects.filter(end_date__lt=current.start_date).order_by("-end_date")[:4])
    if len(quarters) < 4:
        return None
    return quarters[-1].start_date, quarters[0].end_date


def eligibility(partner, as_of: date) -> Eligibility:
    """Qualifies when its distributors reported at least CERTIFICATE_MIN_UNITS net units bought by
    it in the preceding four fiscal quarters."""
    from distributors.models import SalesLine

    window = purchase_window(as_of)
    threshold = settings.CERTIFICATE_MIN_UNITS
    if window is None:
        return Eligibility(False, 0, threshold, None)
    units = (
        SalesLine.objects.filter(partner=partner, invoice_date__range=window).aggregate(units=Sum("quantity"))["units"]
        or 0
    )
    return Eligibility(units >= threshold, units, threshold, window)


def current_certificate(partner, today: date) -> Certificate | None:
    return (
        Certificate.objects.filter(partner=partner, valid_from__lte=today, valid_until__gte=today, revoked_at=None)
        .order_by("-valid_from")
        .first()
    )
