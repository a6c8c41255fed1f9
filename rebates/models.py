"""Rebate programs (tiers, product groups, rates, classification rules), enrollments and payout runs.
Quarters and the product catalog they refer to are `catalog`'s."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalog.models import FiscalQuarter, ProductLine
from portal.models import Bilingual
from rebates.calculation import Reason
from training.models import Course, CourseKind


class ProgramKind(models.TextChoices):
    CLIENT = "client", _("Client systems (notebooks, desktops, all-in-ones, tablets)")
    MONITORS = "monitors", _("Monitors")
    ENTERPRISE = "enterprise", _("Enterprise")


class TierPolicy(models.TextChoices):
    AGREED = "agreed", _("Agreed plan: its rate if reached, otherwise nothing")
    ACHIEVED = "achieved", _("Achieved: the rate of the highest tier reached")


class Program(Bilingual, models.Model):  # noqa: DJ008 — __str__ comes from Bilingual
    """A quarterly rebate program: tiers (plans in units), product groups and a RUB rate per unit."""

    quarter = models.ForeignKey(
        FiscalQuarter, verbose_name=_("quarter"), on_delete=models.PROTECT, related_name="programs"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProgramKind)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    accept_deadline = models.DateTimeField(
        _("ACCEPT deadline"), help_text=_("ACCEPT is refused from this moment on (Moscow time).")
    )
    tier_policy = models.CharField(_("tier policy"), max_length=20, choices=TierPolicy, default=TierPolicy.AGREED)
    requires_confirmation = models.BooleanField(
        _("ACCEPT is a request"),
        default=False,
        help_text=_("Vendor staff confirm the enrollment once the program's training gates are met."),
    )

    class Meta:
        ordering = ["quarter__start_date", "kind"]
        verbose_name = _("rebate program")
        verbose_name_plural = _("rebate programs")
        constraints = [models.UniqueConstraint(fields=["quarter", "kind"], name="one_program_per_kind_and_quarter")]


class Tier(models.Model):
    """A plan a partner can choose: units to reach in the quarter."""

    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="tiers")
    units = models.PositiveIntegerField(_("plan, units"))

    class Meta:
        ordering = ["program", "units"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(fields=["program", "units"], name="one_tier_per_threshold"),
            models.CheckConstraint(condition=Q(units__gt=0), name="tier_units_positive"),
        ]

    def __str__(self):
        return str(_("plan %(units)s") % {"units": self.units})


class ProductGroup(Bilingual, models.Model):  # noqa: DJ008 — __str__ comes from Bilingual
    """A row of a program's rate table (e.g. "Vostro DT & NB 3xxx", "24"–25"")."""

    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="groups")
    code = models.SlugField(_("code"), max_length=40)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["program", "position"]
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="group_code_unique_in_program")]


