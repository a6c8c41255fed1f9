"""Deal registration over the API (/api/v1/deals/): the same rules as the pages, because the same
services decide. Only the caller's deals; a conflict is a flag, never the other partner's deal;
bad input is a 400 naming the field, in the caller's language."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from deals.models import Deal, DealStatus
from tests.deals.conftest import CUSTOMER_INN

pytestmark = pytest.mark.django_db

URL = "/api/v1/deals/"


def payload(**overrides):
    data = {
        "customer_name": "ООО «Ромашка»",
        "customer_inn": CUSTOMER_INN,
        "customer_region": "central",
        "contact_name": "Иван Петров",
        "contact_email": "ivan@romashka.example",
        "contact_phone": "+7 495 123-45-67",
        "project": "Ноутбуки для офиса",
        "close_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "amount": "1500000",
        "presale_help": ["demo", "visit"],
        "presale_details": "Нужны два демо-ноутбука",
        "lines": [{"item": "v-1", "quantity": 20}, {"item": "Precision", "quantity": 5}],
    }
    data.update(overrides)
    return data


def decided(deal, status, **fields):
    """The deal as the account manager's decision leaves it (the decisions themselves, and who may
    take them, are tested in test_deal_rules.py)."""
    if status == DealStatus.APPROVED:
        fields.setdefault("protected_until", timezone.localdate() + timedelta(days=90))
    Deal.objects.filter(pk=deal.pk).update(status=status, decided_at=timezone.now(), **fields)


def post(client, url, data=None, **headers):
    return client.post(url, data or {}, content_type="application/json", **headers)


def patch(client, url, data, **headers):
    return client.patch(url, data, content_type="application/json", **headers)


def test_a_partner_registers_and_submits_a_deal(client, partner_admin, deal_catalog):
    client.force_login(partner_admin)
    response = post(client, URL, payload(submit=True))
    assert response.status_code == 201, response.json()
    body = response.json()
    deal = Deal.objects.get()
    assert body["id"] == deal.pk and body["number"] == deal.number and deal.number.startswith("DR-")
    assert (body["status"], deal.status) == ("submitted", DealStatus.SUBMITTED)
    assert body["amount"] == "1500000.00" and body["customer_region"] == "central"
    assert body["presale_help"] == ["demo", "visit"] and body["answer_due"] and body["conflict_flagged"] is False
    assert body["lines"] == [
        {"sku": "V-1", "product_line": "vostro", "quantity": 20},
        {"sku": None, "product_line": "precision", "quantity": 5},
    ]
    assert client.get(f"{URL}{deal.pk}/").json() == body


def test_a_draft_is_changed_and_submitted_later(client, partner_admin, deal_catalog):
    client.force_login(partner_admin)
    created = post(client, URL, payload(presale_help=["demo", "demo"]))
    assert created.status_code == 201 and created.json()["status"] == "draft"
    assert created.json()["presale_help"] == ["demo"]
    url = f"{URL}{created.json()['id']}/"
    changed = patch(client, url, {"project": "Мониторы", "amount": 10.5, "status": "approved"})
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["project"], changed.json()["amount"], changed.json()["status"]) == (
        "Мониторы",
        "10.50",
        "draft",  # the status is not an input
    )
    assert changed.json()["lines"] == created.json()["lines"]  # no lines sent: kept
    half = patch(client, url, {"lines": [{"item": "U-1"}]})  # partial as a PATCH is, a line is whole
    assert half.status_code == 400 and list(half.json()["lines"]["0"]) == ["quantity"]
    relined = patch(client, url, {"lines": [{"item": "U-1", "quantity": 2}]}).json()
    assert relined["lines"] == [{"sku": "U-1", "product_line": "ultrasharp", "quantity": 2}]
    submitted = post(client, f"{url}submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    refused = patch(client, url, {"project": "Поздно"})
    assert refused.status_code == 400 and "detail" in refused.json()
    assert Deal.objects.get().project == "Мониторы"


def test_the_list_shows_only_the_callers_deals_and_filters_by_status(
    client, partner_admin, partner_user, other_partner_user, register
):
    submitted = register(partner_admin)
    draft = register(partner_user, customer="ООО «Лютик»", submit=False)  # a colleague's: the company's
    register(other_partner_user, customer="ООО «Василёк»")
    client.force_login(partner_admin)
    listed = client.get(URL).json()
    assert listed["count"] == 2 and [d["number"] for d in listed["results"]] == [draft.number, submitted.number]
    assert [d["number"] for d in client.get(f"{URL}?status=draft").json()["results"]] == [draft.number]
    wrong = client.get(f"{URL}?status=bogus")
    assert wrong.status_code == 400 and "status" in wrong.json()


def test_another_partners_deal_is_404_for_every_method(client, partner_admin, other_partner_user, register):
    theirs = register(other_partner_user)
    client.force_login(partner_admin)
    url = f"{URL}{theirs.pk}/"
    assert client.get(url).status_code == 404
    assert patch(client, url, {"project": "Чужое"}).status_code == 404
    for action, data in [
        ("submit", {}),
        ("withdraw", {}),
        ("extension", {}),
        ("outcome", {"won": False, "lost_reason": "—"}),
    ]:
        assert post(client, f"{url}{action}/", data).status_code == 404, action
    assert Deal.objects.get(pk=theirs.pk).status == DealStatus.SUBMITTED and theirs.project != "Чужое"


def test_a_post_to_no_deal_is_a_json_404_even_with_csrf_checks(partner_admin):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(partner_admin)
    response = browser.post(f"{URL}-1/submit/")  # no such route: the API's catch-all, not the HTML CSRF page
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    assert browser.post(f"{URL}1/submit/").status_code == 403  # a real endpoint still wants the CSRF token


def test_a_conflict_is_a_flag_and_never_the_other_partners_deal(client, partner_admin, other_partner_user, register):
    theirs = register(other_partner_user, customer="Ромашка ООО")
    client.force_login(partner_admin)
    response = post(client, URL, payload(submit=True))
    deal = Deal.objects.get(pk=response.json()["id"])
    assert deal.conflict_with == theirs and response.json()["conflict_flagged"] is True
    for answer in (response, client.get(f"{URL}{deal.pk}/"), client.get(URL)):
        text = answer.content.decode()
        assert "conflict_flagged" in text
        assert theirs.number not in text and str(other_partner_user.partner.legal_name) not in text
        assert "conflict_with" not in text and other_partner_user.email not in text


@pytest.mark.parametrize(
    "language, inn_message",
    [("ru", "ИНН состоит из 10 цифр"), ("en", "An INN has 10 digits")],
)
def test_bad_input_is_a_400_naming_each_field_in_the_callers_language(
    client, partner_admin, deal_catalog, language, inn_message
):
    client.force_login(partner_admin)
    response = post(
        client,
        URL,
        payload(
            customer_inn="７７２０００００１",  # fullwidth digits: refused, as on the page
            close_date="2020-01-01",
            lines=[{"item": "V-1", "quantity": 1}, {"item": "XPS-ZZZ", "quantity": 2}],
            amount="-1",
            contact_name="",
        ),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    errors = response.json()
    assert response.status_code == 400 and not Deal.objects.exists()
    assert inn_message in errors["customer_inn"][0]
    assert set(errors) >= {"customer_inn", "close_date", "lines", "amount", "contact_name"}
    assert list(errors["lines"]) == ["1"] and "XPS-ZZZ" in errors["lines"]["1"]["item"][0]  # the second line
    if language == "en":
        assert "past" in errors["close_date"][0] and "neither a catalog SKU" in errors["lines"]["1"]["item"][0]
        assert "greater than or equal to 0" in errors["amount"][0]
    else:
        assert "больше либо равно 0" in errors["amount"][0] and errors["contact_name"] == [
            "Это поле не может быть пустым."
        ]


@pytest.mark.parametrize(
    "field, value",
    [
        ("customer_inn", "٧٧٢٠٠٠٠٠٠١"),  # Arabic-Indic digits
        ("customer_inn", CUSTOMER_INN[:-1] + str((int(CUSTOMER_INN[-1]) + 1) % 10)),  # a wrong check digit
        ("amount", "1e400"),
        ("amount", "NaN"),
        ("amount", "12.345"),
        ("close_date", (timezone.localdate() - timedelta(days=1)).isoformat()),
        ("customer_region", "atlantis"),
        ("presale_help", ["free lunch"]),
        ("lines", []),
        ("lines", [{"item": "V-1", "quantity": 0}]),
    ],
)
def test_each_bad_value_is_refused_under_its_field(client, partner_admin, deal_catalog, field, value):
    client.force_login(partner_admin)
    response = post(client, URL, payload(**{field: value}))
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not Deal.objects.exists()


def test_a_returned_deal_with_a_past_close_date_is_not_submitted_and_nothing_changes(
    client, partner_admin, deal_catalog, register
):
    deal = register(partner_admin, submit=False)
    Deal.objects.filter(pk=deal.pk).update(close_date=timezone.localdate() - timedelta(days=1))
    client.force_login(partner_admin)
    response = patch(client, f"{URL}{deal.pk}/", {"project": "Другой", "submit": True})
    assert response.status_code == 400 and "close_date" in response.json()
    deal.refresh_from_db()
    assert deal.status == DealStatus.DRAFT and deal.project != "Другой"  # one transaction: nothing kept


def test_outcome_extension_and_withdrawal(client, partner_admin, register):
    client.force_login(partner_admin)
    deal = register(partner_admin)
    url = f"{URL}{deal.pk}/"
    early = post(client, f"{url}outcome/", {"won": True, "invoices": "W1"})
    assert early.status_code == 400  # not protected yet: the service refuses
    decided(deal, DealStatus.APPROVED)
    assert client.get(url).json()["protected_until"]
    assert post(client, f"{url}outcome/", {"invoices": "W1"}).json() == {"won": ["Обязательное поле."]}
    no_invoices = post(client, f"{url}outcome/", {"won": True}, HTTP_ACCEPT_LANGUAGE="en")
    assert no_invoices.status_code == 400 and "invoice" in no_invoices.json()["invoices"][0]
    extended = post(client, f"{url}extension/")
    assert extended.status_code == 200 and extended.json()["extension_requested_at"]
    assert post(client, f"{url}extension/").status_code == 400  # already requested
    won = post(client, f"{url}outcome/", {"won": True, "invoices": "W1, W2"})
    assert won.status_code == 200 and (won.json()["status"], won.json()["outcome_invoices"]) == ("won", "W1, W2")
    assert post(client, f"{url}withdraw/").status_code == 400  # a won deal stays won

    other = register(partner_admin, customer="ООО «Лютик»")
    withdrawn = post(client, f"{URL}{other.pk}/withdraw/")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"

    lost = register(partner_admin, customer="ООО «Клевер»")
    decided(lost, DealStatus.APPROVED)
    answer = post(client, f"{URL}{lost.pk}/outcome/", {"won": False, "lost_reason": "Цена"})
    assert (answer.json()["status"], answer.json()["lost_reason"]) == ("lost", "Цена")


def test_a_returned_deals_request_is_shown_to_the_partner_who_may_change_and_resubmit_it(
    client, partner_admin, register
):
    deal = register(partner_admin)
    decided(deal, DealStatus.RETURNED, decision_note="Уточните количество")
    client.force_login(partner_admin)
    body = client.get(f"{URL}{deal.pk}/").json()
    assert (body["status"], body["decision_note"]) == ("returned", "Уточните количество")
    changed = patch(client, f"{URL}{deal.pk}/", {"lines": [{"item": "V-1", "quantity": 12}], "submit": True})
    assert changed.status_code == 200 and changed.json()["status"] == "submitted"
    assert changed.json()["lines"] == [{"sku": "V-1", "product_line": "vostro", "quantity": 12}]


def test_only_partner_users_may_call(client, account_manager, deal_catalog):
    from distributors.services import token_create
    from tests.test_url_matrix import distributor_login

    _token, key = token_create(user=distributor_login("ops@alpha.example"), name="erp")
    assert client.get(URL, HTTP_AUTHORIZATION=f"Token {key}").status_code == 403
    assert post(client, URL, payload(), HTTP_AUTHORIZATION=f"Token {key}").status_code == 403
    assert client.get(URL).status_code == 401
    client.force_login(account_manager)
    assert post(client, URL, payload()).status_code == 403
    assert not Deal.objects.exists()


def test_the_openapi_schema_lists_the_deal_endpoints(client):
    schema = json.loads(client.get("/api/schema/?format=json").content)
    assert {
        "/api/v1/deals/",
        "/api/v1/deals/{id}/",
        "/api/v1/deals/{id}/submit/",
        "/api/v1/deals/{id}/withdraw/",
        "/api/v1/deals/{id}/extension/",
        "/api/v1/deals/{id}/outcome/",
    } <= set(schema["paths"])
    assert set(schema["paths"]["/api/v1/deals/{id}/"]) >= {"get", "patch"}
    deal = schema["components"]["schemas"]["Deal"]["properties"]
    assert "conflict_flagged" in deal and not any("conflict_with" in name for name in deal)
