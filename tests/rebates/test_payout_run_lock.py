"""A payout-run task delivered again while the first delivery still computes does nothing: the run
is computed once (one attempt), and the second worker says so in its log."""

import time

import psycopg
import pytest
from django.db import connection, transaction

from config.celery import app as celery_app
from rebates.models import PayoutRun, RunStatus
from rebates.payouts import payout_run_start
from rebates.tasks import compute_payout_run_task
from tests.rebates.test_payout_worker_crash import wait_for


@pytest.fixture
def quarter_built_in_process(celery_workers, request):
    """The sales and enrollments of quarter_with_sales, their own follow-up tasks run in-process."""
    celery_app.conf.task_always_eager = True
    try:
        return request.getfixturevalue("quarter_with_sales")
    finally:
        celery_app.conf.task_always_eager = False


@pytest.mark.postgres
@pytest.mark.worker
def test_a_second_delivery_while_the_run_computes_is_a_no_op(celery_workers, quarter_built_in_process, tmp_path):
    quarter, _alpha, _beta = quarter_built_in_process
    start_worker, _mail = celery_workers
    start_worker(), start_worker()
    logs = lambda: "".join(p.read_text() for p in tmp_path.glob("worker-*.log"))  # noqa: E731
    wait_for(lambda: logs().count(" ready.") == 2, 60, "both workers to listen")

    # Hold the sales lines table from another connection: the first delivery takes the run and
    # then waits at its first statement on sales lines, so it is still computing when the second arrives.
    settings = connection.settings_dict
    blocker = psycopg.connect(dbname=settings["NAME"], host=settings["HOST"] or "127.0.0.1",
                               port=settings["PORT"] or 5432, user=settings["USER"])  # fmt: skip
    try:
        blocker.cursor().execute("LOCK TABLE distributors_salesline IN ACCESS EXCLUSIVE MODE")
        with transaction.atomic():
            run = payout_run_start(quarter=quarter, source="test")
            compute_payout_run_task.delay_on_commit(run.pk)
        wait_for(lambda: PayoutRun.objects.get(pk=run.pk).attempts == 1, 60, "the first delivery to take the run")

        compute_payout_run_task.delay(run.pk)  # the same task again, as a broker redelivers it
        second_delivery_done = lambda: (  # noqa: E731 — it either stood aside, or took the run a second time
            "being computed by another worker" in logs() or PayoutRun.objects.get(pk=run.pk).attempts > 1
        )
        wait_for(second_delivery_done, 60, "the second delivery")
        assert PayoutRun.objects.get(pk=run.pk).status == RunStatus.RUNNING
    finally:
        blocker.rollback()
        blocker.close()

    wait_for(lambda: PayoutRun.objects.get(pk=run.pk).status != RunStatus.RUNNING, 60, "the run to finish")
    time.sleep(1)  # a wrongly repeated computation would now start and count a second attempt
    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.DONE, 1)
    assert run.lines_count == run.lines.count() > 0
