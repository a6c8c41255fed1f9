"""Sales claims (docs/advantage.md): a member says "I sold this"; the claim is matched against the
sales lines distributors reported for the member's company — same distributor, invoice number and
SKU (trimmed, any case), dated within the campaign's period.

Units of a reported line are given to claims through `Allocation` rows; the lines are locked
(select_for_update, by pk) before their allocations are read, so however many members of a company
claim at once, a line never gives more units than it reports. Lock order: lines → campaign → member."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Trim, Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from advantage import ledger, selectors
from advantage.models import Allocation, Campaign, Claim, ClaimStatus
from distributors.models import SalesLine
from portal.outbox import enqueue
from toolkit.errors import PortalError


def normalized(text: str) -> str:
    return text.strip().upper()


def _notify(claim: Claim, kind: str) -> None:
    from advantage.tasks import send_claim_email

    enqueue(send_claim_email, claim.pk, kind)


def reported_lines(claim: Claim, *, returns: bool = False):
    """The lines behind a claim (positive quantities), or the returns of them (negative)."""
    campaign = claim.campaign
    lines = (
        SalesLine.objects.annotate(inv=Upper(Trim("invoice_number")), code=Upper(Trim("sku")))
        .filter(
            partner_id=claim.member.partner_id,
            distributor_id=claim.distributor_id,
            inv=normalized(claim.invoice_number),
            code=normalized(claim.sku),
        )
        .order_by("pk")
    )
    if returns:
        return lines.filter(quantity__lt=0)
    return lines.filter(quantity__gt=0, invoice_date__gte=campaign.starts_on, invoice_date__lte=campaign.ends_on)


def _used(line_ids) -> dict[int, int]:
    rows = Allocation.objects.filter(line_id__in=line_ids).values("line_id").annotate(units=Sum("units"))
    return {row["line_id"]: row["units"] for row in rows}


def _capped(claim: Claim, points: int) -> int:
    """Points after the campaign's caps: per member and for the whole campaign (campaign row locked)."""
    campaign = claim.campaign
    if campaign.member_cap is not None:
        points = min(points, max(0, campaign.member_cap - selectors.campaign_points(campaign, member=claim.member)))
    if campaign.campaign_cap is not None:
        points = min(points, max(0, campaign.campaign_cap - selectors.campaign_points(campaign)))
    return points


def _award(claim: Claim, units: int, *, actor=None) -> None:
    """Give the claim `units` more units' points (caps applied). Caller holds the lines' locks."""
    Campaign.objects.select_for_update().get(pk=claim.campaign_id)
    points = _capped(claim, units * claim.points_per_unit)
    member = ledger.lock_member(claim.member_id)
    claim.matched_units += units
    claim.points += points
    claim.status = ClaimStatus.APPROVED
    claim.decided_at, claim.decided_by = timezone.now(), actor
    claim.save()
    if points:
        ledger.earn(
            member,
            points,
            claim=claim,
            actor=actor,
            reason=_("Sale %(invoice)s, %(sku)s × %(units)s")
            % {"invoice": claim.invoice_number, "sku": claim.sku, "units": units},
        )
    _notify(claim, "approved")


def _allocate(claim: Claim, lines: list[SalesLine], wanted: int) -> int:
    used = _used([line.pk for line in lines])
    given = 0
    for line in lines:
        free = line.quantity - used.get(line.pk, 0)
        take = min(free, wanted - given)
        if take > 0:
            Allocation.objects.create(claim=claim, line=line, units=take)
            given += take
        if given == wanted:
            break
    return given


def _free_units(lines: list[SalesLine]) -> int:
    used = _used([line.pk for line in lines])
    return sum(max(0, line.quantity - used.get(line.pk, 0)) for line in lines)


