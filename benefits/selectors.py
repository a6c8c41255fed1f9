"""Reads of benefits (docs/benefits.md): who qualifies for a certificate and why; what the public
"Где купить" directory shows."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import DecimalField, F, Max, Q, QuerySet, Sum

from benefits.models import Certificate, Listing, ListingRequest
from catalog.models import FiscalQuarter
from portal.models import PartnerSegment
from portal.selectors import regions_covered_by, sees_all_regions


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    units: int
    threshold: int
    window: tuple[date, date] | None  # the preceding four fiscal quarters
    amount: Decimal = Decimal("0")  # roubles at the prices reported (lines without one count 0)
    min_amount: Decimal = Decimal("0")  # CERTIFICATE_MIN_RUB; 0: no roubles threshold


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
    it in the preceding four fiscal quarters (and, when CERTIFICATE_MIN_RUB is set, purchases of at
    least that many roubles at the prices they reported)."""
    from distributors.models import SalesLine

    window = purchase_window(as_of)
    threshold, min_amount = settings.CERTIFICATE_MIN_UNITS, settings.CERTIFICATE_MIN_RUB
    if window is None:
        return Eligibility(False, 0, threshold, None, min_amount=min_amount)
    found = SalesLine.objects.filter(partner=partner, invoice_date__range=window).aggregate(
        units=Sum("quantity"),
        amount=Sum(F("quantity") * F("unit_price"), output_field=DecimalField(max_digits=20, decimal_places=2)),
    )
    units, amount = found["units"] or 0, found["amount"] or Decimal("0")
    eligible = units >= threshold and (not min_amount or amount >= min_amount)
    return Eligibility(eligible, units, threshold, window, amount=amount, min_amount=min_amount)


def current_certificate(partner, today: date) -> Certificate | None:
    return (
        Certificate.objects.filter(partner=partner, valid_from__lte=today, valid_until__gte=today, revoked_at=None)
        .order_by("-valid_from")
        .first()
    )


def directory_entries(
    *, city: str = "", region_id=None, specialization_id=None, segment: str = ""
) -> QuerySet[Listing]:
    """The public directory: approved entries of active partners, never delisted ones. A partner
    that sells in both directions is found under either."""
    entries = (
        Listing.objects.filter(delisted_at=None, partner__is_active=True)
        .select_related("partner", "region")
        .prefetch_related("specializations")
        .order_by("city", "partner__legal_name", "pk")
    )
    if city:
        entries = entries.filter(city=city)
    if region_id:
        entries = entries.filter(region_id=region_id)
    if specialization_id:
        entries = entries.filter(specializations__id=specialization_id)
    if segment in (PartnerSegment.CONSUMER, PartnerSegment.COMMERCIAL):
        entries = entries.filter(segment__in=[segment, PartnerSegment.BOTH])
    return entries


def directory_cities() -> list[str]:
    """The cities the directory has someone in (the search's city list)."""
    return list(directory_entries().order_by("city").values_list("city", flat=True).distinct())


def directory_version() -> tuple[int, object]:
    """(entries ever published, the latest change): the feed's ETag and Last-Modified. Delisting
    changes `changed_at`, so a removal shows as a change too."""
    found = Listing.objects.aggregate(last=Max("changed_at"), count=Max("pk"))
    return found["count"] or 0, found["last"]


def listing_requests_visible_to(user) -> QuerySet[ListingRequest]:
    """Account managers: requests of partners in their districts; those who see all districts: all."""
    requests = ListingRequest.objects.select_related("partner", "region", "requested_by", "decided_by")
    if not user.is_authenticated or not user.is_staff:
        return requests.none()
    if sees_all_regions(user):
        return requests
    return requests.filter(Q(partner__region_id__in=regions_covered_by(user)))
