"""What finance signs: runs of an open quarter are previews, four eyes hold for runs no person
started, approved quarters freeze their enrollments, payments carry the computed amount, and
reasons and adjustments say what they mean."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from distributors.services import report_process, report_receive
from portal.models import Distributor
from rebates.approvals import amounts_due, payout_run_approve, payout_run_mark_paid
from rebates.calculation import ProgramTerms, RateTable, Reason, UnitsRow, compute_payouts
from rebates.models import Enrollment, EnrollmentStatus, PayoutPayment, PayoutRun, RunStatus
from rebates.payout_inputs import unconfirmed_requests
from rebates.payouts import payout_run_compute, payout_run_start
from rebates.services import enrollment_accept
from tests.distributors.conftest import csv_bytes, upload
from tests.rebates.conftest import clock
from toolkit.errors import PortalError

PAID = {"paid_on": date(2026, 11, 20), "payment_order": "4711"}


@pytest.fixture
def paying_quarter(quarter_with_sales, partner_admin):
    """Partner A reaches plan 150 through Alpha (160 × 231 ₽); Beta pays nothing."""
    quarter, alpha, beta = quarter_with_sales
    rows = [("A9", "2016-03-01", partner_admin.partner.dell_id, "V-1", 20, "", "")]
    report_process(report_receive(distributor=alpha, upload=upload("extra.csv", csv_bytes(rows))).pk)
    return quarter, alpha, beta


def test_a_run_of_an_open_quarter_is_a_preview_and_cannot_be_approved(paying_quarter, superuser, finance):
    quarter, alpha, _beta = paying_quarter
    with clock(2016, 4, 20, 12, 0):  # the quarter's last week: ACCEPT is still open
        run = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)
    assert run.is_preview and run.status == RunStatus.DONE and run.total_amount > 0
    with pytest.raises(PortalError) as refused:
        payout_run_approve(run_id=run.pk, actor=finance)
    assert refused.value.code == "preview_run"
    with pytest.raises(PortalError):
        payout_run_mark_paid(run_id=run.pk, distributor_id=alpha.pk, actor=finance, **PAID)
    assert PayoutRun.objects.get(pk=run.pk).status == RunStatus.DONE


def test_a_run_after_close_is_final(paying_quarter, superuser):
    quarter, *_ = paying_quarter
    with clock(2016, 5, 10, 12, 0):
        run = payout_run_start(quarter=quarter, actor=superuser)
    assert not run.is_preview


def test_a_run_started_by_a_command_needs_a_finance_approver(paying_quarter, superuser, finance, capsys):
    quarter, *_ = paying_quarter
    call_command("compute_rebates", "--quarter", quarter.code)
    run = PayoutRun.objects.get()
    assert run.started_by is None and run.started_by_name.startswith("command: ")
    with pytest.raises(PortalError) as refused:
        payout_run_approve(run_id=run.pk, actor=superuser)  # a superuser may have run the command himself
    assert refused.value.code == "four_eyes"
    approved = payout_run_approve(run_id=run.pk, actor=finance)
    assert approved.approved_by == finance


def test_a_command_run_started_by_a_named_person_is_not_approved_by_them(paying_quarter, finance):
    quarter, *_ = paying_quarter
    call_command("compute_rebates", "--quarter", quarter.code, "--started-by", finance.email)
    run = PayoutRun.objects.get()
    assert run.started_by == finance
    with pytest.raises(PortalError) as refused:
        payout_run_approve(run_id=run.pk, actor=finance)
    assert refused.value.code == "four_eyes"


def test_finance_starts_a_run_from_the_admin(client, paying_quarter, finance, django_capture_on_commit_callbacks):
    quarter, *_ = paying_quarter
    client.force_login(finance)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/catalog/fiscalquarter/", {"action": "start_payout_run", "_selected_action": [quarter.pk]})
    run = PayoutRun.objects.get()
    assert (run.started_by, run.source, run.status) == (finance, "admin", RunStatus.DONE)


def test_the_plan_cannot_change_once_the_quarter_is_approved(paying_quarter, partner_admin, superuser, finance, q1):
    quarter, *_ = paying_quarter
    run = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)
    payout_run_approve(run_id=run.pk, actor=finance)
    client_program = q1("client")
    # Even if staff move the deadline (or the clock says ACCEPT is open), the approved plan stays.
    with clock(2016, 3, 2, 10, 0), pytest.raises(PortalError) as refused:
        enrollment_accept(partner=partner_admin.partner, program=client_program,
                          tier=client_program.tiers.get(units=50), actor=partner_admin)  # fmt: skip
    assert refused.value.code == "quarter_frozen" and "2016-Q1" in str(refused.value.message)
    assert Enrollment.objects.get(partner=partner_admin.partner, program=client_program).tier.units == 150


def test_a_payment_records_the_runs_amount_and_the_bank_order(paying_quarter, superuser, finance):
    quarter, alpha, beta = paying_quarter
    gamma = Distributor.objects.create(code="gamma", name="Гамма")  # authorized for nothing, sold nothing
    run = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)
    payout_run_approve(run_id=run.pk, actor=finance)
    # Partner A: 150 units through Alpha, 10 through Beta (from March), 160 ≥ plan 150 → 231 ₽ each.
    assert amounts_due(run) == {alpha.pk: Decimal("34650.00"), beta.pk: Decimal("2310.00")}

    with pytest.raises(PortalError) as refused:
        payout_run_mark_paid(run_id=run.pk, distributor_id=gamma.pk, actor=finance, **PAID)
    assert refused.value.code == "nothing_due"
    payment = payout_run_mark_paid(run_id=run.pk, distributor_id=alpha.pk, actor=finance, **PAID)
    assert (payment.amount, payment.paid_on, payment.payment_order, payment.paid_by) == (
        Decimal("34650.00"), date(2026, 11, 20), "4711", finance
    )  # fmt: skip
    assert payment.amount == sum(run.lines.filter(distributor=alpha).values_list("amount", flat=True))


def test_the_admin_offers_only_distributors_with_money_and_names_the_amount(client, paying_quarter, superuser, finance):
    quarter, alpha, beta = paying_quarter
    Distributor.objects.create(code="gamma", name="Гамма")
    run = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)
    payout_run_approve(run_id=run.pk, actor=finance)
    client.force_login(finance)
    form = client.post("/admin/rebates/payoutrun/", {"action": "mark_paid", "_selected_action": [run.pk]})
    page = form.content.decode().replace("\xa0", " ")  # amounts are grouped with no-break spaces
    assert "Альфа — 34 650,00 ₽" in page and "Бета — 2 310,00 ₽" in page and "Гамма" not in page
    done = client.post(
        "/admin/rebates/payoutrun/",
        {"action": "mark_paid", "_selected_action": [run.pk], "apply": "1", "distributor": alpha.pk,
         "paid_on": "2026-11-20", "payment_order": "4711"},
        follow=True,
    )  # fmt: skip
    assert "34 650,00 ₽" in done.content.decode().replace("\xa0", " ")
    assert PayoutPayment.objects.get().amount == Decimal("34650.00")
    again = client.post("/admin/rebates/payoutrun/", {"action": "mark_paid", "_selected_action": [run.pk]})
    assert "Альфа" not in again.content.decode()  # paid: no longer offered


def test_a_first_run_has_no_adjustments(paying_quarter, superuser):
    quarter, *_ = paying_quarter
    run = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)
    assert run.total_amount > 0
    assert set(run.lines.values_list("adjustment", flat=True)) == {Decimal("0")}


def test_a_requested_but_unconfirmed_enrollment_has_its_own_reason(q1, partner_admin):
    enterprise = q1("enterprise")
    with clock(2016, 3, 1, 10, 0):
        enrollment_accept(
            partner=partner_admin.partner, program=enterprise, tier=enterprise.tiers.get(), actor=partner_admin
        )
    assert Enrollment.objects.get(program=enterprise).status == EnrollmentStatus.REQUESTED
    requested = unconfirmed_requests(enterprise.quarter)
    assert requested == {(partner_admin.partner.pk, enterprise.pk)}

    terms = {enterprise.pk: ProgramTerms(enterprise.pk, RateTable(tiers=(5,), rates={("pe", 5): Decimal("770")}))}
    units = [UnitsRow("1000001", partner_admin.partner.pk, 1, enterprise.pk, "pe", 6, True),
             UnitsRow("1000002", 99, 1, enterprise.pk, "pe", 6, True)]  # fmt: skip
    lines = compute_payouts(programs=terms, units=units, enrollments={}, gates_met=set(), requested=requested)
    assert {line.partner_ref: line.reason for line in lines} == {
        "1000001": Reason.NOT_CONFIRMED,
        "1000002": Reason.NOT_ACCEPTED,
    }


def test_every_reason_has_a_translated_label(paying_quarter, superuser):
    from django.utils import translation

    from rebates.models import PayoutReason

    codes = {value for name, value in vars(Reason).items() if name.isupper()}
    assert codes == set(PayoutReason.values)
    quarter, *_ = paying_quarter
    run = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)
    with translation.override("ru"):
        labels = {line.get_reason_display() for line in run.lines.all()}
    assert "план не выполнен" in labels and "plan_not_reached" not in labels


def test_an_approved_quarters_program_is_read_only_in_the_admin(client, paying_quarter, superuser, finance, q1):
    quarter, *_ = paying_quarter
    program = q1("client")
    client.force_login(superuser)
    assert 'name="accept_deadline_0"' in client.get(f"/admin/rebates/program/{program.pk}/change/").content.decode()
    run = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)
    payout_run_approve(run_id=run.pk, actor=finance)
    page = client.get(f"/admin/rebates/program/{program.pk}/change/").content.decode()
    assert 'name="accept_deadline_0"' not in page


def test_a_run_that_left_out_importing_reports_says_so_and_is_approved_only_when_confirmed(
    client, paying_quarter, superuser, finance
):
    from distributors.services import report_receive as receive

    quarter, alpha, _beta = paying_quarter
    late = receive(
        distributor=alpha, upload=upload("late.csv", csv_bytes([("L1", "2016-03-02", "1000001", "V-1", 9, "", "")]))
    )
    run = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)  # the late report is not processed
    assert run.unfinished_reports == [late.pk]

    client.force_login(finance)
    asked = client.post("/admin/rebates/payoutrun/", {"action": "approve", "_selected_action": [run.pk]})
    assert f"#{late.pk}" in asked.content.decode() and PayoutRun.objects.get(pk=run.pk).status == RunStatus.DONE
    client.post("/admin/rebates/payoutrun/",
                {"action": "approve", "_selected_action": [run.pk], "include_unfinished": "1"})  # fmt: skip
    assert PayoutRun.objects.get(pk=run.pk).status == RunStatus.APPROVED
