"""Payout runs: fetch the inputs → calculate (pure) → store the lines and totals, streamed a batch at
a time so that memory does not grow with the sales lines (docs/architecture.md, "Payout runs"). One run per
quarter at a time (a partial unique index on running runs); a failed run leaves no lines."""

import hashlib
import logging
import marshal
from decimal import Decimal
from itertools import batched, chain
from operator import itemgetter

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.functions import Collate
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import FiscalQuarter
from distributors.services import sales_lines_rematch
from portal.outbox import enqueue
from rebates import payout_inputs
from rebates.calculation import PayoutStream, Reason, SplitPartnerUnits, counted_totals
from rebates.models import PayoutLine, PayoutRun, RunStatus
from rebates.payout_inputs import UNITS_CHUNK_ROWS
from rebates.selectors import quarter_is_closed
from toolkit.bulk_copy import insert_rows
from toolkit.errors import PortalError
from toolkit.locks import held_lock

log = logging.getLogger(__name__)


class _Fingerprint:
    """SHA-256 of the run's inputs in canonical form, fed as the units stream by (docs/architecture.md,
    "Payout runs"): the rate tables, plans and requests; then every units row in the database's
    order, through marshal's version 2, which writes str, int, bool and None by value (no sharing
    references), so equal inputs give equal bytes in any process; then the row count and the gates
    met by the partners the rows name. A chunk is hashed as the concatenation of its rows (a
    marshalled list less its 5-byte header), so where the chunks are cut changes nothing."""

    def __init__(self, *, terms, plans, requested):
        self.digest = hashlib.sha256()
        self.rows = 0
        self.digest.update(
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
                )
            ).encode()
        )

    def add(self, rows: list[tuple]) -> None:
        self.digest.update(marshal.dumps(rows, 2)[5:])
        self.rows += len(rows)

    def finish(self, gates: set[tuple]) -> str:
        # canonical forms: set and dict orders differ between processes
        self.digest.update(repr((self.rows, sorted(gates, key=repr))).encode())
        return self.digest.hexdigest()


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


def _approved_amounts(run: PayoutRun | None):
    """Amounts per program × partner × distributor × group in an approved run (frozen), as
    ((program, Dell ID, distributor, group), amount) in PayoutStream's order of lines, summed in
    Python (Decimal) from a server-side cursor: one chunk held at a time."""
    if run is None:
        return
    postgresql = connection.vendor == "postgresql"
    ordered = [Collate(name, "C") if postgresql else name for name in ("partner_ref", "group_code")]
    key, amount = None, Decimal("0")
    for *line_key, line_amount in (
        run.lines.order_by("program_id", ordered[0], "distributor_id", ordered[1])
        .values_list("program_id", "partner_ref", "distributor_id", "group_code", "amount")
        .iterator(chunk_size=UNITS_CHUNK_ROWS)
    ):
        line_key = tuple(line_key)
        if line_key != key:
            if key is not None:
                if line_key < key:
                    raise ValueError(f"approved lines not sorted: {line_key} after {key}")
                yield key, amount
            key, amount = line_key, Decimal("0")
        amount += line_amount
    if key is not None:
        yield key, amount


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


