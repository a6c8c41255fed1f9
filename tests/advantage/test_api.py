"""PartnerAdvantage over the API: a member claims a reported sale and sees the points and the
catalog; a partner user who has not joined is told to join; another company's claims stay hidden."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_member_claims_over_the_api_and_reads_the_balance_and_catalog(
    client, member, partner_user, other_partner_user, report, reward, distributor_a
):
    report([("INV-7", "2016-02-10", partner_user.partner.dell_id, "210-AAAA", 4)])
    client.force_login(partner_user)
    body = {"distributor": distributor_a.code, "invoice_number": " inv-7 ", "invoice_date": "2016-02-10",
            "sku": "210-aaaa", "quantity": 4}  # fmt: skip
    created = client.post("/api/v1/advantage/claims/", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "approved" and created.json()["points"] == 400
    assert client.get("/api/v1/advantage/balance/").json()["balance"] == 400
    assert [c["invoice_number"] for c in client.get("/api/v1/advantage/claims/").json()["results"]] == ["inv-7"]
    assert "Sunglasses" in str(client.get("/api/v1/advantage/rewards/").json())

    again = client.post("/api/v1/advantage/claims/", body, content_type="application/json")
    assert again.status_code == 400  # the reported units are taken: a clear refusal, nothing stored

    client.force_login(other_partner_user)  # not a member, another company
    assert client.get("/api/v1/advantage/balance/").status_code == 403
