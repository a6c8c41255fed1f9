"""The points ledger (docs/advantage.md): every change of a member's points is one `Entry` row and the
balance is their sum. Each change locks the member's row first, reads the sum under that lock and
refuses to go below zero, so two operations of one member take turns and never overdraw.

Lock order everywhere in the app: sales lines (by pk) → campaign → reward → member. Nothing takes
them the other way round, so concurrent claims, orders and returns cannot deadlock."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from advantage.models import Entry, EntryKind, Member
from toolkit.errors import PortalError

# Rows that take points away (and a release that gives a reserved amount back): what spending and
# expiry have consumed so far, oldest points first.
DEBIT_KINDS = (EntryKind.REDEEM, EntryKind.RELEASE, EntryKind.EXPIRE, EntryKind.REVERSE)


def lock_member(member_id: int) -> Member:
    return Member.objects.select_for_update().get(pk=member_id)


def balance_of(member_id: int) -> int:
    return Entry.objects.filter(member_id=member_id).aggregate(total=Sum("points"))["total"] or 0


def expires_on(day: date) -> date:
    """ADVANTAGE_POINTS_EXPIRE_MONTHS calendar months later (the 31st becomes the month's last day)."""
    months = day.month - 1 + settings.ADVANTAGE_POINTS_EXPIRE_MONTHS
    year, month = day.year + months // 12, months % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _add(member: Member, kind: str, points: int, **fields) -> Entry:
    """Append a row to a member already locked by the caller. A debit beyond the balance is refused."""
    if points < 0 and balance_of(member.pk) + points < 0:
        raise PortalError(
            _("Not enough points: the balance is %(balance)s, %(needed)s are needed.")
            % {"balance": balance_of(member.pk), "needed": -points},
            code="insufficient_points",
        )
    return Entry.objects.create(member=member, kind=kind, points=points, **fields)


def earn(member: Member, points: int, *, reason: str, today: date | None = None, **links) -> Entry:
    """Credit points; they expire ADVANTAGE_POINTS_EXPIRE_MONTHS after today. Caller holds the lock."""
    today = today or timezone.localdate()
    return _add(member, EntryKind.EARN, points, reason=reason, expires_on=expires_on(today), **links)


def redeem(member: Member, points: int, *, order) -> Entry:
    return _add(member, EntryKind.REDEEM, -points, order=order, reason=str(order.reward))


def release(member: Member, points: int, *, order, actor=None) -> Entry:
    return _add(member, EntryKind.RELEASE, points, order=order, actor=actor, reason=str(order.reward))


def reverse(member: Member, points: int, *, reason: str, claim=None) -> Entry | None:
    """Take back points earned for goods that were returned. What the member has already spent cannot
    be taken: the reversal takes the balance and its reason records the shortfall."""
    balance = balance_of(member.pk)
    taken = min(points, balance)
    if taken < points:
        reason = _("%(reason)s; %(short)s points could not be taken back (balance too low)") % {
            "reason": reason,
            "short": points - taken,
        }
    if taken <= 0 and points > 0:
        return Entry.objects.create(member=member, kind=EntryKind.REVERSE, points=0, reason=reason, claim=claim)
    return _add(member, EntryKind.REVERSE, -taken, reason=reason, claim=claim)


@transaction.atomic
def adjust(*, actor, member_id: int, points: int, reason: str) -> Entry:
    """Staff's manual correction, with a reason and who made it. A credit expires like an earn."""
    if not reason.strip():
        raise PortalError(_("Give the reason of the adjustment: the member sees it."), field="reason")
    if points == 0:
        raise PortalError(_("An adjustment of zero points changes nothing."), field="points")
    member = lock_member(member_id)
    extra = {"expires_on": expires_on(timezone.localdate())} if points > 0 else {}
    return _add(member, EntryKind.ADJUST, points, reason=reason.strip(), actor=actor, **extra)


def due_to_expire(member_id: int, today: date) -> int:
    """First in, first out without per-row bookkeeping: spending always takes the oldest points, so
    everything debited so far came out of the oldest credits first. Of the credits whose expiry date
    has come, what is left unspent is their sum minus all debits so far (if positive). An expiry row
    is itself a debit, so a second run on the same day finds nothing more."""
    rows = Entry.objects.filter(member_id=member_id)
    credits_due = rows.filter(expires_on__lte=today).aggregate(t=Sum("points"))["t"] or 0
    debits = -(
        rows.filter(Q(kind__in=DEBIT_KINDS) | Q(kind=EntryKind.ADJUST, points__lt=0)).aggregate(t=Sum("points"))["t"]
        or 0
    )
    return max(0, credits_due - debits)


@transaction.atomic
def expire(member_id: int, today: date | None = None) -> Entry | None:
    today = today or timezone.localdate()
    member = lock_member(member_id)
    points = min(due_to_expire(member_id, today), balance_of(member_id))
    if points <= 0:
        return None
    return _add(member, EntryKind.EXPIRE, -points, reason=_("Points earned by %(day)s expired") % {"day": today})


def expire_all(today: date | None = None) -> int:
    """Beat: every member whose credits reached their expiry date. Safe to run any number of times."""
    today = today or timezone.localdate()
    members = Entry.objects.filter(expires_on__lte=today).values_list("member_id", flat=True).distinct()
    return sum(1 for member_id in members if expire(member_id, today))
