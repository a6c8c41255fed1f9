"""Changes to applications, partners and their logins. Each service is one transaction; mail goes
out from Celery tasks enqueued after commit, so a rolled-back request sends nothing."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import (
    LIVE_APPLICATION_STATUSES,
    ApplicationEvent,
    ApplicationStatus,
    NumberSequence,
    Partner,
    PartnerApplication,
    User,
)
from portal.outbox import enqueue
from toolkit.errors import PortalError
from toolkit.logs import current_client_address

DUPLICATE_INN_MESSAGE = _(
    "A company with this INN has already applied or is already a partner. If you think this is a "
    "mistake, write to Dell_Partner_Support@Dell.com and give your INN."
)
EMAIL_TAKEN_MESSAGE = _(
    "This e-mail already belongs to another portal account: ask the user to use a different address."
)


def next_number(name: str, *, start: int = 1) -> int:
    """Take the next value of a named sequence. The UPDATE holds the row lock until commit, so two
    transactions never get the same value (PostgreSQL re-reads the row after the lock)."""
    NumberSequence.objects.get_or_create(name=name, defaults={"last_value": start - 1})
    NumberSequence.objects.filter(name=name).update(last_value=F("last_value") + 1)
    return NumberSequence.objects.values_list("last_value", flat=True).get(name=name)


def inn_is_taken(inn: str) -> bool:
    return (
        Partner.objects.filter(inn=inn).exists()
        or PartnerApplication.objects.filter(inn=inn, status__in=LIVE_APPLICATION_STATUSES).exists()
    )


def _record(application, *, from_status, actor=None, note=""):
    ApplicationEvent.objects.create(
        application=application,
        from_status=from_status,
        to_status=application.status,
        actor=actor,
        note=note,
        client_address=current_client_address(),
    )


@transaction.atomic
def application_submit(*, fields: dict, specializations, language: str = "ru") -> PartnerApplication:
    """Store a registration request with a new PR number and e-mail the number to the contact.

    Raises PortalError(field="inn") when the INN already has a live application or a partner —
    also when two such requests arrive at the same moment (the partial unique index decides)."""
    if inn_is_taken(fields["inn"]):
        raise PortalError(DUPLICATE_INN_MESSAGE, field="inn", code="duplicate_inn")
    application = PartnerApplication(**fields, language=language[:2])
    application.pr_number = f"PR{next_number('pr_number'):07d}"
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise PortalError(DUPLICATE_INN_MESSAGE, field="inn", code="duplicate_inn") from error
    application.specializations.set(specializations)
    _record(application, from_status="")
    from portal.tasks import send_application_received_email

    enqueue(send_application_received_email, application.pk)
    return application


def _locked_open_application(application_id) -> PartnerApplication:
    application = PartnerApplication.objects.select_for_update().get(pk=application_id)
    if application.status not in (ApplicationStatus.RECEIVED, ApplicationStatus.UNDER_REVIEW):
        raise PortalError(
            _("Application %(pr)s is already %(status)s.")
            % {"pr": application.pr_number, "status": application.get_status_display().lower()},
            code="already_decided",
        )
    return application


@transaction.atomic
def application_start_review(*, application_id: int, actor: User) -> PartnerApplication:
    application = _locked_open_application(application_id)
    if application.status == ApplicationStatus.UNDER_REVIEW:
        return application
    application.status = ApplicationStatus.UNDER_REVIEW
    application.save(update_fields=["status"])
    _record(application, from_status=ApplicationStatus.RECEIVED, actor=actor)
    return application


@transaction.atomic
def application_approve(*, application_id: int, actor: User) -> Partner:
    """Approve: assign the next Dell ID, create the partner and the contact's login, and e-mail the
    Dell ID with a link to set a password. Raises PortalError if already decided or the contact's
    e-mail belongs to another company's login."""
    application = _locked_open_application(application_id)
    email = application.contact_email.lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and (existing.partner_id or existing.is_staff):
        raise PortalError(EMAIL_TAKEN_MESSAGE, code="email_taken")

    partner = Partner(
        dell_id=next_number("dell_id", start=settings.DELL_ID_START),
        legal_name=application.legal_name,
        inn=application.inn,
        city=application.city,
        region=application.region,
        address=application.address,
        website=application.website,
        segment=application.segment,
    )
    try:
        with transaction.atomic():
            partner.save()
    except IntegrityError as error:
        raise PortalError(DUPLICATE_INN_MESSAGE, code="duplicate_inn") from error
    partner.specializations.set(application.specializations.all())

    user = existing or User(email=email)
    user.full_name = application.contact_name
    user.position = application.contact_position
    user.phone = application.contact_phone
    user.partner = partner
    user.is_partner_admin = True
    if existing is None:
        user.set_unusable_password()
    user.save()
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"primary": True, "verified": False})

    previous = application.status
    application.status = ApplicationStatus.APPROVED
    application.partner = partner
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "partner", "decided_at"])
    _record(application, from_status=previous, actor=actor, note=f"Dell ID {partner.dell_id}")
    from portal.tasks import send_application_approved_email

    enqueue(send_application_approved_email, application.pk)
    return partner


@transaction.atomic
def application_reject(*, application_id: int, actor: User, reason: str) -> PartnerApplication:
    """Reject with a reason the applicant will read; frees the INN for a new application."""
    reason = (reason or "").strip()
    if not reason:
        raise PortalError(_("Give the reason for the rejection: the applicant will read it."), field="reason")
    application = _locked_open_application(application_id)
    previous = application.status
    application.status = ApplicationStatus.REJECTED
    application.rejection_reason = reason
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "rejection_reason", "decided_at"])
    _record(application, from_status=previous, actor=actor, note=reason)
    from portal.tasks import send_application_rejected_email

    enqueue(send_application_rejected_email, application.pk)
    return application


@transaction.atomic
def partner_invite_colleague(*, actor: User, email: str, full_name: str, position: str = "") -> User:
    """A partner admin gives a colleague a login to the same company; the colleague sets a password
    from the e-mailed link. Raises PortalError when the e-mail already has a login."""
    if not (actor.partner_id and actor.is_partner_admin):
        raise PortalError(_("Only your company's partner administrator can invite colleagues."))
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise PortalError(EMAIL_TAKEN_MESSAGE, field="email", code="email_taken")
    user = User(email=email, full_name=full_name.strip(), position=position.strip(), partner_id=actor.partner_id)
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    from portal.tasks import send_invitation_email

    enqueue(send_invitation_email, user.pk, actor.pk)
    return user


@transaction.atomic
def account_activate(*, user: User, password: str) -> User:
    """Set the first password from an e-mailed link. Following that link proves the address."""
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user
