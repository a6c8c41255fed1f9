"""Changes of the discount program: terms cloned, accepted; the quarterly close that fixes next
quarter's discounts (computed → approved, like a payout run: docs/discounts.md)."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import FiscalQuarter
from discounts import selectors
from discounts.calculation import ZERO, Figures, discount_for
from discounts.models import (
    DiscountLine,
    DiscountRun,
    DiscountRunStatus,
    DiscountTerms,
    GrowthTarget,
    TermsAcceptance,
)
from portal.models import Partner
from portal.roles import FINANCE, PROGRAM_ADMINISTRATORS
from rebates.selectors import quarter_is_closed
from toolkit.errors import PortalError

APPROVE_PERMISSION = "discounts.approve_discountrun"


def terms_clone(*, source: DiscountTerms, target: FiscalQuarter, actor=None) -> DiscountTerms:
    """The same terms for another quarter (thresholds, growth and attach rules, eligibility);
    per-partner growth targets are a quarter's own and are not copied."""
    with transaction.atomic():
        if DiscountTerms.objects.filter(quarter=target).exists():
            raise PortalError(
                _("%(quarter)s already has discount terms.") % {"quarter": target.code}, code="terms_exist"
            )
        levels, attach = list(source.levels.all()), list(source.attach_levels.all())
        terms = DiscountTerms.objects.get(pk=source.pk)
        terms.pk, terms.quarter = None, target
        terms.save()
        for row in levels + attach:
            row.pk, row.terms = None, terms
            row.save()
    return terms


def terms_accept(*, partner: Partner, version: str, actor) -> TermsAcceptance:
    acceptance, _created = TermsAcceptance.objects.get_or_create(
        partner=partner, version=version, defaults={"accepted_by": actor}
    )
    return acceptance


def _inputs(quarter: FiscalQuarter, terms: DiscountTerms) -> dict[int, Figures]:
    """Every partner with sales in the quarter or a year earlier, or a target set: its figures
    (three grouped queries and the eligibility lookups, whatever the number of lines)."""
    last_year = selectors.year_ago(quarter)
    ids = [quarter.pk] + ([last_year.pk] if last_year else [])
    revenue = selectors.revenue_by_partner_and_quarter(ids)
    attach = selectors.attach_by_partner(quarter.pk)
    targets = dict(GrowthTarget.objects.filter(terms=terms).values_list("partner_id", "target_revenue"))
    partner_ids = {p for p, _q in revenue} | set(attach) | set(targets)
    certified = selectors.certified_partner_ids(quarter.end_date)
    accepted = selectors.accepted_partner_ids(terms.terms_version)
    figures = {}
    for partner in Partner.objects.filter(pk__in=partner_ids).order_by("pk"):
        reason = selectors.ineligible_reason(
            partner,
            terms,
            on=quarter.end_date,
            certified=partner.pk in certified,
            accepted=partner.pk in accepted,
        )
        current, estimated = revenue.get((partner.pk, quarter.pk), (ZERO, ZERO))
        hardware, attached = attach.get(partner.pk, (0, 0))
        figures[partner.pk] = (
            Figures(
                revenue=current,
                estimated=estimated,
                year_ago_revenue=revenue.get((partner.pk, last_year.pk), (ZERO, ZERO))[0] if last_year else ZERO,
                hardware_invoices=hardware,
                attached_invoices=attached,
                manager_target=targets.get(partner.pk),
                eligible=not reason,
            ),
            reason,
        )
    return figures


