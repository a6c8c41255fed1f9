"""What the selectors sum in SQL equals the pure rules; the partner's web tool and its API; isolation."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.selectors import current_quarter
from discounts import selectors
from discounts.calculation import Line, attach_counts, revenue_of
from discounts.models import TermsAcceptance
from tests.discounts.conftest import make_terms, quarter, sell

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_quarter(partner_a, partner_b, distributor_a, distributor_b, products):
    """2025-Q3 of partner A, by hand: revenue 2 × 50 000 + 2 × 12 000 + 1 × 150 000 (list price,
    estimated) − 1 × 50 000 (a return) + 1 × 12 000 + 1 × ? (no price, no list price) = 236 000;
    invoices: A-1 notebooks + ProSupport (attached), A-2 server alone, A-3 a credit note,
    B-1 ProSupport alone (another distributor, the same number A-1 would be another invoice)."""
    q = quarter("2025-Q3")
    nb, srv, ps = products["notebook"], products["server"], products["prosupport"]
    sell(partner_a, distributor_a, q, "A-1", nb, 2, "50000")
    sell(partner_a, distributor_a, q, "A-1", ps, 2, "12000")
    sell(partner_a, distributor_a, q, "A-2", srv, 1)  # no unit price: the list price 150 000
    sell(partner_a, distributor_a, q, "A-3", nb, -1, "50000")  # a return on a credit note
    sell(partner_a, distributor_b, q, "A-1", ps, 1, "12000")  # B's invoice A-1: a service alone
    sell(partner_a, distributor_b, q, "A-4", None, 1, sku="UNKNOWN-1")  # unknown SKU, no price
    sell(partner_b, distributor_b, q, "B-9", nb, 40, "50000")  # another partner
    return q


def test_sql_revenue_equals_the_pure_rule(mixed_quarter, partner_a, products):
    nb, srv, ps = products["notebook"], products["server"], products["prosupport"]
    by_hand = revenue_of(
        [
            Line(2, D("50000"), nb.list_price),
            Line(2, D("12000"), ps.list_price),
            Line(1, None, srv.list_price),
            Line(-1, D("50000"), nb.list_price),
            Line(1, D("12000"), ps.list_price),
            Line(1, None, None),
        ]
    )
    assert (by_hand.total, by_hand.estimated) == (D("236000.00"), D("150000.00"))
    found = selectors.revenue_by_partner_and_quarter([mixed_quarter.pk], partner_id=partner_a.pk)
    assert found == {(partner_a.pk, mixed_quarter.pk): (by_hand.total, by_hand.estimated)}
    # the tool's one-pass query (revenue with attach) sums the same
    assert (
        selectors.quarter_figures(mixed_quarter.pk, partner_id=partner_a.pk)[partner_a.pk][:2]
        == found[(partner_a.pk, mixed_quarter.pk)]
    )


def test_sql_attach_equals_the_pure_rule(mixed_quarter, partner_a, partner_b):
    # alpha A-1 (2, 2) attached; alpha A-2 (1, 0); alpha A-3 (-1, 0); beta A-1 (0, 1); beta A-4 unknown SKU (0, 0)
    assert attach_counts([(2, 2), (1, 0), (-1, 0), (0, 1), (0, 0)]) == (2, 1)
    assert selectors.attach_by_partner(mixed_quarter.pk) == {partner_a.pk: (2, 1), partner_b.pk: (1, 0)}


@pytest.fixture
def tool_quarter(partner_a, partner_b, distributor_a, products):
    """The current quarter with terms; partner A sold 2 580 000 ₽ in it and 2 000 000 ₽ a year earlier."""
    now = current_quarter()
    make_terms(now)
    year_ago = selectors.year_ago(now)
    nb, ps = products["notebook"], products["prosupport"]
    sell(partner_a, distributor_a, now, "T-1", nb, 50, "50000")  # 2 500 000
    sell(partner_a, distributor_a, now, "T-1", ps, 5, "12000")  # 60 000
    sell(partner_a, distributor_a, now, "T-2", nb, 1, "20000")  # 20 000, no service
    sell(partner_a, distributor_a, year_ago, "Y-1", nb, 40, "50000")  # 2 000 000
    sell(partner_b, distributor_a, now, "X-1", nb, 300, "50000")  # partner B: 15 000 000
    return now


def test_the_tool_page_in_russian(client, partner_admin, tool_quarter):
    client.force_login(partner_admin)
    page = client.get(reverse("discounts:tool"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "ещё 420\u00a0000\u00a0₽ до 3\u00a0%" in page.replace("Ещё", "ещё")
    assert "2\u00a0580\u00a0000,00\u00a0₽" in page  # its own revenue only (partner B sold 15 000 000)
    assert "15\u00a0000\u00a0000" not in page
    assert 'id="revenue-chart"' in page and page.count("<rect ") == 8
    assert 'id="example-terms"' in page


def test_the_tool_api(client, partner_admin, tool_quarter):
    client.force_login(partner_admin)
    data = client.get(reverse("api:discount-tool")).json()
    assert data["revenue"] == "2580000.00" and data["revenue_missing"] == "420000.00"
    assert data["next_level"]["percent"] == "3.00" and data["standard_percent"] == "1.00"
    # target 2 200 000 met → +1 %; 1 of 2 hardware invoices with a service (50 %) → +1 %
    assert (data["growth_target"], data["growth_met"], data["attach_share"]) == ("2200000.00", True, "50.00")
    assert data["total_percent"] == "3.00" and len(data["history"]) == 8


def test_the_tool_page_has_a_fixed_number_of_queries(
    client, partner_admin, tool_quarter, partner_a, distributor_a, products
):
    client.force_login(partner_admin)
    url = reverse("discounts:tool")
    client.get(url)  # the session's first request remembers the verified e-mail
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(30):
        sell(partner_a, distributor_a, tool_quarter, f"M-{n}", products["notebook"], 1, "1000")
        sell(partner_a, distributor_a, tool_quarter, f"M-{n}", products["prosupport"], 1, "1000")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few) <= 16, [q["sql"] for q in many.captured_queries]


def test_eligibility_certificate_and_accepted_terms(client, partner_admin, tool_quarter):
    terms = selectors.terms_of(tool_quarter)
    terms.requires_certificate, terms.terms_version = True, "2026-1"
    terms.save()
    client.force_login(partner_admin)
    assert client.get(reverse("api:discount-tool")).json()["ineligible"] == "no_certificate"
    terms.requires_certificate = False
    terms.save()
    data = client.get(reverse("api:discount-tool")).json()
    assert (data["ineligible"], data["eligible"], data["total_percent"]) == ("terms_not_accepted", False, "0.00")
    assert client.post(reverse("discounts:accept")).status_code == 302
    assert TermsAcceptance.objects.filter(partner=partner_admin.partner, version="2026-1").exists()
    assert client.get(reverse("api:discount-tool")).json()["total_percent"] == "3.00"
