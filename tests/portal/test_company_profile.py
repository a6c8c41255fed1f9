"""Company profile self-service: contacts apply at once, legal data waits for the district's manager,
every change is recorded; users change their own settings."""

import pytest
from django.core import mail
from django.urls import reverse

from portal import company
from portal.models import LegalDataRequest, LegalDataStatus, PartnerChange
from toolkit.errors import PortalError
from toolkit.validators import inn_with_check_digits

pytestmark = pytest.mark.django_db


def form_data(partner, **changes):
    data = {
        "phone": str(partner.phone or ""),
        "website": partner.website,
        "city": partner.city,
        "address": partner.address,
        "segment": partner.segment,
        "legal_name": partner.legal_name,
        "inn": partner.inn,
        "kpp": partner.kpp,
    }
    return {**data, **changes}


def test_the_phone_applies_at_once_and_the_name_waits_for_the_manager(
    client, partner_admin, account_manager, django_capture_on_commit_callbacks
):
    partner = partner_admin.partner
    client.force_login(partner_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:company"), form_data(partner, phone="+7 843 200-00-00", legal_name="ООО «Альфа Плюс»")
        )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.phone.as_e164 == "+78432000000" and partner.legal_name == "ООО «Альфа»"
    pending = LegalDataRequest.objects.get(partner=partner, status=LegalDataStatus.PENDING)
    assert pending.legal_name == "ООО «Альфа Плюс»"
    assert ["consumer.manager@example.com"] in [m.to for m in mail.outbox]  # the district's managers
    assert set(PartnerChange.objects.filter(partner=partner).values_list("note", flat=True)) == {"", "awaits_approval"}

    with django_capture_on_commit_callbacks(execute=True):
        company.legal_data_approve(actor=account_manager, request_id=pending.pk)
    partner.refresh_from_db()
    assert partner.legal_name == "ООО «Альфа Плюс»"
    assert mail.outbox[-1].to == [partner_admin.email]


def test_a_colleague_who_is_not_the_administrator_cannot_change_the_profile(client, partner_user):
    client.force_login(partner_user)
    assert client.get(reverse("portal:company")).status_code == 200
    response = client.post(reverse("portal:company"), form_data(partner_user.partner, city="Казань"))
    assert response.status_code == 403
    with pytest.raises(PortalError):
        company.company_update(actor=partner_user, fields={"city": "Казань"}, specializations=[])


def test_a_manager_of_another_district_cannot_decide(partner_b, other_partner_user, account_manager):
    """The consumer manager does not cover Siberia, partner_b's district."""
    found = company.legal_data_request(actor=other_partner_user, legal_name="ООО «Бета-2»", inn=partner_b.inn, kpp="")
    with pytest.raises(PortalError):
        company.legal_data_approve(actor=account_manager, request_id=found.pk)
    found.refresh_from_db()
    assert found.status == LegalDataStatus.PENDING


def test_an_inn_of_another_partner_is_refused(partner_admin, partner_b):
    with pytest.raises(PortalError) as error:
        company.legal_data_request(actor=partner_admin, legal_name="ООО «Альфа»", inn=partner_b.inn, kpp="")
    assert error.value.field == "inn"


def test_a_rejection_keeps_the_data_and_tells_why(partner_admin, account_manager):
    partner = partner_admin.partner
    new_inn = inn_with_check_digits("770999000")
    found = company.legal_data_request(actor=partner_admin, legal_name=partner.legal_name, inn=new_inn, kpp="770101001")
    company.legal_data_reject(actor=account_manager, request_id=found.pk, reason="Нет выписки из ЕГРЮЛ")
    partner.refresh_from_db()
    assert partner.inn != new_inn and partner.kpp == ""
    with pytest.raises(PortalError):
        company.legal_data_approve(actor=account_manager, request_id=found.pk)


def test_a_bad_kpp_is_a_form_error(client, partner_admin):
    client.force_login(partner_admin)
    response = client.post(reverse("portal:company"), form_data(partner_admin.partner, kpp="12"))
    assert response.status_code == 400 and not LegalDataRequest.objects.exists()


def test_a_user_changes_their_own_name_phone_and_language(client, partner_user):
    client.force_login(partner_user)
    response = client.post(
        reverse("portal:my_account"),
        {"full_name": "Борис Новый", "position": "Менеджер", "phone": "+7 495 111-22-33", "language": "en"},
    )
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    partner_user.refresh_from_db()
    assert (partner_user.full_name, partner_user.language) == ("Борис Новый", "en")
    assert client.get(reverse("portal:my_account")).status_code == 200


def test_the_admin_decides_through_confirmation_pages(client, partner_admin, account_manager):
    found = company.legal_data_request(
        actor=partner_admin, legal_name="ООО «Альфа Плюс»", inn=partner_admin.partner.inn, kpp=""
    )
    client.force_login(account_manager)
    page = client.get(reverse("admin:portal_legaldatarequest_change", args=[found.pk])).content.decode()
    assert reverse("admin:portal_legaldatarequest_approve", args=[found.pk]) in page
    assert client.get(reverse("admin:portal_legaldatarequest_approve", args=[found.pk])).status_code == 200
    client.post(reverse("admin:portal_legaldatarequest_approve", args=[found.pk]))
    partner_admin.partner.refresh_from_db()
    assert partner_admin.partner.legal_name == "ООО «Альфа Плюс»"
