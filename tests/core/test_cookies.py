"""The cookie banner and the cookies page: answers stored in a cookie, with no JavaScript needed."""

import re

import pytest

from covenant.core.cookies import ONE_YEAR, POLICY_COOKIE

pytestmark = pytest.mark.django_db

BANNER_QUESTION = "data-cookie-question"


def test_the_banner_asks_until_the_person_answers(client):
    html = client.get("/").content.decode()
    assert BANNER_QUESTION in html
    assert "Accept optional cookie" in html and "Reject optional cookie" in html
    assert 'action="/cookies/"' in html and '<input type="hidden" name="next" value="/">' in html


def test_accepting_from_the_banner_goes_back_and_confirms_inside_the_banner(client):
    response = client.post("/cookies/", {"remember_settings": "yes", "next": "/privacy/"})
    assert response.status_code == 302
    assert response["Location"] == "/privacy/"
    cookie = response.cookies[POLICY_COOKIE]
    assert cookie.value == "accepted"
    assert cookie["max-age"] == ONE_YEAR
    assert cookie["samesite"] == "Lax"

    html = client.get("/privacy/").content.decode()
    assert BANNER_QUESTION not in html
    assert "You have accepted the optional cookie." in html
    assert "data-hide-cookie-banner" in html
    # The confirmation shows once; afterwards the banner is gone.
    html = client.get("/privacy/").content.decode()
    assert "govuk-cookie-banner" not in html


def test_rejecting_from_the_banner_is_remembered(client):
    response = client.post("/cookies/", {"remember_settings": "no", "next": "/"})
    assert response.cookies[POLICY_COOKIE].value == "rejected"
    html = client.get("/").content.decode()
    assert "You have rejected the optional cookie." in html
    assert BANNER_QUESTION not in html


def test_the_cookies_page_shows_the_current_answer_and_saves_a_new_one(client):
    client.cookies[POLICY_COOKIE] = "accepted"
    html = client.get("/cookies/").content.decode()
    yes, no = (re.search(rf'<input[^>]*value="{v}"[^>]*>', html).group(0) for v in ("yes", "no"))
    assert "checked" in yes and "checked" not in no
    assert "django_language" in html and "sessionid" in html and "csrftoken" in html

    response = client.post("/cookies/", {"remember_settings": "no"})
    assert response.status_code == 302 and response["Location"] == "/cookies/"
    assert response.cookies[POLICY_COOKIE].value == "rejected"
    html = client.get("/cookies/").content.decode()
    assert "You have set your cookie preferences." in html
    assert "govuk-notification-banner--success" in html


def test_the_cookies_page_does_not_show_the_banner(client):
    html = client.get("/cookies/").content.decode()
    assert BANNER_QUESTION not in html


@pytest.mark.parametrize("value", ["", "maybe", "YES", "1"])
def test_a_bad_answer_is_an_error_not_a_crash(client, value):
    response = client.post("/cookies/", {"remember_settings": value, "next": "/"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert "Select yes if you want Covenant to remember your settings" in html
    assert "<title>Error: Cookies – Covenant</title>" in html
    assert POLICY_COOKIE not in response.cookies


def test_a_missing_answer_is_an_error(client):
    response = client.post("/cookies/", {})
    assert response.status_code == 400
    assert "Select yes if you want Covenant to remember your settings" in response.content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_the_banner_never_redirects_off_site(client, target):
    response = client.post("/cookies/", {"remember_settings": "yes", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/cookies/"


def test_a_nonsense_policy_cookie_counts_as_no_answer(client):
    client.cookies[POLICY_COOKIE] = "whatever"
    assert BANNER_QUESTION in client.get("/").content.decode()


def test_the_cookies_page_accepts_only_get_and_post(client):
    assert client.put("/cookies/").status_code == 405


def test_posting_without_a_csrf_token_is_refused_in_govuk_style():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/cookies/", {"remember_settings": "yes"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot do that" in html and "Your form may have expired" in html
    assert 'class="govuk-template__body"' in html


def test_accepting_keeps_an_existing_language_choice_for_a_year(client):
    client.cookies["django_language"] = "cy"
    response = client.post("/cookies/", {"remember_settings": "yes", "next": "/"})
    assert response.cookies["django_language"].value == "cy"
    assert response.cookies["django_language"]["max-age"] == ONE_YEAR


def test_rejecting_turns_a_language_choice_back_into_a_session_cookie(client):
    client.cookies["django_language"] = "cy"
    response = client.post("/cookies/", {"remember_settings": "no", "next": "/"})
    assert response.cookies["django_language"].value == "cy"
    assert response.cookies["django_language"]["max-age"] == ""
