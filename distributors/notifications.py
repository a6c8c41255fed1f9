"""E-mails to distributor users."""

from django.conf import settings

from portal.models import User
from portal.notifications import activation_url
from toolkit.mail import send_email


def colleague_invited(user_id: int, inviter_id: int) -> None:
    """A distributor's administrator gave this user a login: the link sets the first password."""
    user = User.objects.select_related("distributor").get(pk=user_id)
    inviter = User.objects.get(pk=inviter_id)
    context = {
        "user": user,
        "inviter": inviter,
        "distributor": user.distributor,
        "activation_url": activation_url(user),
    }
    send_email("distributors/emails/colleague_invited", context, language=settings.LANGUAGE_CODE, to=user.email)


def claim_email(claim_id: int, kind: str) -> None:
    """A missing-ID claim came to the distributor ("submitted": its active users), or was decided
    (the partner's user who claimed it and its administrators). The partner's e-mail names only its
    own claim; the distributor's names the partner and its Dell ID, which it needs to fix its data."""
    from django.urls import reverse

    from distributors.models import MissingIdClaim

    claim = MissingIdClaim.objects.select_related("partner__application", "distributor", "created_by").get(pk=claim_id)
    to_distributor = kind == "submitted"
    if to_distributor:
        users = claim.distributor.users.filter(is_active=True)
        path, language = reverse("distributors:claims"), settings.LANGUAGE_CODE
    else:
        users = claim.partner.users.filter(is_active=True, is_partner_admin=True)
        if claim.created_by_id and claim.created_by.is_active:
            users = users | claim.partner.users.filter(pk=claim.created_by_id)
        application = getattr(claim.partner, "application", None)
        path, language = (
            reverse("distributors:my_claims"),
            application.language if application else settings.LANGUAGE_CODE,
        )
    context = {"claim": claim, "kind": kind, "to_distributor": to_distributor, "url": settings.PORTAL_BASE_URL + path}
    for email in sorted({u.email for u in users if u.email}):
        send_email("distributors/emails/claim_changed", context, language=language, to=email)
