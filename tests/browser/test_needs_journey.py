"""A volunteer need's main journey in a real browser: post, publish, find by postcode, sign up, roster, hours."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from .pages import csp_violations, fill_date, heading, main_text, sign_in_as

pytestmark = pytest.mark.browser

SCREENSHOTS = Path("/tmp")
TITLE = "Food parcel packer"


@pytest.fixture
def people(transactional_db):
    """A verified charity with a coordinator, a resident with a passport and a verified enhanced DBS check, and
    the two Sunderland postcodes the search needs, about two miles apart."""
    from tests.accounts.factories import UserFactory
    from tests.organisations.factories import MembershipFactory, VerifiedOrganisationFactory
    from tests.volunteers.factories import CredentialFactory, PassportFactory
    from tests.volunteers.needs.helpers import known_postcode
    from volunteers.services.passport import taxonomies_load

    taxonomies_load(actor=None)
    known_postcode("SR1 1AD", 54.9061, -1.3811)
    known_postcode("SR5 1AA", 54.9250, -1.4300)
    charity = VerifiedOrganisationFactory(name="Harbour Food Bank")
    resident = UserFactory(full_name="Amina Okafor")
    CredentialFactory(passport=PassportFactory(holder=resident), dbs=True, verified=True)
    return {
        "charity": charity,
        "coordinator": MembershipFactory(organisation=charity, user=UserFactory(full_name="Tomasz Nowak")).user,
        "resident": resident,
    }


def test_a_need_is_posted_found_by_postcode_signed_up_to_worked_and_its_hours_confirmed(browser_page, client, people):
    page = browser_page
    page.set_default_timeout(5000)
    charity = people["charity"]
    shift_day = timezone.localdate() + datetime.timedelta(days=3)

    # The coordinator posts the need, asking for an enhanced DBS check with the adults' barred list.
    sign_in_as(page, client, people["coordinator"])
    page.goto(f"{page.base_url}/volunteering/organisations/{charity.pk}/needs/")
    assert heading(page) == "Volunteer needs"
    page.get_by_role("link", name="Post a need").click()
    assert heading(page) == "Post a need"
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("What will volunteers do?").fill("Sort donations and pack food parcels for families.")
    page.get_by_label("Cause (optional)").select_option(label="Anti-Poverty")
    page.get_by_label("Type of activity").select_option(label="Practical help")
    page.get_by_label("At an address", exact=True).check()
    page.get_by_label("Address (if at an address)").fill("Hope Hall\n12 High Street West")
    page.get_by_label("Postcode (unless remote)").fill("sr1 1ad")
    page.get_by_label("DBS check", exact=True).select_option(label="Enhanced with barred list check")
    page.get_by_label("Barred lists (enhanced with barred list check only)").select_option(label="Adults' barred list")
    page.get_by_role("button", name="Save as draft").click()
    assert heading(page) == TITLE
    assert "Need saved as a draft. Add shifts, then publish it" in main_text(page)

    # A shift three days from now, 10:00 to 13:00 with two places; then it is published.
    page.get_by_role("link", name="Add a shift", exact=True).click()
    fill_date(page, "Date", shift_day)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("13:00")
    page.get_by_label("Number of places").fill("2")
    page.get_by_role("button", name="Add shift").click()
    assert "Shift added" in main_text(page)
    page.get_by_role("button", name="Publish").click()
    assert "The need is now published" in main_text(page)

    # The resident searches within 5 miles of their own postcode and finds it.
    sign_in_as(page, client, people["resident"])
    page.goto(page.base_url + "/volunteering/")
    assert heading(page) == "Find volunteering"
    page.get_by_label("Postcode").fill("SR5 1AA")
    page.get_by_label("Distance").select_option(label="5 miles")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_role("status").inner_text() == "1 opportunity found near SR5 1AA"
    result = page.locator("#search-results li")
    assert "Harbour Food Bank · Anti-Poverty" in result.inner_text()
    assert "SR1 1AD (2.3 miles away)" in result.inner_text()
    # The filters are GOV.UK checkboxes, one per cause of a published need.
    assert page.get_by_role("group", name="Causes").get_by_role("checkbox", name="Anti-Poverty").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "covenant-needs-search.png"), full_page=True)

    # The need's page says they can sign up; they check the shift and sign up.
    result.get_by_role("link", name=TITLE).click()
    assert heading(page) == TITLE
    assert "You can sign up" in main_text(page)
    page.get_by_role("link", name="Sign up for the shift on").click()
    assert heading(page) == "Check the shift before you sign up"
    page.get_by_role("button", name="Sign up").click()
    assert heading(page) == "Your shifts"
    assert "You have applied. The organisation will tell you if you have a place" in main_text(page)

    # The coordinator opens the shift's roster from the need and accepts the application.
    sign_in_as(page, client, people["coordinator"])
    page.goto(f"{page.base_url}/volunteering/organisations/{charity.pk}/needs/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Roster of the shift on").click()
    assert heading(page) == "Roster"
    page.get_by_role("button", name="Accept Amina Okafor").click()
    assert "Amina Okafor has a place" in main_text(page)
    assert "Places taken 1 of 2" in main_text(page)

    # After the shift, they mark her as attended and confirm the three hours proposed.
    start = timezone.make_aware(datetime.datetime.combine(shift_day, datetime.time(10, 0)))
    with time_machine.travel(start + datetime.timedelta(hours=3, minutes=15), tick=True):
        page.reload()
        page.get_by_role("button", name="Attended Amina Okafor").click()
        assert "Amina Okafor attended" in main_text(page)
        page.get_by_role("link", name="Confirm hours Amina Okafor").click()
        assert heading(page) == "Confirm the hours of Amina Okafor"
        assert page.get_by_label("How many hours did they give?").input_value() == "3"
        page.get_by_role("button", name="Confirm hours").click()
        assert "3 hours confirmed for Amina Okafor" in main_text(page)

        # The resident sees the confirmed hours in their passport.
        sign_in_as(page, client, people["resident"])
        page.goto(page.base_url + "/volunteering/passport/hours/")
        assert heading(page) == "Your volunteering hours"
        assert "3 hours confirmed" in main_text(page)
        by_organisation = page.locator("table", has=page.locator("caption", has_text="By organisation"))
        assert " ".join(by_organisation.locator("tbody").inner_text().split()) == "Harbour Food Bank 3"

    # The open-data feed lists the need.
    feed = page.request.get(page.base_url + "/api/v1/volunteering/opendata/feed/")
    assert feed.ok
    titles = [role["title"] for organisation in feed.json()["graph"] for activity in organisation["activity"]
              for role in activity["role"]]
    assert titles == [TITLE]

    assert page.console_log.errors == []
    assert csp_violations(page) == []
