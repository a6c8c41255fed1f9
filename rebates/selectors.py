"""Reads for programs, enrollments and payouts, including what a user may see."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Prefetch, QuerySet, Value, When
from django.utils import timezone

from catalog.models import FiscalQuarter, Product
from catalog.selectors import current_quarter
from portal.selectors import regions_covered_by, sees_all_regions
from rebates.calculation import expected_rebate
from rebates.classification import classify
from rebates.inputs_cache import cached
from rebates.models import Enrollment, ProductGroup, Program, ProgramKind, Rate
from rebates.payout_inputs import product_facts, program_rules, rate_table
from rebates.progress import counted_units_by_group, counted_units_by_program, partner_progress

KIND_ORDER = Case(*(When(kind=kind, then=Value(i)) for i, kind in enumerate(ProgramKind.values)), default=Value(99))


def programs_of(quarter: FiscalQuarter | None) -> QuerySet[Program]:
    """The quarter's programs in the brochure's order (client, monitors, enterprise); every
    quarter's, newest first, for None."""
    programs = Program.objects.filter(quarter=quarter) if quarter is not None else Program.objects.all()
    return (
        programs.order_by("-quarter__start_date", KIND_ORDER)
        .select_related("quarter")
        .prefetch_related(
            "tiers",
            Prefetch(
                "groups",
                queryset=ProductGroup.objects.prefetch_related(
                    Prefetch("rates", queryset=Rate.objects.select_related("tier")), "gates"
                ),
            ),
            "gates__courses",
        )
    )


def rate_rows(program: Program) -> list[dict]:
    """The program's rate table for people: one row per group, one amount per plan (in plan order)."""
    tiers = list(program.tiers.all())
    rows = []
    for group in program.groups.all():
        by_tier = {r.tier_id: r.amount for r in group.rates.all()}
        rows.append(
            {
                "group": group,
                "amounts": [by_tier.get(t.pk, Decimal("0")) for t in tiers],
                "gated": bool(group.gates.all()),
            }
        )
    return rows


def product_groups_in(quarter: FiscalQuarter, product: Product) -> list[ProductGroup]:
    """The groups a product belongs to in the quarter's programs (empty: not eligible anywhere)."""
    return product_groups_of(quarter, [product])[product.pk]


def product_groups_of(quarter: FiscalQuarter, products) -> dict[int, list[ProductGroup]]:
    """{product id: its groups in the quarter's programs}, for a page of products at once: the rules
    are read once per program, whatever the number of products (products need their line loaded)."""
    programs = list(Program.objects.filter(quarter=quarter).prefetch_related("groups"))
    rules = {program.pk: program_rules(program) for program in programs}
    groups = {(program.pk, group.code): group for program in programs for group in program.groups.all()}
    found: dict[int, list[ProductGroup]] = {}
    for product in products:
        facts = product_facts(product)
        codes = ((program.pk, classify(facts, rules[program.pk])) for program in programs)
        found[product.pk] = [groups[key] for key in codes if key[1] and key in groups]
    return found


def partner_units_by_program(partner, quarter: FiscalQuarter, *, programs=None) -> dict[int, dict[str, int]]:
    """Net units per program and group that count for the partner so far in the quarter."""
    return counted_units_by_program(partner, quarter, programs=programs)


def partner_units_by_group(partner, program: Program) -> dict[str, int]:
    """Net units per group that count for the partner so far in the program's quarter (from
    authorized distributors, gates met), read from the distributors' processed reports."""
    return counted_units_by_group(partner, program)


@dataclass
class PlanOffer:
    tier: object
    expected: Decimal
    reached: bool


def plan_offers(program: Program, units_by_group: dict[str, int]) -> list[PlanOffer]:
    """What each plan would pay on the partner's current volume."""
    table = rate_table(program)
    total = sum(units_by_group.values())
    return [
        PlanOffer(
            tier=t,
            expected=expected_rebate(table, plan_units=t.units, units_by_group=units_by_group),
            reached=total >= t.units,
        )
        for t in program.tiers.all()
    ]


def enrollments_of(partner) -> dict[int, Enrollment]:
    return {e.program_id: e for e in Enrollment.objects.filter(partner=partner).select_related("tier")}


