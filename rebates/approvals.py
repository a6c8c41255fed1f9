"""What finance does with a computed run: approve it (four eyes, closed quarters only) and record
what was paid through each distributor (the computed amount, the bank's payment order)."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.roles import FINANCE
from rebates.models import PayoutPayment, PayoutRun, RunStatus
from toolkit.errors import PortalError

APPROVE_PERMISSION = "rebates.approve_payoutrun"


def payout_run_approve(*, run_id: int, actor, include_unfinished: bool = False) -> PayoutRun:
    """Approve a computed run of a closed quarter: its lines are frozen from now on, and so are the
    quarter's enrollments. Needs the approve permission and another person than the one who started
    the run; a run no person started (a command without --started-by, the scheduler) needs an
    approver of the Finance role, not merely a superuser who may have run the command. A run that
    left out reports still importing is approved only when the approver confirms it
    (`include_unfinished`): usually the better choice is a new run once they are in."""
    with transaction.atomic():
        run = PayoutRun.objects.select_for_update().select_related("quarter").get(pk=run_id)
        if not actor.has_perm(APPROVE_PERMISSION):
            raise PortalError(_("You may not approve payout runs."), code="not_permitted")
        if run.is_preview:
            raise PortalError(
                _(
                    "Run #%(id)s is a preview: it was computed before %(quarter)s closed. Start a new run and approve that."
                )
                % {"id": run.pk, "quarter": run.quarter.code},
                code="preview_run",
            )
        if run.status != RunStatus.DONE:
            raise PortalError(
                _("Only a computed run can be approved (this one is %(status)s).")
                % {"status": run.get_status_display()},
                code="not_computed",
            )
        if run.started_by_id == actor.pk:
            raise PortalError(_("The person who started a run cannot approve it: ask a colleague."), code="four_eyes")
        if run.started_by_id is None and not actor.groups.filter(name=FINANCE).exists():
            raise PortalError(
                _("Run #%(id)s was started by %(who)s, not by a person: a member of the Finance role approves it.")
                % {"id": run.pk, "who": run.started_by_name or run.source},
                code="four_eyes",
            )
        if run.unfinished_reports and not include_unfinished:
            raise PortalError(
                _(
                    "Run #%(id)s was computed while reports %(reports)s were still being imported: their sales "
                    "are not in it. Start a new run, or confirm that this one is approved without them."
                )
                % {"id": run.pk, "reports": ", ".join(f"#{n}" for n in run.unfinished_reports)},
                code="unfinished_reports",
            )
        newer = PayoutRun.objects.filter(
            quarter=run.quarter, started_at__gt=run.started_at, status__in=[RunStatus.DONE, RunStatus.APPROVED]
        )
        if newer.exists():
            raise PortalError(_("A newer run of this quarter exists: approve that one."), code="newer_run")
        run.status, run.approved_by, run.approved_at = RunStatus.APPROVED, actor, timezone.now()
        run.save(update_fields=["status", "approved_by", "approved_at"])
    return run


def amounts_due(run: PayoutRun) -> dict[int, Decimal]:
    """What the run pays through each distributor that has money in it: the full amounts of a
    quarter's first approved run, the adjustments of a run that corrects an approved one."""
    column = "adjustment" if run.adjusts_id else "amount"
    rows = run.lines.values("distributor_id").annotate(due=Sum(column)).order_by("distributor_id")
    return {row["distributor_id"]: row["due"] for row in rows if row["due"]}


def payout_run_mark_paid(
    *, run_id: int, distributor_id: int, paid_on: date, payment_order: str, actor
) -> PayoutPayment:
    """Record that the bank paid an approved run's amount through a distributor. The amount is the
    run's, computed here; the payment order number and date are the bank's."""
    run = PayoutRun.objects.select_related("quarter").get(pk=run_id)
    if not actor.has_perm(APPROVE_PERMISSION):
        raise PortalError(_("You may not record payments."), code="not_permitted")
    if run.status != RunStatus.APPROVED:
        raise PortalError(_("Only an approved run can be marked paid."), code="not_approved")
    amount = amounts_due(run).get(distributor_id)
    if amount is None:
        raise PortalError(
            _("Run #%(id)s pays nothing through this distributor.") % {"id": run.pk},
            field="distributor",
            code="nothing_due",
        )
    payment_order = payment_order.strip()
    if not payment_order:
        raise PortalError(_("Enter the payment order number."), field="payment_order", code="payment_order_missing")
    if paid_on > timezone.localdate():
        raise PortalError(_("The payment date cannot be in the future."), field="paid_on", code="payment_in_future")
    try:
        with transaction.atomic():
            return PayoutPayment.objects.create(
                run=run, distributor_id=distributor_id, amount=amount, paid_on=paid_on, payment_order=payment_order,
                paid_by=actor,
            )  # fmt: skip
    except IntegrityError as error:
        earlier = PayoutPayment.objects.get(run=run, distributor_id=distributor_id)
        raise PortalError(
            _("Already recorded as paid on %(date)s, payment order %(order)s.")
            % {"date": earlier.paid_on.strftime("%d.%m.%Y"), "order": earlier.payment_order},
            code="already_paid",
        ) from error