def _withdrawn(run_id: int, key: tuple, before: Decimal) -> tuple:
    """Approved money whose sales are gone (a correction): a negative, "withdrawn" line."""
    program_id, partner_ref, distributor_id, group = key
    return (
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


def _stored_rows(run_id: int, lines, approved: list, totals: dict):
    """Rows in PAYOUT_LINE_COLUMNS order: each line with what an approved run already paid for its
    key and the difference (the adjustment), the approved (key, amount) pairs being merged in as
    both come in the same order: the first line of a key takes its approved amount, and approved
    keys no line has become "withdrawn" lines. `approved` holds the pairs up to the last key of
    these lines; `totals` counts the lines and sums their amounts as they go by."""
    zero = Decimal("0")
    amount_sum, count = zero, 0
    if not approved:  # nothing approved, or nothing for these lines: one cheap tuple per line
        for line in lines:
            amount_sum += line[8]  # PayoutLineResult.amount
            count += 1
            yield (run_id, *line, zero, zero)
    else:
        pending = iter(approved)
        key, before = next(pending)
        for line in lines:
            amount_sum += line.amount
            count += 1
            line_key = (line.program_id, line.partner_ref, line.distributor_id, line.group)
            while key is not None and key < line_key:
                if before:
                    yield _withdrawn(run_id, key, before)
                key, before = next(pending, (None, zero))
            if key == line_key:
                yield (run_id, *line, before, line.amount - before)
                key, before = next(pending, (None, zero))
            else:
                yield (run_id, *line, zero, zero)
        while key is not None:
            if before:
                yield _withdrawn(run_id, key, before)
            key, before = next(pending, (None, zero))
    totals["amount"] += amount_sum
    totals["lines"] += count


def _batches_by_dell_id(chunks):
    """The fetched chunks cut so that a batch ends where a program × Dell ID ends (the rows of the
    last one wait for the next chunk): PayoutStream takes one batch at a time."""
    tail: list = []
    for chunk in chunks:
        rows = tail + chunk if tail else chunk
        last = rows[-1]
        cut = len(rows)
        while cut and rows[cut - 1][3] == last[3] and rows[cut - 1][0] == last[0]:  # program_id, partner_ref
            cut -= 1
        if cut:
            yield rows[:cut]
            tail = rows[cut:]
        else:
            tail = rows
    if tail:
        yield tail


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
            try:
                with transaction.atomic():
                    _compute_and_store(run, totals=None)
            except SplitPartnerUnits:  # a partner's units under two Dell IDs: count the totals first
                log.warning("payout run %s: a partner's units come under several Dell IDs, two passes", run_id)
                _compute_and_store(run, totals=_counted_totals(run.quarter))
            run.status, run.finished_at = RunStatus.DONE, timezone.now()
            run.save()
    except Exception as error:
        PayoutRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error_message=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    return run


def _inputs(quarter: FiscalQuarter) -> dict:
    return {
        "programs": payout_inputs.program_terms(quarter),
        "enrollments": payout_inputs.accepted_plans(quarter),
        "requested": payout_inputs.unconfirmed_requests(quarter),
        "gates_met": payout_inputs.GatesMet(quarter),
    }


def _counted_totals(quarter: FiscalQuarter) -> dict[tuple[int, int], int]:
    """The first pass of a two-pass run: counted units per partner × program, streamed."""
    inputs = _inputs(quarter)
    with payout_inputs.units_chunks(quarter) as chunks:
        return counted_totals(units=(row for chunk in chunks for row in chunk), **inputs)


def _compute_and_store(run: PayoutRun, *, totals) -> None:
    """Stream the run (docs/architecture.md, "Payout runs"): fetch a chunk of units (server-side
    cursor), cut at a program × Dell ID, hash it into the fingerprint, fetch the approved amounts up
    to its last key, then COPY its lines, computed while the server reads them. No FETCH may run
    while a COPY does (one connection), hence a COPY per batch. Held at any time: one batch of units
    and of approved amounts, the inputs per program and partner, and a set of partner ids."""
    quarter = run.quarter
    inputs = _inputs(quarter)
    fingerprint = _Fingerprint(terms=inputs["programs"], plans=inputs["enrollments"], requested=inputs["requested"])
    stream = PayoutStream(totals=totals, **inputs)
    PayoutLine.objects.filter(run=run).delete()  # a redelivered task starts clean
    approved_run = PayoutRun.objects.filter(quarter=quarter, status=RunStatus.APPROVED).order_by("-approved_at").first()
    approved = _approved_amounts(approved_run)
    ahead = next(approved, None)  # the first approved (key, amount) not yet merged
    partner_ids: set[int] = set()
    totals_so_far = {"amount": Decimal("0"), "lines": 0}
    stored = 0
    with payout_inputs.units_chunks(quarter) as chunks:
        for batch in _batches_by_dell_id(chunks):
            fingerprint.add(batch)
            partner_ids.update(map(itemgetter(1), batch))  # UnitsRow.partner_id
            last = (batch[-1][3], batch[-1][0])  # program, Dell ID
            merged = []
            while ahead is not None and ahead[0][:2] <= last:
                merged.append(ahead)
                ahead = next(approved, None)
            rows = _stored_rows(run.pk, stream.lines(batch), merged, totals_so_far)
            stored += insert_rows("rebates_payoutline", PAYOUT_LINE_COLUMNS, rows)
    if ahead is not None:  # approved Dell IDs with no units left: withdrawn lines, a batch at a time
        for part in batched(chain([ahead], approved), UNITS_CHUNK_ROWS):  # fetched before each COPY starts
            stored += insert_rows(
                "rebates_payoutline", PAYOUT_LINE_COLUMNS, _stored_rows(run.pk, [], part, totals_so_far)
            )
    partner_ids.discard(None)
    run.lines_count = stored
    run.adjusts = approved_run
    run.unfinished_reports = payout_inputs.unfinished_report_ids()
    run.fingerprint = fingerprint.finish(inputs["gates_met"].of(partner_ids))
    run.total_amount = totals_so_far["amount"]


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
