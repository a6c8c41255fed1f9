""" "Где купить": a partner asks, its district's manager approves or rejects with a reason, a change
goes back for approval while the approved entry stays listed, deactivation delists; the public
directory finds approved entries of active partners only, at a fixed query count; the feed answers
304 to a poller that has the current version."""

import csv
import io
import json

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benefits import services
from benefits.models import Listing, ListingRequest, ListingStatus
from portal.models import Region, Specialization

pytestmark = pytest.mark.django_db


def ask(user, **changes):
    fields = {
        "address": "ул. Тестовая, 1",
        "city": "Казань",
        "region": Region.objects.get(code="volga"),
        "phone": "+7 843 123-45-67",
        "website": "https://alfa.example",
        "segment": "both",
        **changes,
    }
    return services.listing_request_submit(
        actor=user, fields=fields, specializations=list(Specialization.objects.all()[:1])
    )


def test_the_form_is_prefilled_from_the_profile_and_sends_a_request_to_the_manager(
    client, partner_admin, account_manager, django_capture_on_commit_callbacks
):
    client.force_login(partner_admin)
    page = client.get("/where-to-buy/my-listing/").content.decode()
    assert 'value="Москва"' in page and "ул. Тестовая, 1" in page  # the partner's city and address
    form = {
        "city": "Москва",
        "region": Region.objects.get(code="central").pk,
        "address": "Москва, ул. Тестовая, 1",
        "phone": "8 (495) 111-22-33",
        "website": "",
        "segment": "consumer",
        "specializations": [Specialization.objects.first().pk],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/where-to-buy/my-listing/", form)
    assert response.status_code == 302
    request = ListingRequest.objects.get()
    assert request.status == ListingStatus.PENDING and request.phone == "+7 495 111-22-33"
    assert ["consumer.manager@example.com"] in [m.to for m in mail.outbox]  # the district's consumer manager
    assert all(f"/admin/benefits/listingrequest/{request.pk}/change/" in m.body for m in mail.outbox)
    assert "ожидает одобрения" in client.get("/where-to-buy/my-listing/").content.decode()


def test_only_the_company_administrator_asks(client, partner_user):
    client.force_login(partner_user)
    page = client.get("/where-to-buy/my-listing/").content.decode()
    assert 'id="listing-form"' not in page
    assert client.post("/where-to-buy/my-listing/", {"city": "Москва"}).status_code == 200
    assert not ListingRequest.objects.exists()


def test_a_manager_decides_in_the_admin_for_their_districts_only(
    client, partner_admin, other_partner_user, account_manager, django_capture_on_commit_callbacks
):
    mine, theirs = ask(partner_admin), ask(other_partner_user)  # Central (covered) and Siberia (not)
    client.force_login(account_manager)
    queue = client.get("/admin/benefits/listingrequest/").content.decode()
    assert str(mine.partner) in queue and str(theirs.partner) not in queue
    assert client.get(f"/admin/benefits/listingrequest/{theirs.pk}/approve/").status_code == 404
    page = client.get(f"/admin/benefits/listingrequest/{mine.pk}/change/").content.decode()
    assert f"/admin/benefits/listingrequest/{mine.pk}/approve/" in page
    assert client.post(f"/admin/benefits/listingrequest/{mine.pk}/reject/", {"reason": ""}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/benefits/listingrequest/{mine.pk}/approve/")
    listing = Listing.objects.get(partner=mine.partner)
    assert listing.city == "Казань" and listing.delisted_at is None
    assert mail.outbox[-1].to == [partner_admin.email] and "Где купить" in mail.outbox[-1].subject


def test_a_change_waits_for_approval_while_the_approved_entry_stays(client, partner_admin, account_manager):
    services.listing_approve(actor=account_manager, request_id=ask(partner_admin).pk)
    change = ask(partner_admin, city="Самара", address="ул. Новая, 5")
    assert client.get("/where-to-buy/?city=Казань").content.decode().count("directory-entry") == 1
    assert "Самара" not in client.get("/where-to-buy/").content.decode()

    client.force_login(account_manager)
    page = client.get(f"/admin/benefits/listingrequest/{change.pk}/change/").content.decode()
    assert "Казань" in page and "Самара" in page  # what changes, side by side
    services.listing_reject(actor=account_manager, request_id=change.pk, reason="Адрес не совпадает с ЕГРЮЛ")
    assert Listing.objects.get().city == "Казань"  # the approved entry is untouched

    client.force_login(partner_admin)
    assert "Адрес не совпадает с ЕГРЮЛ" in client.get("/where-to-buy/my-listing/").content.decode()
    again = ask(partner_admin, city="Самара")
    services.listing_approve(actor=account_manager, request_id=again.pk)
    assert Listing.objects.get().city == "Самара"
    with pytest.raises(services.PortalError):
        services.listing_approve(actor=account_manager, request_id=again.pk)  # decided once


def test_a_new_request_replaces_the_one_still_waiting(partner_admin):
    ask(partner_admin, city="Казань")
    ask(partner_admin, city="Самара")
    assert list(ListingRequest.objects.values_list("city", "status")) == [("Самара", ListingStatus.PENDING)]


def test_after_a_rejection_the_form_keeps_the_rejected_requests_details(partner_admin, account_manager):
    services.listing_approve(actor=account_manager, request_id=ask(partner_admin).pk)
    change = ask(partner_admin, city="Самара", phone="8 (846) 200-00-00", website="https://new.example")
    assert change.phone == "+7 846 200-00-00"  # stored as dialled, however it was typed
    services.listing_reject(actor=account_manager, request_id=change.pk, reason="Адрес не тот")
    prefill = services.listing_prefill(partner_admin.partner)
    assert (prefill["city"], prefill["website"]) == ("Самара", "https://new.example")  # not lost


def test_removing_the_entry_also_drops_the_request_still_waiting(partner_admin, partner_user, account_manager):
    services.listing_approve(actor=account_manager, request_id=ask(partner_admin).pk)
    ask(partner_admin, city="Самара")
    with pytest.raises(services.PortalError, match="администратор"):
        services.listing_withdraw(actor=partner_user)
    services.listing_withdraw(actor=partner_admin)
    assert not ListingRequest.objects.filter(status=ListingStatus.PENDING).exists()
    assert Listing.objects.get().delisted_at is not None


def test_deactivation_and_withdrawal_delist(client, partner_admin, other_partner_user, account_manager):
    for user in (partner_admin, other_partner_user):
        services.listing_approve(actor=account_manager, request_id=ask(user).pk)
    assert client.get("/where-to-buy/").content.decode().count("directory-entry") == 2
    partner = partner_admin.partner
    partner.is_active = False
    partner.save()
    assert Listing.objects.get(partner=partner).delisted_at is not None
    services.listing_withdraw(actor=other_partner_user)
    page = client.get("/where-to-buy/").content.decode()
    assert "directory-entry" not in page


def test_the_directory_searches_by_city_district_specialization_and_segment(client, make_partner, account_manager):
    from conftest import make_user

    specs = list(Specialization.objects.all()[:2])
    for n, (city, region, segment, spec) in enumerate(
        [
            ("Казань", "volga", "consumer", specs[0]),
            ("Казань", "volga", "commercial", specs[1]),
            ("Новосибирск", "siberia", "both", specs[0]),
        ]  # fmt: skip
    ):
        partner = make_partner(name=f"ООО «Партнер {n}»")
        user = make_user(f"a{n}@p.example", partner=partner, is_partner_admin=True)
        request = services.listing_request_submit(
            actor=user,
            fields={"address": "ул. 1", "city": city, "region": Region.objects.get(code=region), "phone": "+7 1",
                    "website": "", "segment": segment},
            specializations=[spec],
        )  # fmt: skip
        services.listing_approve(actor=account_manager, request_id=request.pk)

    def found(query):
        page = client.get("/where-to-buy/" + query).content.decode()
        return sorted(
            n for n in range(3) if f"ООО «Партнер {n}»" in page.replace("&laquo;", "«").replace("&raquo;", "»")
        )

    assert found("") == [0, 1, 2]
    assert found("?city=Казань") == [0, 1]
    assert found(f"?region={Region.objects.get(code='siberia').pk}") == [2]
    assert found(f"?specialization={specs[0].pk}") == [0, 2]
    assert found("?segment=consumer") == [0, 2]  # "both" sells to home users too
    assert found("?city=Казань&segment=commercial") == [1]
    assert found("?region=x&specialization=y") == [0, 1, 2]  # values it does not know filter nothing
    assert found("?city=Атлантида") == []  # an old link to a city no one is listed in finds no one


def test_the_directory_page_runs_a_fixed_number_of_queries(client, partner_admin, make_partner, account_manager):
    from conftest import make_user

    def add(n):
        for k in range(n):
            partner = make_partner(name=f"ООО «Q{k}»")
            user = make_user(f"q{k}-{Listing.objects.count()}@p.example", partner=partner, is_partner_admin=True)
            services.listing_approve(actor=account_manager, request_id=ask(user).pk)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/where-to-buy/?segment=consumer").status_code == 200
        return len(captured)

    add(2)
    few = queries()
    add(8)
    assert queries() == few


def test_the_feed_has_caching_headers_and_answers_304_until_something_changes(
    client, partner_admin, other_partner_user, account_manager
):
    services.listing_approve(actor=account_manager, request_id=ask(partner_admin).pk)
    response = client.get("/where-to-buy/feed.json")
    (row,) = json.loads(response.content)["partners"]
    assert row["name"] == partner_admin.partner.legal_name and row["city"] == "Казань"
    assert row["dell_id"] == partner_admin.partner.dell_id and row["phone"] == "+7 843 123-45-67"
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert "max-age=300" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert client.get("/where-to-buy/feed.json", headers={"if-none-match": etag}).status_code == 304
    assert client.get("/where-to-buy/feed.json", headers={"if-modified-since": last_modified}).status_code == 304

    services.listing_approve(actor=account_manager, request_id=ask(other_partner_user).pk)
    changed = client.get("/where-to-buy/feed.json", headers={"if-none-match": etag})
    assert changed.status_code == 200 and len(json.loads(changed.content)["partners"]) == 2

    text = client.get("/where-to-buy/feed.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))  # what a Russian Excel splits on
    assert {r["name"] for r in rows} == {partner_admin.partner.legal_name, other_partner_user.partner.legal_name}
    assert rows[0]["segment"] == "потребительский и коммерческий"

    # A rename changes what the feed says: both validators move.
    etag = client.get("/where-to-buy/feed.json")["ETag"]
    partner = partner_admin.partner
    partner.legal_name = "ООО «Альфа Плюс»"
    partner.save()
    renamed = client.get("/where-to-buy/feed.json", headers={"if-none-match": etag})
    assert renamed.status_code == 200 and "Альфа Плюс" in renamed.content.decode()
    assert (
        Listing.objects.get(partner=partner).changed_at
        > Listing.objects.get(partner=other_partner_user.partner).changed_at
    )
