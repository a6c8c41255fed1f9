"""The discount calculation on examples computed by hand (docs/discounts.md): plain data, no database."""

from decimal import Decimal as D

import pytest

from discounts.calculation import (
    AttachLevel,
    Figures,
    Level,
    Line,
    Terms,
    attach_counts,
    discount_for,
    revenue_of,
)

TERMS = Terms(
    levels=(Level(D("1000000"), D("1")), Level(D("3000000"), D("3")), Level(D("10000000"), D("5"))),
    growth_percent=D("10"),
    growth_extra_percent=D("1"),
    attach_levels=(AttachLevel(D("30"), D("0.5")), AttachLevel(D("50"), D("1"))),
)


def figures(revenue, year_ago="0", hardware=0, attached=0, **more):
    return Figures(
        revenue=D(revenue), year_ago_revenue=D(year_ago), hardware_invoices=hardware, attached_invoices=attached, **more
    )


@pytest.mark.parametrize(
    "revenue, percent, next_percent, missing",
    [
        ("0", "0", "1", "1000000.00"),
        ("999999.99", "0", "1", "0.01"),  # a kopeck short of the first threshold
        ("1000000.00", "1", "3", "2000000.00"),  # exactly on it: reached
        ("2580000", "1", "3", "420000.00"),  # "ещё 420 000 ₽ до 3 %"
        ("2999999.99", "1", "3", "0.01"),
        ("3000000", "3", "5", "7000000.00"),
        ("10000000", "5", None, None),  # the top: nothing further
        ("25000000", "5", None, None),
    ],
)
def test_revenue_thresholds_at_their_edges(revenue, percent, next_percent, missing):
    result = discount_for(TERMS, figures(revenue))
    assert result.standard_percent == D(percent)
    assert (result.next_level.percent if result.next_level else None) == (D(next_percent) if next_percent else None)
    assert result.revenue_missing == (D(missing) if missing else None)


def test_growth_against_a_quarter_a_year_earlier():
    # 2 000 000 a year ago, +10 % → the target is 2 200 000,00
    met = discount_for(TERMS, figures("2200000", year_ago="2000000"))
    assert (met.growth_target, met.growth_met, met.growth_percent) == (D("2200000.00"), True, D("1"))
    short = discount_for(TERMS, figures("2199999.99", year_ago="2000000"))
    assert (short.growth_met, short.growth_missing, short.growth_percent) == (False, D("0.01"), D("0"))
    assert short.total_percent == D("1")  # the standard level only


def test_growth_against_a_quarter_with_no_sales_has_no_target():
    """Nothing to grow from: no growth extra, whatever the revenue — unless the manager sets a target."""
    result = discount_for(TERMS, figures("5000000", year_ago="0", hardware=2, attached=2))
    assert (result.growth_target, result.growth_met, result.growth_missing) == (None, False, None)
    assert (result.growth_percent, result.attach_percent, result.total_percent) == (D("0"), D("0"), D("3"))
    with_target = discount_for(TERMS, figures("5000000", year_ago="0", manager_target=D("4000000")))
    assert (with_target.growth_target, with_target.growth_met, with_target.total_percent) == (
        D("4000000.00"),
        True,
        D("4"),
    )


def test_a_managers_target_replaces_the_percent_rule():
    # a year ago 1 000 000 would give 1 100 000; the manager asks 2 500 000
    result = discount_for(TERMS, figures("2000000", year_ago="1000000", manager_target=D("2500000")))
    assert (result.growth_target, result.growth_met, result.growth_missing) == (D("2500000.00"), False, D("500000.00"))


def test_attach_on_mixed_invoices():
    invoices = [
        (2, 1),  # notebooks with ProSupport: hardware, attached
        (1, 0),  # a server alone: hardware
        (0, 1),  # a service alone: not a hardware invoice
        (3, 2),  # hardware, attached
        (-1, 0),  # a credit note (returned notebook): not a hardware invoice
        (1, -1),  # hardware whose service was returned: not attached
    ]
    assert attach_counts(invoices) == (4, 2)
    result = discount_for(TERMS, figures("3300000", year_ago="3000000", hardware=4, attached=2))
    assert result.attach_share == D("50.00")
    assert (result.attach_percent, result.next_attach, result.attach_invoices_missing) == (D("1"), None, None)


@pytest.mark.parametrize(
    "hardware, attached, share, percent, missing",
    [
        (10, 3, "30.00", "0.5", 2),  # exactly 30 %: reached; 50 % needs 5 of 10, 2 more
        (100, 29, "29.00", "0", 1),
        (3, 1, "33.33", "0.5", 1),  # 1 of 3: 33.33 %; 50 % needs 1.5 → 2 invoices, 1 more
        (4, 1, "25.00", "0", 1),  # 30 % of 4 is 1.2 → 2 invoices, 1 more
        (0, 0, None, "0", None),  # no hardware invoices: no rate
    ],
)
def test_attach_rate_at_its_edges(hardware, attached, share, percent, missing):
    result = discount_for(TERMS, figures("1000000", year_ago="500000", hardware=hardware, attached=attached))
    assert result.growth_met
    assert result.attach_share == (D(share) if share else None)
    assert result.attach_percent == D(percent)
    assert result.attach_invoices_missing == missing


def test_services_extra_needs_the_growth_target():
    """The brochure gives the extras to partners that meet their growth target."""
    result = discount_for(TERMS, figures("3300000", year_ago="3200000", hardware=10, attached=6))
    assert not result.growth_met and result.attach_share == D("60.00")
    assert (result.attach_percent, result.total_percent) == (D("0"), D("3"))


def test_a_full_quarter_computed_by_hand():
    # 3 300 000 ≥ 3 000 000 → 3 %; a year ago 2 800 000 → target 3 080 000, met → +1 %;
    # 6 of 10 hardware invoices with a service = 60 % ≥ 50 % → +1 %; in all 5 %.
    result = discount_for(TERMS, figures("3300000", year_ago="2800000", hardware=10, attached=6))
    assert (result.standard_percent, result.growth_percent, result.attach_percent) == (D("3"), D("1"), D("1"))
    assert result.total_percent == D("5")


def test_not_eligible_earns_nothing_but_shows_what_it_would():
    result = discount_for(TERMS, figures("3300000", year_ago="2800000", eligible=False))
    assert result.total_percent == D("0") and result.would_earn_percent == D("4")


def test_returns_net_and_lines_without_a_price():
    # 10 × 100,00 − 2 × 100,00 (a return) = 800,00
    assert revenue_of([Line(10, D("100.00")), Line(-2, D("100.00"))]).total == D("800.00")
    # 3 × list price 150,50 = 451,50 (estimated); 1 × 99,99; a line with no price at all counts 0
    revenue = revenue_of([Line(3, None, D("150.50")), Line(2, None, None), Line(1, D("99.99"), D("500"))])
    assert (revenue.total, revenue.estimated, revenue.unpriced_lines) == (D("551.49"), D("451.50"), 1)
    # a returned line without a price is netted at the list price too
    assert revenue_of([Line(2, None, D("10")), Line(-1, None, D("10"))]) == revenue_of([Line(1, None, D("10"))])


def test_the_calculation_is_deterministic():
    one = discount_for(TERMS, figures("3300000", year_ago="2800000", hardware=10, attached=6))
    assert all(
        discount_for(TERMS, figures("3300000", year_ago="2800000", hardware=10, attached=6)) == one for _ in range(5)
    )
