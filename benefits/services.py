"""Changes to partners' benefits (docs/benefits.md).

Certificates: a yearly certificate runs CERTIFICATE_DAYS from its start; beat renews it in its last
RENEW_DAYS_BEFORE days when the partner still qualifies, so a partner that keeps buying never has a
gap. Directory entries: a partner asks, its account manager approves or rejects; a change goes back
for approval while the approved entry stays listed; deactivation delists."""

from datetime import date, timedelta

import phonenumbers
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from benefits import selectors
from benefits.models import Certificate, Listing, ListingDetails, ListingRequest, ListingStatus
from portal.models import Partner, User
from portal.outbox import enqueue
from portal.services import next_number
from toolkit.errors import PortalError

RENEW_DAYS_BEFORE = 30


def _notify(kind: str, object_id: int) -> None:
    from benefits.tasks import send_benefit_email

    enqueue(send_benefit_email, kind, object_id)


def _issue(partner, start: date, units: int) -> Certificate | None:
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                number=f"RC-{start.year}-{next_number('certificate_number'):06d}",
                partner=partner,
                valid_from=start,
                valid_until=start + timedelta(days=settings.CERTIFICATE_DAYS - 1),
                units=units,
            )
            _notify("certificate_issued", certificate.pk)
            return certificate
    except IntegrityError:  # a second run at the same time issued it: nothing to do
        return None


def certificates_renew(today: date | None = None) -> dict[str, int]:
    """Daily (idempotent): every active partner without a certificate, or whose certificate ends
    within RENEW_DAYS_BEFORE days, gets the next one if it qualifies; a partner that does not is
    left to lapse. Returns counts."""
    today = today or timezone.localdate()
    issued = not_eligible = lapsed = 0
    for partner in Partner.objects.filter(is_active=True).order_by("pk"):
        latest = partner.certificates.filter(revoked_at=None).order_by("-valid_until").first()
        if latest and latest.valid_until > today + timedelta(days=RENEW_DAYS_BEFORE):
            continue
        found = selectors.eligibility(partner, today)
        if not found.eligible:
            not_eligible += 1
            if latest and latest.valid_until < today and not latest.lapse_notified_at:
                lapsed += _lapse(latest)
            continue
        start = latest.valid_until + timedelta(days=1) if latest and latest.valid_until >= today else today
        if _issue(partner, start, found.units):
            issued += 1
    return {"issued": issued, "not_eligible": not_eligible, "lapsed": lapsed}


def _lapse(certificate: Certificate) -> int:
    """The partner is told once that its certificate ended and why it was not renewed."""
    with transaction.atomic():
        if not Certificate.objects.filter(pk=certificate.pk, lapse_notified_at=None).update(
            lapse_notified_at=timezone.now()
        ):
            return 0  # another run told it
        _notify("certificate_lapsed", certificate.pk)
    return 1


def certificates_revoke(partner) -> int:
    """A deactivated partner's certificates stop being valid (the verification page says so)."""
    return Certificate.objects.filter(partner=partner, revoked_at=None).update(revoked_at=timezone.now())


def listing_prefill(partner: Partner) -> dict:
    """The form's starting values: the entry as last asked for or published, else the partner's profile."""
    # The newest of: the request waiting or last rejected (its other changes are not lost when the
    # manager objected to one detail), and the approved entry.
    latest_request = partner.listing_requests.exclude(status=ListingStatus.APPROVED).first()
    listing = Listing.objects.filter(partner=partner).first()
    source = listing
    if latest_request and (listing is None or latest_request.requested_at > listing.approved_at):
        source = latest_request
    if source is not None:
        values = {name: getattr(source, name) for name in ListingDetails.DETAIL_FIELDS}
        return {**values, "specializations": list(source.specializations.all())}
    application = getattr(partner, "application", None)
    return {
        "address": partner.address,
        "city": partner.city,
        "region": partner.region,
        "phone": application.contact_phone if application else "",
        "website": partner.website,
        "segment": partner.segment,
        "specializations": list(partner.specializations.all()),
    }


