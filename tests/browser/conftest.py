import os

import pytest

from conftest import CHROMIUM, PASSWORD

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that
# thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian Chromium per test process (Playwright cannot download browsers here):
    starting it takes about a second, so the browser tests share it and each gets its own context."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(chromium):
    """A page in a fresh browser context (no cookies or storage from other tests), in Russian."""
    context = chromium.new_context(locale="ru-RU", timezone_id="Europe/Moscow", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()


def screenshot(page, name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, f"{name}.png"), full_page=True)


# Distributor fixtures for the upload journey.
from tests.distributors.conftest import catalog, distributor_a, distributor_user  # noqa: E402, F401
from tests.rebates.conftest import finance, quarter_with_sales  # noqa: E402, F401


def sign_in(page, live_server, email):
    """Sign in through the login form and wait for the page it leads to."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    # A goto() issued while the login POST is still in flight would cancel it.
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
