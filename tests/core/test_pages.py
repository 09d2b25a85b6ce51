"""The home page, the four start pages, the dashboard and the information pages."""

import pytest
from allauth.mfa.models import Authenticator

from covenant.organisations.models import Role
from tests.organisations.factories import LocalAuthorityFactory, MembershipFactory

from .factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_home_page_explains_covenant_and_links_every_start_page(client):
    html = client.get("/").content.decode()
    assert '<h1 class="govuk-heading-xl">Covenant</h1>' in html
    for audience in ["residents", "organisations", "councils", "funders"]:
        assert f'href="/start/{audience}/"' in html


@pytest.mark.parametrize(
    ("audience", "heading", "anonymous_start"),
    [
        ("residents", "Volunteer and take part in your community", "/accounts/signup/?next=/volunteering/"),
        ("organisations", "Find volunteers and funding for your charity or community group",
         "/accounts/signup/?next=/organisations/"),
        ("councils", "Work with communities as a council officer", "/accounts/login/?next=/parishes/"),
        ("funders", "Run a community fund", "/accounts/login/?next=/funds/"),
    ],
)
def test_start_pages_start_anonymous_people_at_sign_up_or_sign_in(client, audience, heading, anonymous_start):
    response = client.get(f"/start/{audience}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-xl">{heading}</h1>' in html
    assert 'class="govuk-button govuk-button--start"' in html
    assert f'<a href="{anonymous_start}" role="button"' in html
    assert "Before you start" in html
    assert 'class="govuk-back-link"' in html


@pytest.mark.parametrize(
    ("audience", "area"),
    [("residents", "/volunteering/"), ("organisations", "/organisations/"), ("councils", "/parishes/"),
     ("funders", "/funds/")],
)
def test_start_pages_send_signed_in_people_to_their_area(client, audience, area):
    client.force_login(UserFactory())
    html = client.get(f"/start/{audience}/").content.decode()
    assert f'<a href="{area}" role="button"' in html


@pytest.mark.parametrize("audience", ["nobody", "RESIDENTS", "residents-and-more"])
def test_an_unknown_start_page_is_a_govuk_404(client, audience):
    response = client.get(f"/start/{audience}/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_dashboard_asks_anonymous_people_to_sign_in(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/dashboard/")


@pytest.mark.usefixtures("sections_live")
def test_the_dashboard_shows_what_a_resident_can_do(client):
    client.force_login(UserFactory(full_name="Amira Khan"))
    html = client.get("/dashboard/").content.decode()
    assert "Amira Khan" in html
    assert "As a resident" in html
    assert "As a council officer" not in html
    assert "As platform staff" not in html
    assert "set up two-factor authentication" not in html


def test_the_dashboard_asks_unconfirmed_people_to_confirm_their_email(client):
    client.force_login(UserFactory(verified=False))
    html = client.get("/dashboard/").content.decode()
    assert "Confirm your email address" in html
    assert "As a resident" not in html


@pytest.mark.usefixtures("sections_live")
def test_the_dashboard_tells_officials_without_mfa_to_set_it_up(client):
    officer = MembershipFactory(organisation=LocalAuthorityFactory(), roles=[Role.OFFICER]).user
    client.force_login(officer)
    html = client.get("/dashboard/").content.decode()
    assert "As a council officer" in html
    assert "set up two-factor authentication</a> before you can use your official role" in html


def test_the_dashboard_does_not_nag_officials_who_have_mfa(client):
    staff = StaffFactory()
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(staff)
    html = client.get("/dashboard/").content.decode()
    assert "As platform staff" in html
    assert "before you can use your official role" not in html


def test_accessibility_statement_names_the_standard_and_the_enforcement_body(client):
    response = client.get("/accessibility/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Web Content Accessibility Guidelines version 2.2</a> AA standard" in html
    assert "Equality and Human Rights Commission" in html
    assert "mailto:help@covenant.localhost" in html


def test_privacy_notice_covers_what_we_hold_why_and_rights(client):
    response = client.get("/privacy/")
    html = response.content.decode()
    assert response.status_code == 200
    for phrase in ["UK GDPR", "What data we hold", "lawful basis", "access the personal data",
                   "have it erased", "data portability", "ico.org.uk"]:
        assert phrase in html


@pytest.mark.parametrize("url", ["/", "/start/residents/", "/dashboard/", "/accessibility/", "/privacy/"])
def test_read_only_pages_refuse_to_be_posted_to(client, url):
    client.force_login(UserFactory())
    assert client.post(url).status_code == 405
    assert client.delete(url).status_code == 405
