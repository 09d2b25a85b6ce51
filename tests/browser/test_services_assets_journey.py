"""Assets of Community Value in a real browser: 21 neighbours nominate their pub through the task list, the
council lists it, the owner gives notice of sale, and the moratorium's dates come out right on its page."""

import pytest

from .pages import csp_violations, fill_date, heading, main_text, sign_in_as

pytestmark = pytest.mark.browser


def test_a_pub_is_nominated_listed_and_its_moratorium_dates_follow_the_owners_notice(browser_page, client,
                                                                                      transactional_db):
    from django.utils import timezone
    from django.utils.formats import date_format

    from services.assets import dates
    from services.assets.models import Asset, AssetStatus
    from tests.services.assets.factories import ANSWERS, LATITUDE, LONGITUDE, local_postcodes
    from tests.services.factories import council

    page = browser_page
    # Generous: the machine running the suite may be busy, and each step waits for a real page.
    page.set_default_timeout(30000)
    town = council()
    postcodes = local_postcodes(town, 21)
    lead = town.resident(full_name="Grace Pemberton")

    sign_in_as(page, client, lead)
    page.goto(page.base_url + "/services/assets-of-community-value/")
    assert heading(page) == "Assets of community value"
    page.get_by_role("link", name="Nominate an asset of community value").click()
    page.get_by_label("Which council's area is the land or building in?").select_option(
        label="Sunderland City Council")
    page.get_by_role("button", name="Start the nomination").click()
    assert heading(page) == "Your nomination"

    page.get_by_role("link", name="Who is nominating").click()
    page.get_by_label("An unincorporated group of at least 21 people").check()
    page.get_by_label("What is the group called?").fill("Friends of the Blue Bell")
    page.get_by_label("It does not distribute any surplus to its members").check()
    page.get_by_label("Its activities are wholly or partly concerned with").check()
    page.get_by_role("button", name="Save and continue").click()
    assert heading(page) == "Who are the group's members?"
    page.get_by_label("Who are the group's members?").fill(
        "\n".join(f"Neighbour {n}, {postcode}" for n, postcode in enumerate(postcodes)))
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="The land or building").click()
    page.get_by_label("What is the land or building called?").fill(ANSWERS["name"])
    page.get_by_label("Address").fill(ANSWERS["address"])
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Where it is").click()
    page.get_by_label("Latitude").fill(str(LATITUDE))
    page.get_by_label("Longitude").fill(str(LONGITUDE))
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Who owns it").click()
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Why it is of community value").click()
    page.get_by_label("How does its use further").fill(ANSWERS["current_use"])
    page.get_by_label("Why could it go on doing so?").fill(ANSWERS["future_use"])
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="Check your answers and send").click()
    assert "21 members living in the area" in main_text(page)
    page.get_by_role("button", name="Send the nomination").click()
    assert "Sunderland City Council has received your nomination" in main_text(page)
    asset = Asset.objects.get()
    today = timezone.localdate()
    assert asset.decision_due_on == dates.decision_due(today)

    # The council lists it, then records the owner's notice of intention to sell.
    sign_in_as(page, client, town.officer)
    page.goto(page.base_url + "/services/assets-of-community-value/council/")
    page.get_by_role("link", name="The Blue Bell").click()
    page.get_by_role("link", name="Decide on the nomination").click()
    page.get_by_label("Yes, list it for five years").check()
    page.get_by_label("The council's reasons").fill("The only pub left in Hendon.")
    page.get_by_role("button", name="Publish the decision").click()
    asset.refresh_from_db()
    assert asset.status == AssetStatus.LISTED and asset.expires_on == dates.listing_expires(today)
    page.get_by_role("link", name="The owner's notice of intention to sell").click()
    fill_date(page, "When did the council receive the owner's notice?", today)
    page.get_by_role("button", name="Record the notice and start the moratorium").click()
    assert "The notice is recorded and the moratorium has started" in main_text(page)

    # The public page shows every date that follows from the notice.
    moratorium = dates.Moratorium(notified_on=today)
    page.goto(f"{page.base_url}/services/assets-of-community-value/{asset.pk}/")
    text = main_text(page)

    def day(value):
        return date_format(value, "j F Y")

    assert f"Interim moratorium: the owner cannot sell until {day(moratorium.interim_ends_on)}" in text
    assert f"Interim moratorium ends {day(moratorium.interim_ends_on)}" in text
    assert f"it would end on {day(moratorium.full_ends_on)}" in text
    assert f"The owner may sell from {day(moratorium.may_sell_from)}" in text
    assert f"Protected period ends {day(moratorium.protected_ends_on)}" in text
    assert f"From {day(today)} to {day(asset.expires_on)}" in text
    page.wait_for_load_state("networkidle")
    page.screenshot(path="/tmp/covenant-asset-notice.png", full_page=True)

    # A neighbour asks to bid in time, and the full moratorium follows.
    sign_in_as(page, client, town.resident())
    page.goto(f"{page.base_url}/services/assets-of-community-value/{asset.pk}/")
    page.get_by_role("link", name="Ask to bid").click()
    page.get_by_label("What is the group called?").fill("Friends of the Blue Bell")
    page.get_by_role("button", name="Ask to be treated as a bidder").click()
    text = main_text(page)
    assert f"Full moratorium: the owner cannot sell until {day(moratorium.full_ends_on)}" in text
    extended = dates.Moratorium(notified_on=today, bid_requested=True)
    assert f"The owner may sell from {day(extended.may_sell_from)}" in text
    page.wait_for_load_state("networkidle")
    assert page.console_log.unexpected() == []
    assert csp_violations(page) == []
