"""Reads of the discount program: terms as the calculation takes them, revenue and attach figures
summed in SQL (never a Python loop over sales lines), who sees which discounts."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Case, Count, DecimalField, F, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce

from benefits.models import Certificate
from catalog.models import FiscalQuarter
from discounts.calculation import AttachLevel, Discount, Figures, Level, Terms, discount_for, money
from discounts.models import (
    DiscountLine,
    DiscountRun,
    DiscountRunStatus,
    DiscountTerms,
    GrowthTarget,
    Ineligible,
    TermsAcceptance,
)
from distributors.models import SalesLine
from portal.selectors import regions_covered_by, sees_all_regions

ZERO = Decimal("0")
CHART_QUARTERS = 8
AMOUNT = DecimalField(max_digits=20, decimal_places=2)
# A line's value: the distributor's price, else the catalog's list price (calculation.revenue_of).
LINE_VALUE = F("quantity") * Coalesce("unit_price", "product__list_price")
ESTIMATED_VALUE = Case(
    When(unit_price__isnull=True, then=F("quantity") * F("product__list_price")), default=None, output_field=AMOUNT
)
IS_SERVICE = Q(product__line__is_services=True)
IS_HARDWARE = Q(product__isnull=False) & Q(product__line__is_services=False)


def terms_of(quarter: FiscalQuarter | None) -> DiscountTerms | None:
    if quarter is None:
        return None
    return DiscountTerms.objects.filter(quarter=quarter).prefetch_related("levels", "attach_levels").first()


def calculation_terms(terms: DiscountTerms) -> Terms:
    """The stored terms as the pure calculation takes them (levels prefetched)."""
    return Terms(
        levels=tuple(Level(level.min_revenue, level.percent) for level in terms.levels.all()),
        growth_percent=terms.growth_percent,
        growth_extra_percent=terms.growth_extra_percent,
        attach_levels=tuple(AttachLevel(a.min_share, a.extra_percent) for a in terms.attach_levels.all()),
    )


def year_ago(quarter: FiscalQuarter) -> FiscalQuarter | None:
    return FiscalQuarter.objects.filter(fiscal_year=quarter.fiscal_year - 1, number=quarter.number).first()


def next_quarter(quarter: FiscalQuarter) -> FiscalQuarter | None:
    return FiscalQuarter.objects.filter(start_date__gt=quarter.end_date).order_by("start_date").first()


def revenue_by_partner_and_quarter(quarter_ids, *, partner_id: int | None = None) -> dict[tuple[int, int], tuple]:
    """(partner, quarter) → (revenue, estimated): one grouped query, Decimal."""
    lines = SalesLine.objects.filter(quarter_id__in=quarter_ids, partner__isnull=False)
    if partner_id is not None:
        lines = lines.filter(partner_id=partner_id)
    rows = lines.values("partner_id", "quarter_id").annotate(
        revenue=Sum(LINE_VALUE, output_field=AMOUNT), estimated=Sum(ESTIMATED_VALUE, output_field=AMOUNT)
    )
    return {
        (row["partner_id"], row["quarter_id"]): (row["revenue"] or ZERO, row["estimated"] or ZERO)
        for row in rows.order_by()
    }


def quarter_figures(quarter_id: int, *, partner_id: int | None = None) -> dict[int, tuple]:
    """partner → (revenue, estimated, hardware invoices, of them with a service) of one quarter in
    one pass over its lines: net units and value per invoice (distributor × invoice number) in an
    inner grouping, summed and counted per partner in an outer one, as `calculation.revenue_of` and
    `calculation.attach_counts` do."""
    lines = SalesLine.objects.filter(quarter_id=quarter_id, partner__isnull=False)
    if partner_id is not None:
        lines = lines.filter(partner_id=partner_id)
    invoices = (
        lines.values("partner_id", "distributor_id", "invoice_number")
        .annotate(
            value=Sum(LINE_VALUE, output_field=AMOUNT),
            estimated=Sum(ESTIMATED_VALUE, output_field=AMOUNT),
            hw=Sum("quantity", filter=IS_HARDWARE),
            svc=Sum("quantity", filter=IS_SERVICE),
        )
        .order_by()
    )
    inner, params = invoices.query.sql_with_params()
    partner = connection.ops.quote_name("partner_id")
    sql = (
        f"SELECT t.{partner}, SUM(t.value), SUM(t.estimated), SUM(CASE WHEN t.hw > 0 THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN t.hw > 0 AND t.svc > 0 THEN 1 ELSE 0 END) FROM ({inner}) t GROUP BY t.{partner}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            row[0]: (_money(row[1]), _money(row[2]), int(row[3] or 0), int(row[4] or 0)) for row in cursor.fetchall()
        }


def _money(value) -> Decimal:
    """A raw cursor's sum as Decimal roubles (SQLite answers numeric sums as float)."""
    return money(Decimal(str(value))) if value is not None else ZERO


