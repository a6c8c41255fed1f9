"""Payout runs on the database: sales lines from real report files → lines and totals by hand."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

from catalog.models import FiscalQuarter
from rebates.models import PayoutRun, RunStatus
from rebates.payouts import payout_run_compute, payout_run_start
from toolkit.errors import PortalError
from training.models import Completion, Course


def amounts(run):
    return {(line.partner_ref, line.distributor.code, line.group_code, line.reason): (line.units, line.amount)
            for line in run.lines.select_related("distributor")}  # fmt: skip


def test_a_run_pays_by_the_brochure(quarter_with_sales, partner_admin, other_partner_user):
    quarter, _alpha, _beta = quarter_with_sales
    run = payout_run_compute(payout_run_start(quarter=quarter).pk)
    a, b = str(partner_admin.partner.dell_id), str(other_partner_user.partner.dell_id)
    lines = amounts(run)
    # Partner A, plan 150: counted 100 + 30 (Alpha) + 15 − 5 (Beta, authorized from March) = 140 < 150 → nothing;
    # Precision is gated and the gate is not met.
    assert lines[(a, "alpha", "vostro-3xxx", "plan_not_reached")] == (130, Decimal("0.00"))
    assert lines[(a, "beta", "vostro-3xxx", "plan_not_reached")] == (10, Decimal("0.00"))
    assert lines[(a, "beta", "vostro-3xxx", "distributor_not_authorized")] == (20, Decimal("0.00"))
    assert lines[(a, "alpha", "precision", "gate_not_met")] == (10, Decimal("0.00"))
    # Partner B, plan 50: 40 < 50 → nothing; the unknown Dell ID is listed.
    assert lines[(b, "alpha", "vostro-3xxx", "plan_not_reached")] == (40, Decimal("0.00"))
    assert lines[("7777777", "alpha", "vostro-3xxx", "unmatched_partner")] == (5, Decimal("0.00"))
    assert run.total_amount == 0 and run.status == RunStatus.DONE


def test_completing_the_gate_makes_precision_count_on_the_next_run(quarter_with_sales, partner_admin):
    quarter, _alpha, _beta = quarter_with_sales
    for code in ("DPWS0212WBTS", "DPWT0212WBTT"):
        Completion.objects.create(user=partner_admin, course=Course.objects.get(code=code), completed_on=date(2016, 4, 1),
                                  source="lms", status="confirmed")  # fmt: skip
    run = payout_run_compute(payout_run_start(quarter=quarter).pk)
    a = str(partner_admin.partner.dell_id)
    lines = amounts(run)
    # Now 140 + 10 Precision = 150 ≥ 150: Vostro at 231, Precision at 1 925.
    assert lines[(a, "alpha", "vostro-3xxx", "paid")] == (130, Decimal("30030.00"))
    assert lines[(a, "beta", "vostro-3xxx", "paid")] == (10, Decimal("2310.00"))
    assert lines[(a, "alpha", "precision", "paid")] == (10, Decimal("19250.00"))
    assert run.total_amount == Decimal("51590.00")


def test_runs_are_deterministic_and_one_at_a_time(quarter_with_sales):
    quarter, _alpha, _beta = quarter_with_sales
    first = payout_run_compute(payout_run_start(quarter=quarter).pk)
    running = payout_run_start(quarter=quarter)
    with pytest.raises(PortalError) as refused:
        payout_run_start(quarter=quarter)
    assert f"#{running.pk}" in str(refused.value.message)
    second = payout_run_compute(running.pk)
    assert (second.fingerprint, second.total_amount, second.lines_count) == (
        first.fingerprint,
        first.total_amount,
        first.lines_count,
    )
    assert sorted(amounts(second).items()) == sorted(amounts(first).items())


def test_compute_rebates_command(quarter_with_sales, capsys):
    call_command("compute_rebates", "--quarter", "2016-Q1")
    out = capsys.readouterr().out
    assert "2016-Q1" in out and "plan_not_reached" in out


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_started_together_one_works_the_other_says_so(brochure):
    quarter = FiscalQuarter.objects.get(code="2016-Q1")
    outcomes, barrier = [], threading.Barrier(2)

    def start():
        barrier.wait()
        try:
            outcomes.append(payout_run_start(quarter=quarter).pk)
        except PortalError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(str, outcomes))[-1] == "run_in_progress" and PayoutRun.objects.count() == 1


def test_overlapping_authorizations_count_a_line_once(quarter_with_sales, partner_admin):
    from distributors.models import Authorization

    quarter, _alpha, beta = quarter_with_sales
    before = payout_run_compute(payout_run_start(quarter=quarter).pk)
    # A second commercial authorization of Beta, 10.02–20.03, overlapping its own from 01.03:
    # B1 (15.02, 20) becomes authorized; B2 (15.03, 15) and B3 (16.03, −5) sit in both periods.
    Authorization.objects.create(
        distributor=beta, segment="commercial", valid_from=date(2016, 2, 10), valid_until=date(2016, 3, 20)
    )
    run = payout_run_compute(payout_run_start(quarter=quarter).pk)
    a = str(partner_admin.partner.dell_id)
    lines = amounts(run)
    # 130 (Alpha) + 30 (Beta, each line once) = 160 ≥ 150: Vostro at 231.
    assert lines[(a, "beta", "vostro-3xxx", "paid")] == (30, Decimal("6930.00"))
    assert lines[(a, "alpha", "vostro-3xxx", "paid")] == (130, Decimal("30030.00"))
    assert (a, "beta", "vostro-3xxx", "distributor_not_authorized") not in lines
    assert run.fingerprint != before.fingerprint  # the inputs changed


def test_a_gap_between_authorizations_is_not_authorized(quarter_with_sales, partner_admin):
    from distributors.models import Authorization

    quarter, _alpha, beta = quarter_with_sales
    Authorization.objects.filter(distributor=beta).delete()
    Authorization.objects.create(
        distributor=beta, segment="commercial", valid_from=date(2016, 2, 10), valid_until=date(2016, 2, 20)
    )
    Authorization.objects.create(distributor=beta, segment="commercial", valid_from=date(2016, 3, 16))
    run = payout_run_compute(payout_run_start(quarter=quarter).pk)
    a = str(partner_admin.partner.dell_id)
    lines = amounts(run)
    # B1 (15.02, 20) and B3 (16.03, −5) authorized; B2 (15.03, 15) falls in the gap. 130 + 15 < 150.
    assert lines[(a, "beta", "vostro-3xxx", "plan_not_reached")] == (15, Decimal("0.00"))
    assert lines[(a, "beta", "vostro-3xxx", "distributor_not_authorized")] == (15, Decimal("0.00"))


def test_lines_written_in_several_batches_are_all_stored(quarter_with_sales, monkeypatch):
    quarter, _alpha, _beta = quarter_with_sales
    whole = payout_run_compute(payout_run_start(quarter=quarter).pk)
    monkeypatch.setattr("toolkit.bulk_copy.BATCH_ROWS", 2)
    batched = payout_run_compute(payout_run_start(quarter=quarter).pk)
    assert batched.lines_count == whole.lines_count == batched.lines.count() > 2
    assert sorted(amounts(batched).items()) == sorted(amounts(whole).items())
    assert batched.total_amount == whole.total_amount


def test_a_partner_whose_units_come_under_two_dell_ids_is_counted_whole(quarter_with_sales, partner_admin):
    from distributors.models import SalesLine

    quarter, alpha, _beta = quarter_with_sales
    for code in ("DPWS0212WBTS", "DPWT0212WBTT"):
        Completion.objects.create(user=partner_admin, course=Course.objects.get(code=code), completed_on=date(2016, 4, 1),
                                  source="lms", status="confirmed")  # fmt: skip
    # The partner's Alpha lines reported under another Dell ID but matched to the partner (a Dell ID changed by hand):
    # the run cannot stream it in one pass, counts the totals first, and pays as if there were one Dell ID.
    SalesLine.objects.filter(partner=partner_admin.partner, distributor=alpha).update(partner_ref="5555555")
    run = payout_run_compute(payout_run_start(quarter=quarter).pk)
    lines = amounts(run)
    assert lines[("5555555", "alpha", "vostro-3xxx", "paid")] == (130, Decimal("30030.00"))
    assert lines[("5555555", "alpha", "precision", "paid")] == (10, Decimal("19250.00"))
    assert lines[(str(partner_admin.partner.dell_id), "beta", "vostro-3xxx", "paid")] == (10, Decimal("2310.00"))
    assert run.total_amount == Decimal("51590.00") and run.status == RunStatus.DONE
