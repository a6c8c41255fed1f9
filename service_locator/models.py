"""Service centers and the warranty types they serve (issue 19, docs/tools.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def search_key(text: str) -> str:
    """A city or an address as compared: casefolded, ё as е, single spaces. SQLite's LIKE folds only
    ASCII letters, so "казань" would not find "Казань" there: the key is folded before it is stored."""
    return " ".join(str(text).casefold().replace("ё", "е").split())


class WarrantyType(models.TextChoices):
    PL_CIS = "pl_cis", _("PL CIS")
    NBD = "nbd", _("NBD")


class ServiceCenter(models.Model):
    city = models.CharField(_("city"), max_length=100)
    address = models.CharField(_("address"), max_length=300)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    service_partner = models.CharField(_("service partner"), max_length=200)
    serves_pl_cis = models.BooleanField(_("PL CIS"), default=False)
    serves_nbd = models.BooleanField(_("NBD"), default=False)
    city_key = models.CharField(max_length=100, editable=False, db_index=True)
    address_key = models.CharField(max_length=300, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["city_key", "address_key"]
        verbose_name = _("service center")
        verbose_name_plural = _("service centers")
        # A re-import updates a center found by its city and address, however they are capitalised.
        constraints = [
            models.UniqueConstraint(fields=["city_key", "address_key"], name="one_service_center_per_address")
        ]

    def __str__(self):
        return f"{self.city}, {self.address}"

    def save(self, *args, **kwargs):
        self.city_key = search_key(self.city)
        self.address_key = search_key(self.address)
        super().save(*args, **kwargs)

    def warranty_types(self) -> list[str]:
        return [label for value, label in WarrantyType.choices if getattr(self, f"serves_{value}")]
