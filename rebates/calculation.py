"""Rebate arithmetic over plain data (no ORM, no settings, no clock). Rounding policy: amounts are
RUB with 2 places, rounded half up once per line (see docs/rebate-rules.md)."""

from dataclasses import dataclass, replace
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
    rows = [UnitsRow(k[0], k[1], k[2], k[3], k[4], n, k[5]) for k, n in merged.items()]

    totals: dict[tuple[int, int], int] = {}
    for row in rows:
        if counts(row) is None:
            totals[(row.partner_id, row.program_id)] = totals.get((row.partner_id, row.program_id), 0) + row.units

    merged_lines: dict[tuple, PayoutLineResult] = {}
    for row in rows:
        terms = programs[row.program_id]
        reason = counts(row)
        tier, rate, amount = None, Decimal("0"), money(0)
        if reason is None:
            plan = enrollments[(row.partner_id, row.program_id)]
            tier = tier_applied(terms.table, plan_units=plan, total_units=totals[(row.partner_id, row.program_id)])
            if tier is None:
                reason = Reason.PLAN_NOT_REACHED
            else:
                rate = terms.table.rate(row.group, tier)
                amount = money(rate * row.units)
                reason = Reason.PAID if rate else Reason.ZERO_RATE
        # Authorized and unauthorized parts of one key may end with the same reason: one line each.
        key = (row.partner_ref, row.distributor_id, row.program_id, row.group, reason)
        line = merged_lines.get(key)
        if line is None:
            merged_lines[key] = PayoutLineResult(row.partner_ref, row.partner_id, row.distributor_id, row.program_id, row.group,
                                                 row.units, tier, rate, amount, reason)  # fmt: skip
        else:
            merged_lines[key] = replace(line, units=line.units + row.units, amount=line.amount + amount)
    return [merged_lines[key] for key in sorted(merged_lines, key=lambda k: (k[2], k[0], k[1], k[3], k[4]))]