def fingerprint(terms: DiscountTerms, figures: dict) -> str:
    """SHA-256 of the inputs in canonical form (sorted, Decimals as text): equal inputs, equal
    fingerprints, in any process."""
    calc = selectors.calculation_terms(terms)
    canonical = repr(
        (
            str(terms.quarter_id),
            [(str(level.min_revenue), str(level.percent)) for level in calc.levels],
            str(calc.growth_percent),
            str(calc.growth_extra_percent),
            [(str(a.min_share), str(a.extra_percent)) for a in calc.attach_levels],
            sorted(
                (
                    pid,
                    str(f.revenue),
                    str(f.estimated),
                    str(f.year_ago_revenue),
                    f.hardware_invoices,
                    f.attached_invoices,
                    str(f.manager_target),
                    reason,
                )
                for pid, (f, reason) in figures.items()
            ),
        )
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def discount_run_compute(*, quarter: FiscalQuarter, actor=None, source: str = "command") -> DiscountRun:
    """Fix each partner's discount for the quarter after `quarter`, once it has closed (the payout
    runs' close: `rebates.selectors.quarter_is_closed`). Idempotent: when the quarter's newest run
    was computed from the same inputs it is returned as it is; otherwise the new run replaces a run
    not yet approved (an approved one stays in force until the new one is approved)."""
    terms = selectors.terms_of(quarter)
    if terms is None:
        raise PortalError(_("%(quarter)s has no discount terms.") % {"quarter": quarter.code}, code="no_terms")
    if not quarter_is_closed(quarter):
        raise PortalError(
            _("%(quarter)s has not closed yet: its discounts are fixed after it closes.") % {"quarter": quarter.code},
            code="quarter_open",
        )
    applies_to = selectors.next_quarter(quarter)
    if applies_to is None:
        raise PortalError(_("The fiscal calendar has no quarter after %(quarter)s.") % {"quarter": quarter.code})
    with transaction.atomic():
        FiscalQuarter.objects.select_for_update().get(pk=quarter.pk)  # one close of a quarter at a time
        figures = _inputs(quarter, terms)
        digest = fingerprint(terms, figures)
        newest = (
            DiscountRun.objects.filter(quarter=quarter)
            .exclude(status=DiscountRunStatus.SUPERSEDED)
            .order_by("-computed_at", "-pk")
            .first()
        )
        if newest is not None and newest.fingerprint == digest:
            return newest
        DiscountRun.objects.filter(quarter=quarter, status=DiscountRunStatus.COMPUTED).update(
            status=DiscountRunStatus.SUPERSEDED
        )
        run = DiscountRun.objects.create(
            quarter=quarter,
            applies_to=applies_to,
            fingerprint=digest,
            started_by=actor,
            started_by_name=actor.email if actor is not None else source,
            partners_count=len(figures),
        )
        calc = selectors.calculation_terms(terms)
        lines = []
        for partner_id, (figure, reason) in sorted(figures.items()):
            result = discount_for(calc, figure)
            lines.append(
                DiscountLine(
                    run=run,
                    partner_id=partner_id,
                    revenue=figure.revenue,
                    estimated=figure.estimated,
                    year_ago_revenue=figure.year_ago_revenue,
                    growth_target=result.growth_target,
                    growth_met=result.growth_met,
                    hardware_invoices=figure.hardware_invoices,
                    attached_invoices=figure.attached_invoices,
                    standard_percent=result.standard_percent,
                    growth_percent=result.growth_percent,
                    attach_percent=result.attach_percent,
                    total_percent=result.total_percent,
                    ineligible=reason,
                )
            )
        DiscountLine.objects.bulk_create(lines, batch_size=1000)
    return run


def discount_run_approve(*, run_id: int, actor) -> DiscountRun:
    """Finance or a program administrator approves the newest computed run, someone other than who
    started it; the approved run before it (if any) is replaced."""
    with transaction.atomic():
        run = DiscountRun.objects.select_for_update().select_related("quarter").get(pk=run_id)
        if not actor.has_perm(APPROVE_PERMISSION):
            raise PortalError(_("You may not approve discount runs."), code="not_permitted")
        if run.status != DiscountRunStatus.COMPUTED:
            raise PortalError(
                _("Only a computed run can be approved (this one is %(status)s).")
                % {"status": run.get_status_display()},
                code="not_computed",
            )
        if run.started_by_id is not None and run.started_by_id == actor.pk:
            raise PortalError(_("The person who started a run cannot approve it: ask a colleague."), code="four_eyes")
        if run.started_by_id is None and not (actor.groups.filter(name__in=[FINANCE, PROGRAM_ADMINISTRATORS]).exists()):
            raise PortalError(
                _("Run #%(id)s was started by %(who)s: a member of Finance or the program administrators approves it.")
                % {"id": run.pk, "who": run.started_by_name},
                code="four_eyes",
            )
        DiscountRun.objects.filter(quarter=run.quarter, status=DiscountRunStatus.APPROVED).update(
            status=DiscountRunStatus.SUPERSEDED
        )
        run.status, run.approved_by, run.approved_at = DiscountRunStatus.APPROVED, actor, timezone.now()
        run.save(update_fields=["status", "approved_by", "approved_at"])
    return run


def scheduled_closes(*, today=None) -> list[DiscountRun]:
    """Beat: a run for each quarter with terms that ended PAYOUT_RUN_DAYS_AFTER_QUARTER days ago or
    more (late reports are in, as for payouts) and has no run yet. Safe to run again."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.PAYOUT_RUN_DAYS_AFTER_QUARTER)
    computed = []
    for terms in DiscountTerms.objects.filter(quarter__end_date__lte=cutoff).select_related("quarter"):
        if DiscountRun.objects.filter(quarter=terms.quarter).exists():
            continue
        try:
            computed.append(discount_run_compute(quarter=terms.quarter, source="beat (schedule)"))
        except PortalError:
            continue
    return computed