def enrollments_visible_to(user) -> QuerySet[Enrollment]:
    enrollments = Enrollment.objects.select_related("partner__region", "program__quarter", "tier", "accepted_by")
    if sees_all_regions(user):
        return enrollments
    if user.is_staff:
        return enrollments.filter(partner__region_id__in=regions_covered_by(user))
    if user.partner_id:
        return enrollments.filter(partner_id=user.partner_id)
    return enrollments.none()


def enrollments_in(partner, quarter: FiscalQuarter) -> list[Enrollment]:
    """The partner's enrollments in the quarter's programs, with program and plan, by program kind."""
    return list(
        Enrollment.objects.filter(partner=partner, program__quarter=quarter)
        .select_related("program", "tier")
        .order_by("program__kind")
    )


def current_progress(partner, *, quarter=None, enrollments=None):
    """Progress to plan in the current quarter, per accepted program (see rebates.progress)."""
    quarter = quarter or quarter_now()
    if quarter is None:
        return []
    return partner_progress(partner, quarter, enrollments_in(partner, quarter) if enrollments is None else enrollments)


# --- Read on every partner page: cached between requests (rebates/inputs_cache.py) -----------------
def quarter_now() -> FiscalQuarter | None:
    """The current fiscal quarter (catalog.selectors.current_quarter), cached for the day."""
    return cached(f"current-quarter:{timezone.localdate()}", current_quarter, shared=True)


def quarters_with_programs() -> list[FiscalQuarter]:
    """Quarters that have programs, newest first: what the programs page lets a partner pick."""
    return cached(
        "quarters-with-programs",
        lambda: list(FiscalQuarter.objects.filter(programs__isnull=False).distinct().order_by("-start_date")),
        shared=True,
    )


def quarter_programs(quarter: FiscalQuarter) -> list[Program]:
    """programs_of(quarter) as a list, with its tiers, groups, rates and gates loaded."""
    return cached(f"programs:{quarter.pk}", lambda: list(programs_of(quarter)), shared=True)


def payout_lines_visible_to(user):
    """Payout lines a user may see: staff who see all districts — all; a distributor — lines paid
    through it; a partner — its own; everyone else — none."""
    from rebates.models import PayoutLine

    lines = PayoutLine.objects.select_related("run__quarter", "partner", "distributor", "program")
    if not user.is_authenticated:
        return lines.none()
    if user.distributor_id:
        return lines.filter(distributor_id=user.distributor_id)
    if user.partner_id:
        return lines.filter(partner_id=user.partner_id)
    if user.is_staff and sees_all_regions(user) or user.has_perm("rebates.view_payoutline"):
        return lines
    return lines.none()


def statement_runs_for(user) -> list:
    """Runs with lines for the user, newest quarter first: every approved run, and a computed run
    when it is the newest of its quarter (awaiting approval, or a preview of an open quarter)."""
    from rebates.models import PayoutRun, RunStatus

    run_ids = (
        payout_lines_visible_to(user).filter(run__status__in=[RunStatus.APPROVED, RunStatus.DONE]).values("run_id")
    )
    runs = (
        PayoutRun.objects.filter(pk__in=run_ids)
        .select_related("quarter")
        .order_by("-quarter__start_date", "-started_at")
    )
    newest_seen, kept = set(), []
    for run in runs:
        if run.status == RunStatus.APPROVED or run.quarter_id not in newest_seen:
            kept.append(run)
        newest_seen.add(run.quarter_id)
    return kept


@dataclass(frozen=True)
class StatementItem:
    run: object
    distributor_name: str
    total: Decimal
    payment: object | None  # PayoutPayment through this distributor, once recorded


