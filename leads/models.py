"""Leads: a potential customer staff pass to one partner at a time; each pass is an offer the
partner accepts or declines within a service level (issue 19, docs/tools.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import PartnerSegment
from toolkit.validators import validate_inn


class LeadStatus(models.TextChoices):
    POOL = "pool", _("In the pool")
    OFFERED = "offered", _("Passed, awaiting an answer")
    ACCEPTED = "accepted", pgettext_lazy("lead", "Accepted")
    CONVERTED = "converted", _("Deal registered")


class Lead(models.Model):
    company = models.CharField(_("company"), max_length=300)
    inn = models.CharField(_("INN"), max_length=12, validators=[validate_inn])
    region = models.ForeignKey(
        "portal.Region", verbose_name=_("federal district"), on_delete=models.PROTECT, related_name="+"
    )
    segment = models.CharField(
        _("segment"), max_length=20, choices=[c for c in PartnerSegment.choices if c[0] != PartnerSegment.BOTH]
    )
    specialization = models.ForeignKey(
        "portal.Specialization",
        verbose_name=_("specialization needed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    need = models.TextField(_("need"))
    product_lines = models.ManyToManyField(
        "catalog.ProductLine", verbose_name=_("product lines"), blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=LeadStatus, default=LeadStatus.POOL, editable=False)
    partner = models.ForeignKey(
        "portal.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer_due = models.DateTimeField(_("answer due"), null=True, blank=True, editable=False)
    deal = models.OneToOneField(
        "deals.Deal",
        verbose_name=_("deal registration"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        constraints = [
            # A lead in the pool belongs to nobody; passed, accepted or converted, to exactly one partner.
            models.CheckConstraint(
                condition=Q(status="pool", partner__isnull=True) | (~Q(status="pool") & Q(partner__isnull=False)),
                name="lead_partner_follows_status",
            )
        ]

    def __str__(self):
        return f"{self.company} ({self.inn})"


class OfferOutcome(models.TextChoices):
    WAITING = "waiting", _("Awaiting an answer")
    ACCEPTED = "accepted", pgettext_lazy("lead", "Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("No answer in time")


class Offer(models.Model):
    """One pass of a lead to a partner and its answer: the acceptance rates are counted from these."""

    lead = models.ForeignKey(Lead, verbose_name=_("lead"), on_delete=models.CASCADE, related_name="offers")
    partner = models.ForeignKey("portal.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="+")
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("passed by"), on_delete=models.PROTECT, related_name="+"
    )
    offered_at = models.DateTimeField(_("passed at"), auto_now_add=True)
    answer_due = models.DateTimeField(_("answer due"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=OfferOutcome, default=OfferOutcome.WAITING)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-offered_at", "-pk"]
        verbose_name = _("lead offer")
        verbose_name_plural = _("lead offers")
        constraints = [
            models.UniqueConstraint(fields=["lead"], condition=Q(outcome="waiting"), name="one_waiting_offer_per_lead")
        ]

    def __str__(self):
        return f"{self.lead} → {self.partner}"


class Note(models.Model):
    """The partner's record of its work on an accepted lead."""

    lead = models.ForeignKey(Lead, verbose_name=_("lead"), on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("progress"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("lead note")
        verbose_name_plural = _("lead notes")

    def __str__(self):
        return self.text[:50]
