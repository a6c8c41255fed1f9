"""Rebate arithmetic over plain data (no ORM, no settings, no clock). Rounding policy: amounts are
RUB with 2 places, rounded half up once per line (see docs/rebate-rules.md)."""

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter
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


class SplitPartnerUnits(ValueError):
    """A partner's counted units of one program come under more than one Dell ID, so the one-pass
    form cannot know the partner's total when it reaches the first of them (give it `totals`)."""


def _runs(programs, units, enrollments, gates_met, requested):
    """First pass, over the rows of one program × Dell ID at a time (consecutive rows): why each
    row does not count (_COUNTS: it does), merged per line key {(distributor, group, reason):
    [partner_id, units]} (the first row's partner id is kept), and the counted units per partner.
    Authorized and unauthorized parts of one key that end with the same reason make one line."""
    current_program = current_ref = _UNKNOWN
    parts: dict[tuple, list] = {}
    counted: dict[int, int] = {}
    terms = None
    for ref, partner_id, distributor_id, program_id, group, n, authorized in units:
        if ref != current_ref or program_id != current_program:
            if parts:
                yield current_program, current_ref, parts, counted
            current_program, current_ref, parts, counted = program_id, ref, {}, {}
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
            counted[partner_id] = counted.get(partner_id, 0) + n
        key = (distributor_id, group, reason)
        part = parts.get(key)
        if part is None:
            parts[key] = [partner_id, n]
        else:
            part[1] += n
    if parts:
        yield current_program, current_ref, parts, counted


def counted_totals(*, programs, units, enrollments, gates_met, requested=frozenset()) -> dict[tuple[int, int], int]:
    """Units that count toward the plan per (partner_id, program_id), over units in any order."""
    totals: dict[tuple[int, int], int] = {}
    for program_id, _ref, _parts, counted in _runs(programs, units, enrollments, gates_met, requested):
        for partner_id, n in counted.items():
            totals[partner_id, program_id] = totals.get((partner_id, program_id), 0) + n
    return totals


class PayoutStream:
    """The streaming form of compute_payouts: `lines(units)` yields the same lines in the same order
    while holding only one program × Dell ID's rows at a time, and may be called again with the
    rows that follow (a run feeds it a batch at a time; a program × Dell ID must not straddle two
    batches). The units must come sorted by program, then Dell ID (Python's order of str; the order
    of rows within one program × Dell ID does not matter, except that a merged line keeps the first
    row's partner id), as payout_inputs returns them; unsorted units raise ValueError.

    Without `totals`, a partner's plan is checked against the counted units of its Dell ID, which
    are all of them when a partner's units come under one Dell ID (Dell IDs are assigned once and
    matched exactly); SplitPartnerUnits is raised otherwise, before a wrong line is yielded."""

    def __init__(
        self,
        *,
        programs: dict[int, ProgramTerms],
        enrollments: dict[tuple[int, int], int],
        gates_met,  # a container: (partner_id, program_id, group) and (partner_id, program_id, None) when met
        requested: frozenset[tuple[int, int]] = frozenset(),
        totals: dict[tuple[int, int], int] | None = None,  # counted_totals(...) of all the units, if known
    ):
        self.programs, self.enrollments, self.gates_met, self.requested = programs, enrollments, gates_met, requested
        self.totals = totals
        self.previous = None  # the last program × Dell ID seen
        self.seen_program, self.seen_partners = _UNKNOWN, set()

    def lines(self, units) -> Iterator[PayoutLineResult]:
        programs, enrollments, totals = self.programs, self.enrollments, self.totals
        zero_money = money(0)
        new_line = tuple.__new__  # PayoutLineResult without its Python-level __new__: one per line
        for program_id, ref, parts, counted in _runs(programs, units, enrollments, self.gates_met, self.requested):
            if self.previous is not None and (program_id, ref) <= self.previous:
                raise ValueError(f"units not sorted by program and Dell ID: {(program_id, ref)} after {self.previous}")
            self.previous = (program_id, ref)
            if totals is None:
                if program_id != self.seen_program:
                    self.seen_program, self.seen_partners = program_id, set()
                if not self.seen_partners.isdisjoint(counted):
                    raise SplitPartnerUnits(
                        f"partner {sorted(self.seen_partners & counted.keys())[0]} has counted units of program "
                        f"{program_id} under more than one Dell ID"
                    )
                self.seen_partners.update(counted)
            table = programs[program_id].table
            tiers: dict[int, int | None] = {}  # tier once per partner × program
            for key in sorted(parts):
                distributor_id, group, reason = key
                partner_id, n = parts[key]
                tier, rate, amount = None, ZERO_RATE_VALUE, zero_money
                if reason is _COUNTS:
                    tier = tiers.get(partner_id, _UNKNOWN)
                    if tier is _UNKNOWN:
                        total = counted[partner_id] if totals is None else totals[partner_id, program_id]
                        tier = tiers[partner_id] = tier_applied(
                            table, plan_units=enrollments[partner_id, program_id], total_units=total
                        )
                    if tier is None:
                        reason = Reason.PLAN_NOT_REACHED
                    else:
                        rate = table.rates.get((group, tier), ZERO_RATE_VALUE)
                        if rate:
                            amount, reason = (rate * n).quantize(KOPECK, rounding=ROUND_HALF_UP), Reason.PAID
                        else:
                            reason = Reason.ZERO_RATE
                yield new_line(
                    PayoutLineResult,
                    (partner_id, ref, distributor_id, program_id, group, n, tier, rate, amount, reason),
                )


def payout_lines(*, units, **inputs) -> Iterator[PayoutLineResult]:
    """PayoutStream over one iterable of sorted units (same keywords)."""
    return PayoutStream(**inputs).lines(units)


def compute_payouts(
    *,
    programs: dict[int, ProgramTerms],
    units,  # iterable of UnitsRow-shaped tuples
    enrollments: dict[tuple[int, int], int],  # (partner_id, program_id) → agreed plan units (accepted only)
    gates_met,  # {(partner_id, program_id, group)} and {(partner_id, program_id, None)} that are met
    requested: frozenset[tuple[int, int]] = frozenset(),  # (partner_id, program_id) ACCEPT requested, unconfirmed
) -> list[PayoutLineResult]:
    """One line per partner × distributor × program × group and reason, pure and deterministic: the
    same inputs in any order give the same lines, sorted by program, Dell ID, distributor, group
    (the counted part first). The list form of PayoutStream, for units in any order: sorts them
    (stably, so a merged line keeps the first row's partner id) and counts the totals first, so a
    partner whose units come under several Dell IDs is handled too."""
    units = sorted(units, key=itemgetter(3, 0))  # program, Dell ID
    totals = counted_totals(
        programs=programs, units=units, enrollments=enrollments, gates_met=gates_met, requested=requested
    )
    stream = PayoutStream(
        programs=programs, enrollments=enrollments, gates_met=gates_met, requested=requested, totals=totals
    )
    return list(stream.lines(units))
