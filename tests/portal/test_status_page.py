"""The public status look-up: PR number + e-mail; tells nothing to someone without both."""

import pytest
from django.test import override_settings

from portal import services
from portal.models import PartnerApplication, Region


@pytest.fixture
def application(db, django_capture_on_commit_callbacks):
    from toolkit.validators import inn_with_check_digits

    with django_capture_on_commit_callbacks(execute=True):
        return services.application_submit(
            fields={
                "contact_name": "Олег",
                "contact_position": "Директор",
                "contact_email": "oleg@nord.example",
                "contact_phone": "+74951112233",
                "legal_name": "ООО «Норд»",
                "inn": inn_with_check_digits("780300001"),
                "city": "Санкт-Петербург",
                "region": Region.objects.get(code="north-west"),
                "address": "СПб",
                "website": "",
                "segment": "commercial",
            },
            specializations=[],
        )


def look_up(client, pr_number, email):
    return client.post("/status/", {"pr_number": pr_number, "email": email})


def test_the_right_pair_shows_the_status(client, application):
    response = look_up(client, application.pr_number.lower(), "OLEG@nord.example")
    page = response.content.decode()
    assert 'id="status-result"' in page
    assert "ООО «Норд»" in page


def test_approved_application_shows_the_dell_id(client, application, superuser):
    partner = services.application_approve(application_id=application.pk, actor=superuser)
    page = look_up(client, application.pr_number, "oleg@nord.example").content.decode()
    assert str(partner.dell_id) in page


def test_rejected_application_shows_the_reason(client, application, superuser):
    services.application_reject(application_id=application.pk, actor=superuser, reason="ИНН не совпадает с названием")
    page = look_up(client, application.pr_number, "oleg@nord.example").content.decode()
    assert "ИНН не совпадает с названием" in page


def test_a_wrong_email_looks_exactly_like_an_unknown_pr_number(client, application):
    wrong_email = look_up(client, application.pr_number, "someone@else.example")
    unknown_number = look_up(client, "PR9999999", "someone@else.example")

    assert wrong_email.status_code == unknown_number.status_code == 200
    for response in (wrong_email, unknown_number):
        page = response.content.decode()
        assert 'id="status-not-found"' in page
        assert "ООО «Норд»" not in page

    def strip(page):  # the CSRF token and CSP nonce differ per response
        import re

        return re.sub(r'(value|nonce)="[^"]*"', "", page)

    assert strip(wrong_email.content.decode()).replace("PR9999999", application.pr_number) == strip(
        unknown_number.content.decode()
    ).replace("PR9999999", application.pr_number)


@override_settings(STATUS_LOOKUP_RATE=3)
def test_look_ups_are_rate_limited_per_address(client, application):
    for _ in range(3):
        assert look_up(client, "PR0000000", "x@y.example").status_code == 200
    blocked = look_up(client, application.pr_number, "oleg@nord.example")
    assert blocked.status_code == 429
    assert 'id="status-result"' not in blocked.content.decode()
    assert PartnerApplication.objects.count() == 1