def attach_by_partner(quarter_id: int, *, partner_id: int | None = None) -> dict[int, tuple[int, int]]:
    """partner → (hardware invoices, of them with a service)."""
    return {p: figures[2:] for p, figures in quarter_figures(quarter_id, partner_id=partner_id).items()}


def ineligible_reason(partner, terms: DiscountTerms, *, on: date, certified: bool, accepted: bool) -> str:
    """Status (an active, i.e. Registered, partner), certificate and accepted terms version."""
    if not partner.is_active:
        return Ineligible.INACTIVE
    if terms.requires_certificate and not certified:
        return Ineligible.NO_CERTIFICATE
    if terms.terms_version and not accepted:
        return Ineligible.TERMS_NOT_ACCEPTED
    return ""


def certified_partner_ids(on: date, partner_ids=None) -> set[int]:
    certificates = Certificate.objects.filter(valid_from__lte=on, valid_until__gte=on, revoked_at=None)
    if partner_ids is not None:
        certificates = certificates.filter(partner_id__in=partner_ids)
    return set(certificates.values_list("partner_id", flat=True))


def accepted_partner_ids(version: str, partner_ids=None) -> set[int]:
    if not version:
        return set()
    acceptances = TermsAcceptance.objects.filter(version=version)
    if partner_ids is not None:
        acceptances = acceptances.filter(partner_id__in=partner_ids)
    return set(acceptances.values_list("partner_id", flat=True))


def earlier_revenue(partner_id: int, quarter_ids: list[int]) -> dict[int, tuple]:
    """quarter → (revenue, estimated) of the chart's earlier quarters, kept between requests under
    the rebates inputs' version token: they change only when a report is processed or corrected
    (`sales_lines_changed`) or the catalog is edited (list prices, services lines), and each of
    those replaces the token. Summing seven quarters of a large partner's lines is most of the
    page's time otherwise (docs/discounts.md, benchmark)."""
    from rebates.inputs_cache import cached

    def compute():
        rows = revenue_by_partner_and_quarter(quarter_ids, partner_id=partner_id)
        return {q: value for (_p, q), value in rows.items()}

    return cached(f"discount-history:{partner_id}:{','.join(map(str, quarter_ids))}", compute)


@dataclass(frozen=True)
class QuarterBar:
    code: str
    revenue: Decimal
    estimated: Decimal
    is_current: bool


@dataclass(frozen=True)
class Tool:
    """The partner's web tool: the current quarter's figures, what they would earn if it closed
    today, the discount in force now, and the last eight quarters' revenue."""

    quarter: FiscalQuarter
    terms: DiscountTerms
    figures: Figures
    discount: Discount
    ineligible: str
    history: list[QuarterBar]
    in_force: DiscountLine | None

    @property
    def ineligible_label(self) -> str:
        return Ineligible(self.ineligible).label if self.ineligible else ""


