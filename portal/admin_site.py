"""The vendor staff's admin site: login through allauth (rate limits, MFA) and, where required,
no admin page for staff who have not set up a second factor (payouts are approved here)."""

from functools import wraps

from allauth.account.decorators import secure_admin_login
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from portal.access import staff_needs_mfa_setup


class PortalAdminSite(admin.AdminSite):
    site_header = "PartnerDirect"
    site_title = "PartnerDirect"
    index_title = "PartnerDirect"

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def with_mfa(request, *args, **kwargs):
            if staff_needs_mfa_setup(request.user):
                messages.warning(request, _("Set up two-factor authentication before using the administration."))
                return redirect("mfa_activate_totp")
            return inner(request, *args, **kwargs)

        return with_mfa

    def get_urls(self):
        self.login = secure_admin_login(super().login)
        return super().get_urls()
