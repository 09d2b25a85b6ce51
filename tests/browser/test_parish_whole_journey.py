"""A pop-up parish from start to end in a real browser, as the issue's "done when" asks: a resident proposes it,
residents sign until the threshold makes the petition valid, the council's officer consults and approves it with
conditions, it shows as active on the council's map, and its powers end by themselves after the sunset date when
time is moved on."""

import datetime

import pytest

from .pages import csp_violations, main_text, sign_in_as
from .test_parish_journey import propose_and_publish
from .test_parish_review_journey import consult_and_approve_with_conditions

pytestmark = pytest.mark.browser

ELECTORS = 40  # under 500, so the threshold is 37.5% of them: 15 signatures


@pytest.fixture
def hood(transactional_db):
    """The parishes' neighbourhood with its electors entered by the council, and the two powers the proposal asks
    for (a transactional test empties the tables the data migration filled)."""
    from parishes.models import Power
    from tests.parishes.factories import neighbourhood

    Power.objects.get_or_create(slug="green-spaces", defaults={"name": "Look after green spaces"})
    Power.objects.get_or_create(slug="events-and-markets", defaults={"name": "Local events and markets"})
    hood = neighbourhood()
    hood.electors(ELECTORS)
    return hood


def test_a_parish_is_proposed_petitioned_approved_with_conditions_and_ends_at_its_sunset(browser_page, client, hood):
    import time_machine
    from django.utils import timezone

    from parishes.models import Proposal, ProposalStatus
    from parishes.services import petition_sign
    from parishes.tasks import parishes_end_expired_task
    from parishes.thresholds import petition_threshold

    page = browser_page
    # A long journey of whole pages: allow for a busy machine.
    page.set_default_timeout(15000)
    page.set_default_navigation_timeout(30000)
    assert petition_threshold(ELECTORS) == 15

    proposal = propose_and_publish(page, client, hood, powers={
        "Look after green spaces": "Nobody mows the green.",
        "Local events and markets": "A summer fair on the green.",
    })

    # Thirteen neighbours sign (as data, to keep the test short); the fourteenth and fifteenth sign on the page.
    for _ in range(13):
        petition_sign(actor=hood.resident(), proposal=proposal)
    sign_in_as(page, client, hood.resident())
    page.goto(f"{page.base_url}/parishes/{proposal.slug}/")
    assert "13 of 15 signatures needed" in main_text(page)
    page.get_by_role("button", name="Sign the petition").click()
    assert "14 of 15 signatures needed" in main_text(page)
    assert "1 more signatures will make the petition valid" in main_text(page)
    assert Proposal.objects.get().status == ProposalStatus.PUBLISHED

    sign_in_as(page, client, hood.resident())
    page.goto(f"{page.base_url}/parishes/{proposal.slug}/")
    page.get_by_role("button", name="Sign the petition").click()
    text = main_text(page)
    assert "You have signed the petition for Hendon Green" in text
    assert "15 signatures. The petition needed 15 of the area's 40 electors." in text
    assert "The council must complete its review by" in text
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.VALID
    assert proposal.covering_authorities.get() == hood.local_authority

    # The council's officer consults and approves it with conditions; it is active on the council's map.
    consult_and_approve_with_conditions(page, client, hood, proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED_WITH_CONDITIONS
    sunset = proposal.sunset_on
    assert sunset < timezone.localdate() + datetime.timedelta(days=400)  # the shorter term of the conditions

    # On its sunset date the powers still hold; the day after, the periodic task ends them.
    with time_machine.travel(datetime.datetime.combine(sunset, datetime.time(12)), tick=False):
        assert parishes_end_expired_task.apply().get() == 0
    with time_machine.travel(datetime.datetime.combine(sunset + datetime.timedelta(days=1), datetime.time(0, 10)),
                             tick=False):
        assert parishes_end_expired_task.apply().get() == 1
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ENDED

    page.context.clear_cookies()
    page.goto(f"{page.base_url}/parishes/{proposal.slug}/")
    text = main_text(page)
    assert f"Its powers ended after {sunset:%-d %B %Y}, its sunset date." in text
    assert "Look after green spaces (ended)" in text
    page.goto(f"{page.base_url}/parishes/council/{hood.local_authority.code}/map/")
    page.wait_for_load_state("networkidle")
    assert "Hendon Green" not in main_text(page).split("Active pop-up parishes", 1)[1].split(
        "Proposals and petitions", 1)[0]
    assert page.console_log.unexpected() == []
    assert csp_violations(page) == []
