"""A partner watches its progress bar move after a distributor's report is processed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from catalog.models import FiscalQuarter
from catalog.selectors import current_quarter
from rebates.services import enrollment_accept, quarter_clone_programs
from tests.browser.conftest import screenshot, sign_in
from tests.distributors.conftest import csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_progress_bar_moves_after_an_upload(
    live_server, browser_page, partner_admin, distributor_user, catalog, tmp_path
):
    # Given this quarter's client program accepted with plan 50
    quarter = current_quarter()
    deadline = datetime.now(ZoneInfo("Europe/Moscow")) + timedelta(days=5)
    quarter_clone_programs(source=FiscalQuarter.objects.get(code="2016-Q1"), target=quarter, deadline=deadline)
    program = quarter.programs.get(kind="client")
    enrollment_accept(
        partner=partner_admin.partner, program=program, tier=program.tiers.get(units=50), actor=partner_admin
    )
    page = browser_page
    sign_in(page, live_server, partner_admin.email)
    bar = page.locator('[data-progress-program="client"] [data-progress-percent]')
    assert bar.get_attribute("data-progress-percent") == "0"

    # When the distributor uploads 20 Vostro notebooks sold to the partner today
    other = page.context.browser.new_context(locale="ru-RU")
    distributor_page = other.new_page()
    sign_in(distributor_page, live_server, distributor_user.email)
    path = tmp_path / "today.csv"
    path.write_bytes(
        csv_bytes([("T-1", timezone.localdate().isoformat(), partner_admin.partner.dell_id, "210-AAAA", 20, "", "")])
    )
    distributor_page.set_input_files("#id_file", str(path))
    distributor_page.get_by_role("button", name="Загрузить").click()
    distributor_page.wait_for_selector("#report-result")
    other.close()

    # Then the partner's bar shows 20 of 50
    page.reload()
    bar = page.locator('[data-progress-program="client"] [data-progress-percent]')
    assert bar.get_attribute("data-progress-percent") == "40"
    assert page.locator('[data-progress-program="client"] [data-progress-units]').inner_text() == "20"
    screenshot(page, "dashboard-progress-ru")
