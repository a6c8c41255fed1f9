"""The issue's reliability promise, on Redis with real workers: a 10,000-recipient send whose worker
is killed (SIGKILL) mid-send and started again reaches every recipient, once.

Claim (a chunk) → send → mark, each (newsletter/services.py): a killed worker leaves at most one
recipient whose message may or may not have left before the kill. The rows it held are sent after
NEWSLETTER_CLAIM_TIMEOUT_SECONDS with the same Message-ID, so at most one address per killed worker
can hold two copies, both the same message (docs/benefits.md, "The newsletter": the crash window)."""

import os
import signal
import time
from collections import Counter

import pytest
from django.db import transaction

from conftest import REQUIRE_ALL, _answers
from newsletter import services
from newsletter.models import Delivery, DeliveryStatus, Issue, IssueStatus, Subscription
from portal.models import User
from tests.workers import WorkerPool, read_messages, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
REDIS_BROKER = os.environ.get("NEWSLETTER_TEST_REDIS_BROKER", "redis://127.0.0.1:6379/5")
RECIPIENTS = 10_000
# Each recipient costs three commits (claim, send, mark): two worker processes share the send, as a
# deployment's mail workers would; both are killed at once and two new ones started.
WORKERS = 2
# As fast as the worker goes (the rate limit is a setting), large batches, a short hold before a
# killed worker's recipient is sent again.
WORKER_ENV = {
    "NEWSLETTER_RATE_PER_MINUTE": "100000000",
    "NEWSLETTER_BATCH_SIZE": "250",
    "NEWSLETTER_CLAIM_TIMEOUT_SECONDS": "2",
}


@pytest.fixture
def redis_workers(transactional_db, tmp_path):
    if not _answers(REDIS_BROKER, 6379):
        message = f"it needs Redis as the broker at {REDIS_BROKER}"
        pytest.fail(f"CI requires this test but {message}") if REQUIRE_ALL else pytest.skip(message)
    pool = WorkerPool(tmp_path, broker=REDIS_BROKER)
    with pool.publishing_here():
        try:
            yield pool
        finally:
            pool.stop_all()


def sent() -> int:
    return Delivery.objects.filter(status=DeliveryStatus.SENT).count()


def test_a_killed_worker_and_a_new_one_send_each_of_10000_recipients_one_copy(redis_workers, superuser):
    started = time.monotonic()
    User.objects.bulk_create(
        [User(email=f"r{n:05d}@crash.example", password="!") for n in range(RECIPIENTS)], batch_size=2000
    )
    users = User.objects.filter(email__endswith="@crash.example").values_list("pk", flat=True)
    confirmed = time.time()
    Subscription.objects.bulk_create(
        [Subscription(user_id=pk, topic="program_news", frequency="as_published", language="ru",
                      confirmed_at=_now(), consent_email="x@crash.example") for pk in users],
        batch_size=2000,
    )  # fmt: skip
    issue = Issue.objects.create(
        topic="program_news", subject_ru="Выпуск", subject_en="Issue", body_ru="Текст", body_en="Text",
        created_by=superuser,
    )  # fmt: skip
    first = [redis_workers.start(**WORKER_ENV) for _n in range(WORKERS)]
    wait_for(lambda: all("ready" in w.log.read_text() for w in first), 30, "the first workers")
    with transaction.atomic():
        assert services.issue_publish(actor=superuser, issue_id=issue.pk) == RECIPIENTS

    wait_for(lambda: sent() >= 500, 60, "some hundreds sent")
    for worker in first:
        worker.send_signal(signal.SIGKILL)
    for worker in first:
        worker.wait()
    at_kill = sent()
    assert at_kill < RECIPIENTS, "the send ended before the kill: nothing was tested"
    held = Delivery.objects.filter(status=DeliveryStatus.SENDING).count()

    for _n in range(WORKERS):
        redis_workers.start(**WORKER_ENV)
    wait_for(lambda: Issue.objects.get(pk=issue.pk).status == IssueStatus.PUBLISHED, 300, "the send to finish")
    elapsed = time.monotonic() - started

    counts = Counter(s for s in Delivery.objects.filter(issue=issue).values_list("status", flat=True))
    assert counts == {DeliveryStatus.SENT: RECIPIENTS}
    messages = read_messages(redis_workers.mail_dir)
    copies = Counter(m["To"] for m in messages)
    assert set(copies) == {f"r{n:05d}@crash.example" for n in range(RECIPIENTS)}
    twice = {address: n for address, n in copies.items() if n > 1}
    # At most the one message each killed worker had on its way out; the other recipients it had
    # claimed (a chunk) had received nothing and got their one copy after the hold ran out.
    assert len(twice) <= WORKERS and all(n == 2 for n in twice.values()), (twice, held)
    for address in twice:
        assert len({m["Message-ID"] for m in messages if m["To"] == address}) == 1
    print(f"{RECIPIENTS} recipients, killed after {at_kill} sent holding {held}, {len(twice)} resent in the crash window, "
          f"{elapsed:.1f} s in all (confirmed at {confirmed:.0f})")  # fmt: skip


def _now():
    from django.utils import timezone

    return timezone.now()