@transaction.atomic
def claim_submit(*, actor, distributor, invoice_number: str, invoice_date, sku: str, quantity: int) -> Claim:
    """A member's claim. Reported with enough free units → approved at once; not reported yet →
    pending (matched again whenever reports arrive). Reported, but fewer units are left unclaimed
    than asked → refused with the number left, and nothing is stored."""
    member = selectors.member_of(actor)
    if member is None:
        raise PortalError(_("Join PartnerAdvantage first."))
    if quantity < 1:
        raise PortalError(_("The quantity is at least 1."), field="quantity")
    invoice_number, sku = invoice_number.strip(), sku.strip()
    found = selectors.campaign_for_sale(member, sku=sku, day=invoice_date)
    if found is None:
        raise PortalError(
            _("No current campaign pays points for %(sku)s sold on %(day)s.")
            % {"sku": sku, "day": invoice_date.strftime("%d.%m.%Y")},
            field="sku",
        )
    campaign, points_per_unit = found
    claim = Claim(
        member=member,
        campaign=campaign,
        distributor=distributor,
        invoice_number=invoice_number,
        invoice_date=invoice_date,
        sku=sku,
        quantity=quantity,
        points_per_unit=points_per_unit,
    )
    lines = list(reported_lines(claim).select_for_update(of=("self",)))
    if lines:
        free = _free_units(lines)
        if free < quantity:
            raise PortalError(
                _("The distributor reported this sale, but only %(free)s unit(s) of it are left unclaimed.")
                % {"free": free},
                field="quantity",
                code="over_claim",
            )
    claim.save()
    if lines:
        _allocate(claim, lines, quantity)
        _award(claim, quantity)
    return claim


def _rematch(claim_id: int) -> bool:
    """One pending (or under review) claim, again: all units free → approved; some → approved for
    those (the note says how many were found); none left → rejected as claimed already."""
    with transaction.atomic():
        claim = Claim.objects.select_related("campaign", "member").get(pk=claim_id)
        lines = list(reported_lines(claim).select_for_update(of=("self",)))
        claim = Claim.objects.select_for_update().select_related("campaign", "member").get(pk=claim_id)
        if claim.status not in (ClaimStatus.PENDING, ClaimStatus.REVIEW) or not lines:
            return False
        given = _allocate(claim, lines, claim.quantity)
        if given == 0:
            claim.status = ClaimStatus.REJECTED
            claim.decided_at = timezone.now()
            claim.note = _("Every unit the distributor reported for this invoice is claimed already.")
            claim.save()
            _notify(claim, "rejected")
            return True
        if given < claim.quantity:
            claim.note = _("The distributor reported %(given)s of the %(claimed)s units claimed.") % {
                "given": given,
                "claimed": claim.quantity,
            }
        _award(claim, given)
        return True


def claims_rematch(*, now=None) -> dict[str, int]:
    """After new reports and on beat: pending claims matched again, the long-pending ones sent to staff
    review, returns and corrections settled. Safe to run any number of times."""
    now = now or timezone.now()
    waiting = Claim.objects.filter(status__in=[ClaimStatus.PENDING, ClaimStatus.REVIEW]).order_by("pk")
    matched = sum(1 for claim_id in waiting.values_list("pk", flat=True) if _rematch(claim_id))
    overdue = now - timedelta(days=settings.ADVANTAGE_CLAIM_REVIEW_DAYS)
    review = Claim.objects.filter(status=ClaimStatus.PENDING, created_at__lt=overdue).update(status=ClaimStatus.REVIEW)
    return {"matched": matched, "to_review": review, "reversed": returns_settle()}


# --- Staff decisions on claims under review --------------------------------------------------------
def _decidable(actor, claim_id: int) -> Claim:
    claim = Claim.objects.select_for_update().select_related("campaign", "member").get(pk=claim_id)
    if not selectors.claims_visible_to(actor).filter(pk=claim.pk).exists():
        raise PortalError(_("This claim is outside your districts."))
    if claim.status not in (ClaimStatus.PENDING, ClaimStatus.REVIEW):
        raise PortalError(_("Claim #%(id)s is already decided.") % {"id": claim.pk})
    return claim


@transaction.atomic
def claim_approve(*, actor, claim_id: int) -> Claim:
    """Staff accept the member's evidence for a sale the distributors have not reported: reported units
    still free are allocated, and points are paid for the whole quantity claimed."""
    claim = Claim.objects.select_related("campaign", "member").get(pk=claim_id)
    lines = list(reported_lines(claim).select_for_update(of=("self",)))
    claim = _decidable(actor, claim_id)
    _allocate(claim, lines, claim.quantity)
    claim.note = _("Approved by the vendor on the member's evidence.")
    _award(claim, claim.quantity, actor=actor)
    return claim


