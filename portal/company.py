"""The company profile, self-service (issue 19, docs/tools.md): a partner administrator changes the
company's contacts, address, segment and specializations at once; legal data (name, INN, KPP) only
through the account manager's approval. Every change is recorded (`PartnerChange`). Users change
their own name, position, phone and language."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import ChangeState, LegalDataRequest, LegalDataStatus, Partner, PartnerChange, User
from portal.outbox import enqueue
from portal.selectors import partners_visible_to
from toolkit.errors import PortalError

# What a partner administrator changes without anyone's approval.
CONTACT_FIELDS = ["phone", "website", "city", "address", "segment"]
LEGAL_FIELDS = ["legal_name", "inn", "kpp"]


def _shown(partner: Partner, name: str) -> str:
    field = Partner._meta.get_field(name)
    value = partner._get_FIELD_display(field) if field.choices else getattr(partner, name)
    return str(value or "")


def _record(partner, actor, field: str, before: str, after: str, note: str = "") -> None:
    PartnerChange.objects.create(partner=partner, actor=actor, field=field, before=before, after=after, note=note)


def _admin_of(actor: User) -> Partner:
    if not (actor.partner_id and actor.is_partner_admin):
        raise PortalError(_("Only your company's partner administrator changes the company profile."))
    return Partner.objects.select_for_update().get(pk=actor.partner_id)


@transaction.atomic
def company_update(*, actor: User, fields: dict, specializations) -> list[str]:
    """Apply contact changes at once; the names of the fields changed."""
    partner = _admin_of(actor)
    changed = []
    for name in CONTACT_FIELDS:
        if name in fields and str(getattr(partner, name) or "") != str(fields[name] or ""):
            before = _shown(partner, name)
            setattr(partner, name, fields[name])
            _record(partner, actor, name, before, _shown(partner, name))
            changed.append(name)
    partner.full_clean(exclude=["specializations"])
    partner.save()
    before = sorted(str(s) for s in partner.specializations.all())
    after = sorted(str(s) for s in specializations)
    if before != after:
        partner.specializations.set(specializations)
        _record(partner, actor, "specializations", ", ".join(before), ", ".join(after))
        changed.append("specializations")
    return changed


@transaction.atomic
def legal_data_request(*, actor: User, legal_name: str, inn: str, kpp: str) -> LegalDataRequest | None:
    """Ask the account manager to change the legal data; None when nothing differs. One request
    waits at a time: a new one replaces the pending one."""
    partner = _admin_of(actor)
    legal_name, inn, kpp = legal_name.strip(), inn.strip(), kpp.strip().upper()
    if (legal_name, inn, kpp) == (partner.legal_name, partner.inn, partner.kpp):
        return None
    if inn != partner.inn and Partner.objects.filter(inn=inn).exclude(pk=partner.pk).exists():
        raise PortalError(_("Another partner is registered with this INN."), field="inn")
    for pending in partner.legal_data_requests.filter(status=LegalDataStatus.PENDING):
        pending.status, pending.decided_at, pending.reason = LegalDataStatus.REJECTED, timezone.now(), _("Replaced")
        pending.save()
    found = LegalDataRequest(partner=partner, requested_by=actor, legal_name=legal_name, inn=inn, kpp=kpp)
    found.full_clean()
    found.save()
    for name in LEGAL_FIELDS:
        if getattr(partner, name) != getattr(found, name):
            _record(partner, actor, name, getattr(partner, name), getattr(found, name), ChangeState.AWAITS_APPROVAL)
    from portal.tasks import send_legal_data_email

    enqueue(send_legal_data_email, found.pk)
    return found


def _decidable(actor: User, request_id: int) -> LegalDataRequest:
    found = LegalDataRequest.objects.select_for_update().select_related("partner").get(pk=request_id)
    if (
        not actor.has_perm("portal.decide_legaldatarequest")
        or not partners_visible_to(actor).filter(pk=found.partner_id).exists()
    ):
        raise PortalError(_("This partner is outside your districts."))
    if found.status != LegalDataStatus.PENDING:
        raise PortalError(_("This change was already decided."))
    return found


@transaction.atomic
def legal_data_approve(*, actor: User, request_id: int) -> LegalDataRequest:
    found = _decidable(actor, request_id)
    partner = Partner.objects.select_for_update().get(pk=found.partner_id)
    if found.inn != partner.inn and Partner.objects.filter(inn=found.inn).exclude(pk=partner.pk).exists():
        raise PortalError(_("Another partner is registered with this INN: reject the change."))
    for name in LEGAL_FIELDS:
        if getattr(partner, name) != getattr(found, name):
            _record(partner, actor, name, getattr(partner, name), getattr(found, name), ChangeState.APPROVED)
            setattr(partner, name, getattr(found, name))
    partner.full_clean(exclude=["specializations"])
    partner.save()
    found.status, found.decided_by, found.decided_at = LegalDataStatus.APPROVED, actor, timezone.now()
    found.save()
    from portal.tasks import send_legal_data_email

    enqueue(send_legal_data_email, found.pk)
    return found


@transaction.atomic
def legal_data_reject(*, actor: User, request_id: int, reason: str) -> LegalDataRequest:
    if not reason.strip():
        raise PortalError(_("Say why: the partner reads it."), field="reason")
    found = _decidable(actor, request_id)
    found.status, found.decided_by, found.decided_at = LegalDataStatus.REJECTED, actor, timezone.now()
    found.reason = reason.strip()
    found.save()
    _record(found.partner, actor, "legal_data", "", found.reason, ChangeState.REJECTED)
    from portal.tasks import send_legal_data_email

    enqueue(send_legal_data_email, found.pk)
    return found


@transaction.atomic
def own_profile_update(*, actor: User, full_name: str, position: str, phone, language: str) -> User:
    actor.full_name, actor.position, actor.phone, actor.language = full_name.strip(), position.strip(), phone, language
    actor.full_clean(exclude=["password", "email"])
    actor.save(update_fields=["full_name", "position", "phone", "language"])
    return actor
