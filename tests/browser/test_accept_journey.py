"""A partner accepts the client program with plan 150 in a real browser and sees it confirmed."""

import pytest

from catalog.models import FiscalQuarter
from catalog.selectors import current_quarter
from rebates.models import Enrollment
from rebates.services import quarter_clone_programs
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_partner_accepts_plan_150_and_sees_it_confirmed(live_server, browser_page, brochure, partner_admin):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    # Given this quarter's programs, open for ACCEPT for another week
    deadline = datetime.now(ZoneInfo("Europe/Moscow")).replace(microsecond=0) + timedelta(days=7)
    quarter_clone_programs(
        source=FiscalQuarter.objects.get(code="2016-Q1"), target=current_quarter(), deadline=deadline
    )
    page = browser_page

    # When the partner signs in and opens the programs
    sign_in(page, live_server, partner_admin.email)
    page.get_by_role("link", name="Рибейтные программы").first.click()
    card = page.locator("section[id^=program-]").first
    assert "Не подтверждено" in card.locator("[data-enrollment-status]").inner_text()

    # And chooses plan 150 and presses ACCEPT
    card.get_by_label("План 150 шт.").check()
    card.get_by_role("button", name="ACCEPT").click()

    # Then the page confirms it and the card shows the plan
    assert "ACCEPT подтвержден" in page.locator(".alert-success").inner_text()
    card = page.locator("section[id^=program-]").first
    assert card.locator("[data-enrollment-status]").inner_text() == "ACCEPT: план 150"
    assert card.get_by_label("План 150 шт.").is_checked()
    screenshot(page, "programs-accepted-ru")
    assert Enrollment.objects.get().tier.units == 150
