"""Issue 14: a distributor's administrator (`User.is_partner_admin`: may invite colleagues of the
same company) gives a colleague a login to the same distributor; nobody invites into another's."""

import re

import pytest
from django.core import mail

from conftest import make_user
from distributors.services import distributor_invite_colleague
from portal.models import User
from toolkit.errors import PortalError


@pytest.fixture
def distributor_admin(distributor_a):
    return make_user("boss@alpha.example", distributor=distributor_a, is_partner_admin=True, full_name="Ирина Альфова")


def test_the_administrator_invites_a_colleague_who_activates_and_uploads(
    client, distributor_admin, django_capture_on_commit_callbacks
):
    client.force_login(distributor_admin)
    assert 'id="invite-colleague"' in client.get("/reports/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/distributor/colleagues/invite/",
            {"full_name": "Пётр Новиков", "email": "Petr@Alpha.example", "position": "бухгалтер"},
        )
    assert response.status_code == 302 and response["Location"] == "/reports/"
    colleague = User.objects.get(email="petr@alpha.example")
    assert colleague.distributor == distributor_admin.distributor and colleague.partner is None
    assert not colleague.is_partner_admin and not colleague.has_usable_password()

    # The e-mail names the distributor and carries the one-time activation link
    message = mail.outbox[-1]
    assert message.to == ["petr@alpha.example"] and "Дистрибьютор Альфа" in message.subject
    link = re.search(r"https?://\S+/activate/\S+/", message.body).group(0)
    client.logout()
    path = link.split("://", 1)[1].split("/", 1)[1]
    activation = client.post(f"/{path}", {"new_password1": "Sdelki-2016-xyz", "new_password2": "Sdelki-2016-xyz"})
    assert activation.status_code == 302
    assert client.get("/reports/").status_code == 200  # a distributor user of Альфа now

    # The same address twice is refused, case aside
    client.force_login(distributor_admin)
    again = client.post("/distributor/colleagues/invite/", {"full_name": "Пётр", "email": "PETR@alpha.example"})
    assert again.status_code == 200 and User.objects.filter(email__iexact="petr@alpha.example").count() == 1


def test_only_an_administrator_of_a_distributor_invites(client, distributor_user, partner_admin, distributor_admin):
    client.force_login(distributor_user)  # a distributor user without the flag
    assert client.get("/distributor/colleagues/invite/").status_code == 403
    assert (
        client.post("/distributor/colleagues/invite/", {"full_name": "X", "email": "x@alpha.example"}).status_code
        == 403
    )
    assert 'id="invite-colleague"' not in client.get("/reports/").content.decode()
    with pytest.raises(PortalError):
        distributor_invite_colleague(actor=distributor_user, email="y@alpha.example", full_name="Y")
    with pytest.raises(PortalError):  # a partner's administrator is no distributor's
        distributor_invite_colleague(actor=partner_admin, email="z@alpha.example", full_name="Z")
    assert not User.objects.filter(email__in=["x@alpha.example", "y@alpha.example", "z@alpha.example"]).exists()


def test_another_distributors_administrator_cannot_invite_into_yours(
    client, distributor_admin, distributor_b, django_capture_on_commit_callbacks
):
    other_admin = make_user("boss@beta.example", distributor=distributor_b, is_partner_admin=True)
    client.force_login(other_admin)
    # Whatever the form says, the colleague joins the inviter's own distributor.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/distributor/colleagues/invite/",
            {"full_name": "Чужой", "email": "new@beta.example", "distributor": distributor_admin.distributor_id},
        )
    assert User.objects.get(email="new@beta.example").distributor == distributor_b
    assert not User.objects.filter(distributor=distributor_admin.distributor, email="new@beta.example").exists()
    page = client.get("/distributor/colleagues/invite/").content.decode()
    assert "boss@alpha.example" not in page and "boss@beta.example" in page
