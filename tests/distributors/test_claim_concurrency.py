"""Two partners' claims race for one line (PostgreSQL, threads with their own connections): the
distributor's two confirmations at the same moment attribute the line once; the other claim goes to
the vendor's staff. Two claims submitted at once both reach the distributor."""

from datetime import date

import pytest

from distributors import claims
from distributors.models import ClaimStatus, LineAttribution, MissingIdClaim, SalesLine
from distributors.services import report_process, report_receive
from tests.deals.test_deal_concurrency import at_once
from tests.distributors.conftest import csv_bytes, upload

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def line(distributor_a, catalog):
    rows = [("INV-9", "2016-02-10", "1234567", "210-AAAA", 3, "", "")]
    report_process(report_receive(distributor=distributor_a, upload=upload("r.csv", csv_bytes(rows))).pk)
    return SalesLine.objects.get()


def submit(user, distributor):
    return claims.claim_submit(
        actor=user, distributor=distributor, invoice_number="INV-9", invoice_date=date(2016, 2, 10), sku="210-AAAA",
        quantity=3,
    )  # fmt: skip


def test_two_confirmations_of_one_line_at_once_attribute_it_once(
    line, partner_admin, other_partner_user, distributor_user
):
    results = at_once(
        lambda: submit(partner_admin, line.distributor), lambda: submit(other_partner_user, line.distributor)
    )
    assert [r.status for r in results] == [ClaimStatus.SUBMITTED, ClaimStatus.SUBMITTED], results
    decided = at_once(*(lambda c=c: claims.claim_confirm(actor=distributor_user, claim_id=c.pk) for c in results))
    assert sorted(r.status for r in decided) == [ClaimStatus.CONFIRMED, ClaimStatus.STAFF_REVIEW], decided
    winner = MissingIdClaim.objects.get(status=ClaimStatus.CONFIRMED)
    assert SalesLine.objects.get().partner_id == winner.partner_id
    assert LineAttribution.objects.count() == 1
