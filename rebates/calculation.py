"""Rebate arithmetic over plain data (no ORM, no settings, no clock). Rounding policy: amounts are
RUB with 2 places, rounded half up once per line (see docs/rebate-rules.md)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

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
    GATE_NOT_MET = "gate_not_met"
    DISTRIBUTOR_NOT_AUTHORIZED = "distributor_not_authorized"
    UNMATCHED_PARTNER = "unmatched_partner"


@dataclass(frozen=True)
class ProgramTerms:
    program_id: int
    table: RateTable
    gated_groups: frozenset[str] = frozenset()  # groups with a training gate of their own
    program_gated: bool = False  # the whole program has gates (enterprise)


@dataclass(frozen=True)
class UnitsRow:
    """Net units of one partner (or unmatched Dell ID) bought from one distributor in one group."""

    partner_ref: str
    partner_id: int | None
    distributor_id: int
    program_id: int
    group: str
    units: int
    authorized: bool


@dataclass(frozen=True)
class PayoutLineResult:
    partner_ref: str
    partner_id: int | None
    distributor_id: int
    program_id: int
    group: str
    units: int
    tier_units: int | None
    rate: Decimal
    amount: Decimal
    reason: str


def compute_payouts(
    *,
    programs: dict[int, ProgramTerms],
    units: list[UnitsRow],
    enrollments: dict[tuple[int, int], int],  # (partner_id, program_id) → agreed plan units (accepted only)
    gates_met: set[tuple],  # {(partner_id, program_id, group)} and {(partner_id, program_id, None)} that are met
) -> list[PayoutLineResult]:
    """One line per partner × distributor × program × group, in a stable order; pure and
    deterministic: the same inputs (in any order) give the same lines."""

    def counts(row: UnitsRow) -> str | None:
        """None if the row counts toward the plan and pays; otherwise the reason it does not."""
        if row.partner_id is None:
            return Reason.UNMATCHED_PARTNER
        terms = programs[row.program_id]
        if (row.partner_id, row.program_id) not in enrollments:
            return Reason.NOT_ACCEPTED
        if not row.authorized:
            return Reason.DISTRIBUTOR_NOT_AUTHORIZED
        if terms.program_gated and (row.partner_id, row.program_id, None) not in gates_met:
            return Reason.GATE_NOT_MET
        if row.group in terms.gated_groups and (row.partner_id, row.program_id, row.group) not in gates_met:
            return Reason.GATE_NOT_MET
        return None

    merged: dict[tuple, int] = {}
    for row in units:
        key = (row.partner_ref, row.partner_id, row.distributor_id, row.program_id, row.group, row.authorized)
        merged[key] = merged.get(key, 0) + row.units

    # First pass: each row's reason for not counting (None: it counts), and the counted totals.
    reasons = {}
    totals: dict[tuple[int, int], int] = {}
    for key, n in merged.items():
        row = UnitsRow(key[0], key[1], key[2], key[3], key[4], n, key[5])
        reason = reasons[key] = counts(row)
        if reason is None:
            total_key = (row.partner_id, row.program_id)
            totals[total_key] = totals.get(total_key, 0) + n

    # Second pass: tier, rate and amount; authorized and unauthorized parts of one key that end with
    # the same reason make one line.
    zero = money(0)
    tiers: dict[tuple[int, int], int | None] = {}
    merged_lines: dict[tuple, list] = {}
    for key, n in merged.items():
        partner_ref, partner_id, distributor_id, program_id, group, _authorized = key
        reason = reasons[key]
        tier, rate, amount = None, ZERO_RATE_VALUE, zero
        if reason is None:
            total_key = (partner_id, program_id)
            if total_key not in tiers:
                table = programs[program_id].table
                tiers[total_key] = tier_applied(table, plan_units=enrollments[total_key], total_units=totals[total_key])
            tier = tiers[total_key]
            if tier is None:
                reason = Reason.PLAN_NOT_REACHED
            else:
                rate = programs[program_id].table.rate(group, tier)
                amount = money(rate * n) if rate else zero
                reason = Reason.PAID if rate else Reason.ZERO_RATE
        line_key = (partner_ref, distributor_id, program_id, group, reason)
        line = merged_lines.get(line_key)
        if line is None:
            merged_lines[line_key] = [
                partner_ref,
                partner_id,
                distributor_id,
                program_id,
                group,
                n,
                tier,
                rate,
                amount,
                reason,
            ]
        else:
            line[5] += n
            line[8] += amount
    return [
        PayoutLineResult(*merged_lines[k]) for k in sorted(merged_lines, key=lambda k: (k[2], k[0], k[1], k[3], k[4]))
    ]
