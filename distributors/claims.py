"""Missing-ID claims (docs/claims.md): a partner claims a sale the distributor reported without its
Dell ID (or with a wrong one); the distributor confirms or rejects; a confirmed claim attributes the
line to the partner, with an audit row, and the next payout run counts it. A line another partner
already has goes to the vendor's staff, never to the distributor, and the partner is not told whose
it is. Every change of a line's partner is one transaction with its audit row and the signal that
payout inputs and caches listen to."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from distributors.models import (
    OPEN_CLAIM_STATUSES,
    ClaimStatus,
    LineAttribution,
    MissingIdClaim,
    SalesLine,
)
from distributors.signals import sales_lines_changed
from portal.outbox import enqueue
from toolkit.errors import PortalError

DECIDE_PERMISSION = "distributors.decide_missingidclaim"


def _notify(claim: MissingIdClaim, kind: str) -> None:
    from distributors.tasks import send_claim_email

    enqueue(send_claim_email, claim.pk, kind)


# How far the invoice date a partner types may be from the one the distributor reported (an invoice
# dated at shipment vs. at order): near enough to be the same sale, not a year-old invoice number.
DATE_TOLERANCE = timedelta(days=7)


def _candidates(claim: MissingIdClaim):
    """Lines of the claim's distributor with its invoice number and SKU (trimmed, any case), dated
    within DATE_TOLERANCE of the claim's date, that hold at least the claimed quantity: a claim never
    attributes more than a line has."""
    return SalesLine.objects.filter(
        distributor_id=claim.distributor_id,
        invoice_number__iexact=claim.invoice_number,
        sku__iexact=claim.sku,
        quantity__gte=claim.quantity,
        invoice_date__range=(claim.invoice_date - DATE_TOLERANCE, claim.invoice_date + DATE_TOLERANCE),
    ).order_by("pk")


def _match(claim: MissingIdClaim) -> None:
    """Find the claim's line and move the claim on: to the distributor when the line has no partner,
    to the vendor's staff when another partner has it, or leave it waiting for the next report."""
    lines = _candidates(claim)
    if lines.filter(partner_id=claim.partner_id).exists():
        claim.status, claim.line = ClaimStatus.REJECTED, None
        claim.decision_note = _("The distributor's report names your Dell ID: this sale is already counted for you.")
        claim.decided_at = timezone.now()
        claim.save()
        _notify(claim, "rejected")
        return
    free = lines.filter(partner__isnull=True).first()
    found = free or lines.first()
    if found is not None:  # written as the distributor's report has them, for both sides to recognise
        claim.invoice_number, claim.sku = found.invoice_number, found.sku
    if free is not None:
        claim.status, claim.line, claim.reached_distributor = ClaimStatus.SUBMITTED, free, True
        claim.save()
        _notify(claim, "submitted")
        return
    if found is not None:
        claim.status, claim.line = ClaimStatus.STAFF_REVIEW, found
        claim.save()
        return
    claim.status, claim.line = ClaimStatus.WAITING, None
    claim.save()


@transaction.atomic
def claim_submit(*, actor, distributor, invoice_number: str, invoice_date, sku: str, quantity: int) -> MissingIdClaim:
    """A partner's user claims a sale. Refused when the same company already has an open or confirmed
    claim for this invoice and SKU at this distributor."""
    if not (actor.partner_id and actor.partner.is_active):
        raise PortalError(_("Only a partner's users can claim sales."), code="not_partner")
    if not distributor.is_active:
        raise PortalError(_("Choose an active distributor."), field="distributor")
    if quantity < 1:
        raise PortalError(_("The quantity is at least 1."), field="quantity")
    invoice_number, sku = invoice_number.strip(), sku.strip()
    if not invoice_number or not sku:
        raise PortalError(_("Enter the invoice number and the SKU."), field="invoice_number")
    earlier = MissingIdClaim.objects.filter(
        partner_id=actor.partner_id,
        distributor=distributor,
        invoice_number__iexact=invoice_number,
        sku__iexact=sku,
        status__in=[*OPEN_CLAIM_STATUSES, ClaimStatus.CONFIRMED],
    )
    if earlier.exists():
        raise PortalError(_("Your company has already claimed this invoice and SKU."), field="invoice_number")
    claim = MissingIdClaim.objects.create(
        partner_id=actor.partner_id,
        created_by=actor,
        distributor=distributor,
        invoice_number=invoice_number,
        invoice_date=invoice_date,
        sku=sku,
        quantity=quantity,
    )
    _match(claim)
    return claim


