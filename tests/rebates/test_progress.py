"""The partner's progress during the quarter on the dashboard, at a fixed number of queries
(fixtures `this_quarter`, `send`: tests/rebates/conftest.py)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.rebates.conftest import send


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
