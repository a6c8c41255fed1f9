"""Rebate arithmetic over plain data (no ORM, no settings, no clock). Rounding policy: amounts are
RUB with 2 places, rounded half up once per line (see docs/rebate-rules.md)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

KOPECK = Decimal("0.01")


def money(value) -> Decimal:
    return Decimal(value).quantize(KOPECK, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RateTable:
    """A program's tiers (plan thresholds in units) and RUB per unit by (group code, tier units)."""

    tiers: tuple[int, ...]
    rates: dict  # {(group_code, tier_units): Decimal}
    policy: str = "agreed"  # "agreed" | "achieved"

    def rate(self, group: str, tier_units: int) -> Decimal:
        return self.rates.get((group, tier_units), Decimal("0"))


def tier_applied(table: RateTable, *, plan_units: int, total_units: int) -> int | None:
    """The tier whose rates pay: under "agreed", the chosen plan if reached; under "achieved", the
    highest tier reached. None when nothing is reached."""
    if table.policy == "achieved":
        reached = [t for t in table.tiers if total_units >= t]
        return max(reached) if reached else None
    return plan_units if total_units >= plan_units else None


def expected_rebate(table: RateTable, *, plan_units: int, units_by_group: dict[str, int]) -> Decimal:
    """What a plan would pay on the given net units per group (gated groups already left out)."""
    total = sum(units_by_group.values())
    tier = tier_applied(table, plan_units=plan_units, total_units=total)
    if tier is None:
        return money(0)
    return money(sum((table.rate(group, tier) * units for group, units in units_by_group.items()), Decimal("0")))
