"""Authorized distributors, their users' API tokens, sell-through reports and the sales lines."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Segment
from distributors.row_reasons import reason_text
from portal.models import Distributor


class Authorization(models.Model):
    """A distributor may sell a segment in the program from a date (and until a date, if ended)."""

    distributor = models.ForeignKey(
        Distributor, verbose_name=_("distributor"), on_delete=models.CASCADE, related_name="authorizations"
    )
    segment = models.CharField(_("segment"), max_length=20, choices=Segment)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("until (incl.)"), null=True, blank=True)

    class Meta:
        ordering = ["distributor", "segment", "valid_from"]
        verbose_name = _("authorization")
        verbose_name_plural = _("authorizations")

    def __str__(self):
        return (
            f"{self.distributor} — {self.get_segment_display()} ({self.valid_from:%d.%m.%Y}–{self.valid_until or '…'})"
        )


class ApiToken(models.Model):
    """A distributor user's token for machines. Only its SHA-256 is stored; it is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=8)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "pd_" + secrets.token_urlsafe(32)


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received, waiting")
    PROCESSING = "processing", _("Processing")
    DONE = "done", _("Processed")
    FAILED = "failed", _("Failed")
    SUPERSEDED = "superseded", _("Replaced by a correction")


class SalesReport(models.Model):
    """An uploaded sell-through file. The original is kept; its rows end up as sales lines or as
    row errors, and the counts say so."""

    distributor = models.ForeignKey(
        Distributor, verbose_name=_("distributor"), on_delete=models.PROTECT, related_name="reports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=10, default="web")
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/")
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    size = models.PositiveBigIntegerField(_("size, bytes"))
    # An API client's name for this upload (Idempotency-Key): a retried request gets this report back.
    # NULL, not "", when there is none: NULLs never collide in the unique constraint below.
    idempotency_key = models.CharField(max_length=255, null=True, blank=True, editable=False)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("corrects report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus, default=ReportStatus.RECEIVED)
    attempts = models.PositiveSmallIntegerField(default=0)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_stored = models.PositiveIntegerField(_("rows stored"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    units = models.IntegerField(_("net units"), default=0)
    partners_found = models.PositiveIntegerField(_("partners found"), default=0)
    unmatched_rows = models.PositiveIntegerField(_("rows with unknown Dell ID"), default=0)
    unknown_sku_rows = models.PositiveIntegerField(_("rows with unknown SKU"), default=0)
    error_message = models.TextField(_("error"), blank=True)
    # The file's header row as it was written (the rejected-rows file repeats it, so that the
    # rows can be fixed and uploaded again); empty for reports read before it was kept.
    header = models.JSONField(_("header row"), default=list, blank=True, editable=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sales report")
        verbose_name_plural = _("sales reports")
        constraints = [
            # The same bytes are imported once per distributor (a failed attempt may be re-uploaded).
            models.UniqueConstraint(
                fields=["distributor", "sha256"], condition=~Q(status="failed"), name="same_file_imported_once"
            ),
            # A key names one upload of one distributor; another distributor may use the same key.
            models.UniqueConstraint(fields=["distributor", "idempotency_key"], name="idempotency_key_once"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.original_name}"


class SalesLine(models.Model):
    """One sales line of a distributor: who bought (Dell ID as given), what (SKU), how many, when.
    Partner and product are resolved when known; unknown ones are kept and reported, never dropped.

    The references are not database constraints: the import resolves them from rows it has just
    read inside its own transaction, Django still cascades and protects on delete, and a
    million-line report would otherwise spend a third of its time in deferred constraint checks.
    Indexes are only those that queries use: a COPY of a million lines updates each of them (the
    report, distributor and quarter columns are covered by the composite ones below)."""

    report = models.ForeignKey(
        SalesReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="lines",
        db_constraint=False,
        db_index=False,
    )
    distributor = models.ForeignKey(
        Distributor,
        verbose_name=_("distributor"),
        on_delete=models.PROTECT,
        related_name="sales_lines",
        db_constraint=False,
        db_index=False,
    )
    row_number = models.PositiveIntegerField(_("row"))
    invoice_number = models.CharField(_("invoice number"), max_length=60)
    invoice_date = models.DateField(_("invoice date"))
    quarter = models.ForeignKey(
        "catalog.FiscalQuarter",
        verbose_name=_("quarter"),
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    partner_ref = models.CharField(_("Dell ID as given"), max_length=40)
    partner = models.ForeignKey(
        "portal.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sales_lines",
        db_constraint=False,
    )
    sku = models.CharField(_("article number (SKU)"), max_length=40)
    product = models.ForeignKey(
        "catalog.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    quantity = models.IntegerField(_("quantity"))
    model = models.CharField(_("model"), max_length=200, blank=True)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("sales line")
        verbose_name_plural = _("sales lines")
        constraints = [
            models.UniqueConstraint(
                fields=["distributor", "invoice_number", "sku", "partner_ref"], name="sales_line_key"
            ),
        ]
        indexes = [
            models.Index(fields=["quarter", "partner"], name="sales_line_quarter_partner"),
            models.Index(fields=["report"], name="sales_line_report"),
        ]

    def __str__(self):
        return f"{self.invoice_number} {self.sku} × {self.quantity} → {self.partner_ref}"


class RowError(models.Model):
    """A rejected row of a report: its cells as the file had them (text as text, numbers as numbers,
    dates as ISO text) and why, as a code of `distributors.row_reasons` and its parameters, so that
    the reason is written in the language of whoever reads it."""

    report = models.ForeignKey(
        SalesReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="row_errors"
    )
    row_number = models.PositiveIntegerField(_("row"))
    code = models.CharField(_("reason code"), max_length=40, blank=True)
    params = models.JSONField(_("reason parameters"), default=dict, blank=True)
    # Rows rejected before reasons had codes keep the sentence they were given (in Russian).
    legacy_reason = models.CharField(_("reason (before codes)"), max_length=500, blank=True)
    values = models.JSONField(_("cells"), default=list)

    class Meta:
        ordering = ["row_number"]

    def __str__(self):
        return f"row {self.row_number}: {self.reason}"

    @property
    def reason(self) -> str:
        """The reason in the active language."""
        return reason_text(self.code, self.params, self.legacy_reason)


class ClaimStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for the distributor's report")
    SUBMITTED = "submitted", _("Awaiting the distributor's answer")
    STAFF_REVIEW = "staff_review", _("Under the vendor's review")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    REVERSED = "reversed", _("Reversed by the vendor")


OPEN_CLAIM_STATUSES = (ClaimStatus.WAITING, ClaimStatus.SUBMITTED, ClaimStatus.STAFF_REVIEW)


class MissingIdClaim(models.Model):
    """A partner says "this sale was mine": the distributor left out its Dell ID or typed a wrong one,
    so the line is stored without a partner (docs/claims.md). Matched to a sales line by distributor,
    invoice number and SKU; the distributor confirms or rejects; a confirmed claim attributes the line.

    `line` is not a database reference and Django does nothing to the claim when a line goes (a
    report's correction deletes its lines in one statement; a claim's reference would make Django
    fetch every line first): the correction's processing matches the claim again (`claims.py`)."""

    partner = models.ForeignKey(
        "portal.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="missing_id_claims"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("claimed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    distributor = models.ForeignKey(
        Distributor, verbose_name=_("distributor"), on_delete=models.PROTECT, related_name="missing_id_claims"
    )
    invoice_number = models.CharField(_("invoice number"), max_length=60)
    invoice_date = models.DateField(_("invoice date"))
    sku = models.CharField(_("article number (SKU)"), max_length=40)
    quantity = models.PositiveIntegerField(_("quantity"))
    line = models.ForeignKey(
        SalesLine,
        verbose_name=_("sales line"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=ClaimStatus, default=ClaimStatus.WAITING)
    # Once sent to the distributor, its users keep seeing it (whatever happens to it later).
    reached_distributor = models.BooleanField(_("sent to the distributor"), default=False)
    decision_note = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("claimed at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("missing-ID claim")
        verbose_name_plural = _("missing-ID claims")
        permissions = [("decide_missingidclaim", _("Can decide missing-ID claims and reverse them"))]
        constraints = [
            # However the confirmations race, a line is attributed by one claim at a time.
            models.UniqueConstraint(
                fields=["line"], condition=Q(status="confirmed"), name="one_confirmed_claim_a_line"
            ),
        ]

    def __str__(self):
        return f"{self.invoice_number} · {self.sku} × {self.quantity}"


class LineAttribution(models.Model):
    """The audit trail of a sales line's partner changed by a claim: who, when, from which partner to
    which. Rows are only added (a reversal is a row of its own)."""

    class Action(models.TextChoices):
        CONFIRMED = "confirmed", _("attributed by the distributor's confirmation")
        APPROVED = "approved", _("attributed by the vendor's review")
        REVERSED = "reversed", _("reversed by the vendor")

    claim = models.ForeignKey(
        MissingIdClaim, verbose_name=_("claim"), on_delete=models.PROTECT, related_name="attributions"
    )
    line_id = models.BigIntegerField(_("sales line"))
    from_partner = models.ForeignKey(
        "portal.Partner", verbose_name=_("from partner"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    to_partner = models.ForeignKey(
        "portal.Partner", verbose_name=_("to partner"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("line attribution")
        verbose_name_plural = _("line attributions")

    def __str__(self):
        return f"{self.get_action_display()} #{self.line_id}"
