"""Who may use the portal right now: one rule behind every partner and distributor page, every API
endpoint and the admin, so that deactivating a login or a company, or a missing second factor,
cuts access everywhere at the next request (not only where someone remembered to check)."""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.utils.translation import gettext as _


def staff_needs_mfa_setup(user) -> bool:
    return bool(settings.STAFF_MFA_REQUIRED and user.is_authenticated and user.is_staff and not is_mfa_enabled(user))


def access_refusal(user) -> str | None:
    """Why a signed-in user may not act now, as a message for them; None when they may."""
    if not user.is_active:
        return _("This login is deactivated.")
    if (user.partner_id and not user.partner.is_active) or (user.distributor_id and not user.distributor.is_active):
        return _(
            "Your company's access to the portal is suspended. Write to Dell_Partner_Support@Dell.com "
            "or to your account manager."
        )
    if staff_needs_mfa_setup(user):
        return _("Set up two-factor authentication in your account first (Account → Two-factor authentication).")
    return None


def is_partner_user(user) -> bool:
    return user.partner_id is not None and user.partner.is_active


def is_distributor_user(user) -> bool:
    return user.distributor_id is not None and user.distributor.is_active
