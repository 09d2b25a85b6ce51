"""The GOV.UK page template: structure, navigation by role, account links and the CSP nonce."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage

from covenant.organisations.models import Role
from tests.organisations.factories import (
    LocalAuthorityFactory,
    MembershipFactory,
    OrganisationFactory,
    VerifiedOrganisationFactory,
)

from .factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def header_links(html: str) -> list[str]:
    match = re.search(r'<ul class="govuk-service-navigation__list" id="navigation">(.*?)</ul>', html, re.S)
    if not match:
        return []
    return re.findall(r'class="govuk-service-navigation__link" href="([^"]+)"', match.group(1))


def test_home_page_has_the_govuk_template_structure(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert '<body class="govuk-template__body">' in html
    assert html.index('class="govuk-cookie-banner"') < html.index('class="govuk-skip-link"')
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert 'class="govuk-generic-header__homepage-link">Covenant</a>' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert "govuk-phase-banner" in html and ">Beta<" in html
    assert 'href="mailto:help@covenant.localhost">feedback</a>' in html
    assert '<script type="module" src="/static/dist/app.js"></script>' in html
    assert 'href="/static/dist/covenant.css"' in html
    for href in ["/accessibility/", "/privacy/", "/cookies/", "/api/docs/", "https://opensource.org/license/mit"]:
        assert f'href="{href}"' in html
    assert "<title>Community power and volunteering – Covenant</title>" in html


def test_the_layout_shows_no_crown_or_crown_copyright(client):
    # Covenant is not on GOV.UK, so it must not present itself as GOV.UK.
    html = client.get("/").content.decode()
    assert "Crown copyright" not in html
    assert "govuk-header__logo" not in html
    assert "GOV.UK" not in html


def test_no_inline_styles_and_one_inline_script_carrying_the_csp_nonce(client):
    response = client.get("/")
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline_scripts == [f' nonce="{nonce}"']
    assert "style=" not in html
    assert "<style" not in html
    assert "script-src 'self' 'nonce-" in policy


def test_each_response_gets_a_fresh_nonce(client):
    first = re.search(r"'nonce-([^']+)'", client.get("/")["Content-Security-Policy"]).group(1)
    second = re.search(r"'nonce-([^']+)'", client.get("/")["Content-Security-Policy"]).group(1)
    assert first != second


def test_anonymous_visitors_see_sign_in_and_no_sections(client):
    html = client.get("/").content.decode()
    assert 'href="/accounts/login/">Sign in</a>' in html
    assert 'href="/accounts/signup/">Create an account</a>' in html
    assert "Sign out" not in html
    assert header_links(html) == []


@pytest.mark.usefixtures("sections_live")
def test_residents_see_volunteering_parishes_and_services(client):
    client.force_login(UserFactory())
    html = client.get("/").content.decode()
    assert header_links(html) == ["/volunteering/", "/parishes/", "/services/"]
    assert 'action="/accounts/logout/"' in html and "Sign out" in html
    assert 'href="/dashboard/">Your account</a>' in html
    assert 'href="/notifications/">Notifications' in html


def test_people_who_have_not_confirmed_their_email_see_no_resident_sections(client):
    client.force_login(UserFactory(verified=False))
    assert header_links(client.get("/").content.decode()) == []


@pytest.mark.usefixtures("sections_live")
def test_organisation_members_also_see_organisations_and_funds(client):
    member = MembershipFactory(organisation=OrganisationFactory(), roles=[Role.COORDINATOR]).user
    client.force_login(member)
    assert header_links(client.get("/").content.decode()) == [
        "/volunteering/", "/parishes/", "/services/", "/organisations/", "/funds/",
    ]


@pytest.mark.usefixtures("sections_live")
def test_council_officers_see_their_areas_but_not_the_audit_log(client):
    officer = MembershipFactory(organisation=LocalAuthorityFactory(), roles=[Role.OFFICER]).user
    client.force_login(officer)
    links = header_links(client.get("/").content.decode())
    assert {"/parishes/", "/services/", "/volunteering/"} <= set(links)
    assert "/audit/" not in links


@pytest.mark.usefixtures("sections_live")
def test_fund_administrators_see_funds(client):
    administrator = MembershipFactory(
        organisation=VerifiedOrganisationFactory(), roles=[Role.FUND_ADMINISTRATOR]
    ).user
    client.force_login(administrator)
    links = header_links(client.get("/").content.decode())
    assert "/funds/" in links
    assert "/audit/" not in links


def test_only_platform_staff_see_the_audit_log(client):
    client.force_login(StaffFactory())
    links = header_links(client.get("/").content.decode())
    assert "/audit/" in links
    assert "/organisations/" in links


@pytest.mark.usefixtures("sections_live")
def test_the_current_section_is_marked():
    from covenant.core.navigation import navigation_for

    items = navigation_for(frozenset({"resident"}), "/parishes/abc/")
    assert [item["current"] for item in items] == [False, True, False]


def test_unread_notifications_count_is_shown(client, rf):
    from django.template.loader import render_to_string

    user = UserFactory()
    request = rf.get("/")
    request.user = user
    html = render_to_string("includes/header.html", {"user": user, "unread_notifications_count": 3, "request": request})
    assert '<span class="app-count">' in html and ">3<" in html


def test_django_messages_become_notification_banners(rf):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.session = {}
    storage = FallbackStorage(request)
    storage.add(constants.SUCCESS, "Your pledge has been published")
    storage.add(constants.INFO, "Your petition closes tomorrow")
    html = render_to_string("includes/messages.html", {"messages": storage})
    assert html.count('data-module="govuk-notification-banner"') == 2
    assert 'govuk-notification-banner govuk-notification-banner--success" role="alert"' in html
    assert 'class="govuk-notification-banner" role="region"' in html
    assert "Your pledge has been published" in html and "Your petition closes tomorrow" in html


def test_sections_without_pages_yet_are_not_offered(client):
    # The domain apps fill their sections issue by issue; until then no link leads to a 404.
    from covenant.core.navigation import SECTIONS, is_live

    client.force_login(UserFactory())
    links = header_links(client.get("/").content.decode())
    for section in SECTIONS:
        if not is_live(section.href):
            assert section.href not in links
    # Volunteering has its front page (the search for needs), parishes theirs (the public list) and services
    # theirs (the catalogue of public services).
    for href in ("/volunteering/", "/parishes/", "/services/"):
        assert href in links
    dashboard = client.get("/dashboard/").content.decode()
    assert 'href="/volunteering/"' in dashboard and 'href="/parishes/"' in dashboard
    assert 'href="/services/"' in dashboard
