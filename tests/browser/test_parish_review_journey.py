"""A pop-up parish's council review in a real browser: an officer of the covering council starts the review of a
valid petition, works the checklist, consults the public, answers a resident, and approves with conditions; the
parish then shows as active with its conditions."""

import pytest

from .pages import csp_violations, fill_date, heading, main_text, sign_in_as

pytestmark = pytest.mark.browser


@pytest.fixture
def hood(transactional_db):
    """The parishes' neighbourhood and the two standard powers the petition asks for (a transactional test empties
    the tables the data migration filled)."""
    from parishes.models import Power
    from tests.parishes.factories import neighbourhood

    Power.objects.get_or_create(slug="green-spaces", defaults={"name": "Look after green spaces"})
    Power.objects.get_or_create(slug="events-and-markets", defaults={"name": "Local events and markets"})
    return neighbourhood()


def valid_petition(hood):
    """A petition that reached its threshold in the neighbourhood, asking for two powers for two years."""
    from django.utils import timezone

    from parishes.models import Power, ProposalStatus
    from parishes.services import add_months
    from tests.parishes.factories import ProposalFactory

    now = timezone.now()
    proposal = ProposalFactory(
        name="Hendon Green", slug="hendon-green", created_by=hood.resident(full_name="Grace Pemberton"),
        status=ProposalStatus.VALID, valid_at=now, review_deadline=add_months(timezone.localdate(), 12),
        electors_at_validity=420, threshold_at_validity=158, sunset_on=add_months(timezone.localdate(), 24),
        powers=list(Power.objects.filter(slug__in=["green-spaces", "events-and-markets"])),
    )
    proposal.covering_authorities.set([hood.local_authority])
    return proposal


def test_an_officer_consults_and_approves_a_parish_with_conditions(browser_page, client, hood):
    page = browser_page
    page.set_default_timeout(5000)
    # The live server renders whole review pages, which takes a while on a busy machine.
    page.set_default_navigation_timeout(30000)
    consult_and_approve_with_conditions(page, client, hood, valid_petition(hood))
    assert page.console_log.unexpected() == []
    assert csp_violations(page) == []


def consult_and_approve_with_conditions(page, client, hood, proposal):
    """The covering council's officer reviews a valid petition for Hendon Green (green spaces, events and
    markets): checklist, a six-week consultation with a resident's comment and the council's response, then
    approval with conditions (green spaces only, twelve months, a £5,000 budget cap); the parish then shows as
    active on the public list and on the council's map."""
    from django.utils import timezone

    from parishes.models import Proposal, ProposalStatus, Review
    from parishes.services import add_months
    from tests.accounts.factories import enrol_totp

    officer = hood.officer
    enrol_totp(officer)  # council officers use an authenticator app

    # The officer finds the valid petition in the council's queue and starts the review.
    sign_in_as(page, client, officer)
    page.goto(page.base_url + "/parishes/council/")
    assert heading(page) == "Pop-up parish reviews"
    page.get_by_role("link", name="Hendon Green").click()
    assert heading(page) == "Hendon Green"
    page.get_by_role("button", name="Start the review").click()
    assert "You have started the review for Sunderland" in main_text(page)

    # The checklist, item by item, with a note.
    page.get_by_role("link", name="Change The area is clearly defined").click()
    page.get_by_label("Yes, it has been checked").check()
    page.get_by_label("Note").fill("Matches the ward map.")
    page.get_by_role("button", name="Save").click()
    assert "Matches the ward map." in main_text(page)

    # The public consultation, for the default six weeks.
    page.get_by_role("link", name="Open the public consultation").click()
    assert page.get_by_label("How many weeks should the consultation run?").input_value() == "6"
    page.get_by_role("button", name="Open the consultation").click()
    assert "The public consultation is open until" in main_text(page)

    # A resident comments on the public page.
    sign_in_as(page, client, hood.resident())
    page.goto(f"{page.base_url}/parishes/{proposal.slug}/")
    assert "Sunderland is consulting on this proposal" in main_text(page)
    page.get_by_label("Your comment").fill("Please keep the bandstand.")
    page.get_by_role("button", name="Publish your comment").click()
    assert "Your comment is published" in main_text(page)

    # The officer responds, and closes the consultation once its weeks have passed.
    sign_in_as(page, client, officer)
    page.goto(f"{page.base_url}/parishes/council/{proposal.slug}/")
    page.get_by_role("link", name="Respond to this comment").click()
    page.get_by_label("The council's response").fill("The bandstand stays.")
    page.get_by_role("button", name="Publish the response").click()
    assert "The council's response is published" in main_text(page)
    Review.objects.filter(proposal=proposal).update(consultation_closes_on=timezone.localdate())
    page.reload()
    page.get_by_role("button", name="Close the consultation").click()
    assert "The consultation is closed" in main_text(page)

    # The decision: approve with conditions, check it, confirm it.
    page.get_by_role("link", name="Make the decision").click()
    page.get_by_label("Approve with conditions").check()
    page.get_by_label("Reasons for the decision").fill("Strong support; start with the green.")
    page.get_by_role("button", name="Continue").click()
    assert heading(page) == "The conditions of the approval"
    page.get_by_label("Local events and markets").uncheck()
    shorter = add_months(timezone.localdate(), 12)
    fill_date(page, "A shorter term: when should the powers end?", shorter)
    page.get_by_label("A budget cap, in pounds").fill("5,000")
    page.get_by_role("button", name="Continue").click()
    assert heading(page) == "Check the decision before it is final"
    assert Proposal.objects.get().status == ProposalStatus.UNDER_REVIEW
    page.get_by_role("button", name="Confirm the decision").click()
    assert "The decision is made and published" in main_text(page)
    page.screenshot(path="/tmp/covenant-parish-review-decided.png", full_page=True)

    # The public page shows the decision and its conditions, and the comment with the council's response.
    page.context.clear_cookies()
    page.goto(f"{page.base_url}/parishes/{proposal.slug}/")
    text = main_text(page)
    assert "Approved with conditions" in text and "Strong support; start with the green." in text
    assert "Not granted: Local events and markets" in text
    assert "A budget cap of £5,000.00" in text and "A shorter term" in text
    assert "Please keep the bandstand." in text and "The bandstand stays." in text

    # It is active on the public list and on the council's map.
    page.goto(page.base_url + "/parishes/")
    page.wait_for_load_state("networkidle")
    active = main_text(page).split("Active pop-up parishes", 1)[1].split("Proposals and petitions", 1)[0]
    assert "Hendon Green" in active
    page.get_by_role("link", name="Pop-up parishes in Sunderland").click()
    page.wait_for_load_state("networkidle")
    assert heading(page) == "Pop-up parishes in Sunderland"
    active = main_text(page).split("Active pop-up parishes", 1)[1].split("Proposals and petitions", 1)[0]
    assert "Hendon Green" in active
