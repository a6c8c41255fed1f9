"""axe-core on the portal's own pages, in Russian: no serious or critical violation. Plus what axe
does not check: every aria-describedby names an element that exists, and after a failed submit
the focus is on the error summary."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from catalog.models import FiscalQuarter
from catalog.selectors import current_quarter
from rebates.services import quarter_clone_programs
from tests.browser.conftest import sign_in
from tests.discounts.conftest import make_terms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = ["/", "/register/", "/status/", "/accounts/login/", "/api/docs/", "/where-to-buy/"]
PARTNER = [
    "/dashboard/",
    "/programs/",
    "/trainings/",
    "/statements/",
    "/colleagues/invite/",
    "/certificate/",
    "/where-to-buy/my-listing/",
    "/discounts/",
]
DISTRIBUTOR = ["/reports/", "/tokens/", "/statements/", "/distributor/discounts/"]

DANGLING_DESCRIPTIONS = """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(el =>
    el.getAttribute('aria-describedby').split(/\\s+/).filter(id => id && !document.getElementById(id))
      .map(id => (el.id || el.name || el.tagName) + ' → #' + id))"""


def problems(page, url) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    # Swagger UI's widgets on /api/docs/ are the bundle's, not the portal's (nested controls,
    # its own colours): the page around them — language, title, landmark, heading — is checked.
    context = {"exclude": [["#swagger-ui"]]} if url.startswith("/api/docs/") else None
    results = Axe().run(page, context=context).response
    found = [
        f"{url}: {v['impact']} {v['id']} at {v['nodes'][0]['target']} ({v['help']})"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    return found + [
        f"{url}: aria-describedby names a missing id: {gap}" for gap in page.evaluate(DANGLING_DESCRIPTIONS)
    ]


def test_the_main_pages_have_no_serious_accessibility_violations(
    live_server, browser_page, partner_admin, distributor_user
):
    deadline = datetime.now(ZoneInfo("Europe/Moscow")).replace(microsecond=0) + timedelta(days=7)
    quarter_clone_programs(
        source=FiscalQuarter.objects.get(code="2016-Q1"), target=current_quarter(), deadline=deadline
    )
    make_terms(current_quarter())  # the discount tool with its numbers and chart
    page = browser_page
    found = []
    for url in PUBLIC:
        page.goto(live_server.url + url)
        found += problems(page, url)

    page.goto(live_server.url + "/register/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#form-errors")
    found += problems(page, "/register/ after a failed submit")
    assert page.evaluate("document.activeElement.id") == "form-errors"  # focus moved to the summary

    sign_in(page, live_server, partner_admin.email)
    for url in PARTNER:
        page.goto(live_server.url + url)
        found += problems(page, url)
    page.context.clear_cookies()
    sign_in(page, live_server, distributor_user.email)
    for url in DISTRIBUTOR:
        page.goto(live_server.url + url)
        found += problems(page, url)
    assert not found, "\n".join(found)
