"""docs/reliability.md §10: account managers see only their districts in the admin, also on a direct URL."""

import pytest

from portal import services
from portal.models import ApplicationStatus, PartnerApplication, Region
from toolkit.validators import inn_with_check_digits


@pytest.fixture
def applications(brochure):
    def apply(n, region):
        return services.application_submit(
            fields={
                "contact_name": "К",
                "contact_position": "Д",
                "contact_email": f"c{n}@x.example",
                "contact_phone": "+74951112233",
                "legal_name": f"ООО «Регион {region}»",
                "inn": inn_with_check_digits(f"66{n:07d}"),
                "city": "Город",
                "region": Region.objects.get(code=region),
                "address": "адрес",
                "website": "",
                "segment": "consumer",
            },
            specializations=[],
        )

    return {"central": apply(1, "central"), "urals": apply(2, "urals")}


def test_account_manager_sees_only_applications_of_his_districts(client, account_manager, applications):
    client.force_login(account_manager)
    page = client.get("/admin/portal/partnerapplication/").content.decode()
    assert applications["central"].pr_number in page
    assert applications["urals"].pr_number not in page

    own = client.get(f"/admin/portal/partnerapplication/{applications['central'].pk}/change/")
    foreign = client.get(f"/admin/portal/partnerapplication/{applications['urals'].pk}/change/")
    assert own.status_code == 200
    assert foreign.status_code == 404


def test_account_manager_sees_only_partners_of_his_districts(client, account_manager, make_partner):
    central, urals = make_partner(region="central"), make_partner(region="urals", name="ООО «Урал»")
    client.force_login(account_manager)
    page = client.get("/admin/portal/partner/").content.decode()
    assert str(central.dell_id) in page and str(urals.dell_id) not in page
    assert client.get(f"/admin/portal/partner/{urals.pk}/change/").status_code == 404


def test_program_admin_sees_every_district(client, program_admin, applications):
    client.force_login(program_admin)
    page = client.get("/admin/portal/partnerapplication/").content.decode()
    assert applications["central"].pr_number in page and applications["urals"].pr_number in page


def test_manager_cannot_approve_a_foreign_application_with_a_forged_action(client, account_manager, applications):
    client.force_login(account_manager)
    response = client.post(
        "/admin/portal/partnerapplication/",
        {"action": "approve", "_selected_action": [applications["urals"].pk, applications["central"].pk]},
    )
    assert response.status_code == 302
    assert PartnerApplication.objects.get(pk=applications["urals"].pk).status == ApplicationStatus.RECEIVED
    assert PartnerApplication.objects.get(pk=applications["central"].pk).status == ApplicationStatus.APPROVED


def test_reject_action_asks_for_a_reason_then_rejects(client, program_admin, applications):
    client.force_login(program_admin)
    pk = applications["central"].pk
    form = client.post("/admin/portal/partnerapplication/", {"action": "reject", "_selected_action": [pk]})
    assert form.status_code == 200 and 'name="reason"' in form.content.decode()
    client.post(
        "/admin/portal/partnerapplication/",
        {"action": "reject", "_selected_action": [pk], "apply": "1", "reason": "Нет сайта"},
    )
    application = PartnerApplication.objects.get(pk=pk)
    assert application.status == ApplicationStatus.REJECTED and application.rejection_reason == "Нет сайта"
    assert application.events.last().actor == program_admin


def test_admin_list_filters_and_search(client, program_admin, applications):
    client.force_login(program_admin)
    by_region = client.get(
        "/admin/portal/partnerapplication/", {"region__id__exact": Region.objects.get(code="urals").pk}
    )
    assert applications["urals"].pr_number in by_region.content.decode()
    assert applications["central"].pr_number not in by_region.content.decode()
    by_inn = client.get("/admin/portal/partnerapplication/", {"q": applications["central"].inn})
    assert applications["central"].pr_number in by_inn.content.decode()
    for status in ("received", "approved"):
        assert client.get("/admin/portal/partnerapplication/", {"status__exact": status}).status_code == 200


def test_manager_change_page_lists_the_partners_he_covers(client, superuser, brochure, make_partner):
    from portal.models import AccountManager

    make_partner(region="volga", segment="consumer", name="ООО «Волжанка»")
    central_commercial = make_partner(region="central", segment="commercial", name="ООО «Бизнес»")
    manager = AccountManager.objects.get(email="consumer.manager@example.com")
    client.force_login(superuser)
    page = client.get(f"/admin/portal/accountmanager/{manager.pk}/change/").content.decode()
    assert "Волжанка" in page and "Бизнес" not in page
    assert central_commercial.legal_name not in page
