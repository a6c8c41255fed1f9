"""Finance and program staff work in the Russian admin on a 1366 px screen: the lists they use fit
(no sideways scrolling of the result table), with data in them (issue 14)."""

import pytest

from tests.admin_pages import grow
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTS = {
    "applications": "/admin/portal/partnerapplication/",
    "partners": "/admin/portal/partner/",
    "enrollments": "/admin/rebates/enrollment/",
    "payout-runs": "/admin/rebates/payoutrun/",
    "payout-lines": "/admin/rebates/payoutline/",
}


def test_the_finance_lists_fit_1366_px_in_russian(live_server, browser_page, quarter_with_sales, superuser, finance):
    grow(3, staff=superuser, finance=finance)
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server, superuser.email)
    too_wide = {}
    for name, url in LISTS.items():
        page.goto(f"{live_server.url}{url}")
        rows = page.locator("#result_list tbody tr").count()
        assert rows >= 2, f"{url}: {rows} rows"
        assert page.locator("html").get_attribute("lang") == "ru"
        screenshot(page, f"admin-list-{name}-ru-1366")
        width, room = page.evaluate(
            "(() => { const t = document.querySelector('#result_list');"
            " return [t.scrollWidth, t.parentElement.clientWidth]; })()"
        )
        if width > room:
            too_wide[url] = (width, room)
    assert not too_wide, f"result tables wider than their container at 1366 px (table, room): {too_wide}"
