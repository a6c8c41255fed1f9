"""E-mails to members: a claim approved or rejected, an order placed, shipped or cancelled."""

from django.conf import settings
from django.urls import reverse

from advantage.models import Claim, Order
from toolkit.mail import send_email


def _language(member) -> str:
    application = getattr(member.partner, "application", None)
    return application.language if application else settings.LANGUAGE_CODE


def claim_email(claim_id: int, kind: str) -> None:
    claim = Claim.objects.select_related("member__user", "member__partner", "distributor").get(pk=claim_id)
    if not claim.member.user.email:
        return
    send_email(
        f"emails/advantage/claim_{kind}",
        {"claim": claim, "url": settings.PORTAL_BASE_URL + reverse("advantage:claims")},
        language=_language(claim.member),
        to=claim.member.user.email,
    )


def order_email(order_id: int, kind: str) -> None:
    order = Order.objects.select_related("member__user", "member__partner", "reward").get(pk=order_id)
    if not order.member.user.email:
        return
    send_email(
        f"emails/advantage/order_{kind}",
        {"order": order, "url": settings.PORTAL_BASE_URL + reverse("advantage:orders")},
        language=_language(order.member),
        to=order.member.user.email,
    )
