"""A partner's progress in the current quarter: the payout rules applied to its sales so far, as
if the quarter closed today. A fixed number of queries however many sales lines there are."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Min

from catalog.models import FiscalQuarter
from rebates import payout_inputs
from rebates.calculation import Reason, UnitsRow, compute_payouts, money
from rebates.inputs_cache import cached
from rebates.models import Enrollment, Tier

COUNTED = {Reason.PAID, Reason.ZERO_RATE, Reason.PLAN_NOT_REACHED}


@dataclass
class ProgramProgress:
    enrollment: Enrollment
    plan: int
    counted: int = 0
    expected: Decimal = field(default_factory=lambda: money(0))
    not_authorized: int = 0
    gated: int = 0
    units_by_group: dict[str, int] = field(default_factory=dict)

    @property
    def missing(self) -> int:
        return max(self.plan - self.counted, 0)

    @property
    def percent(self) -> int:
        return min(100, round(100 * max(self.counted, 0) / self.plan)) if self.plan else 0


def _terms(quarter: FiscalQuarter, *, programs=None):
    return cached(f"terms:{quarter.pk}", lambda: payout_inputs.program_terms(quarter, programs=programs), shared=True)


def _partner_inputs(partner, quarter: FiscalQuarter) -> tuple[list[tuple], set[tuple]]:
    """The partner's units rows and met gates in the quarter, from the cache when they are there."""

    def quarter_inputs():
        return payout_inputs.quarter_rules(quarter.pk), payout_inputs.authorized_periods(quarter)

    def compute():
        rules, periods = cached(f"rules-periods:{quarter.pk}", quarter_inputs, shared=True)
        units = payout_inputs.partner_units_rows(quarter, partner.pk, rules=rules, periods=periods)
        return units, payout_inputs.gates_met(quarter, [partner.pk])

    return cached(f"partner:{partner.pk}:{quarter.pk}", compute)


def partner_progress(partner, quarter: FiscalQuarter, enrollments: list[Enrollment]) -> list[ProgramProgress]:
    """`enrollments`: the partner's in the quarter, with program and tier (selectors.enrollments_in)."""
    if not enrollments:
        return []
    terms = _terms(quarter)
    units, gates = _partner_inputs(partner, quarter)
    # Requested (not yet confirmed) enrollments are shown as if confirmed, so the partner sees the way to the plan.
    plans = {(partner.pk, e.program_id): e.tier.units for e in enrollments}
    lines = compute_payouts(programs=terms, units=units, enrollments=plans, gates_met=gates)
    progress = {e.program_id: ProgramProgress(enrollment=e, plan=e.tier.units) for e in enrollments}
    for line in lines:
        item = progress.get(line.program_id)
        if item is None:
            continue
        if line.reason in COUNTED:
            item.counted += line.units
            item.expected += line.amount
            item.units_by_group[line.group] = item.units_by_group.get(line.group, 0) + line.units
        elif line.reason == Reason.DISTRIBUTOR_NOT_AUTHORIZED:
            item.not_authorized += line.units
        elif line.reason == Reason.GATE_NOT_MET:
            item.gated += line.units
    return [progress[e.program_id] for e in enrollments]


def counted_units_by_program(partner, quarter: FiscalQuarter, *, programs=None) -> dict[int, dict[str, int]]:
    """{program: {group: units}} that count toward each of the quarter's plans so far (authorized
    distributors, gates met), computed once for all of the quarter's programs: the programs page
    shows every program's progress at a fixed number of queries. `programs`: the quarter's programs
    as the page loaded them (rebates.selectors.programs_of), so that they are not read twice."""
    terms = _terms(quarter, programs=programs)
    rows, gates = _partner_inputs(partner, quarter)
    units = [UnitsRow(*u) for u in rows]
    if programs is not None:
        plans = {(partner.pk, p.pk): min((t.units for t in p.tiers.all()), default=1) for p in programs}
    else:
        smallest = Tier.objects.filter(program__quarter=quarter).values("program_id").annotate(units=Min("units"))
        plans = {(partner.pk, row["program_id"]): row["units"] for row in smallest}
    counted: dict[int, dict[str, int]] = {}
    for line in compute_payouts(programs=terms, units=units, enrollments=plans, gates_met=gates):
        if line.reason in COUNTED:
            groups = counted.setdefault(line.program_id, {})
            groups[line.group] = groups.get(line.group, 0) + line.units
    return counted


def counted_units_by_group(partner, program) -> dict[str, int]:
    """Units that count toward a program's plan so far (authorized distributors, gates met)."""
    return counted_units_by_program(partner, program.quarter).get(program.pk, {})
