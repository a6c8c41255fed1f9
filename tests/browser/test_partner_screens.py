"""Issue 14: a partner walks its main screens in Russian on a desktop (1366 px) and on a phone
(390 px): dashboard, programs, trainings, statements. Nothing scrolls sideways, no English phrase
of these screens slips through, money reads "34 650,00 ₽" and dates "dd.mm.yyyy"."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from catalog.selectors import current_quarter
from conftest import make_user
from rebates.approvals import payout_run_approve
from rebates.payouts import payout_run_compute, payout_run_start
from rebates.services import quarter_clone_programs
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENGLISH = ["What is left to do", "Rebate programs", "Your quarterly plan", "Trainings", "Statements",
           "Approved", "Paid", "awaiting payment", "Download", "Plan ", "units", "Moscow time", "Deal registration",
           "Your deals", "account manager protects"]  # fmt: skip
MONEY = re.compile(r"\d{1,3}(?:\u00a0\d{3})*,\d{2}\u00a0₽")
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (1200, 900), (390, 844)])
def test_partner_screens_in_russian_fit_the_screen(
    live_server, browser_page, quarter_with_sales, partner_admin, superuser, roles, width, height
):
    from django.contrib.auth.models import Group

    from catalog.models import FiscalQuarter
    from portal.roles import FINANCE

    quarter, _alpha, _beta = quarter_with_sales
    run = payout_run_compute(payout_run_start(quarter=quarter, actor=superuser).pk)
    finance = make_user("finance@example.com", is_staff=True)
    finance.groups.add(Group.objects.get(name=FINANCE))
    payout_run_approve(run_id=run.pk, actor=finance)
    deadline = datetime.now(ZoneInfo("Europe/Moscow")).replace(microsecond=0) + timedelta(days=7)
    quarter_clone_programs(
        source=FiscalQuarter.objects.get(code="2016-Q1"), target=current_quarter(), deadline=deadline
    )
    page = browser_page
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, live_server, partner_admin.email)
    problems = []
    for url, name in [("/dashboard/", "dashboard"), ("/programs/", "programs"), ("/trainings/", "trainings"),
                      ("/statements/", "statements")]:  # fmt: skip
        page.goto(live_server.url + url)
        screenshot(page, f"partner-{name}-ru-{width}")
        text = page.locator("main").inner_text()
        problems += [f"{url}: English «{p}»" for p in ENGLISH if p in text]
        if not page.evaluate(NO_SIDEWAYS_SCROLL):
            problems.append(f"{url}: scrolls sideways at {width} px")
        if width >= 1200:  # the full menu: the account menu (and sign-out) must be on screen
            box = page.locator("#account-menu").bounding_box()
            if box is None or box["x"] + box["width"] > width:
                problems.append(f"{url}: the account menu is off screen at {width} px")
    assert not problems, problems
    statements = page.locator("#statements").inner_text()  # the last page visited
    assert MONEY.search(statements) and re.search(r"\d{2}\.\d{2}\.\d{4}", statements)
