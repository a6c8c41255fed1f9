from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leads import selectors, services
from leads.demo import create_demo_leads
from leads.models import Lead, LeadStatus, Offer, OfferOutcome
from portal.models import Region
from toolkit.errors import PortalError

pytestmark = pytest.mark.django_db
MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.fixture
def lead(program_admin):
    return Lead.objects.create(
        company="АО «Заказчик»", inn="7707083893", region=Region.objects.get(code="central"), segment="commercial",
        need="40 ноутбуков Latitude", created_by=program_admin,
    )  # fmt: skip


@pytest.fixture
def offered(lead, program_admin, partner_a, partner_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.lead_offer(actor=program_admin, lead_id=lead.pk, partner_id=partner_a.pk)
    lead.refresh_from_db()
    return lead


def test_the_admin_offers_partners_of_the_district_and_segment_only(lead, make_partner):
    central = make_partner(name="ООО «Центр»", region="central", segment="commercial")
    make_partner(name="ООО «Потребитель»", region="central", segment="consumer")
    make_partner(name="ООО «Сибирь»", region="siberia", segment="both")
    both = make_partner(name="ООО «Все»", region="central", segment="both")
    assert set(selectors.matching_partners(lead)) == {central, both}


def test_a_partner_sees_its_own_leads_only(client, offered, partner_user, other_partner_user):
    client.force_login(partner_user)
    assert "АО «Заказчик»" in client.get(reverse("leads:list")).content.decode()
    client.force_login(other_partner_user)
    assert "АО «Заказчик»" not in client.get(reverse("leads:list")).content.decode()
    assert client.get(reverse("leads:detail", args=[offered.pk])).status_code == 404
    assert client.post(reverse("leads:accept", args=[offered.pk])).status_code == 404
    with pytest.raises(PortalError):
        services.lead_accept(actor=other_partner_user, lead_id=offered.pk)


def test_the_partner_is_told_and_answers_within_three_working_days(offered, partner_user):
    assert mail.outbox and partner_user.email in mail.outbox[0].to
    passed = timezone.localtime(offered.offers.get().offered_at, MOSCOW)
    assert offered.answer_due - passed >= timedelta(days=3)
    services.lead_accept(actor=partner_user, lead_id=offered.pk)
    offered.refresh_from_db()
    assert offered.status == LeadStatus.ACCEPTED and offered.offers.get().outcome == OfferOutcome.ACCEPTED


def test_a_lead_passed_on_friday_is_due_on_wednesday(lead, program_admin, partner_a):
    friday = datetime(2026, 11, 20, 10, 0, tzinfo=MOSCOW)
    offer = services.lead_offer(actor=program_admin, lead_id=lead.pk, partner_id=partner_a.pk, now=friday)
    assert timezone.localtime(offer.answer_due, MOSCOW).date().isoformat() == "2026-11-25"


def test_a_declined_lead_returns_to_the_pool_with_the_reason(offered, partner_user, program_admin, partner_a):
    with pytest.raises(PortalError):
        services.lead_decline(actor=partner_user, lead_id=offered.pk, reason="  ")
    services.lead_decline(actor=partner_user, lead_id=offered.pk, reason="Нет компетенций в этом проекте")
    offered.refresh_from_db()
    assert offered.status == LeadStatus.POOL and offered.partner is None
    assert offered.offers.get().reason == "Нет компетенций в этом проекте"
    assert partner_a not in selectors.matching_partners(offered)  # not offered to it again


def test_an_unanswered_lead_returns_to_the_pool_and_staff_are_told(
    offered, partner_user, program_admin, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    assert services.leads_expire(now=offered.answer_due - timedelta(minutes=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.leads_expire(now=offered.answer_due + timedelta(minutes=1)) == 1
    assert services.leads_expire(now=offered.answer_due + timedelta(minutes=2)) == 0  # once
    offered.refresh_from_db()
    assert offered.status == LeadStatus.POOL and offered.partner is None
    assert Offer.objects.get().outcome == OfferOutcome.EXPIRED
    assert [m for m in mail.outbox if program_admin.email in m.to]
    with pytest.raises(PortalError):
        services.lead_accept(actor=partner_user, lead_id=offered.pk)


def test_an_accepted_lead_becomes_a_deal_prefilled_with_the_customer(client, offered, partner_user, brochure):
    services.lead_accept(actor=partner_user, lead_id=offered.pk)
    client.force_login(partner_user)
    client.post(reverse("leads:note", args=[offered.pk]), {"text": "Встреча с ИТ-директором"})
    assert offered.notes.get().text == "Встреча с ИТ-директором"
    form = client.get(reverse("leads:deal", args=[offered.pk])).context["form"]
    assert form.initial["customer_inn"] == "7707083893" and form["customer_name"].value() == "АО «Заказчик»"
    assert str(form["customer_region"].value()) == str(offered.region_id)


def test_the_rates_count_per_partner_and_district(offered, partner_user, lead, program_admin, make_partner):
    services.lead_accept(actor=partner_user, lead_id=offered.pk)
    second = Lead.objects.create(company="ООО «Второй»", inn="7707083893", region=lead.region, segment="commercial",
                                 need="мониторы", created_by=program_admin)  # fmt: skip
    services.lead_offer(actor=program_admin, lead_id=second.pk, partner_id=partner_user.partner_id)
    services.lead_decline(actor=partner_user, lead_id=second.pk, reason="Нет ресурсов")
    (row,) = selectors.rates_by_partner()
    assert (row["offers"], row["accepted"], row["declined"], row["acceptance"], row["conversion"]) == (2, 1, 1, 50, 0)
    (district,) = selectors.rates_by_district()
    assert district["lead__region__name_ru"] == "Центральный ФО" and district["acceptance"] == 50


def test_the_admin_passes_a_lead_to_a_chosen_partner(admin_client, lead, partner_a):
    url = reverse("admin:leads_lead_offer", args=[lead.pk])
    assert "ООО «Альфа»" in admin_client.get(url).content.decode()
    admin_client.post(url, {"partner": partner_a.pk})
    lead.refresh_from_db()
    assert lead.status == LeadStatus.OFFERED and lead.partner == partner_a
    assert admin_client.get(reverse("admin:leads_lead_rates")).status_code == 200


def test_the_demo_leads_seed_once(superuser, brochure, partner_a):
    assert create_demo_leads(staff=superuser) == 2
    assert create_demo_leads(staff=superuser) == 0


def test_an_account_manager_sees_the_leads_of_their_districts_only(client, lead, account_manager, program_admin):
    elsewhere = Lead.objects.create(
        company="ООО «Далеко»", inn=lead.inn, region=Region.objects.get(code="siberia"), segment=lead.segment,
        need="Ноутбуки", created_by=program_admin,
    )  # fmt: skip
    client.force_login(account_manager)  # covers Central, North-West, South, North Caucasus, Volga
    page = client.get("/admin/leads/lead/").content.decode()
    assert "Заказчик" in page and "Далеко" not in page
    assert client.get(f"/admin/leads/lead/{elsewhere.pk}/change/").status_code == 404
