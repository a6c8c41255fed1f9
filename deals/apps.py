from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    """Deal registration: pre-sale support and deal protection (issue 15)."""

    name = "deals"
    verbose_name = _("Deal registration")
