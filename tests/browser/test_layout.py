"""Journeys through the layout in a real browser: styles load, the banner and language switch work."""

import pytest

from .pages import csp_violations

pytestmark = pytest.mark.browser


def test_the_home_page_is_styled_by_govuk_frontend_without_errors(browser_page):
    page = browser_page
    response = page.goto(page.base_url + "/")
    assert response.status == 200
    page.wait_for_load_state("networkidle")

    # Arial, not the browser's default serif: GOV.UK Frontend's typography has loaded.
    font = page.locator("h1").evaluate("el => getComputedStyle(el).fontFamily")
    assert font.lower().startswith("arial")
    header = page.locator(".govuk-generic-header")
    assert header.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(11, 12, 12)"
    heading_size = page.locator("h1").evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert heading_size >= 32

    # The nonce'd inline script ran, and app.js started GOV.UK Frontend's components.
    classes = page.evaluate("document.body.className")
    assert "js-enabled" in classes and "govuk-frontend-supported" in classes
    assert page.locator(".govuk-skip-link[data-govuk-skip-link-init]").count() == 1
    assert page.evaluate("typeof window.htmx") == "object"

    assert page.console_log.errors == []
    assert csp_violations(page) == []
    page.screenshot(path="/tmp/covenant-home.png", full_page=True)


def test_accepting_the_optional_cookie_hides_the_banner_for_good(browser_page):
    page = browser_page
    page.goto(page.base_url + "/privacy/")
    banner = page.locator("[data-cookie-question]")
    assert banner.is_visible()

    page.get_by_role("button", name="Accept optional cookie").click()
    page.wait_for_url(page.base_url + "/privacy/")
    confirmation = page.locator("[data-cookie-banner]")
    assert "You have accepted the optional cookie." in confirmation.inner_text()
    assert page.locator("[data-cookie-question]").count() == 0

    page.get_by_role("link", name="Hide cookie message").click()
    assert confirmation.is_hidden()

    page.goto(page.base_url + "/")
    assert page.locator(".govuk-cookie-banner").count() == 0
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    assert cookies["cookies_policy"]["value"] == "accepted"
    assert cookies["cookies_policy"]["expires"] > 0  # persistent, not a session cookie
    assert page.console_log.errors == []
    assert csp_violations(page) == []


def test_the_cookies_page_form_rejects_nothing_chosen_and_then_saves(browser_page):
    page = browser_page
    page.goto(page.base_url + "/cookies/")
    page.get_by_role("button", name="Save cookie settings").click()
    summary = page.locator(".govuk-error-summary")
    assert "Select yes if you want Covenant to remember your settings" in summary.inner_text()
    # GOV.UK Frontend moves focus to the error summary.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")

    page.get_by_label("No, do not remember my settings").check()
    page.get_by_role("button", name="Save cookie settings").click()
    assert "You have set your cookie preferences." in page.locator(".govuk-notification-banner").inner_text()
    # The form with errors answers 400, which Chromium reports; nothing else may go wrong.
    assert page.console_log.unexpected(400) == []


def test_the_language_switch_shows_welsh(browser_page):
    page = browser_page
    page.goto(page.base_url + "/start/residents/")
    page.get_by_role("button", name="Cymraeg").click()
    page.wait_for_url(page.base_url + "/start/residents/")
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.locator("h1").inner_text() == "Gwirfoddoli a chymryd rhan yn eich cymuned"
    assert page.get_by_role("button", name="Dechrau nawr").is_visible()

    page.get_by_role("button", name="English").click()
    assert page.locator("h1").inner_text() == "Volunteer and take part in your community"
    assert page.console_log.errors == []
    assert csp_violations(page) == []


def test_an_unknown_page_is_a_govuk_404(browser_page):
    page = browser_page
    response = page.goto(page.base_url + "/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator("h1").evaluate("el => getComputedStyle(el).fontFamily").lower().startswith("arial")
    assert csp_violations(page) == []
    assert page.console_log.unexpected(404) == []


@pytest.mark.usefixtures("sections_live")
def test_a_signed_in_resident_sees_their_sections_and_can_sign_out(browser_page, client):
    from django.conf import settings

    from tests.core.factories import UserFactory

    page = browser_page
    client.force_login(UserFactory())
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": page.base_url,
    }])
    page.goto(page.base_url + "/dashboard/")
    navigation = page.locator("#navigation")
    assert navigation.locator("a").all_inner_texts() == ["Volunteering", "Parishes", "Services"]
    assert "As a resident" in page.locator("main").inner_text()
    assert page.console_log.errors == []
    assert csp_violations(page) == []
    page.screenshot(path="/tmp/covenant-dashboard.png")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Sign in").is_visible()
