"""The Volunteer Passport's main journey in a real browser: complete, check, share, verify, issue, revoke."""

import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone

from .pages import csp_violations, fill_date, heading, sign_in_as

pytestmark = pytest.mark.browser

SCREENSHOTS = Path("/tmp")


@pytest.fixture
def people(transactional_db, live_server, settings):
    """A resident, and a verified charity with a checks verifier and a volunteer coordinator."""
    from tests.accounts.factories import UserFactory
    from tests.organisations.factories import MembershipFactory, VerifiedOrganisationFactory
    from tests.volunteers.factories import verifier_of
    from volunteers.services.passport import taxonomies_load

    # The QR code points at SITE_URL: here, the live server the browser talks to.
    settings.SITE_URL = live_server.url
    taxonomies_load(actor=None)
    charity = VerifiedOrganisationFactory(name="Harbour Food Bank")
    return {
        "resident": UserFactory(full_name="Amina Okafor"),
        "charity": charity,
        "verifier": verifier_of(charity, full_name="Grace Mensah"),
        "coordinator": MembershipFactory(organisation=charity, user=UserFactory(full_name="Tomasz Nowak")).user,
    }


def test_a_passport_is_completed_shared_verified_and_issued_as_a_credential_that_can_be_revoked(
    browser_page, client, people
):
    from volunteers.models import Credential, IssuedCredential, Share

    page = browser_page
    page.set_default_timeout(5000)
    today = timezone.localdate()
    sign_in_as(page, client, people["resident"])

    # The resident fills in their profile from the task list.
    page.goto(page.base_url + "/volunteering/passport/")
    assert heading(page) == "Complete your passport"
    page.get_by_role("link", name="Skills").click()
    page.get_by_label("Cook or chef").check()
    page.get_by_label("Emergency first aid at work").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("group", name="Cook or chef").get_by_label("Expert").check()
    page.get_by_role("group", name="Emergency first aid at work").get_by_label("Experienced").check()
    page.get_by_role("button", name="Save and continue").click()
    assert heading(page) == "Check your answers"
    assert "Expert" in page.locator(".govuk-summary-list").inner_text()
    page.get_by_role("link", name="Save and return to your passport").click()

    page.get_by_role("link", name="Causes you care about").click()
    page.get_by_label("Community", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Save and return to your passport").click()

    page.get_by_role("link", name="When you are free").click()
    page.get_by_label("Saturday").check()
    page.get_by_label("From").fill("09:00")
    page.get_by_label("To", exact=True).fill("13:00")
    page.get_by_role("button", name="Add this time").click()
    assert "Time added" in page.locator(".govuk-notification-banner").inner_text()
    page.get_by_role("link", name="Continue").click()
    page.get_by_role("link", name="Save and return to your passport").click()

    page.get_by_role("link", name="Travel and transport").click()
    page.get_by_label("How far can you travel to volunteer, in miles?").fill("5")
    page.get_by_label("Public transport").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Save and return to your passport").click()

    page.get_by_role("link", name="Languages").click()
    page.get_by_label("English").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Save and return to your passport").click()
    assert "You have completed 7 of 7 sections." in page.locator("main").inner_text()

    # They add their DBS check; it waits to be verified.
    page.get_by_role("link", name="Checks, training and qualifications").click()
    page.get_by_role("link", name="Add a check, training or qualification").click()
    page.get_by_label("DBS check").check()
    page.get_by_role("button", name="Continue").click()
    assert heading(page) == "About your DBS check"
    page.get_by_label("Enhanced with barred list check").check()
    page.get_by_label("Adults' barred list", exact=True).check()
    page.get_by_label("Adult workforce", exact=True).check()
    page.get_by_label("Certificate number").fill("001234567890")
    fill_date(page, "Date of issue", today - datetime.timedelta(days=20))
    page.get_by_role("group", name="Have you subscribed to the DBS Update Service?").get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    assert heading(page) == "Check your answers"
    page.get_by_role("button", name="Add to your passport").click()
    assert "DBS check added. It is not verified yet" in page.locator("main").inner_text()
    assert page.locator("main .govuk-tag").all_inner_texts() == ["Not yet verified"]

    # They share their profile and DBS checks with the charity, until 90 days from now.
    page.goto(page.base_url + "/volunteering/passport/sharing/new/")
    page.get_by_label("Which organisation do you want to share your passport with?").fill("Harbour")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Harbour Food Bank").click()
    page.get_by_label("Skills, causes and availability").check()
    page.get_by_label("DBS checks").check()
    fill_date(page, "When should sharing end?", today + datetime.timedelta(days=90))
    page.get_by_role("button", name="Continue").click()
    assert heading(page) == "Check your answers before you share your passport"
    page.get_by_role("button", name="Share my passport").click()
    assert "You are sharing your passport with Harbour Food Bank" in page.locator("main").inner_text()
    assert Share.objects.get(organisation=people["charity"]).sections == ["profile", "dbs"]

    # The charity's verifier finds the check and verifies it.
    sign_in_as(page, client, people["verifier"])
    page.goto(page.base_url + "/volunteering/verify/")
    assert heading(page) == "Credentials to check"
    page.get_by_role("link", name="Enhanced with barred list check DBS check").click()
    page.get_by_label("Yes, it is verified").check()
    page.get_by_label("What did you see?").fill("The original certificate")
    fill_date(page, "When did you see it?", today)
    page.get_by_role("button", name="Save the check").click()
    assert "Check saved. Amina Okafor has been told" in page.locator("main").inner_text()
    assert Credential.objects.get(kind="dbs").status == "verified"

    # The coordinator sees the shared sections, and nothing else.
    sign_in_as(page, client, people["coordinator"])
    page.goto(page.base_url + "/volunteering/shared-passports/")
    page.get_by_role("link", name="Amina Okafor").click()
    shared = " ".join(page.locator("main").inner_text().split())
    assert heading(page) == "Amina Okafor"
    assert "Cook or chef" in shared and "Verified by Harbour Food Bank" in shared
    assert page.get_by_role("heading", name="Training").count() == 0
    assert page.get_by_role("heading", name="References").count() == 0

    # The resident issues a credential with the verified check, and downloads it.
    sign_in_as(page, client, people["resident"])
    page.goto(page.base_url + "/volunteering/passport/")
    page.get_by_role("link", name="Your verifiable credential").click()
    assert heading(page) == "Your issued credentials"
    page.get_by_role("link", name="Issue a credential").click()
    page.get_by_label("Enhanced with barred list check DBS check").check()
    page.get_by_role("button", name="Issue credential").click()
    assert "Your credential has been issued" in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator("#credential-qr svg").count() == 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the credential (JSON)").click()
    document = json.loads(Path(download.value.path()).read_text())
    # Chromium reports a download as a navigation it abandoned; that is the only request allowed to "fail".
    downloaded = f"failed: {download.value.url}"
    assert document["credentialSubject"]["name"] == "Amina Okafor"
    issued = IssuedCredential.objects.get()

    # Whoever scans the QR code sees that it is valid.
    public_url = f"{page.base_url}/volunteering/credentials/{issued.pk}/"
    page.get_by_role("link", name=public_url).click()
    page.wait_for_url(public_url)
    assert page.locator(".govuk-panel__title").inner_text() == "VALID"
    assert "Amina Okafor" in page.locator(".govuk-summary-list").first.inner_text()
    assert "Harbour Food Bank" in page.locator("main").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "covenant-credential-valid.png"), full_page=True)

    # The resident withdraws it, and the same page now says revoked.
    page.go_back()
    page.get_by_role("link", name="Withdraw it").click()
    page.get_by_label("Why are you withdrawing it? (optional)").fill("Lost my phone")
    page.get_by_role("button", name="Withdraw credential").click()
    assert "Its page now says it is revoked" in page.locator(".govuk-notification-banner").inner_text()
    page.goto(public_url)
    assert heading(page) == "REVOKED"
    assert "Do not rely on this credential." in page.locator(".govuk-warning-text").inner_text()
    assert page.locator(".govuk-panel__title").count() == 0
    page.screenshot(path=str(SCREENSHOTS / "covenant-credential-revoked.png"), full_page=True)

    assert [error for error in page.console_log.errors if error != downloaded] == []
    assert csp_violations(page) == []
