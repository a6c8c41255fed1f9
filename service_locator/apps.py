from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceLocatorConfig(AppConfig):
    """Warranty types and the service centers that honour them, found by city without a login (issue 19)."""

    name = "service_locator"
    verbose_name = _("Service locator")
