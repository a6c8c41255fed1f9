"""Identifiers are 0-9 only (issue 9, finding 5): look-alike digits never make a second company, a
500, or a stored value that the duplicate check cannot see."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from portal.models import Distributor, Partner, PartnerApplication

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def submit(client, data, commit_hooks):
    with commit_hooks(execute=True):
        return client.post("/register/", data)


def assert_refused_as_duplicate(response):
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-field-error="inn"' in page and "уже подала заявку" in page


@pytest.mark.parametrize("digits", [FULLWIDTH, SUPERSCRIPT], ids=["fullwidth", "superscript"])
def test_a_look_alike_copy_of_a_partners_inn_is_refused_as_a_duplicate(
    client, application_data, partner_a, digits, django_capture_on_commit_callbacks
):
    response = submit(client, application_data(inn=partner_a.inn.translate(digits)), django_capture_on_commit_callbacks)

    assert_refused_as_duplicate(response)
    assert not PartnerApplication.objects.exists()


@pytest.mark.parametrize("digits", [FULLWIDTH, SUPERSCRIPT], ids=["fullwidth", "superscript"])
def test_a_look_alike_copy_of_a_pending_application_is_refused_as_a_duplicate(
    client, application_data, digits, django_capture_on_commit_callbacks
):
    first = application_data()
    submit(client, first, django_capture_on_commit_callbacks)
    copy = application_data(inn=first["inn"].translate(digits), contact_email="other@romashka.example")

    assert_refused_as_duplicate(submit(client, copy, django_capture_on_commit_callbacks))
    assert PartnerApplication.objects.count() == 1


@pytest.mark.parametrize("digits", [FULLWIDTH, SUPERSCRIPT], ids=["fullwidth", "superscript"])
def test_a_new_inn_in_look_alike_digits_is_stored_in_ascii(
    client, application_data, digits, django_capture_on_commit_callbacks
):
    data = application_data()
    response = submit(
        client, application_data(inn=f" {data['inn'].translate(digits)} "), django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    assert PartnerApplication.objects.get().inn == data["inn"]


def test_arabic_indic_digits_are_refused_with_a_clear_error(client, application_data, partner_a):
    client.cookies["django_language"] = "en"
    response = client.post("/register/", application_data(inn=partner_a.inn.translate(ARABIC_INDIC)))

    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-field-error="inn"' in page and "Use only the digits 0–9." in page
    assert not PartnerApplication.objects.exists()


@pytest.mark.parametrize(
    "stored",
    [lambda inn: inn.translate(FULLWIDTH), lambda inn: inn.translate(ARABIC_INDIC), lambda inn: inn + "\n"],
    ids=["fullwidth", "arabic-indic", "trailing-newline"],
)
def test_the_database_refuses_an_inn_that_is_not_ascii_digits(partner_a, stored):
    with pytest.raises(IntegrityError):
        Partner.objects.filter(pk=partner_a.pk).update(inn=stored(partner_a.inn))


def test_a_distributors_inn_is_checked_like_a_partners(partner_a):
    distributor = Distributor(code="gamma", name="Гамма", inn=partner_a.inn.translate(FULLWIDTH))
    with pytest.raises(ValidationError) as error:
        distributor.full_clean()
    assert "inn" in error.value.message_dict


@pytest.fixture
def application(client, application_data, django_capture_on_commit_callbacks):
    submit(client, application_data(), django_capture_on_commit_callbacks)
    return PartnerApplication.objects.get()


def test_a_fullwidth_pr_number_finds_the_application(client, application):
    response = client.post(
        "/status/", {"pr_number": application.pr_number.translate(FULLWIDTH), "email": application.contact_email}
    )
    assert 'id="status-result"' in response.content.decode()


def test_a_pr_number_in_other_digits_gets_a_clear_error(client, application):
    client.cookies["django_language"] = "en"
    response = client.post(
        "/status/", {"pr_number": application.pr_number.translate(ARABIC_INDIC), "email": application.contact_email}
    )
    page = response.content.decode()
    assert 'data-field-error="pr_number"' in page and "followed by the digits 0–9" in page


def test_a_payout_run_filter_in_superscript_digits_is_not_a_server_error(client, partner_admin):
    client.force_login(partner_admin)
    refused = client.get("/api/v1/payout-lines/", {"run": "²"})
    assert refused.status_code == 400 and "run" in refused.json()
