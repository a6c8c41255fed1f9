"""No staff role can grant itself or anyone a permission it lacks: the privilege fields (superuser,
staff, groups, permissions) are a superuser's to set, never on their own account, and a colleague's
staff account is not editable by a non-superuser (a changed e-mail or password would be a takeover)."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from conftest import make_user
from portal.admin import PRIVILEGE_FIELDS
from portal.roles import _ROLE_PERMISSIONS

ROLES = [*_ROLE_PERMISSIONS, "staff without a role"]
POWER_FIELDS = {*PRIVILEGE_FIELDS, "permissions"}


@pytest.fixture
def staff(roles):
    def with_role(role, email=None):
        user = make_user(email or f"{abs(hash(role))}@staff.example", is_staff=True)
        if role in _ROLE_PERMISSIONS:
            user.groups.add(Group.objects.get(name=role))
        return user

    return with_role


POWER_INPUT = re.compile(r'name="(?:[\w-]+-)?(' + "|".join(sorted(POWER_FIELDS)) + ')"')


def power_inputs(client, url) -> set[str]:
    """The privilege fields a page offers as inputs (read-only fields have none)."""
    response = client.get(url)
    return set(POWER_INPUT.findall(response.content.decode())) if response.status_code == 200 else set()


def admin_form_urls(user, superuser):
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        objects = [*model_admin.model._default_manager.order_by("pk")[:1]]
        if model is type(user):
            objects += [user, superuser]
        for obj in objects:
            yield reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("role", ROLES)
def test_no_role_is_offered_a_privilege_field_on_any_admin_form(client, staff, superuser, brochure, role):
    user = staff(role)
    client.force_login(user)
    offered = {url: found for url in admin_form_urls(user, superuser) if (found := power_inputs(client, url))}
    assert offered == {}


def test_a_program_administrator_cannot_make_himself_superuser(client, staff, brochure):
    from portal.roles import FINANCE, PROGRAM_ADMINISTRATORS

    user = staff(PROGRAM_ADMINISTRATORS, "programs@example.com")
    client.force_login(user)
    finance = Group.objects.get(name=FINANCE)
    response = client.post(
        f"/admin/portal/user/{user.pk}/change/",
        {"email": user.email, "full_name": "Я", "is_active": "on", "is_staff": "on", "is_superuser": "on",
         "groups": [finance.pk], "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"},
    )  # fmt: skip
    assert response.status_code in (200, 302)
    user.refresh_from_db()
    assert not user.is_superuser
    assert not user.has_perm("rebates.approve_payoutrun")
    assert list(user.groups.values_list("name", flat=True)) == [PROGRAM_ADMINISTRATORS]


def test_a_program_administrator_cannot_edit_a_colleagues_staff_account(client, staff, superuser, brochure):
    from portal.roles import PROGRAM_ADMINISTRATORS

    client.force_login(staff(PROGRAM_ADMINISTRATORS, "programs@example.com"))
    response = client.post(f"/admin/portal/user/{superuser.pk}/change/", {"email": "mine@example.com"})
    assert response.status_code == 403
    assert client.post(f"/admin/portal/user/{superuser.pk}/password/", {}).status_code == 403
    superuser.refresh_from_db()
    assert superuser.email == "root@example.com"


def test_a_superuser_grants_roles_to_others_but_not_to_himself(client, staff, superuser, brochure):
    from portal.roles import FINANCE

    colleague = staff("staff without a role", "new@example.com")
    client.force_login(superuser)
    assert {"groups", "is_superuser"} <= power_inputs(client, f"/admin/portal/user/{colleague.pk}/change/")
    assert power_inputs(client, f"/admin/portal/user/{superuser.pk}/change/") == set()

    finance = Group.objects.get(name=FINANCE)
    response = client.post(
        f"/admin/portal/user/{colleague.pk}/change/",
        {"email": colleague.email, "is_active": "on", "is_staff": "on", "groups": [finance.pk],
         "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert colleague.groups.filter(name=FINANCE).exists()


def test_a_program_administrator_attaches_a_login_to_a_distributor(client, staff, brochure, partner_admin):
    from portal.models import Distributor
    from portal.roles import PROGRAM_ADMINISTRATORS

    alpha = Distributor.objects.create(code="alpha", name="Альфа")
    clerk = make_user("clerk@alpha.example")
    client.force_login(staff(PROGRAM_ADMINISTRATORS, "programs@example.com"))
    form = {"email": clerk.email, "full_name": "Ольга", "is_active": "on", "distributor": alpha.pk,
            "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"}  # fmt: skip
    response = client.post(f"/admin/portal/user/{clerk.pk}/change/", form)
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.distributor == alpha
    assert "Альфа" in client.get("/admin/portal/user/").content.decode()  # the list's company column

    refused = client.post(f"/admin/portal/user/{clerk.pk}/change/", form | {"partner": partner_admin.partner.pk})
    assert refused.status_code == 200 and "не к обоим" in refused.content.decode()
    clerk.refresh_from_db()
    assert clerk.partner is None
