"""docs/reliability.md §1, §2, §4, §5: logins, rate limits, enumeration, sessions, staff second factor."""

import pytest
from django.contrib.auth.models import Permission
from django.test import override_settings

from conftest import PASSWORD, make_user


def login(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_a_partner_signs_in_and_lands_on_the_dashboard(client, partner_admin):
    response = login(client, partner_admin.email, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/dashboard/"


def test_failed_logins_are_rate_limited_per_email(client, partner_admin):
    for _ in range(5):
        login(client, partner_admin.email, "wrong password")
    blocked = login(client, partner_admin.email, PASSWORD)  # even the right password now waits
    assert blocked.status_code != 302
    assert "_auth_user_id" not in client.session


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "100/5m/key,3/5m/ip"})
def test_failed_logins_are_rate_limited_per_ip(client, partner_admin, partner_user):
    for n in range(3):
        login(client, f"nobody{n}@example.com", "wrong password")
    assert login(client, partner_user.email, PASSWORD).status_code != 302


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_self_signup_is_closed(client):
    """Companies apply through the registration form; nobody creates a login on their own."""
    from portal.models import User

    client.post(
        "/accounts/signup/", {"email": "new@x.example", "password1": "Xx-123456789", "password2": "Xx-123456789"}
    )
    assert not User.objects.filter(email="new@x.example").exists()
    response = client.get("/accounts/signup/")
    assert response.status_code == 302 and response["Location"] == "/register/"


def test_password_reset_answers_the_same_for_known_and_unknown_emails(client, partner_admin):
    known = client.post("/accounts/password/reset/", {"email": partner_admin.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@nowhere.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_unverified_email_cannot_reach_partner_pages(client, partner_a):
    user = make_user("unverified@alfa.example", verified=False, partner=partner_a)
    client.force_login(user)
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_unverified_user_password_login_does_not_open_a_session(client, partner_a):
    user = make_user("unverified2@alfa.example", verified=False, partner=partner_a)
    login(client, user.email, PASSWORD)
    assert client.get("/dashboard/").status_code == 302
    assert client.session.get("_auth_user_id") is None


def test_session_key_changes_at_login_and_is_useless_after_logout(client, partner_admin):
    client.get("/accounts/login/")
    before = client.session.session_key
    login(client, partner_admin.email, PASSWORD)
    after = client.session.session_key
    assert after and after != before

    stolen_cookie = client.cookies["sessionid"].value
    client.post("/accounts/logout/")
    from django.test import Client

    thief = Client()
    thief.cookies["sessionid"] = stolen_cookie
    assert thief.get("/dashboard/").status_code == 302


def test_deactivated_user_loses_the_session_at_the_next_request(client, partner_admin):
    login(client, partner_admin.email, PASSWORD)
    assert client.get("/dashboard/").status_code == 200
    partner_admin.is_active = False
    partner_admin.save()
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_revoked_permission_applies_at_once(client, account_manager):
    from django.contrib.auth.models import Group

    client.force_login(account_manager)
    assert client.get("/admin/portal/partnerapplication/").status_code == 200
    account_manager.groups.remove(Group.objects.get(name="Account managers"))
    assert client.get("/admin/portal/partnerapplication/").status_code == 403


@override_settings(STAFF_MFA_REQUIRED=True)
def test_staff_without_a_second_factor_is_sent_to_set_it_up(client, program_admin):
    client.force_login(program_admin)
    response = client.get("/admin/portal/partnerapplication/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"


@override_settings(STAFF_MFA_REQUIRED=True)
def test_staff_with_totp_is_asked_for_the_code_at_login(client, program_admin):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value, yield_hotp_counters_from_time

    secret = generate_totp_secret()
    TOTP.activate(program_admin, secret)
    response = login(client, program_admin.email, PASSWORD)
    assert response.status_code == 302 and "/2fa/authenticate/" in response["Location"]
    assert "_auth_user_id" not in client.session

    code = f"{hotp_value(secret, next(yield_hotp_counters_from_time())):06d}"
    done = client.post(response["Location"], {"code": code})
    assert done.status_code == 302
    assert client.get("/admin/portal/partnerapplication/").status_code == 200


def test_partner_users_have_no_admin(client, partner_admin):
    client.force_login(partner_admin)
    assert client.get("/admin/").status_code in (302, 403)


def test_permission_catalogue_has_the_all_regions_right():
    assert Permission.objects.filter(codename="view_all_regions").exists()


pytestmark = pytest.mark.django_db
