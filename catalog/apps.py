from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    """What every app reads: the fiscal calendar and its quarters, segments, product lines and
    products, and the catalog import."""

    name = "catalog"
    verbose_name = _("Catalog")
