from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    """Registered partners' benefits: the yearly Dell Registered certificate (issue 16)."""

    name = "benefits"
    verbose_name = _("Partner benefits")

    def ready(self):
        from benefits.services import connect_receivers

        connect_receivers()