def statement_items_for(user) -> list[StatementItem]:
    """One row per run and distributor: what the user's lines in it come to, and whether that money
    is a preview, awaits approval, is approved, or was paid (with the bank's date)."""
    from django.db.models import Sum

    from rebates.models import PayoutPayment

    runs = statement_runs_for(user)
    sums = (
        payout_lines_visible_to(user)
        .filter(run__in=runs)
        .values("run_id", "distributor_id", "distributor__name")
        .annotate(total=Sum("amount"))
        .order_by("distributor__name")
    )
    payments = {(p.run_id, p.distributor_id): p for p in PayoutPayment.objects.filter(run__in=runs)}
    by_run: dict[int, list] = {}
    for row in sums:
        key = (row["run_id"], row["distributor_id"])
        by_run.setdefault(row["run_id"], []).append((row["distributor__name"], row["total"], payments.get(key)))
    return [StatementItem(run, name, total, payment) for run in runs for name, total, payment in by_run.get(run.pk, [])]


# --- Quarter close ----------------------------------------------------------------------------
def quarter_is_closed(quarter: FiscalQuarter, now=None) -> bool:
    """Closed: its last day is over (Moscow time) and so is every ACCEPT deadline of its programs.
    Only then are its numbers final; a run computed before is a preview."""
    now = now or timezone.now()
    if timezone.localdate(now) <= quarter.end_date:
        return False
    return not Program.objects.filter(quarter=quarter, accept_deadline__gt=now).exists()


def quarter_is_frozen(quarter_id: int) -> bool:
    """A quarter with an approved run: its enrollments and plans no longer change."""
    from rebates.models import PayoutRun, RunStatus

    return PayoutRun.objects.filter(quarter_id=quarter_id, status=RunStatus.APPROVED).exists()


def quarters_with_state(quarters: QuerySet[FiscalQuarter]) -> QuerySet[FiscalQuarter]:
    """Quarters with what a list of them shows per row, in the same query: the number of programs,
    the last ACCEPT deadline and whether an approved run froze them (`quarter_state` reads these)."""
    from django.db.models import Count, Exists, Max, OuterRef

    from rebates.models import PayoutRun, RunStatus

    approved = PayoutRun.objects.filter(quarter=OuterRef("pk"), status=RunStatus.APPROVED)
    return quarters.annotate(
        program_total=Count("programs", distinct=True),
        last_deadline=Max("programs__accept_deadline"),
        frozen=Exists(approved),
    )


def quarter_state(quarter: FiscalQuarter, now=None) -> str:
    """The state, "frozen", "closed" or "open", of a quarter from `quarters_with_state` (the same rules as
    `quarter_is_frozen` and `quarter_is_closed`, without a query per quarter)."""
    now = now or timezone.now()
    if quarter.frozen:
        return "frozen"
    if timezone.localdate(now) <= quarter.end_date:
        return "open"
    return "open" if quarter.last_deadline is not None and quarter.last_deadline > now else "closed"


def quarters_having(lookup: str) -> QuerySet[FiscalQuarter]:
    """Quarters that something refers to (lookup from the quarter, e.g. "programs", "payout_runs"),
    newest first: what a quarter filter offers, rather than the whole calendar."""
    return FiscalQuarter.objects.filter(**{f"{lookup}__isnull": False}).distinct().order_by("-start_date")


def partner_gated_items(partner, quarter: FiscalQuarter) -> list[dict]:
    """training_gates.gated_items: the quarter's gated programs and groups with the partner's state."""
    from rebates.training_gates import gated_items

    return cached(f"gated-items:{partner.pk}:{quarter.pk}", lambda: gated_items(partner, quarter))


def partner_contacts(partner) -> dict:
    """The dashboard's district and people to write to: the partner's personal managers and the
    program contacts (the same for every partner of a district and segment)."""
    from portal.selectors import account_managers_for, program_contacts

    def compute():
        return {
            "region": partner.region,
            "managers": account_managers_for(region_id=partner.region_id, segment=partner.segment),
            "program_contacts": program_contacts(),
        }

    return cached(f"contacts:{partner.region_id}:{partner.segment}", compute, shared=True)


def colleagues_with_pending_courses(partner) -> list:
    """The partner's users by name, each with `pending_courses`: the courses they reported that
    vendor staff have not confirmed yet (one query for the dashboard's list and its next steps)."""
    from django.db.models import Count, Q

    from training.models import CompletionStatus

    pending = Count("completions", filter=Q(completions__status=CompletionStatus.PENDING))
    return list(partner.users.annotate(pending_courses=pending).order_by("full_name", "email"))
