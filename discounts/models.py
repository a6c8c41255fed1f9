"""The discount program (docs/discounts.md): its terms per fiscal quarter as data, the partners'
acceptances, per-partner growth targets, and the quarterly runs that fix next quarter's discounts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PERCENT = {"max_digits": 5, "decimal_places": 2}
ROUBLES = {"max_digits": 16, "decimal_places": 2}


class DiscountTerms(models.Model):
    """What a quarter's sales earn as discount for the quarter after it. The brochure gives no
    numbers: terms seeded as an illustration say so (`is_example`), and every page shows it."""

    quarter = models.OneToOneField(
        "catalog.FiscalQuarter", verbose_name=_("quarter"), on_delete=models.PROTECT, related_name="discount_terms"
    )
    is_example = models.BooleanField(
        _("example values"), default=False, help_text=_("Illustrative numbers, not the vendor's published terms.")
    )
    growth_percent = models.DecimalField(
        _("growth target, % over the same quarter a year earlier"), default=0, **PERCENT
    )
    growth_extra_percent = models.DecimalField(
        _("extra discount for meeting the growth target, %"), default=0, **PERCENT
    )
    requires_certificate = models.BooleanField(_("requires a valid Dell Registered certificate"), default=True)
    terms_version = models.CharField(
        _("terms version the partner must accept"),
        max_length=20,
        blank=True,
        help_text=_("Empty: no acceptance needed."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-quarter__start_date"]
        verbose_name = _("discount terms")
        verbose_name_plural = _("discount terms")

    def __str__(self):
        return f"{self.quarter.code}"


class DiscountLevel(models.Model):
    terms = models.ForeignKey(DiscountTerms, verbose_name=_("terms"), on_delete=models.CASCADE, related_name="levels")
    min_revenue = models.DecimalField(_("revenue from, RUB"), **ROUBLES)
    percent = models.DecimalField(_("standard discount, %"), **PERCENT)

    class Meta:
        ordering = ["min_revenue"]
        verbose_name = _("revenue threshold")
        verbose_name_plural = _("revenue thresholds")
        constraints = [models.UniqueConstraint(fields=["terms", "min_revenue"], name="one_level_per_threshold")]

    def __str__(self):
        return f"{self.min_revenue} → {self.percent} %"


class AttachLevel(models.Model):
    terms = models.ForeignKey(
        DiscountTerms, verbose_name=_("terms"), on_delete=models.CASCADE, related_name="attach_levels"
    )
    min_share = models.DecimalField(_("hardware invoices with a service, from %"), **PERCENT)
    extra_percent = models.DecimalField(_("extra discount for services, %"), **PERCENT)

    class Meta:
        ordering = ["min_share"]
        verbose_name = _("services attach threshold")
        verbose_name_plural = _("services attach thresholds")
        constraints = [models.UniqueConstraint(fields=["terms", "min_share"], name="one_attach_level_per_share")]

    def __str__(self):
        return f"{self.min_share} % → {self.extra_percent} %"


class GrowthTarget(models.Model):
    """A partner's target set by its manager: replaces the percent-over-last-year rule."""

    terms = models.ForeignKey(
        DiscountTerms, verbose_name=_("terms"), on_delete=models.CASCADE, related_name="growth_targets"
    )
    partner = models.ForeignKey(
        "portal.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="discount_targets"
    )
    target_revenue = models.DecimalField(_("revenue target, RUB"), **ROUBLES)

    class Meta:
        verbose_name = _("growth target")
        verbose_name_plural = _("growth targets")
        constraints = [models.UniqueConstraint(fields=["terms", "partner"], name="one_target_per_partner")]

    def __str__(self):
        return f"{self.partner} — {self.target_revenue}"


class TermsAcceptance(models.Model):
    partner = models.ForeignKey(
        "portal.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="discount_acceptances"
    )
    version = models.CharField(_("terms version"), max_length=20)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("acceptance of discount terms")
        verbose_name_plural = _("acceptances of discount terms")
        constraints = [models.UniqueConstraint(fields=["partner", "version"], name="terms_accepted_once")]

    def __str__(self):
        return f"{self.partner} — {self.version}"


class DiscountRunStatus(models.TextChoices):
    COMPUTED = "computed", _("Computed, awaiting approval")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Replaced by a newer run")


class DiscountRun(models.Model):
    """The discounts a closed quarter's sales earned for the next quarter, fixed once: computed →
    approved, like a payout run. A newer run of the quarter replaces one not yet approved."""

    quarter = models.ForeignKey(
        "catalog.FiscalQuarter", verbose_name=_("measured quarter"), on_delete=models.PROTECT, related_name="+"
    )
    applies_to = models.ForeignKey(
        "catalog.FiscalQuarter", verbose_name=_("discounts apply in"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=DiscountRunStatus, default=DiscountRunStatus.COMPUTED)
    fingerprint = models.CharField(_("fingerprint of the inputs"), max_length=64)
    partners_count = models.PositiveIntegerField(_("partners"), default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    started_by_name = models.CharField(_("started by (name)"), max_length=200, blank=True)
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["-computed_at", "-pk"]
        verbose_name = _("discount run")
        verbose_name_plural = _("discount runs")
        permissions = [("approve_discountrun", _("Can approve discount runs"))]
        constraints = [
            models.UniqueConstraint(
                fields=["quarter"], condition=Q(status="approved"), name="one_approved_discount_run"
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.quarter.code} → {self.applies_to.code}"


class Ineligible(models.TextChoices):
    INACTIVE = "inactive", _("the partner is not active")
    NO_CERTIFICATE = "no_certificate", _("no valid Dell Registered certificate")
    TERMS_NOT_ACCEPTED = "terms_not_accepted", _("the discount terms are not accepted")


class DiscountLine(models.Model):
    """One partner's earned discount in a run, with the figures it was computed from."""

    run = models.ForeignKey(DiscountRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="lines")
    partner = models.ForeignKey(
        "portal.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="discount_lines"
    )
    revenue = models.DecimalField(_("revenue, RUB"), **ROUBLES)
    estimated = models.DecimalField(_("of which estimated at list prices, RUB"), default=0, **ROUBLES)
    year_ago_revenue = models.DecimalField(_("revenue a year earlier, RUB"), **ROUBLES)
    growth_target = models.DecimalField(_("growth target, RUB"), null=True, blank=True, **ROUBLES)
    growth_met = models.BooleanField(_("growth target met"), default=False)
    hardware_invoices = models.PositiveIntegerField(_("hardware invoices"), default=0)
    attached_invoices = models.PositiveIntegerField(_("of them with a service"), default=0)
    standard_percent = models.DecimalField(_("standard, %"), **PERCENT)
    growth_percent = models.DecimalField(_("for growth, %"), **PERCENT)
    attach_percent = models.DecimalField(_("for services, %"), **PERCENT)
    total_percent = models.DecimalField(_("discount, %"), **PERCENT)
    ineligible = models.CharField(_("not eligible because"), max_length=30, choices=Ineligible, blank=True)

    class Meta:
        ordering = ["run", "partner__legal_name"]
        verbose_name = _("partner's discount")
        verbose_name_plural = _("partners' discounts")
        constraints = [models.UniqueConstraint(fields=["run", "partner"], name="one_discount_line_per_partner")]

    def __str__(self):
        return f"{self.partner} — {self.total_percent} %"
