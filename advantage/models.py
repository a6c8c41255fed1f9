"""PartnerAdvantage (issue 17, docs/advantage.md): partners' people earn points for claimed sales of
the vendor's chosen products and for completed courses, and exchange them for rewards."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.models import Bilingual


class MemberRole(models.TextChoices):
    DIRECTOR = "director", _("Company director")
    SALES = "sales", _("Sales representative")
    TECHNICAL = "technical", _("Technical representative")


class Rules(models.Model):
    """A version of the programme's rules; a member accepts the newest one when joining."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    text_ru = models.TextField(_("text (Russian)"))
    text_en = models.TextField(_("text (English)"))
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("programme rules")
        verbose_name_plural = _("programme rules versions")

    def __str__(self):
        return self.version


class Member(models.Model):
    """A partner's person (not the company) in the programme. Every change of their points locks this
    row first (advantage/ledger.py), so one member's operations take turns."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="advantage_member"
    )
    partner = models.ForeignKey(
        "portal.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="advantage_members"
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole)
    rules = models.ForeignKey(Rules, verbose_name=_("rules accepted"), on_delete=models.PROTECT, related_name="+")
    rules_accepted_at = models.DateTimeField(_("rules accepted at"))
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        ordering = ["-joined_at"]
        verbose_name = _("PartnerAdvantage member")
        verbose_name_plural = _("PartnerAdvantage members")

    def __str__(self):
        return f"{self.user.full_name or self.user.email} · {self.partner.legal_name}"


class CampaignKind(models.TextChoices):
    SALES = "sales", _("Sales of products")
    TRAINING = "training", _("Completed courses")


class Campaign(Bilingual, models.Model):  # noqa: DJ008 — __str__ comes from Bilingual
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind, default=CampaignKind.SALES)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    roles = models.JSONField(_("eligible roles"), default=list, help_text=_("director, sales, technical"))
    member_cap = models.PositiveIntegerField(_("points cap per member"), null=True, blank=True)
    campaign_cap = models.PositiveIntegerField(_("points cap of the campaign"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("PartnerAdvantage campaign")
        verbose_name_plural = _("PartnerAdvantage campaigns")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_period")]


class CampaignProduct(models.Model):
    """Points per unit for a SKU, a whole product line, or a rebate program's product group."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="products")
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    product_line = models.ForeignKey(
        "catalog.ProductLine",
        verbose_name=_("product line"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    product_group = models.ForeignKey(
        "rebates.ProductGroup",
        verbose_name=_("product group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    points_per_unit = models.PositiveIntegerField(_("points per unit"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("campaign product")
        verbose_name_plural = _("campaign products")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(product__isnull=False, product_line__isnull=True, product_group__isnull=True)
                    | Q(product__isnull=True, product_line__isnull=False, product_group__isnull=True)
                    | Q(product__isnull=True, product_line__isnull=True, product_group__isnull=False)
                ),
                name="campaign_product_names_one_thing",
            )
        ]

    def __str__(self):
        return f"{self.product or self.product_line or self.product_group}: {self.points_per_unit}"


class CampaignCourse(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="courses")
    course = models.ForeignKey("training.Course", verbose_name=_("course"), on_delete=models.PROTECT, related_name="+")
    points = models.PositiveIntegerField(_("points per confirmed completion"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("campaign course")
        verbose_name_plural = _("campaign courses")
        constraints = [models.UniqueConstraint(fields=["campaign", "course"], name="campaign_course_once")]

    def __str__(self):
        return f"{self.course}: {self.points}"


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the distributor's report")
    REVIEW = "review", _("Under review")
    APPROVED = "approved", pgettext_lazy("claim status", "Approved")
    REJECTED = "rejected", pgettext_lazy("claim status", "Rejected")


class Claim(models.Model):
    """A member's sale: matched against the sales lines distributors reported for the member's company."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="claims")
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="claims")
    distributor = models.ForeignKey(
        "portal.Distributor", verbose_name=_("distributor"), on_delete=models.PROTECT, related_name="+"
    )
    invoice_number = models.CharField(_("invoice number"), max_length=60)
    invoice_date = models.DateField(_("invoice date"))
    sku = models.CharField(_("SKU"), max_length=40)
    quantity = models.PositiveIntegerField(_("quantity"))
    points_per_unit = models.PositiveIntegerField(_("points per unit"))
    status = models.CharField(_("status"), max_length=20, choices=ClaimStatus, default=ClaimStatus.PENDING)
    matched_units = models.PositiveIntegerField(_("units matched"), default=0)
    points = models.PositiveIntegerField(_("points awarded"), default=0)
    points_reversed = models.PositiveIntegerField(_("points reversed"), default=0)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("sales claim")
        verbose_name_plural = _("sales claims")
        permissions = [("decide_claim", _("Can approve and reject PartnerAdvantage claims"))]

    def __str__(self):
        return f"#{self.pk} {self.invoice_number} {self.sku} × {self.quantity}"


class Allocation(models.Model):
    """Units of one reported sales line given to one claim. The sum over a line never exceeds its
    quantity (claims lock the lines). `reversed_units` counts units a later return took back."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="allocations")
    # Not a constraint (sales lines are written with COPY and deleted by a correcting report): a line
    # that disappeared leaves its allocation pointing at nothing, and re-matching settles it.
    line = models.ForeignKey(
        "distributors.SalesLine",
        verbose_name=_("sales line"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_constraint=False,
    )
    units = models.PositiveIntegerField(_("units"))
    reversed_units = models.PositiveIntegerField(_("units reversed"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.CheckConstraint(condition=Q(reversed_units__lte=models.F("units")), name="allocation_reversed_le")
        ]

    def __str__(self):
        return f"{self.claim_id} ← {self.line_id} × {self.units}"


class TrainingAward(models.Model):
    """Points for a confirmed completion: once per member and course, whatever happens after."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="training_awards")
    course = models.ForeignKey("training.Course", on_delete=models.PROTECT, related_name="+")
    completion = models.ForeignKey("training.Completion", on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training award")
        verbose_name_plural = _("training awards")
        constraints = [models.UniqueConstraint(fields=["member", "course"], name="training_award_once")]

    def __str__(self):
        return f"{self.member_id} · {self.course_id}: {self.points}"


class Reward(Bilingual, models.Model):  # noqa: DJ008 — __str__ comes from Bilingual
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # None: priced on request (the concierge's experiences) — an order is a request, staff agree the points.
    points_cost = models.PositiveIntegerField(_("points"), null=True, blank=True)
    # None: no stock kept (supplied when ordered).
    stock = models.PositiveIntegerField(_("in stock"), null=True, blank=True)
    picture = models.CharField(
        _("picture"), max_length=200, default="advantage/reward-gift.svg", help_text=_("a path under static/")
    )
    is_active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")

    @property
    def description(self):
        return self.description_en if (get_language() or "ru").startswith("en") else self.description_ru


class OrderStatus(models.TextChoices):
    RESERVED = "reserved", _("Points reserved, being prepared")
    SHIPPED = "shipped", _("Shipped")
    CANCELLED = "cancelled", _("Cancelled, points returned")


class Order(models.Model):
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="orders")
    reward = models.ForeignKey(Reward, verbose_name=_("reward"), on_delete=models.PROTECT, related_name="orders")
    points = models.PositiveIntegerField(_("points"))
    status = models.CharField(_("status"), max_length=20, choices=OrderStatus, default=OrderStatus.RESERVED)
    note = models.TextField(_("member's note"), blank=True)
    tracking_note = models.TextField(_("shipping note or reason of cancellation"), blank=True)
    created_at = models.DateTimeField(_("ordered at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reward order")
        verbose_name_plural = _("reward orders")
        permissions = [("fulfil_order", _("Can ship and cancel reward orders"))]

    def __str__(self):
        return f"#{self.pk} {self.reward}"

    def status_label(self) -> str:
        """A request for a reward priced on request reserves nothing: it says what it is."""
        if self.status == OrderStatus.RESERVED and not self.points:
            return _("Request sent: the manager will contact you")
        return self.get_status_display()


class EntryKind(models.TextChoices):
    EARN = "earn", _("Earned")
    REDEEM = "redeem", _("Reserved for an order")
    RELEASE = "release", _("Returned from a cancelled order")
    EXPIRE = "expire", _("Expired")
    REVERSE = "reverse", _("Reversed (returned goods)")
    ADJUST = "adjust", _("Adjustment")


class Entry(models.Model):
    """One change of a member's points; the balance is the sum of the rows (never stored)."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind)
    points = models.IntegerField(_("points"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="entries")
    order = models.ForeignKey(Order, on_delete=models.PROTECT, null=True, blank=True, related_name="entries")
    completion = models.ForeignKey(
        "training.Completion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("points entry")
        verbose_name_plural = _("points ledger")
        indexes = [models.Index(fields=["member", "created_at"], name="advantage_entry_member")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.points:+d}"