class Rate(models.Model):
    """RUB paid per unit of a group at a plan."""

    group = models.ForeignKey(
        ProductGroup, verbose_name=_("product group"), on_delete=models.CASCADE, related_name="rates"
    )
    tier = models.ForeignKey(Tier, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="rates")
    amount = models.DecimalField(_("RUB per unit"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["group__position", "tier__units"]
        verbose_name = _("rate")
        verbose_name_plural = _("rates")
        constraints = [
            models.UniqueConstraint(fields=["group", "tier"], name="one_rate_per_group_and_tier"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="rate_not_negative"),
        ]

    def __str__(self):
        return f"{self.amount} ₽"


class ClassificationRule(models.Model):
    """Puts catalog products into a group: lines, and optionally series, form factors, diagonal range.
    A program's rules are tried by priority (lowest first); the first match decides, so a product
    lands in at most one group of a program."""

    group = models.ForeignKey(
        ProductGroup, verbose_name=_("product group"), on_delete=models.CASCADE, related_name="rules"
    )
    lines = models.ManyToManyField(ProductLine, verbose_name=_("lines"))
    series = models.CharField(_("series"), max_length=200, blank=True, help_text=_("Comma-separated; empty = any."))
    form_factors = models.CharField(
        _("form factors"), max_length=200, blank=True, help_text=_("Comma-separated; empty = any.")
    )
    diagonal_min = models.DecimalField(
        _("diagonal from (incl.)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    diagonal_below = models.DecimalField(_("diagonal below"), max_digits=4, decimal_places=1, null=True, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), default=100)

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = _("classification rule")
        verbose_name_plural = _("classification rules")

    def __str__(self):
        return f"#{self.pk} {self.series or '*'} {self.form_factors or '*'} → {self.group}"


class EnrollmentStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REQUESTED = "requested", _("Requested, awaiting confirmation")


class Enrollment(models.Model):
    """A partner's ACCEPT of a program with its chosen plan (one per partner and program)."""

    partner = models.ForeignKey(
        "portal.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="enrollments"
    )
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="enrollments"
    )
    tier = models.ForeignKey(Tier, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="enrollments")
    status = models.CharField(_("status"), max_length=20, choices=EnrollmentStatus)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted at"))
    changed_at = models.DateTimeField(_("plan last changed"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["partner", "program"], name="one_enrollment_per_partner_program")
        ]

    def __str__(self):
        return f"{self.partner} — {self.program} ({self.tier})"


class EnrollmentEvent(models.Model):
    """Who accepted, changed or confirmed an enrollment, and when."""

    class Action(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        REQUESTED = "requested", _("requested")
        PLAN_CHANGED = "plan_changed", _("plan changed")
        CONFIRMED = "confirmed", _("confirmed")

    enrollment = models.ForeignKey(
        Enrollment, verbose_name=_("enrollment"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action)
    tier = models.ForeignKey(Tier, verbose_name=_("plan"), on_delete=models.PROTECT)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    # The client's address as the trusted proxies saw it (toolkit/logs.py); empty for commands and jobs.
    client_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("enrollment event")
        verbose_name_plural = _("enrollment events")

    def __str__(self):
        return f"{self.get_action_display()} {self.tier}"


class DeadlineReminder(models.Model):
    """A reminder e-mail sent to a partner that had not accepted an open program (once per kind)."""

    partner = models.ForeignKey("portal.Partner", on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "program", "days_before"], name="one_reminder_per_kind")
        ]

    def __str__(self):
        return f"{self.program} −{self.days_before}d → {self.partner}"


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Computed")
    FAILED = "failed", _("Failed")
    APPROVED = "approved", pgettext_lazy("payout run", "Approved")


class PayoutReason(models.TextChoices):
    """Why a payout line pays what it pays: the calculation's codes with the words people read."""

    PAID = Reason.PAID, _("paid")
    ZERO_RATE = Reason.ZERO_RATE, _("no rate for this group at this plan")
    PLAN_NOT_REACHED = Reason.PLAN_NOT_REACHED, _("plan not reached")
    NOT_ACCEPTED = Reason.NOT_ACCEPTED, _("program not accepted")
    NOT_CONFIRMED = Reason.NOT_CONFIRMED, _("ACCEPT requested, not confirmed")
    GATE_NOT_MET = Reason.GATE_NOT_MET, _("training requirement not met")
    DISTRIBUTOR_NOT_AUTHORIZED = Reason.DISTRIBUTOR_NOT_AUTHORIZED, _("distributor not authorized")
    UNMATCHED_PARTNER = Reason.UNMATCHED_PARTNER, _("unknown Dell ID")
    WITHDRAWN = Reason.WITHDRAWN, _("withdrawn after a correction")


class PayoutRun(models.Model):
    """One computation of a quarter's rebates: its inputs' fingerprint, totals, who started it."""

    quarter = models.ForeignKey(
        FiscalQuarter, verbose_name=_("quarter"), on_delete=models.PROTECT, related_name="payout_runs"
    )
    status = models.CharField(_("status"), max_length=20, choices=RunStatus, default=RunStatus.RUNNING)
    is_preview = models.BooleanField(
        _("preview"),
        default=False,
        help_text=_("Computed before its quarter closed: for review only, never approved or paid."),
    )
    source = models.CharField(_("started from"), max_length=20, default="command")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_by_name = models.CharField(
        _("started by (as recorded)"),
        max_length=200,
        blank=True,
        help_text=_("The person, or the command's operating-system user and host, or the scheduler."),
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    fingerprint = models.CharField(_("inputs' fingerprint"), max_length=64, blank=True)
    lines_count = models.PositiveIntegerField(_("lines"), default=0)
    total_amount = models.DecimalField(_("total, RUB"), max_digits=16, decimal_places=2, default=0)
    error_message = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    unfinished_reports = models.JSONField(
        _("reports still importing"),
        default=list,
        blank=True,
        help_text=_("Sales reports not yet processed when the run was computed: their lines are not in it."),
    )
    adjusts = models.ForeignKey(
        "self",
        verbose_name=_("adjusts approved run"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The quarter's approved run when this one was computed: its lines carry the differences."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        permissions = [
            ("approve_payoutrun", _("Can approve payout runs and mark them paid")),
            ("start_payoutrun", _("Can start payout runs")),
        ]
        verbose_name = _("payout run")
        verbose_name_plural = _("payout runs")
        constraints = [
            # Two runs of one quarter never work at once: the second is refused while one runs.
            models.UniqueConstraint(
                fields=["quarter"], condition=Q(status="running"), name="one_running_payout_run_per_quarter"
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.quarter.code} ({self.get_status_display()})"


class PayoutLine(models.Model):
    """What a run computes for a partner × distributor × program × product group, and why.

    As for sales lines, the references are not database constraints: the run writes ids it has just
    read in its own transaction, and a million lines would spend most of the commit in deferred
    constraint checks. Django still cascades and protects on delete. The unique key (run first)
    is the only index besides the primary key: statements and the admin read lines run by run."""

    run = models.ForeignKey(
        PayoutRun,
        verbose_name=_("payout run"),
        on_delete=models.CASCADE,
        related_name="lines",
        db_constraint=False,
        db_index=False,
    )
    partner = models.ForeignKey(
        "portal.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payout_lines",
        db_constraint=False,
        db_index=False,
    )
    partner_ref = models.CharField(_("Dell ID as reported"), max_length=40)
    distributor = models.ForeignKey(
        "portal.Distributor",
        verbose_name=_("distributor"),
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    group_code = models.CharField(_("product group"), max_length=40)
    units = models.IntegerField(_("net units"))
    tier_units = models.PositiveIntegerField(_("plan applied"), null=True, blank=True)
    rate = models.DecimalField(_("RUB per unit"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("amount, RUB"), max_digits=16, decimal_places=2)
    approved_amount = models.DecimalField(_("already approved, RUB"), max_digits=16, decimal_places=2, default=0)
    adjustment = models.DecimalField(_("adjustment, RUB"), max_digits=16, decimal_places=2, default=0)
    reason = models.CharField(_("reason"), max_length=40, choices=PayoutReason)

    class Meta:
        verbose_name = _("payout line")
        verbose_name_plural = _("payout lines")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "partner_ref", "distributor", "program", "group_code", "reason"],
                name="one_payout_line_per_key",
            ),
        ]

    def __str__(self):
        return f"{self.partner_ref} {self.group_code}: {self.amount} ₽"


class PayoutPayment(models.Model):
    """An approved run paid out through one distributor: the computed amount, the bank's payment
    order and its date, and who recorded it when."""

    run = models.ForeignKey(PayoutRun, verbose_name=_("payout run"), on_delete=models.PROTECT, related_name="payments")
    distributor = models.ForeignKey(
        "portal.Distributor", verbose_name=_("distributor"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount, RUB"), max_digits=16, decimal_places=2)
    paid_on = models.DateField(_("payment date"))
    payment_order = models.CharField(_("payment order number"), max_length=40)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("marked by"), on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField(_("marked paid at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(fields=["run", "distributor"], name="one_payment_per_run_and_distributor")
        ]

    def __str__(self):
        return f"{self.run} → {self.distributor}"


class TrainingGate(Bilingual, models.Model):  # noqa: DJ008 — __str__ comes from Bilingual
    """ "At least N courses of this set", required for a whole program or for one product group.
    A partner meets it when its users have that many of the courses confirmed (`rebates.training_gates`)."""

    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=CourseKind)
    min_courses = models.PositiveSmallIntegerField(_("at least, courses"), default=1)
    courses = models.ManyToManyField(Course, verbose_name=_("any of these courses"), blank=True, related_name="gates")
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="gates",
    )
    group = models.ForeignKey(
        ProductGroup,
        verbose_name=_("product group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="gates",
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("training gate")
        verbose_name_plural = _("training gates")
        constraints = [
            models.CheckConstraint(
                condition=Q(program__isnull=False, group__isnull=True) | Q(program__isnull=True, group__isnull=False),
                name="gate_on_program_or_group",
            ),
        ]
