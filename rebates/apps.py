from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RebatesConfig(AppConfig):
    """Fiscal quarters, rebate programs, enrollments and payout runs (issues 3 and 5)."""

    name = "rebates"
    verbose_name = _("Rebate programs")

    def ready(self):
        from rebates.inputs_cache import connect_receivers

        connect_receivers()
