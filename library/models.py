"""The library: assets staff upload (campaign layouts, documents, photos, logos) and how often each
partner downloaded each one (issue 19, docs/tools.md)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.models import PartnerSegment


class AssetKind(models.TextChoices):
    LAYOUT_ONLINE = "layout_online", _("Campaign layout, online")
    LAYOUT_OFFLINE = "layout_offline", _("Campaign layout, print")
    DOCUMENT = "document", _("Document")
    PHOTO = "photo", _("Photo")
    LOGO = "logo", _("Logo")


class PreviewState(models.TextChoices):
    PENDING = "pending", _("Being made")
    READY = "ready", _("Ready")
    NONE = "none", _("No preview for this kind of file")


class Asset(models.Model):
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=AssetKind)
    description = models.TextField(_("description"), blank=True)
    product_lines = models.ManyToManyField(
        "catalog.ProductLine", verbose_name=_("product lines"), blank=True, related_name="+"
    )
    # Empty: every partner; consumer or commercial: partners of that direction (and those of both).
    segment = models.CharField(
        _("visible to partners of"),
        max_length=20,
        choices=PartnerSegment,
        blank=True,
        help_text=_("Empty: all partners."),
    )
    file = models.FileField(_("file"), upload_to="library/%Y/%m/")
    filename = models.CharField(_("file name"), max_length=200, editable=False)
    preview = models.FileField(_("preview"), upload_to="library/previews/", blank=True, editable=False)
    preview_state = models.CharField(
        _("preview"), max_length=20, choices=PreviewState, default=PreviewState.PENDING, editable=False
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("library asset")
        verbose_name_plural = _("library assets")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="asset_valid_period_in_order",
            )
        ]

    def __str__(self):
        return self.title()

    def title(self) -> str:
        return self.title_en if (get_language() or "ru").startswith("en") else self.title_ru


class Download(models.Model):
    """One row per asset and partner: how many times its users downloaded it, and when last."""

    asset = models.ForeignKey(Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="downloads")
    partner = models.ForeignKey("portal.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(_("downloads"), default=0)
    last_at = models.DateTimeField(_("last downloaded at"), null=True)

    class Meta:
        ordering = ["-count", "pk"]
        verbose_name = _("download count")
        verbose_name_plural = _("download counts")
        constraints = [models.UniqueConstraint(fields=["asset", "partner"], name="one_download_count_per_partner")]

    def __str__(self):
        return f"{self.asset} · {self.partner}: {self.count}"
