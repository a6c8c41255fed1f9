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
