"""The discount calculation (docs/discounts.md): plain data in, plain data out, no ORM. The quarterly
close, the partner's web tool and the API all call `discount_for`, so that what a partner is shown
"if the quarter closed today" is what the close fixes."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
HUNDRED = Decimal("100")
KOPECK = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    return value.quantize(KOPECK, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Level:
    """Revenue of at least `min_revenue` roubles in a quarter earns `percent` standard discount."""

    min_revenue: Decimal
    percent: Decimal


@dataclass(frozen=True)
class AttachLevel:
    """At least `min_share` per cent of the hardware invoices carry a service: `extra_percent` more."""

    min_share: Decimal
    extra_percent: Decimal


@dataclass(frozen=True)
class Terms:
    levels: tuple[Level, ...]
    growth_percent: Decimal  # target: the same quarter a year earlier plus this many per cent
    growth_extra_percent: Decimal  # earned by meeting or beating the growth target
    attach_levels: tuple[AttachLevel, ...] = ()


@dataclass(frozen=True)
class Line:
    """A sales line as the revenue rule sees it: the distributor's price, else the catalog's."""

    quantity: int
    unit_price: Decimal | None
    list_price: Decimal | None = None


@dataclass(frozen=True)
class Revenue:
    total: Decimal  # net of returns, priced lines plus estimated ones
    estimated: Decimal  # the part valued at the catalog's list price
    unpriced_lines: int = 0  # lines with neither price: counted as 0 roubles


def revenue_of(lines: Iterable[Line]) -> Revenue:
    """Quantity × unit price, returns (negative quantities) netted; a line without a unit price is
    valued at its product's list price and marked estimated; one with neither counts nothing. The
    selectors do the same sum in SQL (tests compare the two)."""
    total = estimated = ZERO
    unpriced = 0
    for line in lines:
        if line.unit_price is not None:
            total += line.quantity * line.unit_price
        elif line.list_price is not None:
            total += line.quantity * line.list_price
            estimated += line.quantity * line.list_price
        else:
            unpriced += 1
    return Revenue(money(total), money(estimated), unpriced)


def attach_counts(invoices: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """(hardware invoices, those of them carrying a service) from each invoice's net (hardware units,
    service units): an invoice is a hardware invoice when its hardware units net above zero (a credit
    note of returns is not one), and it carries a service when its service units do too."""
    hardware = attached = 0
    for hardware_units, service_units in invoices:
        if hardware_units > 0:
            hardware += 1
            attached += service_units > 0
    return hardware, attached


@dataclass(frozen=True)
class Figures:
    """A partner's quarter as the selectors measure it."""

    revenue: Decimal
    year_ago_revenue: Decimal
    hardware_invoices: int
    attached_invoices: int
    manager_target: Decimal | None = None  # a target its manager set replaces the percent rule
    estimated: Decimal = ZERO
    eligible: bool = True


@dataclass(frozen=True)
class Discount:
    standard_percent: Decimal
    next_level: Level | None  # the next revenue threshold, None at the top
    revenue_missing: Decimal | None  # roubles still needed for it
    growth_target: Decimal | None  # None: nothing to grow from (no sales a year earlier, no target set)
    growth_met: bool
    growth_missing: Decimal | None
    growth_percent: Decimal  # extra for growth, earned only when the target is met
    attach_share: Decimal | None  # per cent of hardware invoices, None without hardware invoices
    next_attach: AttachLevel | None
    attach_invoices_missing: int | None  # hardware invoices that still need a service for it
    attach_percent: Decimal  # extra for services, earned only together with growth
    eligible: bool
    total_percent: Decimal  # what the partner gets (0 when not eligible)

    @property
    def would_earn_percent(self) -> Decimal:
        """What the numbers earn, eligible or not (the tool shows both)."""
        return self.standard_percent + self.growth_percent + self.attach_percent


def _standard(levels, revenue):
    reached = [level for level in levels if revenue >= level.min_revenue]
    higher = sorted((level for level in levels if revenue < level.min_revenue), key=lambda level: level.min_revenue)
    percent = max((level.percent for level in reached), default=ZERO)
    following = next((level for level in higher if level.percent > percent), None)
    return percent, following


def growth_target(terms: Terms, figures: Figures) -> Decimal | None:
    if figures.manager_target is not None:
        return money(figures.manager_target)
    if figures.year_ago_revenue <= 0:
        return None
    return money(figures.year_ago_revenue * (HUNDRED + terms.growth_percent) / HUNDRED)


def _attach(levels, hardware: int, attached: int):
    """The best level met and the next one, compared exactly (attached × 100 ≥ share × hardware):
    a share is never rounded up past a threshold."""
    if hardware <= 0:
        return None, ZERO, min(levels, key=lambda a: a.min_share, default=None), None
    share = (Decimal(attached) * HUNDRED / hardware).quantize(KOPECK, rounding=ROUND_HALF_UP)
    met = [a for a in levels if attached * HUNDRED >= a.min_share * hardware]
    percent = max((a.extra_percent for a in met), default=ZERO)
    following = min(
        (a for a in levels if attached * HUNDRED < a.min_share * hardware and a.extra_percent > percent),
        key=lambda a: a.min_share,
        default=None,
    )
    missing = None
    if following is not None:  # services added to hardware invoices already there
        missing = int((following.min_share * hardware / HUNDRED - attached).to_integral_value(ROUND_CEILING))
    return share, percent, following, missing


def discount_for(terms: Terms, figures: Figures) -> Discount:
    """The discount a quarter's figures earn for the next quarter: the standard level its revenue
    reaches; growth's extra when revenue meets or beats the target; services' extra for the attach
    rate, which the brochure gives to partners that meet their growth target, so only with growth."""
    revenue = money(figures.revenue)
    standard, following = _standard(terms.levels, revenue)
    target = growth_target(terms, figures)
    met = target is not None and revenue >= target
    share, attach_level_percent, next_attach, attach_missing = _attach(
        terms.attach_levels, figures.hardware_invoices, figures.attached_invoices
    )
    growth_percent = terms.growth_extra_percent if met else ZERO
    attach_percent = attach_level_percent if met else ZERO
    earned = standard + growth_percent + attach_percent
    return Discount(
        standard_percent=standard,
        next_level=following,
        revenue_missing=money(following.min_revenue - revenue) if following else None,
        growth_target=target,
        growth_met=met,
        growth_missing=None if target is None or met else money(target - revenue),
        growth_percent=growth_percent,
        attach_share=share,
        next_attach=next_attach,
        attach_invoices_missing=attach_missing,
        attach_percent=attach_percent,
        eligible=figures.eligible,
        total_percent=earned if figures.eligible else ZERO,
    )
