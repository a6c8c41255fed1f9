"""The program's parties and who logs in: partners and their registration applications, distributors
(the companies; what they report lives in `distributors`), regions and account managers."""

from django.conf import settings
from django.contrib.admin import display as admin_display
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from toolkit.validators import INN_PATTERN, validate_inn, validate_kpp


class Bilingual:
    """Models with name_ru / name_en show the name in the active language."""

    def __str__(self):
        return self.name_en if (get_language() or "ru").startswith("en") else self.name_ru


class PartnerSegment(models.TextChoices):
    """Which of the vendor's directions a partner sells in (brochure: registration form): one
    `Direction` or both. Not `catalog.Segment`, the segments distributors are authorized for."""

    CONSUMER = "consumer", _("Consumer")
    COMMERCIAL = "commercial", _("Commercial")
    BOTH = "both", _("Consumer and commercial")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who logs in: partner staff, distributor staff or vendor staff."""

    username = None
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    # The language the portal speaks to this user once signed in (the profile page sets it).
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ru")
    partner = models.ForeignKey(
        "portal.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    distributor = models.ForeignKey(
        "portal.Distributor",
        verbose_name=_("distributor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    is_partner_admin = models.BooleanField(
        _("partner administrator"),
        default=False,
        help_text=_("Can invite colleagues of the same company."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email


class Region(Bilingual, models.Model):
    """A federal district of Russia; account managers cover regions (brochure p.11)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("federal district")
        verbose_name_plural = _("federal districts")


