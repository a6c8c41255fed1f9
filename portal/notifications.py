"""E-mails to applicants and partner users, in the language they registered in."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal.models import PartnerApplication, User
from toolkit.mail import send_email


def _send(*, template: str, to: str, language: str, context: dict) -> None:
    send_email(f"emails/{template}", context, language=language, to=to)


def activation_url(user: User) -> str:
    """A one-time link to set the first password (expires with PASSWORD_RESET_TIMEOUT)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.PORTAL_BASE_URL + reverse("portal:activate", kwargs={"uidb64": uid, "token": token})


def application_received(application_id: int) -> None:
    application = PartnerApplication.objects.get(pk=application_id)
    _send(
        template="application_received",
        to=application.contact_email,
        language=application.language,
        context={"application": application},
    )


def application_approved(application_id: int) -> None:
    application = PartnerApplication.objects.select_related("partner").get(pk=application_id)
    user = User.objects.get(email__iexact=application.contact_email)
    _send(
        template="application_approved",
        to=application.contact_email,
        language=application.language,
        context={"application": application, "partner": application.partner, "activation_url": activation_url(user)},
    )


def application_rejected(application_id: int) -> None:
    application = PartnerApplication.objects.get(pk=application_id)
    _send(
        template="application_rejected",
        to=application.contact_email,
        language=application.language,
        context={"application": application},
    )


def colleague_invited(user_id: int, inviter_id: int) -> None:
    user = User.objects.select_related("partner").get(pk=user_id)
    inviter = User.objects.get(pk=inviter_id)
    _send(
        template="colleague_invited",
        to=user.email,
        language=settings.LANGUAGE_CODE,
        context={"user": user, "inviter": inviter, "partner": user.partner, "activation_url": activation_url(user)},
    )


def legal_data_changed(request_id: int) -> None:
    """A pending change to the partner's account managers; a decision to the administrator who asked."""
    from portal.models import LegalDataRequest, LegalDataStatus
    from portal.selectors import account_managers_for

    found = LegalDataRequest.objects.select_related("partner", "requested_by").get(pk=request_id)
    if found.status == LegalDataStatus.PENDING:
        url = settings.PORTAL_BASE_URL + reverse("admin:portal_legaldatarequest_change", args=[found.pk])
        managers = account_managers_for(region_id=found.partner.region_id, segment=found.partner.segment)
        recipients = sorted({m.email for m in managers if m.email})
        language = settings.LANGUAGE_CODE
    else:
        url = settings.PORTAL_BASE_URL + reverse("portal:company")
        recipients, language = [found.requested_by.email], found.requested_by.language
    for email in recipients:
        _send(template="legal_data_changed", to=email, language=language, context={"found": found, "url": url})
