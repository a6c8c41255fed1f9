"""Reads of leads: what a partner's users see, the partners a lead suits, the rates per partner and district."""

from django.db.models import Count, Q, QuerySet

from leads.models import Lead, LeadStatus, Offer, OfferOutcome
from portal.models import Partner, PartnerSegment


def leads_visible_to(user) -> QuerySet[Lead]:
    """A partner's users: the leads passed to their company now (waiting, accepted or converted).
    A lead declined or returned to the pool is no longer theirs. Anyone else: none."""
    if not user.is_authenticated or not user.partner_id:
        return Lead.objects.none()
    return Lead.objects.filter(partner_id=user.partner_id).exclude(status=LeadStatus.POOL).select_related("region")


def matching_partners(lead: Lead) -> QuerySet[Partner]:
    """Active partners of the lead's district that sell in its segment (or both) and, when the lead
    needs one, have its specialization; those that declined or let this lead expire are left out."""
    partners = Partner.objects.filter(
        is_active=True, region_id=lead.region_id, segment__in=[lead.segment, PartnerSegment.BOTH]
    )
    if lead.specialization_id:
        partners = partners.filter(specializations=lead.specialization_id)
    tried = lead.offers.exclude(outcome=OfferOutcome.WAITING).values("partner_id") if lead.pk else []
    return partners.exclude(pk__in=tried).order_by("legal_name")


def offers_waiting_past(now) -> QuerySet[Offer]:
    return Offer.objects.filter(outcome=OfferOutcome.WAITING, answer_due__lt=now)


def _rates(rows) -> list[dict]:
    for row in rows:
        answered = row["accepted"] + row["declined"] + row["expired"]
        row["acceptance"] = round(100 * row["accepted"] / answered) if answered else None
        row["conversion"] = round(100 * row["converted"] / row["accepted"]) if row["accepted"] else None
    return list(rows)


def _counted(group_by: list[str]) -> list[dict]:
    return _rates(
        Offer.objects.values(*group_by)
        .annotate(
            offers=Count("pk"),
            accepted=Count("pk", filter=Q(outcome=OfferOutcome.ACCEPTED)),
            declined=Count("pk", filter=Q(outcome=OfferOutcome.DECLINED)),
            expired=Count("pk", filter=Q(outcome=OfferOutcome.EXPIRED)),
            converted=Count("pk", filter=Q(outcome=OfferOutcome.ACCEPTED, lead__status=LeadStatus.CONVERTED)),
        )
        .order_by(*group_by)
    )


def rates_by_partner() -> list[dict]:
    """Per partner: offers, accepted / answered (a lead left to expire counts as answered "no") and
    converted / accepted, in per cent."""
    return _counted(["partner__legal_name", "partner__dell_id"])


def rates_by_district() -> list[dict]:
    return _counted(["lead__region__name_ru"])
