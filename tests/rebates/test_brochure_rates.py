"""Every seeded rate equals the brochure's tables (typed here again from docs/rebate-rules.md, not imported)."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from rebates.models import Program, Rate

# brochure row → (group codes that carry it, amounts per plan)
CLIENT = {
    "Vostro DT & NB 3xxx": (["vostro-3xxx"], {50: 154, 150: 231}),
    "OptiPlex DT 3xxx": (["optiplex-dt-3xxx"], {50: 231, 150: 385}),
    "Inspiron NB 3xxx": (["inspiron-nb-3xxx"], {50: 154, 150: 308}),
    "Inspiron 5/7, OptiPlex 5/7/9, Latitude 3": (["mainstream"], {50: 539, 150: 539}),
    "Latitude 5/7, Vostro NB 5, AIO, Venue Pro, XPS, Latitude Rugged": (
        ["premium", "latitude-rugged"],
        {50: 1155, 150: 1155},
    ),
    "Precision, Alienware": (["precision", "alienware"], {50: 1925, 150: 1925}),
}
MONITORS = {
    '17"-20"': (["diag-17-20"], {100: 0, 300: 77}),
    '22"-23"': (["diag-22-23"], {100: 0, 300: 154}),
    '24"-25"': (["diag-24-25"], {100: 231, 300: 385}),
    '27"-29"': (["diag-27-29"], {100: 308, 300: 462}),
    '30"-55"': (["diag-30-55"], {100: 770, 300: 1155}),
}
ENTERPRISE = {
    "PowerEdge T20, T1xx": (["pe-t20-t1xx"], {5: 770}),
    "PowerEdge T/R 2xx, 3xx": (["pe-2xx-3xx"], {5: 1540}),
    "PowerEdge T/R 4xx & 5xx, PowerConnect 28xx, 35xx": (["pe-4xx-5xx-networking"], {5: 3080}),
    "PowerEdge T/R 6xx-9xx, PowerVault": (["pe-6xx-9xx-powervault"], {5: 4620}),
}
TABLES = {"client": (CLIENT, [50, 150]), "monitors": (MONITORS, [100, 300]), "enterprise": (ENTERPRISE, [5])}


@pytest.mark.parametrize("kind", TABLES)
def test_seeded_rates_are_the_brochures(brochure, kind):
    table, plans = TABLES[kind]
    program = Program.objects.get(quarter__code="2016-Q1", kind=kind)
    assert [t.units for t in program.tiers.all()] == plans
    expected = {
        (code, plan): Decimal(amount)
        for codes, amounts in table.values()
        for code in codes
        for plan, amount in amounts.items()
    }
    seeded = {
        (r.group.code, r.tier.units): r.amount
        for r in Rate.objects.filter(group__program=program).select_related("group", "tier")
    }
    assert seeded == expected  # every rate, zero rates included, nothing more


def test_q1_2016_deadline_and_policies(brochure):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    for program in Program.objects.filter(quarter__code="2016-Q1"):
        assert program.accept_deadline == datetime(2016, 4, 1, 0, 0, tzinfo=ZoneInfo("Europe/Moscow"))
        assert program.tier_policy == "agreed"
    assert Program.objects.get(quarter__code="2016-Q1", kind="enterprise").requires_confirmation


def test_seed_program_twice_creates_nothing_new(brochure):
    counts = (Program.objects.count(), Rate.objects.count())
    call_command("seed_program", verbosity=0)
    assert (Program.objects.count(), Rate.objects.count()) == counts == (3, 2 * 8 + 2 * 5 + 4)
