"""The partner's progress during the quarter on the dashboard, at a fixed number of queries."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import FiscalQuarter
from catalog.selectors import current_quarter
from distributors.models import Authorization
from distributors.services import report_process, report_receive
from portal.models import Distributor
from rebates.services import enrollment_accept, quarter_clone_programs
from tests.distributors.conftest import csv_bytes, upload


@pytest.fixture
def this_quarter(brochure, partner_admin):
    from catalog.imports import import_products

    import_products(b"sku,model,line,series,form_factor,diagonal\nV-1,Vostro 3558,vostro,3xxx,notebook,\n", "c.csv")
    quarter = current_quarter()
    deadline = datetime.now(ZoneInfo("Europe/Moscow")) + timedelta(days=5)
    quarter_clone_programs(source=FiscalQuarter.objects.get(code="2016-Q1"), target=quarter, deadline=deadline)
    program = quarter.programs.get(kind="client")
    enrollment_accept(
        partner=partner_admin.partner, program=program, tier=program.tiers.get(units=50), actor=partner_admin
    )
    alpha = Distributor.objects.create(code="alpha", name="Альфа")
    Authorization.objects.create(distributor=alpha, segment="commercial", valid_from=date(2016, 1, 30))
    beta = Distributor.objects.create(code="beta", name="Бета")  # not authorized for anything
    return quarter, alpha, beta


def send(distributor, partner, n, *, prefix, quantity=1):
    today = timezone.localdate().isoformat()
    rows = [(f"{prefix}-{i}", today, partner.dell_id, "V-1", quantity, "", "") for i in range(n)]
    report = report_receive(distributor=distributor, upload=upload(f"{prefix}.csv", csv_bytes(rows)))
    return report_process(report.pk)


def test_dashboard_shows_units_against_plan_and_the_expected_rebate(client, partner_admin, this_quarter):
    _quarter, alpha, beta = this_quarter
    send(alpha, partner_admin.partner, 30, prefix="A")
    send(beta, partner_admin.partner, 7, prefix="B")
    client.force_login(partner_admin)
    page = client.get("/dashboard/").content.decode()
    assert 'data-progress-percent="60"' in page and "<span data-progress-units>30</span> / 50" in page
    assert "0,00" in page  # plan 50 not reached yet: nothing if the quarter closed today
    assert "7 шт. куплено у дистрибьюторов, не авторизованных" in page

    send(alpha, partner_admin.partner, 25, prefix="C")
    page = client.get("/dashboard/").content.decode()
    assert 'data-progress-percent="100"' in page
    assert "8\xa0470,00" in page  # 55 × 154


def test_dashboard_queries_do_not_grow_with_the_data(client, partner_admin, this_quarter):
    _quarter, alpha, _beta = this_quarter
    send(alpha, partner_admin.partner, 3, prefix="S")
    client.force_login(partner_admin)
    client.get("/dashboard/")
    with CaptureQueriesContext(connection) as small:
        client.get("/dashboard/")
    for batch in range(3):
        send(alpha, partner_admin.partner, 300, prefix=f"L{batch}")
    with CaptureQueriesContext(connection) as large:
        client.get("/dashboard/")
    assert len(large) == len(small)


def test_the_programs_page_runs_a_fixed_number_of_queries(client, partner_admin, this_quarter):
    """All programs' progress from one computation (docs/architecture.md): the count stays the same
    however many sales lines there are."""
    _quarter, alpha, _beta = this_quarter
    send(alpha, partner_admin.partner, 3, prefix="S")
    client.force_login(partner_admin)
    client.get("/programs/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/programs/").status_code == 200
    for batch in range(3):
        send(alpha, partner_admin.partner, 300, prefix=f"P{batch}")
    with CaptureQueriesContext(connection) as large:
        client.get("/programs/")
    assert len(large) == len(small) <= 20
