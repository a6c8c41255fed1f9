"""E-mails to distributor users."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from portal.models import User
from portal.notifications import activation_url

log = logging.getLogger(__name__)


def colleague_invited(user_id: int, inviter_id: int) -> None:
    """A distributor's administrator gave this user a login: the link sets the first password."""
    user = User.objects.select_related("distributor").get(pk=user_id)
    inviter = User.objects.get(pk=inviter_id)
    context = {
        "base_url": settings.PORTAL_BASE_URL,
        "user": user,
        "inviter": inviter,
        "distributor": user.distributor,
        "activation_url": activation_url(user),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("distributors/emails/colleague_invited_subject.txt", context).strip()
        body = render_to_string("distributors/emails/colleague_invited.txt", context)
    EmailMessage(subject=subject, body=body, to=[user.email]).send()
    log.info("e-mail distributors/colleague_invited sent")  # the address stays out of the logs
