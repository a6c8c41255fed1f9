"""The worked examples of docs/rebate-rules.md, computed by hand."""

from decimal import Decimal

import pytest

from rebates.calculation import RateTable, expected_rebate, money, tier_applied

CLIENT = {
    ("vostro-3xxx", 50): Decimal(154),
    ("vostro-3xxx", 150): Decimal(231),
    ("precision", 50): Decimal(1925),
    ("precision", 150): Decimal(1925),
}


@pytest.mark.parametrize(
    "policy, plan, units, expected",
    [
        ("agreed", 150, {"vostro-3xxx": 120, "precision": 40}, Decimal("104720.00")),  # 120×231 + 40×1925
        ("agreed", 150, {"vostro-3xxx": 100, "precision": 40}, Decimal("0.00")),  # 140 < 150
        ("achieved", 150, {"vostro-3xxx": 100, "precision": 40}, Decimal("92400.00")),  # 100×154 + 40×1925
        ("achieved", 50, {"vostro-3xxx": 120, "precision": 40}, Decimal("104720.00")),  # highest reached: 150
        ("agreed", 50, {"vostro-3xxx": 49}, Decimal("0.00")),
        ("agreed", 50, {"vostro-3xxx": 50}, Decimal("7700.00")),
    ],
)
def test_expected_rebate(policy, plan, units, expected):
    table = RateTable(tiers=(50, 150), rates=CLIENT, policy=policy)
    assert expected_rebate(table, plan_units=plan, units_by_group=units) == expected


def test_returns_net_against_units():
    table = RateTable(tiers=(50, 150), rates=CLIENT)
    assert expected_rebate(table, plan_units=50, units_by_group={"vostro-3xxx": 55 - 10}) == Decimal("0.00")
    assert tier_applied(table, plan_units=50, total_units=60 - 10) == 50


def test_money_rounds_half_up_to_the_kopeck():
    assert money(Decimal("0.005")) == Decimal("0.01") and money(Decimal("1.234")) == Decimal("1.23")
