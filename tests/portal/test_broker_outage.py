"""A broker that is down when a change commits delays its job, never the change: the request
answers success, the job waits in the outbox, and goes out once the broker is back."""

from django.core import mail

from portal.models import OutboxTask, PartnerApplication
from tests.broker import broker_back, broker_down
from tests.rebates.conftest import clock


def test_a_registration_succeeds_and_its_email_goes_out_when_the_broker_is_back(
    client, application_data, django_capture_on_commit_callbacks
):
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/register/", application_data(), follow=True)
    application = PartnerApplication.objects.get()
    assert response.status_code == 200 and application.pr_number in response.content.decode()
    assert mail.outbox == [] and OutboxTask.objects.filter(sent_at__isnull=True).count() == 1

    assert broker_back() == 1
    assert [m.to for m in mail.outbox] == [["maria@romashka.example"]]
    assert application.pr_number in mail.outbox[0].subject
    assert broker_back() == 0  # sent once


def test_an_accept_succeeds_and_its_confirmation_follows(client, partner_admin, q1, django_capture_on_commit_callbacks):
    client.force_login(partner_admin)
    program = q1("client")
    with broker_down(), clock(2016, 3, 20, 12, 0), django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/programs/{program.pk}/accept/", {"tier": program.tiers.get(units=150).pk})
    assert response.status_code == 302 and mail.outbox == []
    assert broker_back() == 1
    assert [m.to for m in mail.outbox] == [[partner_admin.email]]
