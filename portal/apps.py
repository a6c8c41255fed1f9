from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Partners and registration")
    default = True

    def ready(self):
        from allauth.mfa.models import Authenticator
        from django.contrib.auth.models import Group

        from portal.roles import role_label

        # A role's name is a key in the database (portal/roles.py); wherever a group is shown (the
        # admin's lists, filters, user form, titles) it reads in the viewer's language.
        Group.__str__ = lambda group: role_label(group.name)
        # allauth leaves this model's names untranslated ("Authenticators" in the Russian admin).
        Authenticator._meta.verbose_name = _("authenticator")
        Authenticator._meta.verbose_name_plural = _("authenticators")


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "portal.admin_site.PortalAdminSite"
