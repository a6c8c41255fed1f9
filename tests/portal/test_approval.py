"""Vendor staff approve or reject; approval assigns a Dell ID, a login, and mails the Dell ID."""

import re
import threading

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection

from portal import services
from portal.models import ApplicationStatus, Partner, PartnerApplication, Region, User
from toolkit.errors import PortalError
from toolkit.validators import inn_with_check_digits


def new_application(n, *, email=None, region="central"):
    return services.application_submit(
        fields={
            "contact_name": f"Контакт {n}",
            "contact_position": "Директор",
            "contact_email": email or f"contact{n}@firm{n}.example",
            "contact_phone": "+74951112233",
            "legal_name": f"ООО «Фирма {n}»",
            "inn": inn_with_check_digits(f"77{n:07d}"),
            "city": "Москва",
            "region": Region.objects.get(code=region),
            "address": "Москва",
            "website": "",
            "segment": "consumer",
        },
        specializations=[],
    )


def test_approval_assigns_dell_id_creates_the_login_and_mails_it(client, superuser, django_capture_on_commit_callbacks):
    application = new_application(1)
    with django_capture_on_commit_callbacks(execute=True):
        partner = services.application_approve(application_id=application.pk, actor=superuser)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED and application.partner == partner
    assert partner.dell_id >= 1_000_001 and partner.inn == application.inn
    user = User.objects.get(email="contact1@firm1.example")
    assert user.partner == partner and user.is_partner_admin and not user.has_usable_password()
    assert [(e.from_status, e.to_status, e.actor) for e in application.events.all()] == [
        ("", ApplicationStatus.RECEIVED, None),
        (ApplicationStatus.RECEIVED, ApplicationStatus.APPROVED, superuser),
    ]

    (message,) = mail.outbox
    assert str(partner.dell_id) in message.subject and str(partner.dell_id) in message.body
    link = re.search(r"https?://\S+/activate/\S+/", message.body).group(0)

    # The contact sets a password through the link, which proves the address, and lands on the dashboard.
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path, {"new_password1": "Rebate-2016-Q1!", "new_password2": "Rebate-2016-Q1!"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert EmailAddress.objects.get(user=user).verified
    dashboard = client.get("/dashboard/").content.decode()
    assert str(partner.dell_id) in dashboard
    assert client.post("/" + path, {"new_password1": "x", "new_password2": "x"}).status_code == 400  # used once


def test_dell_ids_are_unique_and_increasing(superuser):
    ids = [
        services.application_approve(application_id=new_application(n).pk, actor=superuser).dell_id for n in range(2, 6)
    ]
    assert ids == sorted(ids) and len(set(ids)) == 4


def test_rejection_needs_a_reason_and_mails_it(superuser, django_capture_on_commit_callbacks):
    application = new_application(7)
    with pytest.raises(PortalError):
        services.application_reject(application_id=application.pk, actor=superuser, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_reject(
            application_id=application.pk, actor=superuser, reason="Сайт компании не открывается"
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert "Сайт компании не открывается" in mail.outbox[-1].body


def test_a_decided_application_cannot_be_decided_again(superuser):
    application = new_application(8)
    services.application_approve(application_id=application.pk, actor=superuser)
    with pytest.raises(PortalError):
        services.application_approve(application_id=application.pk, actor=superuser)
    with pytest.raises(PortalError):
        services.application_reject(application_id=application.pk, actor=superuser, reason="поздно")
    assert Partner.objects.count() == 1


def test_contact_email_of_another_partner_blocks_approval(superuser, partner_admin):
    application = new_application(9, email=partner_admin.email)
    with pytest.raises(PortalError):
        services.application_approve(application_id=application.pk, actor=superuser)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED


def test_partner_admin_invites_a_colleague(client, partner_admin, django_capture_on_commit_callbacks):
    client.force_login(partner_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/colleagues/invite/", {"full_name": "Вера Новикова", "email": "vera@alfa.example"})
    assert response.status_code == 302
    colleague = User.objects.get(email="vera@alfa.example")
    assert colleague.partner == partner_admin.partner and not colleague.is_partner_admin
    assert "/activate/" in mail.outbox[-1].body
    duplicate = client.post("/colleagues/invite/", {"full_name": "Вера", "email": "VERA@alfa.example"})
    assert duplicate.status_code == 200 and User.objects.filter(email__iexact="vera@alfa.example").count() == 1


def test_a_partner_user_who_is_not_admin_cannot_invite(client, partner_user):
    client.force_login(partner_user)
    assert client.get("/colleagues/invite/").status_code == 403


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_share_a_dell_id(roles):
    """Eight approvals in eight transactions at once: eight distinct Dell IDs, no gaps."""
    admin = User.objects.create_superuser(email="boss@example.com", password="x")
    applications = [new_application(n) for n in range(20, 28)]
    barrier = threading.Barrier(len(applications))
    errors = []

    def approve(application_id):
        barrier.wait()
        try:
            services.application_approve(application_id=application_id, actor=admin)
        except Exception as error:  # noqa: BLE001 — collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(a.pk,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    dell_ids = sorted(Partner.objects.values_list("dell_id", flat=True))
    assert len(dell_ids) == 8 and len(set(dell_ids)) == 8
    assert dell_ids == list(range(dell_ids[0], dell_ids[0] + 8))
    assert PartnerApplication.objects.filter(status=ApplicationStatus.APPROVED).count() == 8
