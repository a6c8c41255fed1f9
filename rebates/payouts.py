"""Payout runs: fetch the inputs → calculate (pure) → store the lines and totals. One run per
quarter at a time (a partial unique index on running runs); a failed run leaves no lines."""

import hashlib

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from distributors.services import sales_lines_rematch
from portal.errors import PortalError
from rebates import payout_inputs
from rebates.calculation import compute_payouts
from rebates.models import FiscalQuarter, PayoutLine, PayoutRun, RunStatus


def _fingerprint(*parts) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode())
    return digest.hexdigest()


def payout_run_start(*, quarter: FiscalQuarter, actor=None, source="command") -> PayoutRun:
    """Claim the quarter: refused with a message while another run of it is running."""
    try:
        with transaction.atomic():
            return PayoutRun.objects.create(quarter=quarter, started_by=actor, source=source)
    except IntegrityError as error:
        running = PayoutRun.objects.filter(quarter=quarter, status=RunStatus.RUNNING).first()
        raise PortalError(
            _("A payout run for %(quarter)s is already running (run #%(id)s): wait for it to finish.")
            % {"quarter": quarter.code, "id": running.pk if running else "?"},
            code="run_in_progress",
        ) from error


def payout_run_compute(run_id: int) -> PayoutRun:
    """Compute and store a claimed run's lines (idempotent: a finished run is left as it is)."""
    run = PayoutRun.objects.select_related("quarter").get(pk=run_id)
    if run.status != RunStatus.RUNNING:
        return run
    try:
        sales_lines_rematch()
        with transaction.atomic():
            quarter = run.quarter
            terms = payout_inputs.program_terms(quarter)
            units = payout_inputs.units_rows(quarter)
            plans = payout_inputs.accepted_plans(quarter)
            partner_ids = sorted({u.partner_id for u in units if u.partner_id is not None})
            gates = payout_inputs.gates_met(quarter, partner_ids)
            lines = compute_payouts(programs=terms, units=units, enrollments=plans, gates_met=gates)
            PayoutLine.objects.filter(run=run).delete()  # a redelivered task starts clean
            PayoutLine.objects.bulk_create(
                (
                    PayoutLine(run=run, partner_id=line.partner_id, partner_ref=line.partner_ref, distributor_id=line.distributor_id,
                               program_id=line.program_id, group_code=line.group, units=line.units, tier_units=line.tier_units,
                               rate=line.rate, amount=line.amount, reason=line.reason)
                    for line in lines
                ),
                batch_size=5000,
            )  # fmt: skip
            totals = PayoutLine.objects.filter(run=run).aggregate(n=Count("pk"), total=Sum("amount"))
            run.fingerprint = _fingerprint(
                sorted(terms.items(), key=lambda t: t[0]),
                sorted(units, key=repr),
                sorted(plans.items()),
                sorted(gates, key=repr),
            )
            run.lines_count, run.total_amount = totals["n"], totals["total"] or 0
            run.status, run.finished_at = RunStatus.DONE, timezone.now()
            run.save()
    except Exception as error:
        PayoutRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error_message=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    return run
