from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributorsConfig(AppConfig):
    """Authorized distributors and their sell-through reports (issue 4)."""

    name = "distributors"
    verbose_name = _("Distributors")
