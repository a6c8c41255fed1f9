"""Issuing, renewing and revoking certificates (docs/benefits.md). A yearly certificate runs
CERTIFICATE_DAYS from its start; beat renews it in its last RENEW_DAYS_BEFORE days when the partner
still qualifies, so a partner that keeps buying never has a gap."""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from benefits import selectors
from benefits.models import Certificate
from portal.services import next_number

RENEW_DAYS_BEFORE = 30


def _issue(partner, start: date, units: int) -> Certificate | None:
    try:
        with transaction.atomic():
            return Certificate.objects.create(
                number=f"RC-{start.year}-{next_number('certificate_number'):06d}",
                partner=partner,
                valid_from=start,
                valid_until=start + timedelta(days=settings.CERTIFICATE_DAYS - 1),
                units=units,
            )
    except IntegrityError:  # a second run at the same time issued it: nothing to do
        return None


def certificates_renew(today: date | None = None) -> dict[str, int]:
    """Daily (idempotent): every active partner without a certificate, or whose certificate ends
    within RENEW_DAYS_BEFORE days, gets the next one if it qualifies; a partner that does not is
    left to lapse. Returns counts."""
    from portal.models import Partner

    today = today or timezone.localdate()
    issued = not_eligible = 0
    for partner in Partner.objects.filter(is_active=True).order_by("pk"):
        latest = partner.certificates.filter(revoked_at=None).order_by("-valid_until").first()
        if latest and latest.valid_until > today + timedelta(days=RENEW_DAYS_BEFORE):
            continue
        found = selectors.eligibility(partner, today)
        if not found.eligible:
            not_eligible += 1
            continue
        start = latest.valid_until + timedelta(days=1) if latest and latest.valid_until >= today else today
        if _issue(partner, start, found.units):
            issued += 1
    return {"issued": issued, "not_eligible": not_eligible}


def certificates_revoke(partner) -> int:
    """A deactivated partner's certificates stop being valid (the verification page says so)."""
    return Certificate.objects.filter(partner=partner, revoked_at=None).update(revoked_at=timezone.now())


def _partner_saved(instance, **_kwargs):
    if not instance.is_active:
        certificates_revoke(instance)


def connect_receivers() -> None:
    from portal.models import Partner

    post_save.connect(_partner_saved, sender=Partner, dispatch_uid="benefits-partner-deactivated")
