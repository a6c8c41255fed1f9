"""The tool's earlier quarters come from the cache between requests, and a committed change of sales
lines (`sales_lines_changed`, sent by report processing and corrections) shows on the next request.
Transactional: the cache is only used outside a transaction."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import FiscalQuarter
from catalog.selectors import current_quarter
from distributors.models import SalesLine
from distributors.signals import sales_lines_changed
from tests.discounts.conftest import make_terms, sell

pytestmark = pytest.mark.django_db(transaction=True)


def sales_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "distributors_salesline" in q["sql"]]


def test_earlier_quarters_are_cached_until_sales_lines_change(client, partner_admin, distributor_a, products):
    now = current_quarter()
    previous = FiscalQuarter.objects.filter(end_date__lt=now.start_date).order_by("-start_date").first()
    make_terms(now)
    sell(partner_admin.partner, distributor_a, previous, "P-1", products["notebook"], 1, "1000")
    client.force_login(partner_admin)

    def history():
        return {row["code"]: row["revenue"] for row in client.get(reverse("api:discount-tool")).json()["history"]}

    with CaptureQueriesContext(connection) as first:
        assert history()[previous.code] == "1000.00"
    with CaptureQueriesContext(connection) as second:
        assert history()[previous.code] == "1000.00"
    # the current quarter is summed on every request (one query), the earlier ones once
    assert len(sales_queries(first.captured_queries)) == 2 and len(sales_queries(second.captured_queries)) == 1

    with transaction.atomic():  # as report processing does
        sell(partner_admin.partner, distributor_a, previous, "P-2", products["notebook"], 2, "1000")
        sales_lines_changed.send(sender=SalesLine)
    assert history()[previous.code] == "3000.00"
