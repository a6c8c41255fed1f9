"""Registered partners' benefits (brochure's benefits table; docs/benefits.md): the Dell Registered
certificate, confirmed yearly and issued while the partner buys Dell products; the "Где купить"
directory entry, agreed with the vendor's manager."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import PartnerSegment


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
    # Set when the partner was told the certificate ended without a renewal (once).
    lapse_notified_at = models.DateTimeField(_("lapse notified at"), null=True, blank=True)

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


class ListingStatus(models.TextChoices):
    PENDING = "pending", _("awaiting approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class ListingDetails(models.Model):
    """What a "Где купить" entry shows about a partner: asked for in a request, published once approved."""

    address = models.CharField(_("address"), max_length=500)
    city = models.CharField(_("city"), max_length=100)
    region = models.ForeignKey(
        "portal.Region", verbose_name=_("federal district"), on_delete=models.PROTECT, related_name="+"
    )
    phone = models.CharField(_("phone"), max_length=40)
    website = models.URLField(_("website"), blank=True)
    segment = models.CharField(_("segment"), max_length=20, choices=PartnerSegment)
    specializations = models.ManyToManyField(
        "portal.Specialization", verbose_name=_("specializations"), related_name="+"
    )

    DETAIL_FIELDS = ("address", "city", "region", "phone", "website", "segment")

    class Meta:
        abstract = True


class ListingRequest(ListingDetails):
    """A partner's request to be listed, or to change its entry; its account manager decides."""

    partner = models.ForeignKey(
        "portal.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="listing_requests"
    )
    status = models.CharField(_("status"), max_length=20, choices=ListingStatus, default=ListingStatus.PENDING)
    requested_by = models.ForeignKey(
        "portal.User", verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        "portal.User", verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("listing request")
        verbose_name_plural = _("listing requests")
        permissions = [("decide_listing", _("Can approve or reject listing requests"))]
        constraints = [
            models.UniqueConstraint(
                fields=["partner"], condition=models.Q(status="pending"), name="one_pending_listing_request"
            )
        ]

    def __str__(self):
        return f"{self.partner} · {self.requested_at:%d.%m.%Y}"


class Listing(ListingDetails):
    """A partner's public entry in the "Где купить" directory: the last approved request's details."""

    partner = models.OneToOneField(
        "portal.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="listing"
    )
    approved_at = models.DateTimeField(_("approved at"))
    delisted_at = models.DateTimeField(_("removed from the directory at"), null=True, blank=True)
    # The feed's Last-Modified: set by every change, including delisting (never deleted, so a
    # removal is a change the vendor's website sees).
    changed_at = models.DateTimeField(_("changed at"), db_index=True)

    class Meta:
        ordering = ["city", "partner__legal_name"]
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")

    def __str__(self):
        return str(self.partner)
