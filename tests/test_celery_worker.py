"""A task round trip through RabbitMQ and a real Celery worker: the PR-number e-mail of a new
application is sent by the worker process, not in the web request."""

import pytest
from django.db import transaction

from portal import services
from portal.models import Region
from tests.workers import read_messages, wait_for
from toolkit.logs import request_id
from toolkit.validators import inn_with_check_digits


def body_of(message):
    part = message.get_payload()[0] if message.is_multipart() else message
    return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")


@pytest.mark.postgres
@pytest.mark.worker
def test_application_email_is_sent_by_the_worker(celery_worker_process):
    process, mail_dir = celery_worker_process
    token = request_id.set("req-worker-0001")  # as RequestIdMiddleware does for a request
    with transaction.atomic():
        application = services.application_submit(
            fields={
                "contact_name": "Нина",
                "contact_position": "Директор",
                "contact_email": "nina@worker.example",
                "contact_phone": "+74951112233",
                "legal_name": "ООО «Очередь»",
                "inn": inn_with_check_digits("770900001"),
                "city": "Москва",
                "region": Region.objects.get(code="central"),
                "address": "Москва",
                "website": "",
                "segment": "consumer",
            },
            specializations=[],
        )
        assert read_messages(mail_dir) == []  # nothing leaves before the commit

    wait_for(lambda: read_messages(mail_dir) or process.poll() is not None, 60, "the worker's e-mail")
    assert process.poll() is None, "the worker died"
    messages = read_messages(mail_dir)
    assert len(messages) == 1
    assert messages[0]["To"] == "nina@worker.example"
    assert application.pr_number in body_of(messages[0])
    request_id.reset(token)
    # The worker's line about the job names the request that queued it (toolkit/logs.py).
    wait_for(lambda: "[req-worker-0001" in process.log.read_text(), 10, "the worker's log line")
    assert "e-mail application_received sent" in process.log.read_text()


def fields(email, inn):
    return {
        "contact_name": "Нина",
        "contact_position": "Директор",
        "contact_email": email,
        "contact_phone": "+74951112233",
        "legal_name": "ООО «Откат»",
        "inn": inn_with_check_digits(inn),
        "city": "Москва",
        "region": Region.objects.get(code="central"),
        "address": "Москва",
        "website": "",
        "segment": "consumer",
    }


@pytest.mark.postgres
@pytest.mark.worker
def test_a_rolled_back_request_enqueues_nothing(celery_worker_process):
    """docs/reliability.md §23: tasks are enqueued only after the transaction commits."""
    process, mail_dir = celery_worker_process
    with pytest.raises(RuntimeError), transaction.atomic():
        services.application_submit(fields=fields("rollback@worker.example", "770900002"), specializations=[])
        raise RuntimeError("the request fails after the service ran")

    # A committed application afterwards: the worker takes jobs in order, so once its e-mail is
    # there, an e-mail of the rolled-back one would have been sent before it (no fixed wait).
    with transaction.atomic():
        services.application_submit(fields=fields("committed@worker.example", "770900003"), specializations=[])
    wait_for(lambda: read_messages(mail_dir), 60, "the committed application's e-mail")
    assert process.poll() is None
    assert [m["To"] for m in read_messages(mail_dir)] == ["committed@worker.example"]