def claims_match_waiting(distributor_id: int) -> int:
    """After a report of this distributor is stored: claims still waiting for their line are matched
    again (inside the report's transaction). Returns how many found a line."""
    found = 0
    waiting = MissingIdClaim.objects.select_for_update().filter(
        distributor_id=distributor_id, status=ClaimStatus.WAITING
    )
    for claim in waiting.order_by("pk"):
        _match(claim)
        found += claim.status != ClaimStatus.WAITING
    return found


def claims_release_lines(report_id: int) -> None:
    """A correction deletes the lines of the report it replaces: their claims wait again and are
    matched against the correction's lines when it is stored. An attribution made by a confirmed
    claim goes with its line (the correction's line is the distributor's word now), so the claim
    goes to the distributor again."""
    line_ids = SalesLine.objects.filter(report_id=report_id).values("pk")
    MissingIdClaim.objects.filter(line_id__in=line_ids).exclude(
        status__in=[ClaimStatus.REJECTED, ClaimStatus.REVERSED]
    ).update(status=ClaimStatus.WAITING, line=None)


def _attribute(claim: MissingIdClaim, line: SalesLine, *, actor, action: str, to_partner_id, note: str = "") -> None:
    """Set the line's partner, with its audit row and the signal, in the caller's transaction."""
    LineAttribution.objects.create(
        claim=claim,
        line_id=line.pk,
        from_partner_id=line.partner_id,
        to_partner_id=to_partner_id,
        action=action,
        actor=actor,
        note=note,
    )
    SalesLine.objects.filter(pk=line.pk).update(partner_id=to_partner_id)
    sales_lines_changed.send(sender=SalesLine)


def _locked(claim_id: int) -> tuple[MissingIdClaim, SalesLine | None]:
    """The claim and its line, both locked: the line first, so that two claims of one line take turns
    on it (PostgreSQL row locks; a second confirmation reads the line as the first left it)."""
    claim = MissingIdClaim.objects.get(pk=claim_id)
    line = SalesLine.objects.select_for_update().filter(pk=claim.line_id).first() if claim.line_id else None
    claim = MissingIdClaim.objects.select_for_update().get(pk=claim_id)
    if claim.line_id != (line.pk if line else None):
        raise PortalError(_("The claim changed meanwhile: open it again."), code="changed")
    return claim, line


def _decide(claim: MissingIdClaim, actor, status: str, note: str = "") -> None:
    claim.status, claim.decided_by, claim.decided_at, claim.decision_note = status, actor, timezone.now(), note
    claim.save()


def _distributors_claim(actor, claim_id: int) -> tuple[MissingIdClaim, SalesLine | None]:
    claim, line = _locked(claim_id)
    if not actor.distributor_id or claim.distributor_id != actor.distributor_id:
        raise PortalError(_("This claim is not against your company's reports."), code="not_yours")
    if claim.status != ClaimStatus.SUBMITTED or line is None:
        raise PortalError(_("This claim is not awaiting your answer."), code="not_submitted")
    return claim, line