def listing_request_submit(*, actor: User, fields: dict, specializations) -> ListingRequest:
    """A partner's administrator asks to be listed, or to change its entry. A request still waiting
    is replaced by the new one (the manager decides on what the partner wants now)."""
    if not (actor.partner_id and actor.is_partner_admin):
        raise PortalError(_("Only the company's administrator can ask for a directory entry."))
    if not specializations:
        raise PortalError(_("Choose at least one specialization."), field="specializations")
    fields = {**fields, "phone": _phone_as_dialled(fields["phone"])}
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=actor.partner_id)
        partner.listing_requests.filter(status=ListingStatus.PENDING).delete()
        request = ListingRequest.objects.create(partner=partner, requested_by=actor, **fields)
        request.specializations.set(specializations)
        _notify("listing_requested", request.pk)
    return request


def _phone_as_dialled(phone) -> str:
    """ "+7 495 111-22-33" however it was typed, so the directory shows every number alike."""
    try:
        number = phonenumbers.parse(str(phone), "RU")
    except phonenumbers.NumberParseException:
        return str(phone).strip()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _pending_request(request_id: int) -> ListingRequest:
    request = ListingRequest.objects.select_for_update().select_related("partner").filter(pk=request_id).first()
    if request is None or request.status != ListingStatus.PENDING:
        raise PortalError(_("This request has already been decided or replaced by a newer one."))
    return request


def listing_approve(*, actor: User, request_id: int) -> Listing:
    """The request's details become the partner's public entry (created, or replaced)."""
    with transaction.atomic():
        request = _pending_request(request_id)
        if not request.partner.is_active:
            raise PortalError(_("The partner is deactivated and cannot be listed."))
        now = timezone.now()
        details = {name: getattr(request, name) for name in ListingDetails.DETAIL_FIELDS}
        listing, _created = Listing.objects.update_or_create(
            partner=request.partner,
            defaults={**details, "approved_at": now, "delisted_at": None, "changed_at": now},
        )
        listing.specializations.set(request.specializations.all())
        request.status, request.decided_by, request.decided_at = ListingStatus.APPROVED, actor, now
        request.save(update_fields=["status", "decided_by", "decided_at"])
        _notify("listing_approved", request.pk)
    return listing


def listing_reject(*, actor: User, request_id: int, reason: str) -> ListingRequest:
    """The partner reads the reason; an entry already approved stays listed as it was."""
    if not reason.strip():
        raise PortalError(_("Give the reason: the partner reads it."), field="reason")
    with transaction.atomic():
        request = _pending_request(request_id)
        request.status, request.decided_by, request.decided_at = ListingStatus.REJECTED, actor, timezone.now()
        request.reason = reason.strip()
        request.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        _notify("listing_rejected", request.pk)
    return request


def listing_withdraw(*, actor: User) -> None:
    """A partner's administrator takes the entry off the directory at once (no approval needed)."""
    if not (actor.partner_id and actor.is_partner_admin):
        raise PortalError(_("Only the company's administrator can remove the directory entry."))
    with transaction.atomic():
        # A request still waiting goes too: a later approval must not list the partner again unasked.
        ListingRequest.objects.filter(partner_id=actor.partner_id, status=ListingStatus.PENDING).delete()
        delist(actor.partner_id)


def delist(partner_id: int) -> int:
    now = timezone.now()
    return Listing.objects.filter(partner_id=partner_id, delisted_at=None).update(delisted_at=now, changed_at=now)


def _partner_saved(instance, **_kwargs):
    if not instance.is_active:
        certificates_revoke(instance)
        delist(instance.pk)
    else:  # a rename shows in the feed: its Last-Modified moves with it
        Listing.objects.filter(partner=instance).update(changed_at=timezone.now())


def connect_receivers() -> None:
    post_save.connect(_partner_saved, sender=Partner, dispatch_uid="benefits-partner-deactivated")
