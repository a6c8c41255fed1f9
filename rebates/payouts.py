"""Payout runs: fetch the inputs → calculate (pure) → store the lines and totals. One run per
quarter at a time (a partial unique index on running runs); a failed run leaves no lines."""

import hashlib
import logging
import marshal
from decimal import Decimal
from operator import itemgetter

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import FiscalQuarter
from distributors.services import sales_lines_rematch
from portal.outbox import enqueue
from rebates import payout_inputs
from rebates.calculation import Reason, compute_payouts
from rebates.models import PayoutLine, PayoutRun, RunStatus
from rebates.selectors import quarter_is_closed
from toolkit.bulk_copy import insert_rows
from toolkit.errors import PortalError
from toolkit.locks import held_lock

log = logging.getLogger(__name__)


def _fingerprint(*, terms, units: list[tuple], plans, gates, requested) -> str:
    """SHA-256 of the run's inputs in canonical form. The units come sorted by the database and are
    hashed through marshal's version 2, which writes str, int, bool and None by value (no sharing
    references), so equal inputs give equal bytes in any process, fast for millions of rows."""
    digest = hashlib.sha256()
    digest.update(
        repr(
            (
                sorted(
                    (
                        pid,
                        t.table.tiers,
                        sorted(t.table.rates.items()),
                        t.table.policy,
                        sorted(t.gated_groups),
                        t.program_gated,
                    )
                    for pid, t in terms.items()
                ),
                sorted(plans.items()),
                sorted(requested),
                sorted(gates, key=repr),  # canonical forms: set and dict orders differ between processes
            )
        ).encode()
    )
    digest.update(marshal.dumps(units, 2))
    return digest.hexdigest()


PAYOUT_LINE_COLUMNS = (
    "run_id",
    "partner_id",
    "partner_ref",
    "distributor_id",
    "program_id",
    "group_code",
    "units",
    "tier_units",
    "rate",
    "amount",
    "reason",
    "approved_amount",
    "adjustment",
)  # fmt: skip  (run id, then PayoutLineResult's fields, then what an approved run changes)


def _approved_amounts(run: PayoutRun | None) -> dict[tuple, Decimal]:
    """Amounts per partner × distributor × program × group in an approved run (frozen)."""
    if run is None:
        return {}
    amounts: dict[tuple, Decimal] = {}
    for ref, distributor_id, program_id, group, amount in run.lines.values_list(
        "partner_ref", "distributor_id", "program_id", "group_code", "amount"
    ):
        key = (ref, distributor_id, program_id, group)
        amounts[key] = amounts.get(key, Decimal("0")) + amount
    return amounts


def payout_run_start(*, quarter: FiscalQuarter, actor=None, source="command", started_by_name="") -> PayoutRun:
    """Claim the quarter: refused with a message while another run of it is running. Records who
    started it (a person, or what the command or scheduler says it is) and whether the quarter had
    closed: a run of an open quarter is a preview, for review only."""
    try:
        with transaction.atomic():
            return PayoutRun.objects.create(
                quarter=quarter,
                started_by=actor,
                started_by_name=actor.email if actor is not None else (started_by_name or source),
                source=source,
                is_preview=not quarter_is_closed(quarter),
            )
    except IntegrityError as error:
        running = PayoutRun.objects.filter(quarter=quarter, status=RunStatus.RUNNING).first()
        raise PortalError(
            _("A payout run for %(quarter)s is already running (run #%(id)s): wait for it to finish.")
            % {"quarter": quarter.code, "id": running.pk if running else "?"},
            code="run_in_progress",
        ) from error


