from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    """Marketing materials, documents and photos for partners, downloaded through a permission check (issue 19)."""

    name = "library"
    verbose_name = _("Library")
