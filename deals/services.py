"""What changes a deal registration (docs/deals.md). Partner users register, edit, submit, withdraw,
ask for an extension and record the outcome; vendor staff of the partner's district approve,
reject, return, extend, assign pre-sale support and confirm a win. Every change is one transaction
with a history event; e-mails go out after commit through the outbox."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deals import selectors
from deals.matching import company_key
from deals.models import EDITABLE_STATUSES, Deal, DealEvent, DealLine, DealStatus
from portal.outbox import enqueue
from portal.services import next_number
from toolkit.errors import PortalError
from toolkit.locks import transaction_lock


def protection_days() -> int:
    return settings.DEAL_PROTECTION_DAYS


def extension_days() -> int:
    return settings.DEAL_EXTENSION_DAYS


def _event(deal: Deal, actor, action: str, note: str = "") -> None:
    DealEvent.objects.create(deal=deal, actor=actor, action=action, note=note)


def _notify(deal: Deal, kind: str) -> None:
    from deals.tasks import send_deal_email

    enqueue(send_deal_email, deal.pk, kind)


def add_working_days(moment: datetime, days: int) -> datetime:
    """Monday to Friday count, on Moscow's calendar (the vendor's staff work on Moscow time); a
    holiday calendar is not kept (docs/deals.md)."""
    moment = timezone.localtime(moment)
    while days > 0:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


def _editable(deal: Deal, actor) -> Deal:
    if deal.partner_id is None or deal.partner_id != actor.partner_id:
        raise PortalError(_("This deal is not your company's."))
    if deal.status not in EDITABLE_STATUSES:
        raise PortalError(_("A deal can be changed only as a draft or when it was returned to you."))
    return deal


@transaction.atomic
def deal_save(*, actor, fields: dict, lines: list[dict], deal_id: int | None = None) -> Deal:
    """Create or change a draft (or a returned deal): `fields` as the form cleans them, `lines` as
    [{"product": Product | None, "product_line": ProductLine, "quantity": int}]."""
    if not lines:
        raise PortalError(_("Add at least one product or product line."), field="lines")
    if deal_id is None:
        deal = Deal(
            partner=actor.partner,
            created_by=actor,
            number=f"DR-{next_number('deal_number'):06d}",
        )
    else:
        deal = _editable(Deal.objects.select_for_update().get(pk=deal_id), actor)
    for name, value in fields.items():
        setattr(deal, name, value)
    deal.customer_key = company_key(deal.customer_name)
    deal.full_clean(exclude=["number", "created_by", "partner"])
    is_new = deal.pk is None
    deal.save()
    deal.lines.all().delete()
    DealLine.objects.bulk_create(DealLine(deal=deal, **line) for line in lines)
    if is_new:
        _event(deal, actor, "created")
    return deal


@transaction.atomic
def deal_register_direct(*, actor, fields: dict, lines: list[dict], today: date | None = None) -> Deal:
    """The vendor's own direct deal, entered by staff: protected from the start, for the same period
    as a partner's, and it blocks partners' deals of that customer and those products."""
    if not actor.has_perm("deals.add_deal"):
        raise PortalError(_("Only program administrators enter the vendor's direct deals."))
    if not lines:
        raise PortalError(_("Add at least one product or product line."), field="lines")
    now, today = timezone.now(), today or timezone.localdate()
    deal = Deal(partner=None, created_by=actor, number=f"DR-{next_number('deal_number'):06d}", **fields)
    deal.customer_key = company_key(deal.customer_name)
    deal.status = DealStatus.APPROVED
    deal.submitted_at = deal.decided_at = now
    deal.decided_by = actor
    deal.protected_until = today + timedelta(days=settings.DEAL_PROTECTION_DAYS)
    deal.full_clean(exclude=["number", "created_by", "partner"])
    deal.save()
    DealLine.objects.bulk_create(DealLine(deal=deal, **line) for line in lines)
    _event(deal, actor, "approved", deal.protected_until.strftime("%d.%m.%Y"))
    # Partners' deals of this customer and these products are shown the clash (their managers decide).
    for other in selectors.conflicts_of(deal):
        if other.conflict_with_id is None:
            other.conflict_with = deal
            other.save(update_fields=["conflict_with"])
            _event(other, None, "conflict", deal.number)
    return deal


@transaction.atomic
def deal_submit(*, actor, deal_id: int, now=None) -> Deal:
    """Send a draft (or a returned deal, changed) to the district's manager. Another open deal of
    the same customer with an overlapping product line is recorded as a conflict at once; both are
    kept (the manager decides)."""
    deal = _editable(Deal.objects.select_for_update().get(pk=deal_id), actor)
    # One customer's submissions and approvals take turns: two partners submitting the same customer
    # at the same moment each see the other's deal, and the later one is flagged. The moment is read
    # once the turn is ours, so "later" is the order of the turns.
    transaction_lock("deal-customer", deal.customer_inn or deal.customer_key)
    now = now or timezone.now()
    if deal.close_date < timezone.localdate(now):
        raise PortalError(
            _("The expected close date is in the past: correct it before submitting."), field="close_date"
        )
    deal.status = DealStatus.SUBMITTED
    deal.submitted_at = now
    deal.answer_due = add_working_days(now, settings.DEAL_ANSWER_WORKING_DAYS)
    deal.escalated_at = None
    conflicts = selectors.conflicts_of(deal)
    deal.conflict_with = conflicts[0] if conflicts else None
    deal.save()
    _event(deal, actor, "submitted")
    if deal.conflict_with:
        _event(deal, None, "conflict", deal.conflict_with.number)
    _notify(deal, "submitted")
    return deal


def _decidable(deal_id: int, actor) -> Deal:
    deal = Deal.objects.select_for_update(of=("self",)).select_related("partner").get(pk=deal_id)
    if not selectors.deals_visible_to(actor).filter(pk=deal.pk).exists():
        raise PortalError(_("This deal is outside your districts."))
    if deal.status != DealStatus.SUBMITTED:
        raise PortalError(_("Deal %(number)s is not awaiting a decision.") % {"number": deal.number})
    return deal


def deal_approve(*, actor, deal_id: int, today: date | None = None) -> Deal:
    """Protect the deal for DEAL_PROTECTION_DAYS. First approved wins: refused while another
    partner's deal for this customer and these products is protected, or a vendor's direct deal
    is open. Approvals of one customer are serialised, so two conflicting deals approved at once
    end with exactly one protected."""
    with transaction.atomic():
        deal = Deal.objects.get(pk=deal_id)
        transaction_lock("deal-customer", deal.customer_inn or deal.customer_key)
        deal = _decidable(deal_id, actor)
        blocking = [d for d in selectors.conflicts_of(deal) if d.status == DealStatus.APPROVED or d.partner_id is None]
        if blocking:
            other = blocking[0]
            raise PortalError(
                _("Deal %(other)s for this customer and these products is already protected: reject this one.")
                % {"other": other.number}
                if other.partner_id
                else _("The vendor works with this customer directly (deal %(other)s): reject this one.")
                % {"other": other.number}
            )
        today = today or timezone.localdate()
        deal.status = DealStatus.APPROVED
        deal.decided_at, deal.decided_by = timezone.now(), actor
        deal.protected_until = today + timedelta(days=settings.DEAL_PROTECTION_DAYS)
        deal.decision_note = ""
        deal.save()
        _event(deal, actor, "approved", deal.protected_until.strftime("%d.%m.%Y"))
        _notify(deal, "approved")
    return deal


@transaction.atomic
def deal_reject(*, actor, deal_id: int, reason: str) -> Deal:
    if not reason.strip():
        raise PortalError(_("Say why the deal is rejected: the partner reads it."), field="reason")
    deal = _decidable(deal_id, actor)
    deal.status = DealStatus.REJECTED
    deal.decided_at, deal.decided_by, deal.decision_note = timezone.now(), actor, reason.strip()
    deal.save()
    _event(deal, actor, "rejected", deal.decision_note)
    _notify(deal, "rejected")
    return deal


@transaction.atomic
def deal_return(*, actor, deal_id: int, request: str) -> Deal:
    if not request.strip():
        raise PortalError(_("Say what information is missing."), field="reason")
    deal = _decidable(deal_id, actor)
    deal.status = DealStatus.RETURNED
    deal.decision_note = request.strip()
    deal.save()
    _event(deal, actor, "returned", deal.decision_note)
    _notify(deal, "returned")
    return deal


@transaction.atomic
def deal_withdraw(*, actor, deal_id: int) -> Deal:
    deal = Deal.objects.select_for_update().get(pk=deal_id)
    if deal.partner_id != actor.partner_id or deal.status not in (
        *EDITABLE_STATUSES,
        DealStatus.SUBMITTED,
        DealStatus.APPROVED,
    ):
        raise PortalError(_("This deal cannot be withdrawn."))
    deal.status = DealStatus.WITHDRAWN
    deal.save()
    _event(deal, actor, "withdrawn")
    return deal


@transaction.atomic
def deal_request_extension(*, actor, deal_id: int) -> Deal:
    deal = Deal.objects.select_for_update().get(pk=deal_id)
    if deal.partner_id != actor.partner_id or deal.status != DealStatus.APPROVED:
        raise PortalError(_("Only a protected deal can be extended."))
    if deal.extensions_used >= settings.DEAL_MAX_EXTENSIONS:
        raise PortalError(_("This deal was already extended; register the project again if it goes on."))
    if deal.extension_requested_at:
        raise PortalError(_("The extension is already requested."))
    deal.extension_requested_at = timezone.now()
    deal.save()
    _event(deal, actor, "extension_requested")
    _notify(deal, "extension_requested")
    return deal


@transaction.atomic
def deal_extend(*, actor, deal_id: int) -> Deal:
    deal = Deal.objects.select_for_update().get(pk=deal_id)
    if not selectors.deals_visible_to(actor).filter(pk=deal.pk).exists() or deal.status != DealStatus.APPROVED:
        raise PortalError(_("Only a protected deal of your districts can be extended."))
    if deal.extensions_used >= settings.DEAL_MAX_EXTENSIONS:
        raise PortalError(_("This deal was already extended as many times as the rules allow."))
    deal.protected_until += timedelta(days=settings.DEAL_EXTENSION_DAYS)
    deal.extensions_used += 1
    deal.extension_requested_at = None
    deal.reminded_days = None
    deal.save()
    _event(deal, actor, "extended", deal.protected_until.strftime("%d.%m.%Y"))
    _notify(deal, "extended")
    return deal


@transaction.atomic
def deal_record_outcome(*, actor, deal_id: int, won: bool, invoices: str = "", lost_reason: str = "") -> Deal:
    deal = Deal.objects.select_for_update().get(pk=deal_id)
    if deal.partner_id != actor.partner_id or deal.status != DealStatus.APPROVED:
        raise PortalError(_("The outcome is recorded for a protected deal."))
    if won and not invoices.strip():
        raise PortalError(_("Give the invoice numbers of the won deal."), field="invoices")
    if not won and not lost_reason.strip():
        raise PortalError(_("Say why the deal was lost."), field="lost_reason")
    deal.status = DealStatus.WON if won else DealStatus.LOST
    deal.outcome_invoices, deal.lost_reason = invoices.strip(), lost_reason.strip()
    deal.save()
    _event(deal, actor, deal.status, deal.outcome_invoices or deal.lost_reason)
    return deal


@transaction.atomic
def deal_confirm_win(*, actor, deal_id: int) -> Deal:
    deal = Deal.objects.select_for_update().get(pk=deal_id)
    if not selectors.deals_visible_to(actor).filter(pk=deal.pk).exists() or deal.status != DealStatus.WON:
        raise PortalError(_("Only a won deal of your districts can be confirmed."))
    deal.win_confirmed_at = timezone.now()
    deal.save()
    _event(deal, actor, "win_confirmed")
    return deal


@transaction.atomic
def deal_assign_presale(*, actor, deal_id: int, manager) -> Deal:
    deal = Deal.objects.select_for_update().get(pk=deal_id)
    if not selectors.deals_visible_to(actor).filter(pk=deal.pk).exists():
        raise PortalError(_("This deal is outside your districts."))
    deal.presale_assignee = manager
    deal.save()
    _event(deal, actor, "presale_assigned", manager.full_name if manager else "")
    return deal


# --- Beat ----------------------------------------------------------------------------------------
REMINDER_DAYS = (14, 3)


def deals_expire_and_remind(today: date | None = None) -> dict[str, int]:
    """Daily (hourly runs are harmless): protections that ended expire; those ending in 14 and 3 days
    remind the partner once each (`reminded_days` records the last sent)."""
    today = today or timezone.localdate()
    expired = reminded = 0
    for deal_id in Deal.objects.filter(status=DealStatus.APPROVED, protected_until__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            deal = Deal.objects.select_for_update().get(pk=deal_id)
            if deal.status == DealStatus.APPROVED and deal.protected_until < today:
                deal.status = DealStatus.EXPIRED
                deal.save()
                _event(deal, None, "expired")
                _notify(deal, "expired")
                expired += 1
    for days in REMINDER_DAYS:
        due = Deal.objects.filter(status=DealStatus.APPROVED, protected_until=today + timedelta(days=days))
        for deal_id in due.exclude(reminded_days__lte=days).values_list("pk", flat=True):
            with transaction.atomic():
                updated = Deal.objects.filter(pk=deal_id).exclude(reminded_days__lte=days).update(reminded_days=days)
                if updated:
                    _notify(Deal.objects.get(pk=deal_id), f"reminder_{days}")
                    reminded += 1
    return {"expired": expired, "reminded": reminded}


def deals_escalate(now=None) -> int:
    """Deals past their answer's service level go to the program administrators, once each."""
    now = now or timezone.now()
    escalated = 0
    for deal_id in Deal.objects.filter(
        status=DealStatus.SUBMITTED, answer_due__lt=now, escalated_at__isnull=True
    ).values_list("pk", flat=True):
        with transaction.atomic():
            if Deal.objects.filter(pk=deal_id, escalated_at__isnull=True).update(escalated_at=now):
                _event(Deal.objects.get(pk=deal_id), None, "escalated")
                _notify(Deal.objects.get(pk=deal_id), "escalated")
                escalated += 1
    return escalated
