"""A missing-ID claim → confirmed → the next payout run pays it (docs/claims.md): as an adjustment
when the quarter's run was approved, in the run when it was not; reversing it takes the money back."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from conftest import make_user
from distributors import claims
from distributors.models import SalesLine
from distributors.services import report_process, report_receive
from rebates.approvals import amounts_due, payout_run_approve
from rebates.models import PayoutRun
from rebates.payouts import payout_run_compute, payout_run_start
from tests.distributors.conftest import csv_bytes, upload

pytestmark = pytest.mark.django_db
V1_RATE_PLAN_150 = Decimal("231")


@pytest.fixture
def claimable(quarter_with_sales):
    """Partner A has 140 counted units of its plan 150 in Q1 2016 (nothing due); Alpha also reported
    20 Vostro units that were A's under a Dell ID nobody has."""
    quarter, alpha, _beta = quarter_with_sales
    rows = [("A20", "2016-03-10", "5550555", "V-1", 20, "", "")]
    assert (
        report_process(report_receive(distributor=alpha, upload=upload("late.csv", csv_bytes(rows))).pk).status
        == "done"
    )
    return quarter, alpha


def run(quarter, actor) -> PayoutRun:
    return payout_run_compute(payout_run_start(quarter=quarter, actor=actor).pk)


def partner_total(run_, partner, column="amount"):
    return run_.lines.filter(partner=partner).aggregate(total=Sum(column))["total"] or Decimal("0")


def claim_and_confirm(partner_user, alpha, *, invoice="A20", quantity=20):
    from datetime import date

    distributor_user = make_user("ops@alpha-q1.example", distributor=alpha)
    made = claims.claim_submit(
        actor=partner_user, distributor=alpha, invoice_number=invoice, invoice_date=date(2016, 3, 10), sku="v-1",
        quantity=quantity,
    )  # fmt: skip
    return claims.claim_confirm(actor=distributor_user, claim_id=made.pk)


def test_a_confirmed_claim_in_an_approved_quarter_is_paid_by_the_next_run_as_an_adjustment(
    claimable, partner_admin, finance, superuser
):
    quarter, alpha = claimable
    partner = partner_admin.partner
    first = run(quarter, superuser)
    assert partner_total(first, partner) == 0  # 140 < 150
    payout_run_approve(run_id=first.pk, actor=finance)

    claim_and_confirm(partner_admin, alpha)
    second = run(quarter, superuser)
    assert second.adjusts == first
    # 160 ≥ 150: every counted unit pays plan 150's rate (Alpha 100 + 30 + 20 claimed, Beta 15 − 5).
    assert partner_total(second, partner) == 160 * V1_RATE_PLAN_150
    assert partner_total(second, partner, "adjustment") == 160 * V1_RATE_PLAN_150
    claimed = second.lines.get(partner_ref="5550555")
    assert (claimed.partner, claimed.units, claimed.amount, claimed.adjustment) == (
        partner, 20, 20 * V1_RATE_PLAN_150, 20 * V1_RATE_PLAN_150,
    )  # fmt: skip
    assert amounts_due(second)[alpha.pk] == 150 * V1_RATE_PLAN_150  # the money through Alpha


def test_in_a_quarter_not_yet_approved_the_claim_is_simply_in_the_run(claimable, partner_admin, superuser):
    quarter, alpha = claimable
    claim_and_confirm(partner_admin, alpha)
    first = run(quarter, superuser)
    assert first.adjusts is None and partner_total(first, partner_admin.partner) == 160 * V1_RATE_PLAN_150


def test_a_reversed_claim_is_taken_back_by_the_next_run(claimable, partner_admin, finance, superuser, program_admin):
    quarter, alpha = claimable
    made = claim_and_confirm(partner_admin, alpha)
    approved = run(quarter, superuser)
    payout_run_approve(run_id=approved.pk, actor=finance)
    claims.claim_reverse(actor=program_admin, claim_id=made.pk, reason="Продажа другому партнеру")
    assert SalesLine.objects.get(invoice_number="A20").partner is None
    correcting = run(quarter, superuser)
    assert partner_total(correcting, partner_admin.partner) == 0
    # Everything approved for A comes back: the claimed line's own line has no partner any more.
    assert correcting.lines.aggregate(total=Sum("adjustment"))["total"] == -160 * V1_RATE_PLAN_150
    assert correcting.lines.get(partner_ref="5550555").reason == "unmatched_partner"
