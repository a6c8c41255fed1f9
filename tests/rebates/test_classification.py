"""Products land in exactly one group of a program, on the seeded brochure rules."""

from decimal import Decimal

import pytest

from rebates.classification import ProductFacts, RuleFacts, classify
from rebates.models import Program
from rebates.payout_inputs import program_rules


@pytest.fixture
def rules(brochure):
    return {
        kind: program_rules(Program.objects.get(quarter__code="2016-Q1", kind=kind))
        for kind in ("client", "monitors", "enterprise")
    }


@pytest.mark.parametrize(
    "product, group",
    [
        (
            ProductFacts("inspiron", "5xxx", "aio"),
            "premium",
        ),  # an Inspiron AIO is in the AIO group, not "Inspiron 5xxx"
        (ProductFacts("inspiron", "3xxx", "aio"), "premium"),
        (ProductFacts("inspiron", "5xxx", "notebook"), "mainstream"),
        (ProductFacts("inspiron", "3xxx", "notebook"), "inspiron-nb-3xxx"),
        (ProductFacts("inspiron", "3xxx", "desktop"), None),  # the brochure pays Inspiron 3xxx notebooks only
        (ProductFacts("optiplex", "3xxx", "aio"), "premium"),
        (ProductFacts("optiplex", "3xxx", "desktop"), "optiplex-dt-3xxx"),
        (ProductFacts("optiplex", "9xxx", "desktop"), "mainstream"),
        (ProductFacts("vostro", "3xxx", "desktop"), "vostro-3xxx"),
        (ProductFacts("vostro", "5xxx", "notebook"), "premium"),
        (ProductFacts("vostro", "5xxx", "desktop"), None),
        (ProductFacts("latitude", "3xxx", "notebook"), "mainstream"),
        (ProductFacts("latitude", "7xxx", "notebook"), "premium"),
        (ProductFacts("latitude-rugged", "7xxx", "notebook"), "latitude-rugged"),
        (ProductFacts("xps", "", "notebook"), "premium"),
        (ProductFacts("xps", "", "aio"), None),
        (ProductFacts("venue-pro", "5xxx", "tablet"), "premium"),
        (ProductFacts("precision", "7xxx", "workstation"), "precision"),
        (ProductFacts("alienware", "", "desktop"), "alienware"),
        (ProductFacts("poweredge", "R7xx", "server"), None),  # a server is not a client product
    ],
)
def test_client_program(rules, product, group):
    assert classify(product, rules["client"]) == group


def monitor(diagonal, line="ultrasharp"):
    return ProductFacts(line, "U", "monitor", Decimal(diagonal))


@pytest.mark.parametrize(
    "diagonal, group",
    [
        ("15", None),
        ("16.9", None),
        ("17", "diag-17-20"),
        ("19.5", "diag-17-20"),
        ("21.4", "diag-17-20"),
        ("21.5", "diag-22-23"),
        ("23", "diag-22-23"),
        ("23.4", "diag-22-23"),
        ("23.5", "diag-24-25"),
        ("23.8", "diag-24-25"),
        ("25", "diag-24-25"),
        ("26.4", "diag-24-25"),
        ("26.5", "diag-27-29"),
        ("27", "diag-27-29"),
        ("29.4", "diag-27-29"),
        ("29.5", "diag-30-55"),
        ("34", "diag-30-55"),
        ("55", "diag-30-55"),
        ("55.4", "diag-30-55"),
        ("55.5", None),
    ],
)
def test_monitor_diagonals_at_every_boundary(rules, diagonal, group):
    assert classify(monitor(diagonal), rules["monitors"]) == group


@pytest.mark.parametrize(
    "line, eligible", [("monitor-in", True), ("monitor-st", True), ("monitor-aw", True), ("monitor-se", False)]
)
def test_only_the_brochures_monitor_series_count(rules, line, eligible):
    assert (classify(monitor("24", line), rules["monitors"]) is not None) is eligible


def test_a_monitor_without_a_diagonal_is_not_eligible(rules):
    assert classify(ProductFacts("ultrasharp", "U", "monitor", None), rules["monitors"]) is None


@pytest.mark.parametrize(
    "product, group",
    [
        (ProductFacts("poweredge", "T20", "server"), "pe-t20-t1xx"),
        (ProductFacts("poweredge", "T1xx", "server"), "pe-t20-t1xx"),
        (ProductFacts("poweredge", "R3xx", "server"), "pe-2xx-3xx"),
        (ProductFacts("poweredge", "T4xx", "server"), "pe-4xx-5xx-networking"),
        (ProductFacts("networking", "35xx", "switch"), "pe-4xx-5xx-networking"),
        (ProductFacts("networking", "N2xxx", "switch"), None),
        (ProductFacts("poweredge", "R9xx", "server"), "pe-6xx-9xx-powervault"),
        (ProductFacts("powervault", "", "storage"), "pe-6xx-9xx-powervault"),
    ],
)
def test_enterprise_program(rules, product, group):
    assert classify(product, rules["enterprise"]) == group


def test_unknown_product_line_is_not_eligible_anywhere(rules):
    unknown = ProductFacts("chromebook", "3xxx", "notebook")
    assert all(classify(unknown, r) is None for r in rules.values())


def test_first_rule_by_priority_wins_so_one_group_only():
    broad = RuleFacts(group="series", lines=frozenset({"x"}), series=frozenset({"5xxx"}), priority=100, order=1)
    narrow = RuleFacts(group="aio", lines=frozenset({"x"}), form_factors=frozenset({"aio"}), priority=10, order=2)
    assert classify(ProductFacts("x", "5xxx", "aio"), [broad, narrow]) == "aio"
    assert classify(ProductFacts("x", "5xxx", "notebook"), [broad, narrow]) == "series"
