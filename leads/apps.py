from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    """Potential customers staff pass to partners, who accept them and register deals (issue 19)."""

    name = "leads"
    verbose_name = _("Working with leads")
