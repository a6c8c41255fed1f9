"""The vendor staff's admin site: login through allauth (rate limits, MFA) and, where required,
no admin page for staff who have not set up a second factor (payouts are approved here)."""

from functools import wraps

from allauth.account.decorators import secure_admin_login
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from portal import admin_names
from portal.access import staff_needs_mfa_setup


def _russian_title(response):
    """Django names the model in its titles in the nominative ("Изменить заявка партнера"): the
    declined form from `portal.admin_names` instead, for every model admin, ours or not."""
    if not isinstance(response, TemplateResponse) or response.is_rendered or not response.context_data:
        return response
    context = response.context_data
    opts = context.get("opts")
    if opts is not None and context.get("title"):
        context["title"] = admin_names.title(str(context["title"]), opts)
    return response


class PortalAdminSite(admin.AdminSite):
    site_header = "PartnerDirect"
    site_title = "PartnerDirect"
    index_title = "PartnerDirect"
    # Finance works at 1366 px: the model list on the left would leave the tables 700 px. The
    # breadcrumbs and the home page lead everywhere instead.
    enable_nav_sidebar = False

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def with_mfa(request, *args, **kwargs):
            if staff_needs_mfa_setup(request.user):
                messages.warning(request, _("Set up two-factor authentication before using the administration."))
                return redirect("mfa_activate_totp")
            return _russian_title(inner(request, *args, **kwargs))

        return with_mfa

    def get_urls(self):
        self.login = secure_admin_login(super().login)
        return super().get_urls()
