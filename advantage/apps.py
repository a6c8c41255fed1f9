from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvantageConfig(AppConfig):
    name = "advantage"
    verbose_name = _("PartnerAdvantage")

    def ready(self):
        from advantage import receivers

        receivers.connect()
