"""The quarterly close: computed once the quarter closes, deterministic with a fingerprint, approved
by Finance or program administrators (not by who started it), then listed for distributors."""

import io
from datetime import timedelta
from decimal import Decimal as D

import openpyxl
import pytest
from django.urls import reverse

from discounts import services
from discounts.models import DiscountRun, DiscountRunStatus
from discounts.tasks import close_discount_quarters
from tests.discounts.conftest import make_terms, quarter, sell
from toolkit.errors import PortalError

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_quarter(partner_a, partner_b, distributor_a, distributor_b, products):
    """2025-Q3 with terms: A bought 3 300 000 ₽ from alpha (2 800 000 a year earlier, 6 of 10
    hardware invoices with a service) → 3 + 1 + 1 = 5 %; B bought 1 200 000 ₽ from beta → 1 %."""
    q, last_year = quarter("2025-Q3"), quarter("2024-Q3")
    make_terms(q)
    nb, ps = products["notebook"], products["prosupport"]
    for n in range(10):
        sell(partner_a, distributor_a, q, f"A-{n}", nb, 6, "50000")  # 10 × 300 000 = 3 000 000
        if n < 6:
            sell(partner_a, distributor_a, q, f"A-{n}", ps, 1, "50000")  # 6 × 50 000 = 300 000
    sell(partner_a, distributor_a, last_year, "Y-1", nb, 56, "50000")  # 2 800 000
    sell(partner_b, distributor_b, q, "B-1", nb, 24, "50000")  # 1 200 000
    return q


def test_an_open_quarter_is_not_closed(brochure, products):
    from catalog.selectors import current_quarter

    now = current_quarter()
    make_terms(now)
    with pytest.raises(PortalError) as refused:
        services.discount_run_compute(quarter=now)
    assert refused.value.code == "quarter_open"


def test_close_then_approve(closed_quarter, partner_a, partner_b, finance, program_admin):
    run = services.discount_run_compute(quarter=closed_quarter, actor=program_admin, source="admin")
    assert (run.status, run.applies_to.code, run.partners_count) == (DiscountRunStatus.COMPUTED, "2025-Q4", 2)
    lines = {line.partner_id: line for line in run.lines.all()}
    a, b = lines[partner_a.pk], lines[partner_b.pk]
    assert (a.revenue, a.growth_target, a.hardware_invoices, a.attached_invoices) == (
        D("3300000.00"),
        D("3080000.00"),
        10,
        6,
    )
    assert (a.standard_percent, a.growth_percent, a.attach_percent, a.total_percent) == (D("3"), D("1"), D("1"), D("5"))
    assert (b.total_percent, b.growth_target) == (D("1"), None)  # nothing a year earlier: no growth target
    with pytest.raises(PortalError) as refused:
        services.discount_run_approve(run_id=run.pk, actor=program_admin)
    assert refused.value.code == "four_eyes"
    approved = services.discount_run_approve(run_id=run.pk, actor=finance)
    assert approved.status == DiscountRunStatus.APPROVED and approved.approved_by == finance


def test_the_run_is_deterministic_and_a_newer_one_supersedes(
    closed_quarter, partner_a, distributor_a, products, finance
):
    first = services.discount_run_compute(quarter=closed_quarter)
    again = services.discount_run_compute(quarter=closed_quarter)
    assert again.pk == first.pk and len(first.fingerprint) == 64  # same inputs: the same run
    sell(partner_a, distributor_a, closed_quarter, "LATE-1", products["notebook"], 1, "100")  # a late report
    newer = services.discount_run_compute(quarter=closed_quarter)
    first.refresh_from_db()
    assert newer.fingerprint != first.fingerprint and first.status == DiscountRunStatus.SUPERSEDED
    with pytest.raises(PortalError):
        services.discount_run_approve(run_id=first.pk, actor=finance)  # superseded: never approvable


def test_the_fingerprint_is_the_same_from_fresh_inputs(closed_quarter):
    terms = closed_quarter.discount_terms
    one = services.fingerprint(terms, services._inputs(closed_quarter, terms))
    two = services.fingerprint(terms, services._inputs(closed_quarter, terms))
    assert one == two


def test_beat_closes_each_quarter_once(closed_quarter, finance, settings):
    settings.PAYOUT_RUN_DAYS_AFTER_QUARTER = 10
    assert close_discount_quarters() == 1
    assert close_discount_quarters() == 0  # idempotent
    run = DiscountRun.objects.get(quarter=closed_quarter)
    assert run.started_by is None and run.started_by_name == "beat (schedule)"
    assert services.discount_run_approve(run_id=run.pk, actor=finance).status == DiscountRunStatus.APPROVED


def test_beat_waits_for_late_reports(closed_quarter, settings):
    settings.PAYOUT_RUN_DAYS_AFTER_QUARTER = 10
    assert services.scheduled_closes(today=closed_quarter.end_date + timedelta(days=5)) == []


def test_distributors_see_only_their_partners(
    client, closed_quarter, partner_a, partner_b, finance, distributor_user, other_distributor_user
):
    run = services.discount_run_compute(quarter=closed_quarter)
    client.force_login(distributor_user)
    assert b"2025-Q4" not in client.get(reverse("discounts:distributor_list")).content  # nothing approved yet
    services.discount_run_approve(run_id=run.pk, actor=finance)
    page = client.get(reverse("discounts:distributor_list")).content.decode()
    assert partner_a.legal_name in page and partner_b.legal_name not in page
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("discounts:distributor_xlsx")).content)).active
    rows = list(sheet.values)
    assert rows[1][:4] == (partner_a.dell_id, partner_a.legal_name, partner_a.inn, 5) and len(rows) == 2
    assert [row["dell_id"] for row in client.get(reverse("api:discounts")).json()] == [partner_a.dell_id]
    client.force_login(other_distributor_user)
    assert [row["dell_id"] for row in client.get(reverse("api:discounts")).json()] == [partner_b.dell_id]


def test_partners_see_only_their_own(client, closed_quarter, partner_admin, other_partner_user):
    client.force_login(partner_admin)
    assert client.get(reverse("api:discounts")).status_code == 403  # the distributors' list is not theirs


def test_staff_see_the_districts_they_cover(closed_quarter, partner_a, partner_b, account_manager, program_admin):
    from discounts.selectors import lines_visible_to

    services.discount_run_compute(quarter=closed_quarter)
    # the consumer manager covers Central (partner A), not Siberia (partner B)
    assert {line.partner_id for line in lines_visible_to(account_manager)} == {partner_a.pk}
    assert {line.partner_id for line in lines_visible_to(program_admin)} == {partner_a.pk, partner_b.pk}
