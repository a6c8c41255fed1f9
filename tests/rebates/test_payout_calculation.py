"""The payout rules on the brochure's tables, with worked examples computed by hand (pure, no DB)."""

import random
from decimal import Decimal

import pytest

from rebates.calculation import ProgramTerms, RateTable, Reason, UnitsRow, compute_payouts

D = Decimal
CLIENT, MONITORS, ENTERPRISE = 1, 2, 3
ALPHA, BETA = 10, 20  # distributors
CLIENT_RATES = {
    ("vostro-3xxx", 50): D(154), ("vostro-3xxx", 150): D(231),
    ("precision", 50): D(1925), ("precision", 150): D(1925),
    ("mainstream", 50): D(539), ("mainstream", 150): D(539),
}  # fmt: skip
MONITOR_RATES = {
    ("diag-17-20", 100): D(0),
    ("diag-17-20", 300): D(77),
    ("diag-24-25", 100): D(231),
    ("diag-24-25", 300): D(385),
}
ENTERPRISE_RATES = {("pe-2xx-3xx", 5): D(1540), ("pe-6xx-9xx-powervault", 5): D(4620)}


def programs(policy="agreed"):
    return {
        CLIENT: ProgramTerms(CLIENT, RateTable((50, 150), CLIENT_RATES, policy), gated_groups=frozenset({"precision"})),
        MONITORS: ProgramTerms(MONITORS, RateTable((100, 300), MONITOR_RATES, policy)),
        ENTERPRISE: ProgramTerms(ENTERPRISE, RateTable((5,), ENTERPRISE_RATES, policy), program_gated=True),
    }


def row(partner, distributor, program, group, units, authorized=True, ref=None):
    return UnitsRow(ref or str(partner), partner, distributor, program, group, units, authorized)


def by_key(lines):
    return {
        (x.partner_ref, x.distributor_id, x.program_id, x.group, x.reason): (x.units, x.tier_units, x.amount)
        for x in lines
    }


def test_worked_example_three_partners_all_programs():
    units = [
        # Partner 1: client plan 150, 120 Vostro from Alpha + 45 from Beta (10 of them returned),
        # 40 Precision from Alpha with the Precision gate met → 195 units ≥ 150.
        row(1, ALPHA, CLIENT, "vostro-3xxx", 120),
        row(1, BETA, CLIENT, "vostro-3xxx", 45),
        row(1, BETA, CLIENT, "vostro-3xxx", -10),
        row(1, ALPHA, CLIENT, "precision", 40),
        # Partner 1 monitors plan 100: 80 × 24" + 30 × 19" = 110 ≥ 100; the 17–20" row pays 0 at plan 100.
        row(1, ALPHA, MONITORS, "diag-24-25", 80),
        row(1, ALPHA, MONITORS, "diag-17-20", 30),
        # Partner 2: client plan 50, 60 mainstream but 20 of them from Beta, not authorized → 40 < 50.
        row(2, ALPHA, CLIENT, "mainstream", 40),
        row(2, BETA, CLIENT, "mainstream", 20, authorized=False),
        # Partner 2 precision without the gate: neither counts nor pays.
        row(2, ALPHA, CLIENT, "precision", 15),
        # Partner 3: enterprise plan 5, gates met: 3 × R330 + 2 × R730 = 5.
        row(3, ALPHA, ENTERPRISE, "pe-2xx-3xx", 3),
        row(3, ALPHA, ENTERPRISE, "pe-6xx-9xx-powervault", 2),
        # Partner 3 monitors, not accepted.
        row(3, ALPHA, MONITORS, "diag-24-25", 500),
        # An unknown Dell ID.
        row(None, ALPHA, CLIENT, "vostro-3xxx", 7, ref="9999999"),
    ]
    enrollments = {(1, CLIENT): 150, (1, MONITORS): 100, (2, CLIENT): 50, (3, ENTERPRISE): 5}
    gates = {(1, CLIENT, "precision"), (3, ENTERPRISE, None)}
    lines = by_key(compute_payouts(programs=programs(), units=units, enrollments=enrollments, gates_met=gates))

    assert lines[("1", ALPHA, CLIENT, "vostro-3xxx", Reason.PAID)] == (120, 150, D("27720.00"))  # 120 × 231
    assert lines[("1", BETA, CLIENT, "vostro-3xxx", Reason.PAID)] == (
        35,
        150,
        D("8085.00"),
    )  # (45 − 10) × 231, paid via Beta
    assert lines[("1", ALPHA, CLIENT, "precision", Reason.PAID)] == (40, 150, D("77000.00"))  # 40 × 1 925
    assert lines[("1", ALPHA, MONITORS, "diag-24-25", Reason.PAID)] == (80, 100, D("18480.00"))  # 80 × 231
    assert lines[("1", ALPHA, MONITORS, "diag-17-20", Reason.ZERO_RATE)] == (30, 100, D("0.00"))
    assert lines[("2", ALPHA, CLIENT, "mainstream", Reason.PLAN_NOT_REACHED)] == (40, None, D("0.00"))
    assert lines[("2", BETA, CLIENT, "mainstream", Reason.DISTRIBUTOR_NOT_AUTHORIZED)] == (20, None, D("0.00"))
    assert lines[("2", ALPHA, CLIENT, "precision", Reason.GATE_NOT_MET)] == (15, None, D("0.00"))
    assert lines[("3", ALPHA, ENTERPRISE, "pe-2xx-3xx", Reason.PAID)] == (3, 5, D("4620.00"))  # 3 × 1 540
    assert lines[("3", ALPHA, ENTERPRISE, "pe-6xx-9xx-powervault", Reason.PAID)] == (2, 5, D("9240.00"))  # 2 × 4 620
    assert lines[("3", ALPHA, MONITORS, "diag-24-25", Reason.NOT_ACCEPTED)] == (500, None, D("0.00"))
    assert lines[("9999999", ALPHA, CLIENT, "vostro-3xxx", Reason.UNMATCHED_PARTNER)] == (7, None, D("0.00"))
    assert len(lines) == 12


