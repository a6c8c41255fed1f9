"""The partner pages' inputs come from the cache between requests (rebates/inputs_cache.py), and a
committed change to any of them (a processed report, a new rate, a confirmed course) shows on the
next request. Transactional tests: the cache is only used outside a transaction."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from rebates import payout_inputs
from rebates.inputs_cache import cached
from tests.rebates.conftest import send

pytestmark = pytest.mark.django_db(transaction=True)


def sales_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "distributors_salesline" in q["sql"]]


def test_the_dashboard_reads_progress_from_the_cache_and_sees_a_new_report_at_once(client, partner_admin, this_quarter):
    _quarter, alpha, _beta = this_quarter
    send(alpha, partner_admin.partner, 30, prefix="A")
    client.force_login(partner_admin)
    with CaptureQueriesContext(connection) as first:
        assert 'data-progress-percent="60"' in client.get("/dashboard/").content.decode()
    with CaptureQueriesContext(connection) as second:
        assert 'data-progress-percent="60"' in client.get("/dashboard/").content.decode()
    assert sales_queries(first.captured_queries) and not sales_queries(second.captured_queries)
    assert len(second) < len(first)

    send(alpha, partner_admin.partner, 25, prefix="B")  # committed: the next page counts it
    page = client.get("/dashboard/").content.decode()
    assert 'data-progress-percent="100"' in page and "8\xa0470,00" in page  # 55 × 154


def test_a_changed_rate_shows_on_the_programs_page_and_in_the_api_at_once(client, partner_admin, this_quarter):
    from rebates.models import Rate

    quarter, _alpha, _beta = this_quarter
    client.force_login(partner_admin)
    cell = '<td class="text-end text-nowrap">{}'
    assert cell.format(154) in client.get("/programs/").content.decode()
    client.get("/api/v1/programs/")  # both cached now
    rate = Rate.objects.filter(group__program__quarter=quarter, group__program__kind="client", amount=154).first()
    rate.amount = 161
    rate.save()
    assert cell.format(161) in client.get("/programs/").content.decode()
    rates = [g["rates"] for p in client.get("/api/v1/programs/").json()["results"] for g in p["groups"]]
    assert any(r.get(str(rate.tier.units)) == "161.00" for r in rates)


def test_a_confirmed_course_opens_its_gate_on_the_trainings_page_at_once(client, partner_admin, this_quarter):
    from rebates.models import TrainingGate
    from training.models import Completion, CompletionStatus

    quarter, _alpha, _beta = this_quarter
    client.force_login(partner_admin)
    gate = TrainingGate.objects.filter(group__program__quarter=quarter, kind="sales").exclude(courses=None).first()
    met = '<span class="text-success">✓'
    assert client.get("/trainings/").content.decode().count(met) == 0
    completion = Completion.objects.create(
        user=partner_admin,
        course=gate.courses.first(),
        completed_on=quarter.start_date,
        status=CompletionStatus.PENDING,
    )
    assert client.get("/trainings/").content.decode().count(met) == 0  # not confirmed yet
    completion.status = CompletionStatus.CONFIRMED
    completion.save()
    assert client.get("/trainings/").content.decode().count(met) == 1


def test_inside_a_transaction_the_cache_is_neither_read_nor_written():
    calls = []
    with transaction.atomic():
        assert cached("probe", lambda: calls.append(1) or "inside") == "inside"
    assert cached("probe", lambda: calls.append(2) or "outside") == "outside"  # nothing was stored inside
    assert cached("probe", lambda: calls.append(3) or "again") == "outside"  # stored outside
    assert calls == [1, 2]


@pytest.mark.django_db(transaction=False)
def test_one_partners_rows_are_the_runs_rows_of_that_partner(quarter_with_sales, partner_admin, other_partner_user):
    """The pages' partner-only path (no temporary tables) against the rebate run's SQL."""
    quarter, _alpha, _beta = quarter_with_sales
    every = payout_inputs.units_rows(quarter)
    for partner in (partner_admin.partner, other_partner_user.partner):
        mine = [tuple(row) for row in every if row[1] == partner.pk]
        assert mine and payout_inputs.partner_units_rows(quarter, partner.pk) == mine