@transaction.atomic
def claim_confirm(*, actor, claim_id: int) -> MissingIdClaim:
    """The distributor confirms: the line becomes the partner's. If another partner got the line
    meanwhile (another claim confirmed first, or its Dell ID became known), the claim goes to the
    vendor's staff instead and the line stays as it is."""
    claim, line = _distributors_claim(actor, claim_id)
    if line.quantity < claim.quantity:
        raise PortalError(_("The claim is for more units than the line has."), code="quantity")
    if line.partner_id == claim.partner_id:
        _decide(claim, actor, ClaimStatus.CONFIRMED)
    elif line.partner_id is not None:
        claim.status = ClaimStatus.STAFF_REVIEW
        claim.save(update_fields=["status"])
        return claim
    else:
        _attribute(claim, line, actor=actor, action=LineAttribution.Action.CONFIRMED, to_partner_id=claim.partner_id)
        _decide(claim, actor, ClaimStatus.CONFIRMED)
    _notify(claim, "confirmed")
    return claim


@transaction.atomic
def claim_reject(*, actor, claim_id: int, reason: str) -> MissingIdClaim:
    if not reason.strip():
        raise PortalError(_("Say why the claim is rejected: the partner reads it."), field="reason")
    claim, _line = _distributors_claim(actor, claim_id)
    _decide(claim, actor, ClaimStatus.REJECTED, reason.strip())
    _notify(claim, "rejected")
    return claim


def _staffs_claim(actor, claim_id: int, status: str) -> tuple[MissingIdClaim, SalesLine | None]:
    from distributors.selectors import claims_visible_to

    if not actor.has_perm(DECIDE_PERMISSION):
        raise PortalError(_("You may not decide missing-ID claims."), code="not_permitted")
    claim, line = _locked(claim_id)
    if not claims_visible_to(actor).filter(pk=claim.pk).exists():
        raise PortalError(_("This claim is outside your districts."), code="not_yours")
    if claim.status != status or line is None:
        raise PortalError(_("This claim is not %(status)s.") % {"status": ClaimStatus(status).label})
    return claim, line


@transaction.atomic
def claim_review_approve(*, actor, claim_id: int, note: str = "") -> MissingIdClaim:
    """Vendor staff give a line another partner has to the claiming partner (the audit row keeps
    whose it was)."""
    claim, line = _staffs_claim(actor, claim_id, ClaimStatus.STAFF_REVIEW)
    if line.quantity < claim.quantity:
        raise PortalError(_("The claim is for more units than the line has."), code="quantity")
    if MissingIdClaim.objects.filter(line_id=line.pk, status=ClaimStatus.CONFIRMED).exclude(pk=claim.pk).exists():
        # The line's present attribution came from another claim: reverse that one first (visibly).
        raise PortalError(_("Another confirmed claim holds this line: reverse it first."), code="held")
    _attribute(
        claim, line, actor=actor, action=LineAttribution.Action.APPROVED, to_partner_id=claim.partner_id, note=note
    )
    _decide(claim, actor, ClaimStatus.CONFIRMED, note.strip())
    _notify(claim, "confirmed")
    return claim


@transaction.atomic
def claim_review_reject(*, actor, claim_id: int, reason: str) -> MissingIdClaim:
    if not reason.strip():
        raise PortalError(_("Say why the claim is rejected: the partner reads it."), field="reason")
    claim, _line = _staffs_claim(actor, claim_id, ClaimStatus.STAFF_REVIEW)
    _decide(claim, actor, ClaimStatus.REJECTED, reason.strip())
    _notify(claim, "rejected")
    return claim


@transaction.atomic
def claim_reverse(*, actor, claim_id: int, reason: str) -> MissingIdClaim:
    """Vendor staff undo a confirmed claim: the line goes back to the partner it had before (none,
    usually), with an audit row; the next payout run takes the money back as an adjustment."""
    if not reason.strip():
        raise PortalError(_("Say why the attribution is reversed: the partner reads it."), field="reason")
    claim, line = _staffs_claim(actor, claim_id, ClaimStatus.CONFIRMED)
    last = claim.attributions.order_by("-at", "-pk").first()
    if line.partner_id == claim.partner_id and last is not None:
        _attribute(
            claim,
            line,
            actor=actor,
            action=LineAttribution.Action.REVERSED,
            to_partner_id=last.from_partner_id,
            note=reason.strip(),
        )
    _decide(claim, actor, ClaimStatus.REVERSED, reason.strip())
    _notify(claim, "reversed")
    return claim