@transaction.atomic
def claim_reject(*, actor, claim_id: int, reason: str) -> Claim:
    if not reason.strip():
        raise PortalError(_("Say why the claim is rejected: the member reads it."), field="reason")
    claim = _decidable(actor, claim_id)
    claim.status = ClaimStatus.REJECTED
    claim.decided_at, claim.decided_by, claim.note = timezone.now(), actor, reason.strip()
    claim.save()
    _notify(claim, "rejected")
    return claim


# --- Returns and corrections ------------------------------------------------------------------------
def _reverse_units(claim: Claim, units: int, reason: str) -> None:
    """Points of `units` returned units go back: as many as the claim paid for them, at most what the
    claim has left unreversed (caps may have paid less than units × points)."""
    points = min(units * claim.points_per_unit, claim.points - claim.points_reversed)
    claim.points_reversed += max(0, points)
    claim.save(update_fields=["points_reversed"])
    if points > 0:
        ledger.reverse(ledger.lock_member(claim.member_id), points, reason=reason, claim=claim)


def _settle_claim(claim_id: int) -> int:
    """Returns reported for the claim's invoice and SKU take back the points of allocated units (each
    returned unit once, across every claim of it, the newest claims first); an allocation whose line a
    correcting report removed moves to the same invoice's new line if it has room, else is reversed."""
    with transaction.atomic():
        claim = Claim.objects.select_related("campaign", "member").get(pk=claim_id)
        lines = list(reported_lines(claim).select_for_update(of=("self",)))
        returns = list(reported_lines(claim, returns=True).select_for_update(of=("self",)))
        reversed_units = 0
        # A correction deleted the line: the units go to the new report's line when it has room.
        for allocation in Allocation.objects.filter(claim=claim, line__isnull=True).select_for_update():
            left = allocation.units - allocation.reversed_units
            moved = _allocate(claim, lines, left) if left else 0
            if moved == left:
                allocation.delete()
                continue
            allocation.units -= moved
            allocation.reversed_units = allocation.units  # what found no room is taken back
            allocation.save(update_fields=["units", "reversed_units"])
            reason = _("Sale %(invoice)s corrected by the distributor") % {"invoice": claim.invoice_number}
            _reverse_units(claim, left - moved, reason)
            reversed_units += left - moved
        if not returns:
            return reversed_units
        returned = -sum(line.quantity for line in returns)
        siblings = Allocation.objects.filter(line__in=lines).select_related("claim").order_by("-claim_id", "-pk")
        already = sum(a.reversed_units for a in siblings)
        to_reverse = returned - already
        for allocation in siblings:
            if to_reverse <= 0:
                break
            if allocation.claim_id != claim.pk:
                continue  # each claim settles its own units; the newest claim goes first
            take = min(to_reverse, allocation.units - allocation.reversed_units)
            if take <= 0:
                continue
            allocation.reversed_units += take
            allocation.save(update_fields=["reversed_units"])
            _reverse_units(claim, take, _("Return of %(invoice)s, %(sku)s × %(units)s") % {
                "invoice": claim.invoice_number, "sku": claim.sku, "units": take})  # fmt: skip
            to_reverse -= take
            reversed_units += take
        return reversed_units


def returns_settle() -> int:
    """Approved claims whose invoice has a return line or lost its line to a correction."""
    candidates = set(
        Allocation.objects.filter(line__isnull=True)
        .exclude(reversed_units=F("units"))
        .values_list("claim_id", flat=True)
    )
    returns = SalesLine.objects.filter(quantity__lt=0, partner__advantage_members__isnull=False).annotate(
        inv=Upper(Trim("invoice_number")), code=Upper(Trim("sku"))
    )
    for inv, code, distributor_id, partner_id in returns.values_list("inv", "code", "distributor_id", "partner_id"):
        claims = Claim.objects.annotate(i=Upper(Trim("invoice_number")), c=Upper(Trim("sku"))).filter(
            i=inv, c=code, distributor_id=distributor_id, member__partner_id=partner_id, status=ClaimStatus.APPROVED
        )
        candidates.update(claims.values_list("pk", flat=True))
    # Newest claims first: a return takes back the latest units given.
    return sum(_settle_claim(claim_id) for claim_id in sorted(candidates, reverse=True))
