"""E-mails about benefits: certificates issued or lapsed and directory decisions to the partner (in
the language it applied in), new directory requests to the district's account managers."""

from django.conf import settings
from django.urls import reverse

from benefits.models import Certificate, ListingRequest
from portal.models import Partner
from portal.notifications import _send
from portal.selectors import account_managers_for


def _partner_language(partner: Partner) -> str:
    application = getattr(partner, "application", None)
    return application.language if application else settings.LANGUAGE_CODE


def _partner_admins(partner: Partner) -> set[str]:
    return {u.email for u in partner.users.filter(is_active=True, is_partner_admin=True) if u.email}


def _to_partner(template: str, partner: Partner, recipients: set[str], context: dict) -> None:
    for email in sorted(recipients):
        _send(
            template=f"benefits/{template}",
            to=email,
            language=_partner_language(partner),
            context={"partner": partner, **context},
        )


def certificate_email(kind: str, certificate_id: int) -> None:
    certificate = Certificate.objects.select_related("partner__application").get(pk=certificate_id)
    url = settings.PORTAL_BASE_URL + reverse("benefits:certificate")
    context = {"certificate": certificate, "url": url, "threshold": settings.CERTIFICATE_MIN_UNITS}
    _to_partner(kind, certificate.partner, _partner_admins(certificate.partner), context)


def listing_email(kind: str, request_id: int) -> None:
    request = ListingRequest.objects.select_related("partner__application", "requested_by").get(pk=request_id)
    partner = request.partner
    if kind == "listing_requested":
        url = settings.PORTAL_BASE_URL + reverse("admin:benefits_listingrequest_change", args=[request.pk])
        for manager in account_managers_for(region_id=partner.region_id, segment=partner.segment):
            if manager.email:
                _send(
                    template="benefits/listing_requested",
                    to=manager.email,
                    language=settings.LANGUAGE_CODE,
                    context={"request": request, "partner": partner, "url": url},
                )
        return
    recipients = _partner_admins(partner) | {request.requested_by.email}
    url = settings.PORTAL_BASE_URL + reverse("benefits:listing")
    _to_partner(kind, partner, recipients, {"request": request, "url": url})


def benefit_email(kind: str, object_id: int) -> None:
    if kind.startswith("certificate_"):
        certificate_email(kind, object_id)
    else:
        listing_email(kind, object_id)
