"""Staff pages: the run approved from the admin (Finance), partners' discounts by district, export."""

import io

import openpyxl
import pytest
from django.urls import reverse

from discounts import services
from discounts.models import DiscountRunStatus, DiscountTerms
from tests.discounts.test_close_flow import closed_quarter  # noqa: F401 — a fixture

pytestmark = pytest.mark.django_db


def test_finance_approves_from_the_admin(client, closed_quarter, program_admin, finance):  # noqa: F811
    run = services.discount_run_compute(quarter=closed_quarter, actor=program_admin)
    client.force_login(finance)
    url = reverse("admin:discounts_discountrun_changelist")
    client.post(url, {"action": "approve", "_selected_action": [run.pk]})
    run.refresh_from_db()
    assert run.status == DiscountRunStatus.APPROVED and run.approved_by == finance


def test_managers_see_their_districts_and_export(client, closed_quarter, partner_a, partner_b, account_manager):  # noqa: F811
    run = services.discount_run_compute(quarter=closed_quarter)
    client.force_login(account_manager)
    url = reverse("admin:discounts_discountline_changelist")
    page = client.get(url).content.decode()
    assert partner_a.legal_name in page and partner_b.legal_name not in page
    ids = list(run.lines.values_list("pk", flat=True))  # B's line is not theirs: left out of the export
    response = client.post(url, {"action": "export_xlsx", "_selected_action": ids})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert [row[0] for row in rows[1:]] == [partner_a.dell_id]


def test_terms_are_cloned_to_the_next_quarter(client, closed_quarter, program_admin):  # noqa: F811
    client.force_login(program_admin)
    terms = closed_quarter.discount_terms
    client.post(
        reverse("admin:discounts_discountterms_changelist"),
        {"action": "clone_to_next_quarter", "_selected_action": [terms.pk]},
    )
    copy = DiscountTerms.objects.get(quarter__code="2025-Q4")
    assert [(level.min_revenue, level.percent) for level in copy.levels.all()] == [
        (level.min_revenue, level.percent) for level in terms.levels.all()
    ]
    assert copy.attach_levels.count() == 2 and copy.is_example and copy.growth_percent == terms.growth_percent
