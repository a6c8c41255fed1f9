"""The deal queue in the admin: scoped to the manager's districts, decisions through buttons with a
confirmation step, reasons required, an export that a spreadsheet cannot execute."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deals.models import Deal, DealStatus

pytestmark = pytest.mark.django_db


def test_the_queue_shows_the_managers_districts_only_at_a_fixed_query_count(
    client, register, partner_admin, other_partner_user, account_manager
):
    mine, theirs = register(partner_admin), register(other_partner_user)
    client.force_login(account_manager)
    page = client.get("/admin/deals/deal/").content.decode()
    assert mine.number in page and theirs.number not in page
    assert client.get(f"/admin/deals/deal/{theirs.pk}/change/").status_code == 404
    for _ in range(5):
        register(partner_admin)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/deals/deal/").status_code == 200
    assert len(queries) <= 15


def test_approve_return_and_reject_from_the_deals_page(client, register, partner_admin, account_manager):
    deal = register(partner_admin)
    client.force_login(account_manager)
    page = client.get(f"/admin/deals/deal/{deal.pk}/change/").content.decode()
    assert f"/admin/deals/deal/{deal.pk}/approve/" in page
    assert client.get(f"/admin/deals/deal/{deal.pk}/approve/").status_code == 200  # the confirmation
    assert client.post(f"/admin/deals/deal/{deal.pk}/return/", {"reason": ""}).status_code == 200  # reason needed
    assert Deal.objects.get(pk=deal.pk).status == DealStatus.SUBMITTED
    client.post(f"/admin/deals/deal/{deal.pk}/return/", {"reason": "Уточните модели"})
    deal.refresh_from_db()
    assert deal.status == DealStatus.RETURNED and deal.decision_note == "Уточните модели"
    other = register(partner_admin, customer="ООО «Лютик»", inn="7707083893")
    client.post(f"/admin/deals/deal/{other.pk}/approve/")
    assert Deal.objects.get(pk=other.pk).status == DealStatus.APPROVED


def test_the_export_neutralises_formulas(client, register, partner_admin, account_manager):
    deal = register(partner_admin, customer='=HYPERLINK("http://evil")')
    client.force_login(account_manager)
    response = client.post("/admin/deals/deal/", {"action": "export_xlsx", "_selected_action": [deal.pk], "index": 0})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert deal.number in cells
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)


def test_the_queue_filters_by_manager(client, register, partner_admin, other_partner_user, program_admin):
    from portal.models import AccountManager

    central, siberia = register(partner_admin), register(other_partner_user)
    manager = AccountManager.objects.get(email="consumer.manager@example.com")  # covers Central, not Siberia
    client.force_login(program_admin)
    page = client.get(f"/admin/deals/deal/?manager={manager.pk}").content.decode()
    assert central.number in page and siberia.number not in page


def test_a_program_administrator_enters_the_vendors_direct_deal_and_it_blocks_partners(
    client, register, partner_admin, program_admin, account_manager
):
    from tests.deals.test_deal_pages import form_data

    client.force_login(account_manager)
    assert client.get("/admin/deals/deal/direct/").status_code == 403  # managers decide, they do not enter
    client.force_login(program_admin)
    assert "Dell работает с этим заказчиком напрямую" in client.get("/admin/deals/deal/direct/").content.decode()
    response = client.post("/admin/deals/deal/direct/", form_data())
    direct = Deal.objects.get(partner__isnull=True)
    assert response.status_code == 302 and direct.status == DealStatus.APPROVED and direct.protected_until
    deal = register(partner_admin)
    client.force_login(account_manager)
    client.post(f"/admin/deals/deal/{deal.pk}/approve/")
    assert Deal.objects.get(pk=deal.pk).status == DealStatus.SUBMITTED  # refused: the vendor works directly


def test_a_manager_sees_the_deals_products_and_history(client, register, partner_admin, account_manager):
    deal = register(partner_admin, items=[("V-1", 10)])
    client.force_login(account_manager)
    page = client.get(f"/admin/deals/deal/{deal.pk}/change/").content.decode()
    assert "V-1" in page and "Подана" in page  # the product line and the history's "submitted"


def test_a_direct_deal_flags_a_partners_protected_deal_and_every_manager_can_open_it(
    client, register, partner_admin, other_partner_user, program_admin, account_manager
):
    from tests.deals.test_deal_pages import form_data

    theirs = register(other_partner_user)  # Siberia: not the consumer manager's district
    client.force_login(program_admin)
    client.post("/admin/deals/deal/direct/", form_data())
    direct = Deal.objects.get(partner__isnull=True)
    assert Deal.objects.get(pk=theirs.pk).conflict_with == direct
    client.force_login(account_manager)
    assert client.get(f"/admin/deals/deal/{direct.pk}/change/").status_code == 200