def tool_for(partner, quarter: FiscalQuarter | None, *, today: date) -> Tool | None:
    """A fixed number of queries whatever the partner's sales (tests count them)."""
    terms = terms_of(quarter)
    if terms is None:
        return None
    quarters = list(FiscalQuarter.objects.filter(start_date__lte=quarter.start_date).order_by("-start_date")[:8])
    same_last_year = (quarter.fiscal_year - 1, quarter.number)
    last_year = next((q for q in quarters if (q.fiscal_year, q.number) == same_last_year), None)
    last_year = last_year or year_ago(quarter)  # older than the chart when the calendar has gaps
    earlier = sorted(({q.pk for q in quarters} | ({last_year.pk} if last_year else set())) - {quarter.pk})
    so_far = quarter_figures(quarter.pk, partner_id=partner.pk).get(partner.pk, (ZERO, ZERO, 0, 0))
    revenue = {**earlier_revenue(partner.pk, earlier), quarter.pk: so_far[:2]}
    hardware, attached = so_far[2:]
    target = GrowthTarget.objects.filter(terms=terms, partner=partner).values_list("target_revenue", flat=True).first()
    reason = ineligible_reason(
        partner,
        terms,
        on=today,
        certified=bool(certified_partner_ids(today, [partner.pk])) if terms.requires_certificate else True,
        accepted=bool(accepted_partner_ids(terms.terms_version, [partner.pk])),
    )
    current, estimated = revenue.get(quarter.pk, (ZERO, ZERO))
    figures = Figures(
        revenue=current,
        estimated=estimated,
        year_ago_revenue=revenue.get(last_year.pk, (ZERO, ZERO))[0] if last_year else ZERO,
        hardware_invoices=hardware,
        attached_invoices=attached,
        manager_target=target,
        eligible=not reason,
    )
    history = [
        QuarterBar(q.code, *revenue.get(q.pk, (ZERO, ZERO)), is_current=q.pk == quarter.pk) for q in reversed(quarters)
    ]
    in_force = (
        DiscountLine.objects.filter(partner=partner, run__applies_to=quarter, run__status=DiscountRunStatus.APPROVED)
        .select_related("run")
        .first()
    )
    return Tool(quarter, terms, figures, discount_for(calculation_terms(terms), figures), reason, history, in_force)


# --- Who sees which discounts -------------------------------------------------------------------
def latest_approved_run() -> DiscountRun | None:
    """The run whose discounts apply in the latest quarter: what distributors apply now or next."""
    return (
        DiscountRun.objects.filter(status=DiscountRunStatus.APPROVED)
        .select_related("quarter", "applies_to")
        .order_by("-applies_to__start_date")
        .first()
    )


def distributor_partner_ids(distributor_id: int, run: DiscountRun) -> QuerySet:
    """A distributor's partners: those it reported sales to in the measured quarter or the three
    before it (the partners that buy from it; a distributor sees no one else's discount)."""
    window = FiscalQuarter.objects.filter(start_date__lte=run.quarter.start_date).order_by("-start_date")[:4]
    return (
        SalesLine.objects.filter(
            distributor_id=distributor_id, quarter_id__in=list(window.values_list("pk", flat=True))
        )
        .exclude(partner=None)
        .values("partner_id")
        .distinct()
    )


def discounts_for_distributor(user) -> tuple[DiscountRun | None, QuerySet[DiscountLine]]:
    run = latest_approved_run()
    if run is None or not user.distributor_id:
        return run, DiscountLine.objects.none()
    lines = (
        run.lines.filter(partner_id__in=distributor_partner_ids(user.distributor_id, run), total_percent__gt=0)
        .select_related("partner", "run__applies_to")
        .order_by("partner__legal_name")
    )
    return run, lines


def lines_visible_to(user) -> QuerySet[DiscountLine]:
    """Staff: lines of partners in the districts they cover (all with `portal.view_all_regions`)."""
    lines = DiscountLine.objects.select_related("partner__region", "run__quarter", "run__applies_to")
    if sees_all_regions(user):
        return lines
    return lines.filter(partner__region__in=regions_covered_by(user))


def run_partner_count(run: DiscountRun) -> dict:
    return run.lines.aggregate(n=Count("pk"), earning=Count("pk", filter=Q(total_percent__gt=0)))