class Specialization(Bilingual, models.Model):
    """What a partner does (system integrator, retail, …); the vendor maintains the list."""

    name_ru = models.CharField(_("name (Russian)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    is_active = models.BooleanField(_("offered on the form"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name_ru"]
        verbose_name = _("specialization")
        verbose_name_plural = _("specializations")


class ChannelRole(models.TextChoices):
    REGIONAL = "regional", _("Regional account manager")
    RETAIL = "retail", _("Retail channel manager (CES, CS, Telecom)")
    PARTNER_PROGRAM = "partner_program", _("Partner program manager")


class AccountManager(models.Model):
    """A vendor employee who looks after partners of some districts and directions."""

    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), unique=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=ChannelRole, default=ChannelRole.REGIONAL)
    regions = models.ManyToManyField(
        Region, verbose_name=_("federal districts"), through="Coverage", blank=True, related_name="account_managers"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("admin login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account_manager",
        help_text=_("The staff login whose admin view is limited to these districts."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("account manager")
        verbose_name_plural = _("account managers")

    def __str__(self):
        return self.full_name


class Direction(models.TextChoices):
    CONSUMER = "consumer", _("Consumer")
    COMMERCIAL = "commercial", _("Commercial")


class Coverage(models.Model):
    """One district × direction that a regional account manager looks after (brochure p.11)."""

    manager = models.ForeignKey(
        AccountManager, verbose_name=_("account manager"), on_delete=models.CASCADE, related_name="coverage"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("federal district"), on_delete=models.CASCADE, related_name="coverage"
    )
    direction = models.CharField(_("direction"), max_length=20, choices=Direction)

    class Meta:
        ordering = ["region__sort_order", "direction"]
        verbose_name = _("coverage")
        verbose_name_plural = _("coverage")
        constraints = [
            # A partner's personal manager must follow unambiguously from its district and segment.
            models.UniqueConstraint(fields=["region", "direction"], name="one_manager_per_district_direction"),
        ]

    def __str__(self):
        return f"{self.region} — {self.get_direction_display()}"


class Partner(models.Model):
    """A reseller company with Registered status and a permanent Dell ID."""

    dell_id = models.PositiveBigIntegerField(_("Dell ID"), unique=True)
    legal_name = models.CharField(_("legal name"), max_length=300)
    inn = models.CharField(_("INN"), max_length=12, unique=True, validators=[validate_inn])
    city = models.CharField(_("city"), max_length=100)
    region = models.ForeignKey(
        Region, verbose_name=_("federal district"), on_delete=models.PROTECT, related_name="partners"
    )
    address = models.CharField(_("address"), max_length=500)
    website = models.URLField(_("website"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    kpp = models.CharField(_("KPP"), max_length=9, blank=True, validators=[validate_kpp])
    segment = models.CharField(_("segment"), max_length=20, choices=PartnerSegment)
    specializations = models.ManyToManyField(Specialization, verbose_name=_("specializations"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["legal_name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        permissions = [("view_all_regions", _("Can see partners and applications of every district"))]
        constraints = [
            # Uniqueness compares code points: "７７０…" would be a second company with the same INN.
            models.CheckConstraint(condition=Q(inn__regex=INN_PATTERN), name="partner_inn_ascii_digits"),
        ]

    def __str__(self):
        return f"{self.legal_name} ({self.dell_id})"


class Distributor(models.Model):
    """A distributor or wholesale partner that sells Dell products to partners (brochure p.10). The
    company record sits here with the partners so that its users' logins do not depend on the app above;
    authorizations, reports and sales lines are `distributors`'."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    inn = models.CharField(_("INN"), max_length=12, blank=True, validators=[validate_inn])
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("distributor")
        verbose_name_plural = _("distributors")

    def __str__(self):
        return self.name


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", pgettext_lazy("application status", "Rejected")


# An INN may have only one application that is not rejected: a live one, or the approved one.
LIVE_APPLICATION_STATUSES = [ApplicationStatus.RECEIVED, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.APPROVED]


class PartnerApplication(models.Model):
    """A registration request, tracked by its PR number until a Dell ID is assigned."""

    pr_number = models.CharField(_("PR number"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus, default=ApplicationStatus.RECEIVED)
    contact_name = models.CharField(_("full name"), max_length=200)
    contact_position = models.CharField(_("position"), max_length=200)
    contact_email = models.EmailField(_("e-mail"))
    contact_phone = PhoneNumberField(_("phone"))
    legal_name = models.CharField(_("legal name"), max_length=300)
    inn = models.CharField(_("INN"), max_length=12, validators=[validate_inn])
    city = models.CharField(_("city"), max_length=100)
    region = models.ForeignKey(
        Region, verbose_name=_("federal district"), on_delete=models.PROTECT, related_name="applications"
    )
    address = models.CharField(_("address"), max_length=500)
    website = models.URLField(_("website"), blank=True)
    specializations = models.ManyToManyField(Specialization, verbose_name=_("specializations"))
    segment = models.CharField(_("segment"), max_length=20, choices=PartnerSegment)
    language = models.CharField(_("language of correspondence"), max_length=8, default="ru")
    rejection_reason = models.TextField(_("rejection reason"), blank=True)
    partner = models.OneToOneField(
        Partner, verbose_name=_("partner"), null=True, blank=True, on_delete=models.PROTECT, related_name="application"
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("partner application")
        verbose_name_plural = _("partner applications")
        constraints = [
            models.UniqueConstraint(
                fields=["inn"], condition=Q(status__in=LIVE_APPLICATION_STATUSES), name="one_live_application_per_inn"
            ),
            models.CheckConstraint(condition=Q(inn__regex=INN_PATTERN), name="application_inn_ascii_digits"),
        ]

    def __str__(self):
        return f"{self.pr_number} — {self.legal_name}"


class ApplicationEvent(models.Model):
    """One status change of an application: who did it, when, and why."""

    application = models.ForeignKey(
        PartnerApplication, verbose_name=_("partner application"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=ApplicationStatus, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ApplicationStatus)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    client_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"


class NumberSequence(models.Model):
    """A named counter handed out under a row lock (PR numbers, Dell IDs): gap-free per commit."""

    name = models.SlugField(primary_key=True)
    last_value = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.name}: {self.last_value}"


class OutboxTask(models.Model):
    """A background job recorded in the same transaction as the change that needs it, so that a
    broker that is down when the change commits delays the job instead of losing it (and the
    request still succeeds). Published right after commit, or later by the dispatcher (beat)."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["created_at"], condition=Q(sent_at__isnull=True), name="outbox_pending"),
        ]

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"


class LegalDataStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the account manager")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", pgettext_lazy("legal data request", "Rejected")


class LegalDataRequest(models.Model):
    """A partner administrator asks to change the company's legal data (name, INN, KPP): it applies
    only when the account manager of the partner's district approves (docs/tools.md)."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="legal_data_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    legal_name = models.CharField(_("legal name"), max_length=300)
    inn = models.CharField(_("INN"), max_length=12, validators=[validate_inn])
    kpp = models.CharField(_("KPP"), max_length=9, blank=True, validators=[validate_kpp])
    status = models.CharField(_("status"), max_length=20, choices=LegalDataStatus, default=LegalDataStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("legal data change")
        verbose_name_plural = _("legal data changes")
        permissions = [("decide_legaldatarequest", _("Can approve and reject changes of partners' legal data"))]
        constraints = [
            models.UniqueConstraint(
                fields=["partner"], condition=Q(status="pending"), name="one_pending_legal_data_request"
            ),
        ]

    def __str__(self):
        return f"{self.partner} → {self.legal_name}"


class ChangeState(models.TextChoices):
    APPLIED = "", _("applied")
    AWAITS_APPROVAL = "awaits_approval", _("awaits approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("change rejected")


class PartnerChange(models.Model):
    """The company profile's history: every field changed, by whom, applied at once or on approval.
    `field` is the model field's name and `note` a state, so the page shows them in the reader's
    language; `before` and `after` are the values as they were shown."""

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    field = models.CharField(_("field"), max_length=100)
    before = models.TextField(_("before"), blank=True)
    after = models.TextField(_("after"), blank=True)
    note = models.CharField(_("note"), max_length=20, choices=ChangeState, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("company profile change")
        verbose_name_plural = _("company profile changes")

    def __str__(self):
        return f"{self.partner}: {self.field_label()}"

    @admin_display(description=_("field"))
    def field_label(self) -> str:
        try:
            return str(Partner._meta.get_field(self.field).verbose_name)
        except FieldDoesNotExist:
            return str(_("legal data"))
