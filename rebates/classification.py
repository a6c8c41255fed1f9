"""Which product group of a program a catalog product belongs to (pure functions, no ORM).

Rules are tried by (priority, id); the first match decides, so a product is in at most one group
of a program. A product that matches no rule is not eligible for that program."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ProductFacts:
    line: str  # ProductLine.code
    series: str
    form_factor: str
    diagonal: Decimal | None = None


@dataclass(frozen=True)
class RuleFacts:
    group: str  # ProductGroup.code
    lines: frozenset[str]
    series: frozenset[str] = frozenset()  # empty: any
    form_factors: frozenset[str] = frozenset()  # empty: any
    diagonal_min: Decimal | None = None  # inclusive
    diagonal_below: Decimal | None = None  # exclusive
    priority: int = 100
    order: int = 0


def split_list(text: str) -> frozenset[str]:
    return frozenset(part.strip().lower() for part in (text or "").split(",") if part.strip())


def rule_matches(rule: RuleFacts, product: ProductFacts) -> bool:
    if product.line not in rule.lines:
        return False
    if rule.series and product.series.strip().lower() not in rule.series:
        return False
    if rule.form_factors and product.form_factor not in rule.form_factors:
        return False
    if rule.diagonal_min is not None or rule.diagonal_below is not None:
        if product.diagonal is None:
            return False
        if rule.diagonal_min is not None and product.diagonal < rule.diagonal_min:
            return False
        if rule.diagonal_below is not None and product.diagonal >= rule.diagonal_below:
            return False
    return True


def classify(product: ProductFacts, rules: list[RuleFacts]) -> str | None:
    """The group code of the first matching rule, or None (not eligible)."""
    for rule in sorted(rules, key=lambda r: (r.priority, r.order)):
        if rule_matches(rule, product):
            return rule.group
    return None
