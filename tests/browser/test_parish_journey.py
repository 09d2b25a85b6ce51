"""A pop-up parish's first steps in a real browser: a resident proposes it, publishes the petition, and residents
of the area sign while someone outside it is told why they cannot."""

import json

import pytest

from .pages import csp_violations, fill_date, heading, main_text, sign_in_as

pytestmark = pytest.mark.browser


@pytest.fixture
def hood(transactional_db):
    """The parishes' neighbourhood (a council, postcodes inside and outside the square) and the standard power
    the journey asks for: a transactional test empties the tables the data migration filled."""
    from parishes.models import Power
    from tests.parishes.factories import neighbourhood

    Power.objects.get_or_create(slug="green-spaces", defaults={"name": "Look after green spaces"})
    return neighbourhood()


def propose_and_publish(page, client, hood, powers=None):
    """A resident proposes Hendon Green through the draft's pages, gathers a founding group and publishes the
    petition; returns the proposal."""
    from django.utils import timezone

    from parishes.models import FoundingMember, Proposal
    from parishes.services import add_months
    from tests.parishes.factories import AREA

    powers = powers or {"Look after green spaces": "Nobody mows the green."}
    lead = hood.resident(full_name="Grace Pemberton")

    # The lead proposer starts from the public list.
    sign_in_as(page, client, lead)
    page.goto(page.base_url + "/parishes/")
    assert heading(page) == "Pop-up parishes"
    page.get_by_role("link", name="Propose a pop-up parish").click()
    page.get_by_label("What is the pop-up parish called?").fill("Hendon Green")
    page.get_by_label("What is it for?").fill("Look after the green and run the summer fair.")
    page.get_by_role("button", name="Start the proposal").click()
    assert heading(page) == "Hendon Green"

    # The area, pasted as GeoJSON under the map (drawing by clicking is the area widget's own test).
    page.get_by_role("link", name="Area").click()
    page.wait_for_load_state("networkidle")
    page.get_by_text("Edit the area as GeoJSON").click()
    page.locator("#id_area").fill(json.dumps(AREA))
    page.locator("#id_area").dispatch_event("change")
    page.get_by_role("button", name="Save and continue").click()
    assert heading(page) == "Hendon Green"

    page.get_by_role("link", name="Sunset date").click()
    fill_date(page, "When should the parish's powers end?", add_months(timezone.localdate(), 18))
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="Powers and freedoms").click()
    for power, why in powers.items():
        page.get_by_label(power, exact=True).check()
        page.get_by_label(f"Why does the parish need this power? ({power})").fill(why)
    page.get_by_role("button", name="Save and continue").click()

    # Publishing before the founding group is complete says what is missing.
    page.get_by_role("link", name="Check your answers and publish").click()
    page.get_by_role("button", name="Publish and open the petition").click()
    assert "The founding group needs at least 21 residents of the area" in main_text(page)

    # Twenty neighbours join by the link the proposers share (one through the page, the rest as data).
    proposal = Proposal.objects.get()
    neighbour = hood.resident()
    sign_in_as(page, client, neighbour)
    page.goto(f"{page.base_url}/parishes/{proposal.slug}/join/")
    page.get_by_role("button", name="Join the founding group").click()
    assert "You have joined the founding group of Hendon Green" in main_text(page)
    for _ in range(19):
        FoundingMember.objects.create(proposal=proposal, user=hood.resident())

    sign_in_as(page, client, lead)
    page.goto(f"{page.base_url}/parishes/{proposal.slug}/draft/")
    assert "21 of 21 residents of the area needed" in main_text(page)
    page.get_by_role("link", name="Check your answers and publish").click()
    page.get_by_role("button", name="Publish and open the petition").click()
    assert "The petition for Hendon Green is open" in main_text(page)
    assert "Petition open" in main_text(page)
    page.screenshot(path="/tmp/covenant-parish-published.png", full_page=True)
    return proposal


def test_a_resident_proposes_a_parish_publishes_it_and_residents_sign(browser_page, client, hood):
    from parishes.models import Proposal, ProposalStatus, Signature

    page = browser_page
    page.set_default_timeout(5000)
    proposal = propose_and_publish(page, client, hood)

    # Someone outside the area is told why they cannot sign; a resident of the area signs.
    sign_in_as(page, client, hood.outsider())
    page.goto(f"{page.base_url}/parishes/{proposal.slug}/")
    page.get_by_role("button", name="Sign the petition").click()
    assert "Only residents of the area can sign" in main_text(page)
    sign_in_as(page, client, hood.resident())
    page.goto(f"{page.base_url}/parishes/{proposal.slug}/")
    page.get_by_role("button", name="Sign the petition").click()
    assert "You have signed the petition for Hendon Green" in main_text(page)
    assert Signature.objects.active().filter(proposal=proposal).count() == 1
    assert Proposal.objects.get().status == ProposalStatus.PUBLISHED

    # The public list shows it on the map and in the list.
    page.goto(page.base_url + "/parishes/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="Hendon Green").first.is_visible()
    assert page.console_log.unexpected() == []
    assert csp_violations(page) == []
