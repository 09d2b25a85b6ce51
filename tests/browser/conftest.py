"""A real Chromium (Debian's, never a downloaded one) driven by Playwright against the live server."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.conftest import need_service

CHROMIUM = "/usr/bin/chromium"
BUILT_CSS = Path(__file__).resolve().parent.parent.parent / "static" / "dist" / "covenant.css"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Records Content Security Policy violations where the tests can read them. Playwright injects
# this itself, so the page's policy does not apply to it.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


@pytest.fixture
def browser_context(transactional_db, monkeypatch):
    need_service("Chromium", os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: install the 'chromium' package")
    need_service("Built assets", BUILT_CSS.exists(), "run `make assets` to build static/dist")
    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls happen
    # in its own thread, so Django's async-safety check does not apply.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    user_data_dir = tempfile.mkdtemp(prefix="covenant-chromium-")
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                user_data_dir,
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 900},
            )
            context.add_init_script(CSP_LISTENER)
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(user_data_dir, ignore_errors=True)


class ConsoleLog:
    """Every console error and failed request on the page, for tests to assert there were none."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("requestfailed", lambda request: self.errors.append(f"failed: {request.url}"))

    def unexpected(self, *expected_statuses: int) -> list[str]:
        """The errors, leaving out the browser's report of a page answering with an expected status."""
        expected = {f"the server responded with a status of {status} " for status in expected_statuses}
        return [error for error in self.errors if not any(text in error for text in expected)]


@pytest.fixture
def browser_page(browser_context, live_server):
    page = browser_context.pages[0] if browser_context.pages else browser_context.new_page()
    page.console_log = ConsoleLog(page)
    page.base_url = live_server.url
    return page
