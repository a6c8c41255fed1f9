"""Lead e-mails: a lead passed goes to the partner's active users; a lead declined or left
unanswered goes to the staff who passed it and the program administrators (they pass it on)."""

from django.conf import settings
from django.urls import reverse

from leads.models import Lead
from portal.models import User
from portal.notifications import _send
from portal.roles import PROGRAM_ADMINISTRATORS


def _recipients(lead: Lead, kind: str) -> set[str]:
    if kind == "offered":
        return {u.email for u in lead.partner.users.filter(is_active=True) if u.email}
    offer = lead.offers.select_related("offered_by").first()  # the latest
    staff = set(
        User.objects.filter(groups__name=PROGRAM_ADMINISTRATORS, is_active=True).values_list("email", flat=True)
    )
    if offer is not None and offer.offered_by.email:
        staff.add(offer.offered_by.email)
    return {email for email in staff if email}


def _language(lead: Lead, staff: bool) -> str:
    """Vendor staff read Russian; a partner the language it chose when it applied (as deals' e-mails)."""
    application = getattr(lead.partner, "application", None) if lead.partner_id and not staff else None
    return application.language if application else settings.LANGUAGE_CODE


def lead_email(lead_id: int, kind: str) -> None:
    lead = Lead.objects.select_related("partner__application", "region").get(pk=lead_id)
    staff = kind != "offered"
    if not staff and lead.partner is None:
        return  # answered or expired before the mail went out
    path = reverse("admin:leads_lead_change", args=[lead.pk]) if staff else reverse("leads:detail", args=[lead.pk])
    offer = lead.offers.select_related("partner").first()
    for email in sorted(_recipients(lead, kind)):
        _send(
            template="lead_changed",
            to=email,
            language=_language(lead, staff),
            context={"lead": lead, "offer": offer, "kind": kind, "url": settings.PORTAL_BASE_URL + path},
        )