def test_achieved_policy_pays_the_highest_tier_reached():
    units = [row(1, ALPHA, CLIENT, "vostro-3xxx", 140)]  # plan 150 not reached, 50 reached
    agreed = compute_payouts(programs=programs("agreed"), units=units, enrollments={(1, CLIENT): 150}, gates_met=set())
    achieved = compute_payouts(
        programs=programs("achieved"), units=units, enrollments={(1, CLIENT): 150}, gates_met=set()
    )
    assert (agreed[0].amount, agreed[0].reason) == (D("0.00"), Reason.PLAN_NOT_REACHED)
    assert (achieved[0].amount, achieved[0].tier_units) == (D("21560.00"), 50)  # 140 × 154


def test_enterprise_without_its_gates_pays_nothing():
    lines = compute_payouts(programs=programs(), units=[row(3, ALPHA, ENTERPRISE, "pe-2xx-3xx", 10)],
                            enrollments={(3, ENTERPRISE): 5}, gates_met=set())  # fmt: skip
    assert lines[0].reason == Reason.GATE_NOT_MET and lines[0].amount == 0


@pytest.mark.parametrize("seed", range(5))
def test_order_splitting_and_rerunning_change_nothing(seed):
    rng = random.Random(seed)
    units = [row(rng.randint(1, 4), rng.choice([ALPHA, BETA]), CLIENT, rng.choice(["vostro-3xxx", "mainstream", "precision"]),
                 rng.randint(-3, 40), authorized=rng.random() > 0.1) for _ in range(60)]  # fmt: skip
    enrollments = {(p, CLIENT): rng.choice([50, 150]) for p in range(1, 5)}
    gates = {(p, CLIENT, "precision") for p in (1, 3)}
    first = compute_payouts(programs=programs(), units=units, enrollments=enrollments, gates_met=gates)
    shuffled = units[:]
    rng.shuffle(shuffled)
    split = []
    for r in shuffled:  # the same units reported in two parts
        half = r.units // 2
        split += [UnitsRow(r.partner_ref, r.partner_id, r.distributor_id, r.program_id, r.group, half, r.authorized),
                  UnitsRow(r.partner_ref, r.partner_id, r.distributor_id, r.program_id, r.group, r.units - half, r.authorized)]  # fmt: skip
    assert compute_payouts(programs=programs(), units=split, enrollments=enrollments, gates_met=gates) == first
    assert compute_payouts(programs=programs(), units=units, enrollments=enrollments, gates_met=gates) == first
    for line in first:  # each payout equals rate × net units under the policy, to the kopeck
        assert line.amount == (line.rate * line.units).quantize(D("0.01"))


def test_authorized_and_unauthorized_parts_with_one_reason_make_one_line():
    units = [
        row(5, ALPHA, CLIENT, "vostro-3xxx", 10, authorized=True),
        row(5, ALPHA, CLIENT, "vostro-3xxx", 4, authorized=False),
    ]
    lines = compute_payouts(programs=programs(), units=units, enrollments={}, gates_met=set())  # not accepted
    assert [(line.units, line.reason) for line in lines] == [(14, Reason.NOT_ACCEPTED)]
