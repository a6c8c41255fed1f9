"""Issue faults 2 and 3 on a real RabbitMQ that is stopped and started again: a change whose commit
succeeded answers success while the broker is down, and its job runs once the broker is back;
a worker that loses the broker in the middle of a task lives on and finishes it."""

import time
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.utils import timezone

from distributors.models import ReportStatus, SalesLine, SalesReport
from portal.models import OutboxTask, PartnerApplication
from portal.outbox import outbox_dispatch
from tests.distributors.conftest import csv_bytes, upload
from tests.outage.conftest import down
from tests.rebates.conftest import clock
from tests.workers import read_messages, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.worker, pytest.mark.outage]


def dispatch_held_jobs():
    """What beat's dispatch_outbox does every minute (it leaves jobs younger than 30 s alone)."""
    return outbox_dispatch(now=timezone.now() + timedelta(minutes=5))


def mail_to(mail_dir, address):
    return [m for m in read_messages(mail_dir) if address in m["To"]]


def test_a_registration_answers_with_its_pr_number_and_the_email_follows_the_broker(
    workers_on_private_broker, private_broker, client, application_data
):
    pool = workers_on_private_broker
    pool.start()
    with down(private_broker):
        response = client.post("/register/", application_data(), follow=True)
        application = PartnerApplication.objects.get()
        assert response.status_code == 200 and application.pr_number in response.content.decode()
        assert OutboxTask.objects.filter(sent_at__isnull=True).count() == 1
    assert dispatch_held_jobs() == 1
    wait_for(lambda: mail_to(pool.mail_dir, "maria@romashka.example"), 60, "the PR-number e-mail")
    [message] = mail_to(pool.mail_dir, "maria@romashka.example")
    assert application.pr_number in str(make_header(decode_header(message["Subject"])))


def test_an_accept_is_stored_and_its_confirmation_follows_the_broker(
    workers_on_private_broker, private_broker, client, partner_admin, q1
):
    pool = workers_on_private_broker
    pool.start()
    client.force_login(partner_admin)
    program = q1("client")
    with down(private_broker), clock(2016, 3, 20, 12, 0):
        response = client.post(
            f"/programs/{program.pk}/accept/", {"tier": program.tiers.get(units=150).pk}, follow=True
        )
        page = response.content.decode()
        alerts = [part.split("</div>", 1)[0] for part in page.split('class="alert')[1:]]
        assert "ACCEPT подтвержден" in page, alerts  # the page says what went wrong, if anything did
        assert program.enrollments.get(partner=partner_admin.partner).tier.units == 150
    assert dispatch_held_jobs() == 1
    wait_for(lambda: mail_to(pool.mail_dir, partner_admin.email), 60, "the ACCEPT confirmation")


def test_an_api_upload_is_accepted_and_processed_once_the_broker_is_back(
    workers_on_private_broker, private_broker, client, distributor_user, catalog, partner_a
):
    from distributors.services import token_create

    pool = workers_on_private_broker
    pool.start()
    _token, key = token_create(user=distributor_user, name="ERP")
    content = csv_bytes([("O1", "2016-02-01", partner_a.dell_id, "210-AAAA", 2, "", "")])
    with down(private_broker):
        response = client.post(
            "/api/v1/reports/", {"file": upload("o.csv", content)}, HTTP_AUTHORIZATION=f"Token {key}"
        )
        assert response.status_code == 202
        assert SalesReport.objects.get().status == ReportStatus.RECEIVED
    assert dispatch_held_jobs() == 1
    wait_for(lambda: SalesReport.objects.get().status == ReportStatus.DONE, 60, "the report to be processed")
    assert SalesReport.objects.get().rows_stored == 1


ROWS = 300_000  # several seconds of processing: the broker goes away in the middle


def test_a_worker_that_loses_the_broker_mid_import_lives_on_and_finishes(
    workers_on_private_broker, private_broker, distributor_a, catalog, partner_a
):
    from django.db import transaction

    from distributors.services import report_receive

    pool = workers_on_private_broker
    worker = pool.start()
    rows = [(f"B-{n:07d}", "2016-02-01", partner_a.dell_id, "210-AAAA", 1, "", "") for n in range(ROWS)]
    with transaction.atomic():
        report = report_receive(distributor=distributor_a, upload=upload("big.csv", csv_bytes(rows)))
    wait_for(lambda: SalesReport.objects.get(pk=report.pk).status == ReportStatus.PROCESSING, 60, "the import")

    with down(private_broker):
        wait_for(lambda: SalesReport.objects.get(pk=report.pk).status == ReportStatus.DONE, 120, "the import to end")
        time.sleep(2)  # the worker notices the lost connection
        assert worker.poll() is None, "the worker died with its broker"

    # The task could not be acknowledged: RabbitMQ delivers it again, and the rerun changes nothing
    assert worker.poll() is None
    with transaction.atomic():
        second = report_receive(
            distributor=distributor_a,
            upload=upload("next.csv", csv_bytes([("N1", "2016-02-02", partner_a.dell_id, "210-AAAA", 3, "", "")])),
        )
    wait_for(lambda: SalesReport.objects.get(pk=second.pk).status == ReportStatus.DONE, 90, "the next upload")
    assert SalesLine.objects.filter(report=report).count() == ROWS
    assert SalesReport.objects.get(pk=report.pk).rows_stored == ROWS
