"""E-mails about deal registrations: to the partner's users who registered it and its
administrators, and to the district's managers (escalations: to program administrators)."""

from django.conf import settings
from django.urls import reverse

from deals.models import Deal
from portal.models import User
from portal.notifications import _send
from portal.roles import PROGRAM_ADMINISTRATORS
from portal.selectors import account_managers_for

TO_STAFF = {"submitted", "extension_requested", "escalated"}


def _recipients(deal: Deal, kind: str) -> set[str]:
    if kind == "escalated":
        return set(
            User.objects.filter(groups__name=PROGRAM_ADMINISTRATORS, is_active=True).values_list("email", flat=True)
        )
    if kind in TO_STAFF:
        if deal.partner is None:
            return set()
        managers = account_managers_for(region_id=deal.partner.region_id, segment=deal.partner.segment)
        return {m.email for m in managers if m.email}
    users = {deal.created_by.email} | {
        u.email for u in deal.partner.users.filter(is_active=True, is_partner_admin=True)
    }
    return {email for email in users if email}


def _language(deal: Deal, staff: bool) -> str:
    """Vendor staff read Russian; a partner the language it chose when it applied."""
    application = getattr(deal.partner, "application", None) if deal.partner_id else None
    return application.language if application and not staff else settings.LANGUAGE_CODE


def deal_email(deal_id: int, kind: str) -> None:
    deal = Deal.objects.select_related("partner__application", "created_by", "conflict_with").get(pk=deal_id)
    staff = kind in TO_STAFF
    path = reverse("admin:deals_deal_change", args=[deal.pk]) if staff else reverse("deals:detail", args=[deal.pk])
    for email in sorted(_recipients(deal, kind)):
        _send(
            template="deal_changed",
            to=email,
            language=_language(deal, staff),
            context={"deal": deal, "kind": kind, "url": settings.PORTAL_BASE_URL + path, "staff": staff},
        )
