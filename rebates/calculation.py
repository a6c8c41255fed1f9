"""Rebate arithmetic over plain data (no ORM, no settings, no clock). Rounding policy: amounts are
RUB with 2 places, rounded half up once per line (see docs/rebate-rules.md)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

KOPECK = Decimal("0.01")


def money(value) -> Decimal:
    return Decimal(value).quantize(KOPECK, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RateTable:
    """A program's tiers (plan thresholds in units) and RUB per unit by (group code, tier units)."""

    tiers: tuple[int, ...]
    rates: dict  # {(group_code, tier_units): Decimal}
    policy: str = "agreed"  # "agreed" | "achieved"

    def rate(self, group: str, tier_units: int) -> Decimal:
        return self.rates.get((group, tier_units), Decimal("0"))


def tier_applied(table: RateTable, *, plan_units: int, total_units: int) -> int | None:
    """The tier whose rates pay: under "agreed", the chosen plan if reached; under "achieved", the
    highest tier reached. None when nothing is reached."""
    if table.policy == "achieved":
        reached = [t for t in table.tiers if total_units >= t]
        return max(reached) if reached else None
    return plan_units if total_units >= plan_units else None


def expected_rebate(table: RateTable, *, plan_units: int, units_by_group: dict[str, int]) -> Decimal:
    """What a plan would pay on the given net units per group (gated groups already left out)."""
    total = sum(units_by_group.values())
    tier = tier_applied(table, plan_units=plan_units, total_units=total)
    if tier is None:
        return money(0)
    return money(sum((table.rate(group, tier) * units for group, units in units_by_group.items()), Decimal("0")))


# --- Quarterly payout computation ------------------------------------------------------------
ZERO_RATE_VALUE = Decimal("0")


class Reason:
    """Why a payout line pays what it pays (stored on the line; the admin shows it)."""

    PAID = "paid"
    ZERO_RATE = "zero_rate"
    PLAN_NOT_REACHED = "plan_not_reached"
    NOT_ACCEPTED = "not_accepted"
    NOT_CONFIRMED = "not_confirmed"  # ACCEPT requested (a program that needs confirmation), not confirmed
    GATE_NOT_MET = "gate_not_met"
    DISTRIBUTOR_NOT_AUTHORIZED = "distributor_not_authorized"
    UNMATCHED_PARTNER = "unmatched_partner"
    WITHDRAWN = "withdrawn"  # approved money whose sales a correction removed (written by the run, not here)


@dataclass(frozen=True)
class ProgramTerms:
    program_id: int
    table: RateTable
    gated_groups: frozenset[str] = frozenset()  # groups with a training gate of their own
    program_gated: bool = False  # the whole program has gates (enterprise)


class UnitsRow(NamedTuple):
    """Net units of one partner (or unmatched Dell ID) bought from one distributor in one group.
    A plain tuple in this field order works as well (the database rows are passed as they come)."""

    partner_ref: str
    partner_id: int | None
    distributor_id: int
    program_id: int
    group: str
    units: int
    authorized: bool


class PayoutLineResult(NamedTuple):
    """A computed payout line; the field order is the storage column order."""

    partner_id: int | None
    partner_ref: str
    distributor_id: int
    program_id: int
    group: str
    units: int
    tier_units: int | None
    rate: Decimal
    amount: Decimal
    reason: str


_COUNTS = ""  # the first pass's mark for units that count toward the plan (sorts before any reason)
_UNKNOWN = object()


def compute_payouts(
    *,
    programs: dict[int, ProgramTerms],
    units,  # iterable of UnitsRow-shaped tuples
    enrollments: dict[tuple[int, int], int],  # (partner_id, program_id) → agreed plan units (accepted only)
    gates_met: set[tuple],  # {(partner_id, program_id, group)} and {(partner_id, program_id, None)} that are met
    requested: frozenset[tuple[int, int]] = frozenset(),  # (partner_id, program_id) ACCEPT requested, unconfirmed
) -> list[PayoutLineResult]:
    """One line per partner × distributor × program × group and reason, pure and deterministic: the
    same inputs in any order give the same lines, sorted by program, Dell ID, distributor, group
    (the counted part first). Written as two flat passes over tuples because a quarter has millions
    of rows; sorting is cheap when the units already come in that order (the database sorts them)."""
    # First pass: why each row does not count (_COUNTS: it does), merged per line key; counted
    # totals per partner × program. Authorized and unauthorized parts of one key that end with the
    # same reason make one line.
    parts: dict[tuple, list] = {}
    totals: dict[tuple[int, int], int] = {}
    for ref, partner_id, distributor_id, program_id, group, n, authorized in units:
        terms = programs[program_id]
        if partner_id is None:
            reason = Reason.UNMATCHED_PARTNER
        elif (partner_id, program_id) not in enrollments:
            reason = Reason.NOT_CONFIRMED if (partner_id, program_id) in requested else Reason.NOT_ACCEPTED
        elif not authorized:
            reason = Reason.DISTRIBUTOR_NOT_AUTHORIZED
        elif (terms.program_gated and (partner_id, program_id, None) not in gates_met) or (
            group in terms.gated_groups and (partner_id, program_id, group) not in gates_met
        ):
            reason = Reason.GATE_NOT_MET
        else:
            reason = _COUNTS
            totals[partner_id, program_id] = totals.get((partner_id, program_id), 0) + n
        key = (program_id, ref, distributor_id, group, reason)
        part = parts.get(key)
        if part is None:
            parts[key] = [partner_id, n]
        else:
            part[1] += n

    # Second pass: tier (once per partner × program), rate and amount of the counted parts.
    zero_money = money(0)
    tiers: dict[tuple[int, int], int | None] = {}
    lines = []
    append = lines.append
    for key in sorted(parts):
        program_id, ref, distributor_id, group, reason = key
        partner_id, n = parts[key]
        tier, rate, amount = None, ZERO_RATE_VALUE, zero_money
        if reason is _COUNTS:
            table = programs[program_id].table
            tier = tiers.get((partner_id, program_id), _UNKNOWN)
            if tier is _UNKNOWN:
                tier = tiers[partner_id, program_id] = tier_applied(
                    table, plan_units=enrollments[partner_id, program_id], total_units=totals[partner_id, program_id]
                )
            if tier is None:
                reason = Reason.PLAN_NOT_REACHED
            else:
                rate = table.rates.get((group, tier), ZERO_RATE_VALUE)
                if rate:
                    amount, reason = (rate * n).quantize(KOPECK, rounding=ROUND_HALF_UP), Reason.PAID
                else:
                    reason = Reason.ZERO_RATE
        append(PayoutLineResult(partner_id, ref, distributor_id, program_id, group, n, tier, rate, amount, reason))
    return lines
