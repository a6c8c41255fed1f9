"""Issue 14: a distributor's clerk walks the main screens in Russian on a desktop (1366 px) and on a
phone (390 px): the reports list, the upload, a report's result with rejected rows and unknown
Dell IDs. No main table makes the page scroll sideways, and no English phrase slips through."""

import pytest

from tests.browser.conftest import screenshot, sign_in
from tests.distributors.conftest import csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Phrases of these screens that would show if a translation were missing.
ENGLISH = [
    "Sales reports",
    "Upload a report",
    "Rejected rows",
    "Stored lines with an unknown",
    "Row in the original file",
    "is not a whole number",
    "is not a date",
    "no such day",
    "Page 1 of",
    "Previous",
    "Next",
    "Either",
    "Unknown SKU",
    "Status",
    "Processed",
]

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def english_on(page):
    text = page.locator("main").inner_text()
    return [phrase for phrase in ENGLISH if phrase in text]


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (1200, 900), (390, 844)])
def test_distributor_screens_in_russian_fit_the_screen(
    live_server, browser_page, distributor_user, catalog, partner_a, tmp_path, width, height
):
    page = browser_page
    page.set_viewport_size({"width": width, "height": height})
    dell_id = partner_a.dell_id
    rows = [("INV-1", "01.02.16", dell_id, "210-AAAA", 10, "Vostro 3558", "")]
    rows += [(f"BAD-{n}", "31.02.16", dell_id, "210-AAAA", 1, "", "") for n in range(3)]
    rows += [("INV-2", "02.02.2016", dell_id, "210-AAAB", "десять", "U2414H", "")]
    rows += [("INV-3", "03.02.2016", "9999999", "210-AAAA", 2, "", "")]  # an unknown Dell ID
    path = tmp_path / "Отчёт_о_продажах_дистрибьютора_Альфа_февраль_2016_года_окончательный.csv"
    path.write_bytes(csv_bytes(rows, delimiter=";", encoding="cp1251"))

    # Given the clerk signed in, on the reports list
    sign_in(page, live_server, distributor_user.email)
    page.wait_for_url(f"{live_server.url}/reports/")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert english_on(page) == []
    screenshot(page, f"distributor-reports-empty-{width}")

    # When they upload a report with rejected rows and an unknown Dell ID
    page.set_input_files("#id_file", str(path))
    screenshot(page, f"distributor-upload-{width}")
    page.get_by_role("button", name="Загрузить").click()

    # Then the result lists the rejected rows and the unknown Dell ID in Russian, within the screen
    page.wait_for_selector("#report-result", timeout=30_000)
    assert page.locator('[data-figure="stored"]').inner_text() == "2"
    assert page.locator('[data-figure="rejected"]').inner_text() == "4"
    rejected = page.locator("#rejected-rows").inner_text()
    assert "такого дня в календаре нет" in rejected and "десять" in rejected
    assert "9999999" in page.locator("#unknown-lines").inner_text()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert english_on(page) == []
    screenshot(page, f"distributor-report-result-{width}")

    # And the reports list shows the long file name without a column one letter wide, counts visible
    page.goto(f"{live_server.url}/reports/")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    name_cell = page.locator("#report-list td.pd-file").first
    screenshot(page, f"distributor-reports-{width}")
    assert name_cell.bounding_box()["width"] > (300 if width < 768 else 140)
    for label in ("Сохранено", "Отклонено"):
        count = page.locator(f'#report-list td[data-label="{label}"]').first
        box = count.bounding_box()
        assert count.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert english_on(page) == []

    # And the API tokens page fits too (its table scrolls inside its card on a phone)
    page.goto(f"{live_server.url}/tokens/")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    screenshot(page, f"distributor-tokens-{width}")
