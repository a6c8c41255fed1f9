"""docs/reliability.md §24 with Hypothesis: computing twice gives the same result; permuting or splitting the
units, splitting a report in two, or adding an exact duplicate line changes nothing; each payout
equals rate × net units under the tier policy, to the kopeck."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rebates.calculation import Reason, UnitsRow, compute_payouts, tier_applied
from tests.rebates.test_payout_calculation import ALPHA, BETA, CLIENT, ENTERPRISE, MONITORS, programs

GROUPS = {
    CLIENT: ["vostro-3xxx", "precision", "mainstream"],
    MONITORS: ["diag-17-20", "diag-24-25"],
    ENTERPRISE: ["pe-2xx-3xx", "pe-6xx-9xx-powervault"],
}
COUNTED = {Reason.PAID, Reason.ZERO_RATE, Reason.PLAN_NOT_REACHED}


@st.composite
def units_rows(draw):
    program = draw(st.sampled_from(sorted(GROUPS)))
    partner = draw(st.one_of(st.none(), st.integers(1, 4)))  # None: a Dell ID no partner has
    return UnitsRow(
        str(partner) if partner else "9999999",
        partner,
        draw(st.sampled_from([ALPHA, BETA])),
        program,
        draw(st.sampled_from(GROUPS[program])),
        draw(st.integers(-5, 80)),
        draw(st.booleans()),
    )


@st.composite
def quarters(draw):
    partners = range(1, 5)
    return {
        "programs": programs(draw(st.sampled_from(["agreed", "achieved"]))),
        "units": draw(st.lists(units_rows(), max_size=40)),
        "enrollments": draw(  # (partner, program) → agreed plan, whether or not the program has that tier
            st.dictionaries(
                st.tuples(st.sampled_from(partners), st.sampled_from(sorted(GROUPS))),
                st.sampled_from([5, 50, 100, 150, 300]),
            )
        ),
        "gates_met": draw(
            st.sets(
                st.tuples(
                    st.sampled_from(partners), st.sampled_from(sorted(GROUPS)), st.sampled_from([None, "precision"])
                )
            )
        ),
    }


def compute(quarter, units=None):
    return compute_payouts(
        programs=quarter["programs"],
        units=quarter["units"] if units is None else units,
        enrollments=quarter["enrollments"],
        gates_met=quarter["gates_met"],
    )


@settings(deadline=None)  # examples: the profile (conftest.py)
@given(quarter=quarters(), data=st.data())
def test_order_splitting_and_recomputing_change_nothing(quarter, data):
    lines = compute(quarter)
    assert compute(quarter) == lines
    assert compute(quarter, data.draw(st.permutations(quarter["units"]))) == lines
    split = []
    for row in quarter["units"]:  # the same units reported in two parts
        part = data.draw(st.integers(-10, 10))
        split += [row._replace(units=part), row._replace(units=row.units - part)]
    assert compute(quarter, data.draw(st.permutations(split))) == lines


@settings(deadline=None)  # examples: the profile (conftest.py)
@given(quarter=quarters())
def test_each_payout_is_rate_times_net_units_under_the_tier_policy(quarter):
    lines = compute(quarter)
    assert sum(line.units for line in lines) == sum(row.units for row in quarter["units"])
    counted: dict[tuple, int] = {}
    for line in lines:
        if line.reason in COUNTED:
            counted[line.partner_id, line.program_id] = counted.get((line.partner_id, line.program_id), 0) + line.units
    for line in lines:
        if line.reason not in COUNTED:
            assert (line.amount, line.tier_units) == (0, None)
            continue
        table = quarter["programs"][line.program_id].table
        plan = quarter["enrollments"][line.partner_id, line.program_id]
        tier = tier_applied(table, plan_units=plan, total_units=counted[line.partner_id, line.program_id])
        assert line.tier_units == tier
        if tier is None:
            assert line.reason == Reason.PLAN_NOT_REACHED and line.amount == 0
        else:
            assert line.rate == table.rate(line.group, tier)
            assert line.amount == (line.rate * line.units).quantize(Decimal("0.01"))
            assert line.reason == (Reason.PAID if line.rate else Reason.ZERO_RATE)


# --- The same on the database: real report files, real runs ------------------------------------
def _run_lines(quarter):
    from rebates.payouts import payout_run_compute, payout_run_start

    run = payout_run_compute(payout_run_start(quarter=quarter).pk)
    lines = sorted(run.lines.values_list("partner_ref", "distributor_id", "group_code", "reason", "units", "amount"))
    return lines, run.total_amount


def _import(distributor, name, rows):
    from distributors.services import report_process, report_receive
    from tests.distributors.conftest import csv_bytes, upload

    report = report_receive(distributor=distributor, upload=upload(name, csv_bytes([(*r, "", "") for r in rows])))
    assert report_process(report.pk).status == "done"


@pytest.mark.django_db
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_splitting_a_report_or_repeating_a_line_changes_no_payout(quarter_with_sales, partner_admin, data):
    quarter, alpha, _beta = quarter_with_sales
    dell_ids = [partner_admin.partner.dell_id, "7777777"]
    rows = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from(dell_ids),
                st.sampled_from(["V-1", "P-1", "U-1"]),
                st.integers(0, 89),  # day of the quarter
                st.integers(-3, 60),
            ),
            min_size=1,
            max_size=15,
        )
    )
    sales = [
        (f"H-{n}", (date(2016, 1, 30) + timedelta(days=day)).isoformat(), dell_id, sku, quantity or 1)
        for n, (dell_id, sku, day, quantity) in enumerate(rows)
    ]
    cut = data.draw(st.integers(0, len(sales)))
    repeated = data.draw(st.sampled_from(sales))
    outcomes = []
    for files in (
        [sales],  # one report
        [sales[:cut], sales[cut:]],  # the same lines in two reports
        [sales + [repeated]],  # one report with an exact duplicate line (listed as rejected)
    ):
        with transaction.atomic():
            for number, part in enumerate(files):
                if part:
                    _import(alpha, f"h{number}.csv", part)
            outcomes.append(_run_lines(quarter))
            transaction.set_rollback(True)
    assert outcomes[1] == outcomes[0]
    assert outcomes[2] == outcomes[0]
