"""The Dell Registered certificate: confirmed yearly, issued while the partner buys Dell products
(brochure's benefits table; docs/benefits.md)."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)
    partner = models.ForeignKey(
        "portal.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="certificates"
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    units = models.PositiveIntegerField(_("units bought in the preceding four quarters"))
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [models.UniqueConstraint(fields=["partner", "valid_from"], name="one_certificate_per_start")]

    def __str__(self):
        return self.number

    def state(self, today: date) -> str:
        """ "valid", "expired", "revoked" or "not_yet"."""
        if self.revoked_at:
            return "revoked"
        if today > self.valid_until:
            return "expired"
        return "valid" if today >= self.valid_from else "not_yet"
