"""Deal registration: a partner tells the vendor about a customer and a project, the district's
account manager protects it for a period and may assign pre-sale support (issue 15, docs/deals.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from phonenumber_field.modelfields import PhoneNumberField

from toolkit.validators import INN_PATTERN, validate_inn


class DealStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting decision")
    RETURNED = "returned", _("Returned for more information")
    APPROVED = "approved", _("Protected")
    REJECTED = "rejected", pgettext_lazy("deal status", "Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Protection expired")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


# Deals that still hold (or claim) the customer: what a new registration can conflict with.
OPEN_STATUSES = [DealStatus.SUBMITTED, DealStatus.RETURNED, DealStatus.APPROVED]
# The partner may change these; vendor staff decide on SUBMITTED.
EDITABLE_STATUSES = [DealStatus.DRAFT, DealStatus.RETURNED]


class PresaleHelp(models.TextChoices):
    CONFIGURATION = "configuration", _("Configuration")
    DEMO = "demo", _("Demo equipment")
    VISIT = "visit", _("A vendor visit")
    PRICING = "pricing", _("Special pricing")


class Deal(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)
    # None: the vendor's own direct deal, entered by staff; it blocks partners' deals of that customer.
    partner = models.ForeignKey(
        "portal.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="deals",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=DealStatus, default=DealStatus.DRAFT)

    customer_name = models.CharField(_("customer"), max_length=300)
    customer_key = models.CharField(max_length=300, editable=False, db_index=True)  # matching.company_key
    customer_inn = models.CharField(_("customer's INN"), max_length=12, validators=[validate_inn], db_index=True)
    customer_region = models.ForeignKey(
        "portal.Region", verbose_name=_("customer's federal district"), on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact's e-mail"), blank=True)
    contact_phone = PhoneNumberField(_("contact's phone"), blank=True)

    project = models.CharField(_("project"), max_length=300)
    close_date = models.DateField(_("expected close date"))
    amount = models.DecimalField(_("estimated amount, RUB"), max_digits=14, decimal_places=2)
    competitors = models.CharField(_("competitors"), max_length=300, blank=True)
    distributor = models.ForeignKey(
        "portal.Distributor",
        verbose_name=_("distributor"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    presale_help = models.JSONField(_("pre-sale support requested"), default=list, blank=True)
    presale_details = models.TextField(_("what help is needed"), blank=True)
    presale_assignee = models.ForeignKey(
        "portal.AccountManager",
        verbose_name=_("pre-sale support by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    answer_due = models.DateTimeField(_("answer due"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decision_note = models.TextField(_("reason or request"), blank=True)
    protected_until = models.DateField(_("protected until"), null=True, blank=True)
    extensions_used = models.PositiveSmallIntegerField(_("extensions used"), default=0)
    extension_requested_at = models.DateTimeField(_("extension requested at"), null=True, blank=True)
    reminded_days = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)  # the last reminder sent
    conflict_with = models.ForeignKey(
        "self",
        verbose_name=_("conflicts with"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    outcome_invoices = models.CharField(_("invoice numbers"), max_length=500, blank=True)
    lost_reason = models.CharField(_("why it was lost"), max_length=500, blank=True)
    win_confirmed_at = models.DateTimeField(_("win confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("deal registration")
        verbose_name_plural = _("deal registrations")
        permissions = [("decide_deal", _("Can approve, reject and return deal registrations"))]
        constraints = [
            models.CheckConstraint(condition=Q(customer_inn__regex=INN_PATTERN), name="deal_inn_ascii_digits"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="deal_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.number} · {self.customer_name}"


MAX_QUANTITY = 2**31 - 1  # DealLine.quantity is a PositiveIntegerField: more is a 500, not a form error


# What a partner types (the web form and the API): the rest is the portal's and vendor staff's.
PARTNER_FIELDS = [
    "customer_name",
    "customer_inn",
    "customer_region",
    "contact_name",
    "contact_email",
    "contact_phone",
    "project",
    "close_date",
    "amount",
    "competitors",
    "distributor",
    "presale_help",
    "presale_details",
]


class DealLine(models.Model):
    """A product of the project: a catalog SKU, or a whole product line."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    product_line = models.ForeignKey(
        "catalog.ProductLine", verbose_name=_("product line"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("product of the deal")
        verbose_name_plural = _("products of the deal")

    def __str__(self):
        return f"{self.product.sku if self.product_id else self.product_line} × {self.quantity}"


class DealAction(models.TextChoices):
    CREATED = "created", _("Registered as a draft")
    SUBMITTED = "submitted", _("Submitted")
    CONFLICT = "conflict", _("Another registration of this customer found")
    APPROVED = "approved", _("Approved: protected until")
    REJECTED = "rejected", pgettext_lazy("deal event", "Rejected")
    RETURNED = "returned", _("Returned for more information")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
    EXTENDED = "extended", _("Extended until")
    EXPIRED = "expired", _("Protection expired")
    WON = "won", _("Won, invoices")
    LOST = "lost", _("Lost")
    WIN_CONFIRMED = "win_confirmed", _("Win confirmed by the vendor")
    PRESALE_ASSIGNED = "presale_assigned", _("Pre-sale support assigned")
    ESCALATED = "escalated", _("Escalated: no answer in time")


class DealEvent(models.Model):
    """The deal's history: who did what, when, and why."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=40, choices=DealAction)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("deal event")
        verbose_name_plural = _("deal events")

    def __str__(self):
        return f"{self.deal.number}: {self.get_action_display()}"
