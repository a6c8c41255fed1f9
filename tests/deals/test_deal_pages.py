"""The partner's deal pages in Russian: register with products by SKU and by line, submit, see the
deal, its history and the answer date; a wrong INN or an unknown product is told in Russian."""

from datetime import timedelta

import pytest
from django.utils import timezone

from deals.models import Deal, DealStatus
from tests.deals.conftest import CUSTOMER_INN

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    from portal.models import Region

    data = {
        "customer_name": "ООО «Ромашка»",
        "customer_inn": CUSTOMER_INN,
        "customer_region": Region.objects.get(code="central").pk,
        "contact_name": "Иван Петров",
        "contact_email": "ivan@romashka.example",
        "project": "Ноутбуки для офиса",
        "close_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "amount": "1500000",
        "presale_help": ["demo", "visit"],
        "presale_details": "Нужны два демо-ноутбука",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-0-item": "V-1",
        "lines-0-quantity": "20",
        "lines-1-item": "Precision",
        "lines-1-quantity": "5",
        "action": "submit",
    }
    data.update(overrides)
    return data


def test_a_partner_registers_and_submits_a_deal(client, partner_admin, deal_catalog):
    client.force_login(partner_admin)
    assert "Регистрация сделок" in client.get("/deals/").content.decode()
    assert client.get("/deals/new/").status_code == 200
    response = client.post("/deals/new/", form_data())
    deal = Deal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/deals/{deal.pk}/"
    assert deal.status == DealStatus.SUBMITTED and deal.presale_help == ["demo", "visit"]
    assert [(line.product.sku if line.product else None, line.product_line.code, line.quantity) for line in deal.lines.all()] == [
        ("V-1", "vostro", 20), (None, "precision", 5)
    ]  # fmt: skip
    page = client.get(f"/deals/{deal.pk}/").content.decode()
    assert deal.number in page and "Ожидает решения" in page and "ответит до" in page
    assert deal.number in client.get("/deals/").content.decode()


def test_bad_input_is_told_in_russian_and_nothing_is_stored(client, partner_admin, deal_catalog):
    client.force_login(partner_admin)
    page = client.post(
        "/deals/new/",
        form_data(customer_inn="７７２０００００１", **{"lines-0-item": "XPS-ZZZ"}, close_date="2020-01-01"),
    )
    text = page.content.decode()
    assert page.status_code == 400 and not Deal.objects.exists()
    assert "ИНН" in text and "XPS-ZZZ" in text and "в прошлом" in text


def test_a_draft_is_saved_and_changed_later(client, partner_admin, deal_catalog):
    client.force_login(partner_admin)
    client.post("/deals/new/", form_data(action="draft"))
    deal = Deal.objects.get()
    assert deal.status == DealStatus.DRAFT
    client.post(f"/deals/{deal.pk}/edit/", form_data(action="draft", project="Мониторы"))
    assert Deal.objects.get().project == "Мониторы"


def test_another_partners_deal_is_404(client, partner_admin, other_partner_user, register):
    theirs = register(other_partner_user)
    client.force_login(partner_admin)
    for url in (f"/deals/{theirs.pk}/", f"/deals/{theirs.pk}/edit/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/deals/{theirs.pk}/withdraw/").status_code == 404


def test_amounts_are_read_as_written_in_russian_and_a_negative_one_is_refused(client, partner_admin, deal_catalog):
    client.force_login(partner_admin)
    client.post("/deals/new/", form_data(action="draft", amount="1 750 000,50"))
    assert str(Deal.objects.get().amount) == "1750000.50"
    page = client.post("/deals/new/", form_data(action="draft", amount="-5")).content.decode()
    assert Deal.objects.count() == 1 and "больше либо равно 0" in page
