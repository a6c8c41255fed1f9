"""Deactivating a partner or a distributor cuts every kind of access at the next request (pages,
statements, the API by session or token); staff without a second factor reach no data through the
API either (docs/reliability.md §31, §32). The URL × role matrix checks every URL for both personas."""

import pytest
from allauth.mfa.models import Authenticator
from django.test import override_settings

from conftest import make_user
from distributors.services import token_create
from portal.models import Distributor

PARTNER_DATA = ["/api/v1/me/", "/api/v1/sales-lines/", "/api/v1/payout-lines/", "/api/v1/programs/"]


def test_a_deactivated_partner_loses_pages_statements_and_api(client, partner_admin):
    client.force_login(partner_admin)
    assert client.get("/api/v1/sales-lines/").status_code == 200
    partner_admin.partner.is_active = False
    partner_admin.partner.save(update_fields=["is_active"])

    for url in PARTNER_DATA:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "приостановлен" in response.json()["detail"]
    statements = client.get("/statements/")
    assert statements.status_code == 403 and "приостановлен" in statements.content.decode()
    assert client.get("/statements/1/statement.xlsx").status_code == 403


def test_a_deactivated_distributors_token_and_session_stop_working(client, db):
    distributor = Distributor.objects.create(code="alpha", name="Альфа")
    user = make_user("ops@alpha.example", distributor=distributor)
    _token, key = token_create(user=user, name="ERP")
    token = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert client.get("/api/v1/sales-lines/", **token).status_code == 200

    distributor.is_active = False
    distributor.save(update_fields=["is_active"])
    for url in ["/api/v1/reports/", "/api/v1/sales-lines/", "/api/v1/payout-lines/", "/api/v1/me/"]:
        assert client.get(url, **token).status_code == 403, url
    client.force_login(user)
    assert client.get("/api/v1/payout-lines/").status_code == 403
    assert client.get("/reports/").status_code == 403
    assert client.get("/statements/").status_code == 403


@override_settings(STAFF_MFA_REQUIRED=True)
@pytest.mark.parametrize("url", ["/api/v1/payout-lines/", "/api/v1/sales-lines/", "/api/v1/me/"])
def test_staff_without_a_second_factor_reach_no_api_data(client, program_admin, url):
    client.force_login(program_admin)
    refused = client.get(url)
    assert refused.status_code == 403
    assert "двухфакторную" in refused.json()["detail"]

    Authenticator.objects.create(user=program_admin, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    assert client.get(url).status_code == 200


@override_settings(STAFF_MFA_REQUIRED=True)
def test_staff_without_a_second_factor_are_sent_to_set_it_up_from_portal_files(client, program_admin):
    client.force_login(program_admin)
    response = client.get("/statements/1/statement.xlsx")
    assert response.status_code == 302 and response["Location"] == "/admin/"
