"""Registration through the public form: PR number, e-mail, clear errors, one application per INN."""

import re
import threading

import pytest
from django.core import mail
from django.db import connection

from portal.models import ApplicationStatus, PartnerApplication


def submit(client, data, commit_hooks):
    with commit_hooks(execute=True):
        return client.post("/register/", data, follow=True)


def test_submitting_the_form_shows_the_pr_number_and_mails_it(
    client, application_data, django_capture_on_commit_callbacks
):
    response = submit(client, application_data(), django_capture_on_commit_callbacks)

    application = PartnerApplication.objects.get()
    assert application.status == ApplicationStatus.RECEIVED
    assert re.fullmatch(r"PR\d{7}", application.pr_number)
    page = response.content.decode()
    assert application.pr_number in page
    assert "Заявка принята" in page  # Russian by default
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maria@romashka.example"]
    assert application.pr_number in message.subject and application.pr_number in message.body
    assert "/status/" in message.body
    assert application.events.get().to_status == ApplicationStatus.RECEIVED


def test_every_application_gets_its_own_pr_number(client, application_data, django_capture_on_commit_callbacks):
    from toolkit.validators import inn_with_check_digits

    submit(client, application_data(), django_capture_on_commit_callbacks)
    submit(client, application_data(inn=inn_with_check_digits("770200002")), django_capture_on_commit_callbacks)
    numbers = list(PartnerApplication.objects.values_list("pr_number", flat=True))
    assert len(set(numbers)) == 2


def test_errors_are_per_field_and_keep_what_was_typed(client, application_data):
    data = application_data(inn="7707083894", contact_email="not-an-email", website="romashka")
    response = client.post("/register/", data)

    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-field-error="inn"' in page and "контрольн" in page  # the check-digit message, in Russian
    assert 'data-field-error="contact_email"' in page
    assert 'value="ООО «Ромашка»"' in page or "ООО «Ромашка»" in page  # typed company kept
    assert 'value="7707083894"' in page
    assert "Москва, ул. Льва Толстого, 16" in page
    assert not PartnerApplication.objects.exists()


def test_the_form_works_in_english(client, application_data):
    client.cookies["django_language"] = "en"
    response = client.post("/register/", application_data(inn="123"))
    page = response.content.decode()
    assert "An INN has 10 digits" in page
    assert "Partner registration" in page


def test_the_same_inn_cannot_apply_twice(client, application_data, django_capture_on_commit_callbacks):
    submit(client, application_data(), django_capture_on_commit_callbacks)
    response = client.post("/register/", application_data(contact_email="other@romashka.example"))

    assert response.status_code == 400
    assert "уже подала заявку" in response.content.decode()
    assert PartnerApplication.objects.count() == 1


def test_a_rejected_company_may_apply_again(client, application_data, superuser, django_capture_on_commit_callbacks):
    from portal.services import application_reject

    submit(client, application_data(), django_capture_on_commit_callbacks)
    application_reject(application_id=PartnerApplication.objects.get().pk, actor=superuser, reason="Нет сайта")
    submit(client, application_data(), django_capture_on_commit_callbacks)
    assert PartnerApplication.objects.filter(status=ApplicationStatus.RECEIVED).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_applications_with_one_inn_leave_one(application_data, roles):
    """docs/reliability.md §3: concurrent requests — one application, the others a validation message."""
    from django.test import Client

    data = application_data()
    results = []
    barrier = threading.Barrier(6)

    def apply():
        client = Client()
        barrier.wait()
        try:
            results.append(client.post("/register/", data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=apply) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert PartnerApplication.objects.filter(inn=data["inn"]).count() == 1
    assert sorted(results) == [302] + [400] * 5


def test_applications_are_limited_per_address_and_hour(client, application_data, settings):
    from toolkit.validators import inn_with_check_digits

    settings.REGISTRATION_RATE = 2
    answers = [
        client.post("/register/", application_data(inn=inn_with_check_digits(f"77020010{n}"), contact_email=f"m{n}@x.example"))
        for n in range(3)
    ]  # fmt: skip
    assert [a.status_code for a in answers] == [302, 302, 429]
    assert "Слишком много заявок" in answers[-1].content.decode()
    assert PartnerApplication.objects.count() == 2
    other = client.post("/register/", application_data(inn=inn_with_check_digits("770200109")), REMOTE_ADDR="10.2.3.4")
    assert other.status_code == 302