def _stored_rows(run_id: int, lines, baseline: dict[tuple, Decimal]):
    """Rows in PAYOUT_LINE_COLUMNS order: each line with what an approved run already paid for its
    key and the difference (the adjustment); approved money whose sales are gone (a correction)
    comes back as a negative, "withdrawn" line."""
    zero = Decimal("0")
    if not baseline:  # nothing approved yet: no adjustments, one cheap tuple per line
        return ((run_id, *line, zero, zero) for line in lines)
    rows = []
    for line in lines:
        before = baseline.pop((line.partner_ref, line.distributor_id, line.program_id, line.group), zero)
        rows.append((run_id, *line, before, line.amount - before))
    for (partner_ref, distributor_id, program_id, group), before in baseline.items():
        if before:
            rows.append(
                (
                    run_id,
                    None,
                    partner_ref,
                    distributor_id,
                    program_id,
                    group,
                    0,
                    None,
                    0,
                    0,
                    Reason.WITHDRAWN,
                    before,
                    -before,
                )
            )
    return rows


def payout_run_compute(run_id: int) -> PayoutRun:
    """Compute and store a claimed run's lines (idempotent: a finished run is left as it is). A
    second delivery while the first still computes finds the run's lock taken and does nothing."""
    with held_lock("payout-run", run_id) as taken:
        if not taken:
            log.info("payout run %s is being computed by another worker: this delivery does nothing", run_id)
            return PayoutRun.objects.get(pk=run_id)
        return _compute_locked(run_id)


def _compute_locked(run_id: int) -> PayoutRun:
    claimed = PayoutRun.objects.filter(
        pk=run_id, status=RunStatus.RUNNING, attempts__lt=settings.PAYOUT_RUN_MAX_ATTEMPTS
    ).update(attempts=F("attempts") + 1)
    run = PayoutRun.objects.select_related("quarter").get(pk=run_id)
    if not claimed:
        if run.status == RunStatus.RUNNING:  # delivered again and again (killed workers): stop looping
            run.status, run.finished_at = RunStatus.FAILED, timezone.now()
            run.error_message = _("The run was interrupted %(n)s times; start a new one.") % {"n": run.attempts}
            run.save(update_fields=["status", "finished_at", "error_message"])
        return run
    try:
        sales_lines_rematch()
        with transaction.atomic():
            quarter = run.quarter
            terms = payout_inputs.program_terms(quarter)
            units = payout_inputs.units_rows(quarter)
            plans = payout_inputs.accepted_plans(quarter)
            requested = payout_inputs.unconfirmed_requests(quarter)
            partner_ids = sorted(set(map(itemgetter(1), units)) - {None})  # UnitsRow.partner_id
            gates = payout_inputs.gates_met(quarter, partner_ids)
            lines = compute_payouts(
                programs=terms, units=units, enrollments=plans, gates_met=gates, requested=requested
            )
            PayoutLine.objects.filter(run=run).delete()  # a redelivered task starts clean
            approved = (
                PayoutRun.objects.filter(quarter=quarter, status=RunStatus.APPROVED).order_by("-approved_at").first()
            )
            run.lines_count = insert_rows(
                "rebates_payoutline", PAYOUT_LINE_COLUMNS, _stored_rows(run.pk, lines, _approved_amounts(approved))
            )
            run.adjusts = approved
            run.unfinished_reports = payout_inputs.unfinished_report_ids()
            run.fingerprint = _fingerprint(terms=terms, units=units, plans=plans, gates=gates, requested=requested)
            run.total_amount = sum((line.amount for line in lines), Decimal("0"))
            run.status, run.finished_at = RunStatus.DONE, timezone.now()
            run.save()
    except Exception as error:
        PayoutRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error_message=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    return run


def scheduled_runs_start(*, today=None) -> list[PayoutRun]:
    """Beat: start the first run of each quarter that ended PAYOUT_RUN_DAYS_AFTER_QUARTER days ago
    or more and has no run yet (returns the runs started; their computation is a task)."""
    from datetime import timedelta

    from rebates.tasks import compute_payout_run_task

    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.PAYOUT_RUN_DAYS_AFTER_QUARTER)
    started = []
    for quarter in FiscalQuarter.objects.filter(
        end_date__lte=cutoff, programs__isnull=False, payout_runs__isnull=True
    ).distinct():
        try:
            run = payout_run_start(quarter=quarter, source="beat", started_by_name="beat (schedule)")
        except PortalError:
            continue
        enqueue(compute_payout_run_task, run.pk)
        started.append(run)
    return started
