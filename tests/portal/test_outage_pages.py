"""A database outage is a 503 with Retry-After, any other failure a 500 page in the reader's
language; under /api/ both are JSON (never Django's bare HTML)."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client


@pytest.fixture
def browser(db):
    return Client(raise_request_exception=False)


def test_a_database_outage_is_a_503_page_in_russian_with_retry_after(browser, partner_admin):
    browser.force_login(partner_admin)
    with mock.patch("portal.selectors.account_managers_for", side_effect=OperationalError("connection refused")):
        response = browser.get("/dashboard/")
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "Портал ненадолго недоступен" in response.content.decode()


def test_a_database_outage_under_the_api_is_json(browser, partner_admin):
    browser.force_login(partner_admin)
    with mock.patch("rebates.api.views.selectors.payout_lines_visible_to", side_effect=OperationalError("gone")):
        response = browser.get("/api/v1/payout-lines/")
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert response.json()["code"] == "service_unavailable"


def test_any_other_failure_is_a_500_page_or_json(browser, partner_admin):
    browser.force_login(partner_admin)
    with mock.patch("portal.selectors.account_managers_for", side_effect=RuntimeError("bug")):
        page = browser.get("/dashboard/")
    assert page.status_code == 500 and "Ошибка на нашей стороне" in page.content.decode()
    with mock.patch("rebates.api.views.selectors.payout_lines_visible_to", side_effect=RuntimeError("bug")):
        api = browser.get("/api/v1/payout-lines/")
    assert api.status_code == 500 and api.json()["code"] == "server_error"
