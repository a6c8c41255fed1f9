"""A distributor uploads a report in the browser, watches it processed, and downloads the rejected rows."""

import io

import openpyxl
import pytest

from tests.browser.conftest import screenshot, sign_in
from tests.distributors.conftest import HEADER, csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_result_and_error_file(live_server, browser_page, distributor_user, catalog, partner_a, tmp_path):
    rows = [
        ("INV-1", "01.02.2016", partner_a.dell_id, "210-AAAA", 10, "Vostro 3558", ""),
        ("INV-2", "02.02.2016", partner_a.dell_id, "210-AAAB", 2, "U2414H", ""),
        ("INV-3", "03.02.2016", partner_a.dell_id, "210-AAAA", "десять", "", ""),
    ]
    path = tmp_path / "февраль.csv"
    path.write_bytes(csv_bytes(rows, delimiter=";", encoding="cp1251"))
    page = browser_page

    # Given a distributor user signed in
    sign_in(page, live_server, distributor_user.email)
    page.wait_for_url(f"{live_server.url}/reports/")

    # When they upload a Windows-1251 csv with one bad row
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Загрузить").click()

    # Then the result page shows what was stored and rejected
    page.wait_for_selector("#report-result", timeout=30_000)
    assert page.locator('[data-figure="stored"]').inner_text() == "2"
    assert page.locator('[data-figure="rejected"]').inner_text() == "1"
    assert page.locator('[data-figure="units"]').inner_text() == "12"
    assert "десять" in page.locator("table").last.inner_text()
    screenshot(page, "report-result-ru")

    # And the rejected rows download as xlsx with the original values and the reason
    with page.expect_download() as download_info:
        page.click("#download-rejected")
    workbook = openpyxl.load_workbook(io.BytesIO(download_info.value.path().read_bytes()))
    header, first = list(workbook.active.iter_rows(values_only=True))[:2]
    # The file's own header first; the reason and the row number at the end, so it can be uploaded again
    assert list(header[:7]) == HEADER and first[-1] == 4 and "десять" in first[-2] and first[0] == "INV-3"
