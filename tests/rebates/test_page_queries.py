"""Every page a partner or a distributor works in runs a fixed number of queries, whatever the data:
measured once, then again after more reports, lines, courses, colleagues and an approved run."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_user
from distributors.services import report_process, report_receive, token_create
from portal.services import partner_invite_colleague
from rebates.approvals import payout_run_approve
from rebates.payouts import payout_run_compute, payout_run_start
from tests.distributors.conftest import csv_bytes, upload
from training.models import Course
from training.services import completion_report

PARTNER_PAGES = [
    "/dashboard/",
    "/programs/?quarter=2016-Q1",
    "/trainings/",
    "/statements/",
    "/colleagues/invite/",
    "/api/v1/programs/?quarter=2016-Q1",
    "/api/v1/progress/",
]
DISTRIBUTOR_PAGES = ["/reports/", "/tokens/", "/statements/"]


def counts(client, user, pages) -> dict[str, int]:
    client.force_login(user)
    found = {}
    for page in pages:
        client.get(page)  # caches warm (sessions, the quarter), as for a returning user
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200, page
        found[page] = len(queries)
    return found


def more_of_everything(quarter, alpha, partner_admin, superuser, rounds):
    from django.contrib.auth.models import Group

    from portal.roles import FINANCE

    finance = make_user(f"finance{rounds}@example.com", is_staff=True)
    finance.groups.add(Group.objects.get(name=FINANCE))
    dell_id = partner_admin.partner.dell_id
    for n in range(3):
        rows = [(f"M{rounds}-{n}-{i}", "2016-02-10", dell_id, "V-1", 1, "", "") for i in range(40)]
        rows.append((f"M{rounds}-{n}-bad", "2016-02-10", dell_id, "V-1", "много", "", ""))
        report_process(report_receive(distributor=alpha, upload=upload(f"more{rounds}{n}.csv", csv_bytes(rows))).pk)
    for n, course in enumerate(Course.objects.all()[rounds * 3 : rounds * 3 + 3]):
        colleague = partner_invite_colleague(
            actor=partner_admin, email=f"c{rounds}{n}@romashka.example", full_name=f"Коллега {n}"
        )
        completion_report(
            user=colleague,
            course=course,
            completed_on=quarter.start_date,
            certificate=SimpleUploadedFile("c.pdf", b"%PDF-1"),
        )
    run = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)
    payout_run_approve(run_id=run.pk, actor=finance)


@pytest.mark.django_db
def test_partner_and_distributor_pages_run_as_many_queries_with_more_data(
    client, quarter_with_sales, partner_admin, superuser, roles, django_capture_on_commit_callbacks
):
    quarter, alpha, _beta = quarter_with_sales
    clerk = make_user("clerk@alpha.example", distributor=alpha)
    token_create(user=clerk, name="ERP")
    more_of_everything(quarter, alpha, partner_admin, superuser, 0)
    before = counts(client, partner_admin, PARTNER_PAGES) | {
        f"distributor {k}": v for k, v in counts(client, clerk, DISTRIBUTOR_PAGES).items()
    }
    more_of_everything(quarter, alpha, partner_admin, superuser, 1)
    token_create(user=clerk, name="ERP 2")
    after = counts(client, partner_admin, PARTNER_PAGES) | {
        f"distributor {k}": v for k, v in counts(client, clerk, DISTRIBUTOR_PAGES).items()
    }
    assert after == before
    # Measured without the cache (a test's transaction bypasses it, rebates/inputs_cache.py): what
    # a page costs on the first request after a change; from the cache the programs page runs 4.
    assert before["/programs/?quarter=2016-Q1"] <= 20, before
    assert max(before.values()) <= 20, before
