"""A task round trip through RabbitMQ and a real Celery worker: the PR-number e-mail of a new
application is sent by the worker process, not in the web request."""

import time

import pytest
from django.db import transaction

from portal import services
from portal.models import Region
from tests.workers import read_messages
from toolkit.validators import inn_with_check_digits


def body_of(message):
    part = message.get_payload()[0] if message.is_multipart() else message
    return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")


@pytest.mark.postgres
@pytest.mark.worker
def test_application_email_is_sent_by_the_worker(celery_worker_process):
    process, mail_dir = celery_worker_process
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

    deadline = time.monotonic() + 60
    messages = []
    while time.monotonic() < deadline and not messages:
        assert process.poll() is None, "the worker died"
        time.sleep(0.5)
        messages = read_messages(mail_dir)

    assert len(messages) == 1, "the worker did not send the e-mail within 60 s"
    assert messages[0]["To"] == "nina@worker.example"
    assert application.pr_number in body_of(messages[0])


@pytest.mark.postgres
@pytest.mark.worker
def test_a_rolled_back_request_enqueues_nothing(celery_worker_process):
    """docs/reliability.md §23: tasks are enqueued only after the transaction commits."""
    process, mail_dir = celery_worker_process
    with pytest.raises(RuntimeError), transaction.atomic():
        services.application_submit(
            fields={
                "contact_name": "Нина",
                "contact_position": "Директор",
                "contact_email": "rollback@worker.example",
                "contact_phone": "+74951112233",
                "legal_name": "ООО «Откат»",
                "inn": inn_with_check_digits("770900002"),
                "city": "Москва",
                "region": Region.objects.get(code="central"),
                "address": "Москва",
                "website": "",
                "segment": "consumer",
            },
            specializations=[],
        )
        raise RuntimeError("the request fails after the service ran")
    time.sleep(5)
    assert process.poll() is None
    assert read_messages(mail_dir) == []
