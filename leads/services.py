"""What changes leads: staff pass a lead to a partner; the partner accepts or declines it within
LEADS_ANSWER_WORKING_DAYS, records its progress and registers the deal; an unanswered lead returns
to the pool (docs/tools.md)."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deals.services import add_working_days
from leads import selectors
from leads.models import Lead, LeadStatus, Note, Offer, OfferOutcome
from portal.models import Partner
from portal.outbox import enqueue
from toolkit.errors import PortalError

log = logging.getLogger(__name__)


def _notify(lead_id: int, kind: str) -> None:
    from leads.tasks import send_lead_email

    enqueue(send_lead_email, lead_id, kind)


def _locked(lead_id: int) -> Lead:
    return Lead.objects.select_for_update().get(pk=lead_id)


def _own(actor, lead_id: int) -> Lead:
    lead = _locked(lead_id)
    if not actor.partner_id or lead.partner_id != actor.partner_id:
        raise PortalError(_("This lead is not your company's."))
    return lead


@transaction.atomic
def lead_offer(*, actor, lead_id: int, partner_id: int, now=None) -> Offer:
    """Pass a lead from the pool to a partner that suits it; its users answer within the service level."""
    lead = _locked(lead_id)
    if lead.status != LeadStatus.POOL:
        raise PortalError(_("Only a lead in the pool can be passed to a partner."))
    if not selectors.matching_partners(lead).filter(pk=partner_id).exists():
        raise PortalError(_("This partner does not suit the lead's district, segment or specialization."))
    now = now or timezone.now()
    offer = Offer.objects.create(
        lead=lead,
        partner=Partner.objects.get(pk=partner_id),
        offered_by=actor,
        answer_due=add_working_days(now, settings.LEADS_ANSWER_WORKING_DAYS),
    )
    lead.status, lead.partner_id, lead.answer_due = LeadStatus.OFFERED, partner_id, offer.answer_due
    lead.save(update_fields=["status", "partner", "answer_due"])
    _notify(lead.pk, "offered")
    return offer


def _answer(lead: Lead, outcome: str, reason: str = "") -> None:
    Offer.objects.filter(lead=lead, outcome=OfferOutcome.WAITING).update(
        outcome=outcome, answered_at=timezone.now(), reason=reason
    )


@transaction.atomic
def lead_accept(*, actor, lead_id: int) -> Lead:
    lead = _own(actor, lead_id)
    if lead.status != LeadStatus.OFFERED:
        raise PortalError(_("This lead is already answered."))
    if lead.answer_due < timezone.now():
        raise PortalError(_("The time to answer has passed: the lead returns to the pool."))
    _answer(lead, OfferOutcome.ACCEPTED)
    lead.status = LeadStatus.ACCEPTED
    lead.save(update_fields=["status"])
    return lead


def _to_pool(lead: Lead) -> None:
    lead.status, lead.partner, lead.answer_due = LeadStatus.POOL, None, None
    lead.save(update_fields=["status", "partner", "answer_due"])


@transaction.atomic
def lead_decline(*, actor, lead_id: int, reason: str) -> Lead:
    """The lead returns to the pool with the partner's reason; staff pass it to another partner."""
    lead = _own(actor, lead_id)
    if lead.status != LeadStatus.OFFERED:
        raise PortalError(_("This lead is already answered."))
    if not reason.strip():
        raise PortalError(_("Say why you decline the lead."), field="reason")
    _answer(lead, OfferOutcome.DECLINED, reason.strip())
    _to_pool(lead)
    _notify(lead.pk, "declined")
    return lead


def leads_expire(*, now=None) -> int:
    """Offers not answered by their due time: the lead returns to the pool and staff are told. Each
    lead is locked and checked again, so a partner's last-second answer and a second run are safe."""
    expired = 0
    for offer_id, lead_id in selectors.offers_waiting_past(now or timezone.now()).values_list("pk", "lead_id"):
        with transaction.atomic():
            lead = _locked(lead_id)
            if not Offer.objects.filter(pk=offer_id, outcome=OfferOutcome.WAITING).exists():
                continue
            _answer(lead, OfferOutcome.EXPIRED)
            _to_pool(lead)
            _notify(lead.pk, "expired")
            expired += 1
    if expired:
        log.info("%s leads returned to the pool unanswered", expired)
    return expired


@transaction.atomic
def lead_note_add(*, actor, lead_id: int, text: str) -> Note:
    lead = _own(actor, lead_id)
    if lead.status not in (LeadStatus.ACCEPTED, LeadStatus.CONVERTED):
        raise PortalError(_("Accept the lead before recording its progress."))
    if not text.strip():
        raise PortalError(_("Write what was done."), field="text")
    return Note.objects.create(lead=lead, author=actor, text=text.strip())


def lead_for_deal(*, actor, lead_id: int) -> Lead:
    """The accepted lead a deal registration is being started from (raises if it cannot be)."""
    lead = Lead.objects.select_related("region").get(pk=lead_id)
    if lead.partner_id != actor.partner_id:
        raise PortalError(_("This lead is not your company's."))
    if lead.status != LeadStatus.ACCEPTED:
        raise PortalError(_("Only an accepted lead without a deal can be registered as a deal."))
    return lead


@transaction.atomic
def lead_convert(*, actor, lead_id: int, deal) -> Lead:
    """Link the deal registered from the lead; the lead counts as converted."""
    lead = _own(actor, lead_id)
    if lead.status != LeadStatus.ACCEPTED:
        raise PortalError(_("Only an accepted lead without a deal can be registered as a deal."))
    if deal.partner_id != actor.partner_id:
        raise PortalError(_("This deal is not your company's."))
    lead.status, lead.deal = LeadStatus.CONVERTED, deal
    lead.save(update_fields=["status", "deal"])
    return lead
