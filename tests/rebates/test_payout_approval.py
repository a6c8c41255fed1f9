"""Approving runs: frozen lines, adjustments after corrections, four eyes, paid per distributor."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from conftest import make_user
from distributors.models import SalesReport
from distributors.services import report_process, report_receive
from portal.roles import FINANCE
from rebates.approvals import payout_run_approve, payout_run_mark_paid
from rebates.models import PayoutLine, PayoutPayment, RunStatus
from rebates.payouts import payout_run_compute, payout_run_start
from tests.distributors.conftest import csv_bytes, upload
from toolkit.errors import PortalError


@pytest.fixture
def paid_quarter(quarter_with_sales, partner_admin):
    """Partner A reaches plan 150 with an extra Alpha report."""
    quarter, alpha, beta = quarter_with_sales
    rows = [("A9", "2016-03-01", partner_admin.partner.dell_id, "V-1", 20, "", "")]
    report = report_process(report_receive(distributor=alpha, upload=upload("extra.csv", csv_bytes(rows))).pk)
    return quarter, alpha, beta, report


def test_the_starter_cannot_approve_and_finance_can(paid_quarter, program_admin, finance):
    quarter, *_ = paid_quarter
    run = payout_run_compute(payout_run_start(quarter=quarter, actor=finance).pk)
    with pytest.raises(PortalError):
        payout_run_approve(run_id=run.pk, actor=finance)  # started it
    with pytest.raises(PortalError):
        payout_run_approve(run_id=run.pk, actor=program_admin)  # no approve permission
    other = make_user("finance2@example.com", is_staff=True)
    other.groups.add(Group.objects.get(name=FINANCE))
    approved = payout_run_approve(run_id=run.pk, actor=other)
    assert approved.status == RunStatus.APPROVED and approved.approved_by == other


def test_a_correction_after_approval_shows_as_adjustments(paid_quarter, partner_admin, finance, superuser):
    quarter, alpha, _beta, extra = paid_quarter
    first = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)
    assert first.total_amount == Decimal("160") * 231  # 130 + 20 + 10 = 160 ≥ 150 → 160 × 231
    payout_run_approve(run_id=first.pk, actor=finance)
    frozen = list(first.lines.order_by("pk").values_list("amount", flat=True))

    # The distributor corrects the extra report: 20 → 5 units (now 145 < 150: nothing is due).
    rows = [("A9", "2016-03-01", partner_admin.partner.dell_id, "V-1", 5, "", "")]
    report_process(
        report_receive(distributor=alpha, upload=upload("extra-fixed.csv", csv_bytes(rows)), replaces=extra).pk
    )
    second = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)

    assert second.adjusts == first
    assert list(first.lines.order_by("pk").values_list("amount", flat=True)) == frozen  # approved lines unchanged
    adjustments = sum(second.lines.values_list("adjustment", flat=True))
    assert first.total_amount + adjustments == second.total_amount == 0
    for line in PayoutLine.objects.filter(run=second):
        assert line.approved_amount + line.adjustment == line.amount


def test_approved_runs_are_marked_paid_per_distributor(paid_quarter, finance, superuser):
    quarter, alpha, beta, _ = paid_quarter
    run = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)
    paid = {"paid_on": date(2026, 11, 20), "payment_order": "4711", "actor": finance}
    with pytest.raises(PortalError):
        payout_run_mark_paid(run_id=run.pk, distributor_id=alpha.pk, **paid)  # not approved yet
    payout_run_approve(run_id=run.pk, actor=finance)
    payout_run_mark_paid(run_id=run.pk, distributor_id=alpha.pk, **paid)
    with pytest.raises(PortalError, match="4711"):
        payout_run_mark_paid(run_id=run.pk, distributor_id=alpha.pk, **paid)  # twice: refused, names the first
    assert list(PayoutPayment.objects.values_list("distributor__code", "paid_by__email")) == [
        ("alpha", "finance@example.com")
    ]


def test_finance_reviews_runs_and_lines_in_the_admin(client, paid_quarter, finance, superuser):
    quarter, *_ = paid_quarter
    run = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)
    client.force_login(finance)
    assert client.get("/admin/rebates/payoutrun/").status_code == 200
    page = client.get(f"/admin/rebates/payoutrun/{run.pk}/change/").content.decode()
    assert "Альфа" in page
    lines = client.get("/admin/rebates/payoutline/", {"run__id__exact": run.pk, "reason": "paid"})
    assert lines.status_code == 200
    client.post("/admin/rebates/payoutrun/", {"action": "approve", "_selected_action": [run.pk]})
    run.refresh_from_db()
    assert run.status == RunStatus.APPROVED
    behind = client.get(f"/admin/distributors/salesline/?quarter__id__exact={quarter.pk}&partner_ref=7777777")
    assert behind.status_code == 200 and "A6" in behind.content.decode()
    assert SalesReport.objects.exists()
