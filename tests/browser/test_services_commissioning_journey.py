"""Public value commissioning in a real browser: an officer sets an exercise up (refused while social value weighs
under 10%), publishes it, a provider bids through the question pages, an evaluator declares no conflict and scores,
and the officer confirms the award, which the public page shows with the criteria it was won on."""

import datetime

import pytest

from .pages import csp_violations, fill_date, heading, main_text, sign_in_as

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db):
    from tests.services.factories import ServiceFactory, council

    town = council()
    town.service = ServiceFactory(owner=town.organisation, local_authority=town.local_authority,
                                  name="Youth services", reference="youth")
    return town


def _move(exercise, opens: int, closes: int) -> None:
    """The journey cannot wait for bids to open and close."""
    from django.utils import timezone

    from services.commissioning.models import Exercise

    today = timezone.localdate()
    Exercise.objects.filter(pk=exercise.pk).update(bids_open_on=today + datetime.timedelta(days=opens),
                                                   bids_close_on=today + datetime.timedelta(days=closes))


def test_an_exercise_awards_a_contract_with_social_value_weighted_at_10_percent_or_more(browser_page, client, town):
    from django.utils import timezone

    from services.commissioning import services
    from services.commissioning.models import Award, Exercise
    from tests.services.commissioning.factories import bidder, officer_of

    page = browser_page
    page.set_default_timeout(30000)
    page.set_default_navigation_timeout(60000)
    today = timezone.localdate()
    colleague = officer_of(town)

    # The officer sets the exercise up.
    sign_in_as(page, client, town.officer)
    page.goto(page.base_url + "/services/commissioning/manage/")
    page.get_by_role("link", name="Set up a commissioning exercise").click()
    page.get_by_label("Which service is being commissioned?").select_option(label="Youth services (Sunderland "
                                                                                  "City Council)")
    page.get_by_label("Title").fill("Youth clubs from April")
    page.get_by_label("What is being commissioned?").fill("Evening youth clubs in four community centres.")
    page.get_by_label("Estimated value in pounds").fill("400000")
    fill_date(page, "When do bids open?", today + datetime.timedelta(days=3))
    fill_date(page, "When do bids close?", today + datetime.timedelta(days=30))
    page.get_by_label("From 0 to 5").check()
    page.get_by_role("button", name="Save and continue").click()
    assert heading(page) == "Youth clubs from April"

    # Social value under 10% is refused, with the reason; at 20% the criteria are saved.
    page.get_by_role("link", name="Evaluation criteria and weights").click()
    page.get_by_label("Name of criterion 1").fill("Quality of youth work")
    page.get_by_label("Kind of criterion 1").select_option("quality")
    page.get_by_label("Weight of criterion 1 (%)").fill("65")
    page.get_by_label("Name of criterion 2").fill("Social value")
    page.get_by_label("Kind of criterion 2").select_option("social_value")
    page.get_by_label("Weight of criterion 2 (%)").fill("5")
    page.get_by_label("Name of criterion 3").fill("Price")
    page.get_by_label("Kind of criterion 3").select_option("price")
    page.get_by_label("Weight of criterion 3 (%)").fill("30")
    page.get_by_role("button", name="Save and continue").click()
    assert "Social value carries 5% of the weighting. Give it at least 10%" in main_text(page)
    assert page.title().startswith("Error:")
    page.get_by_label("Weight of criterion 1 (%)").fill("50")
    page.get_by_label("Weight of criterion 2 (%)").fill("20")
    page.get_by_role("button", name="Save and continue").click()
    assert heading(page) == "Youth clubs from April"

    page.get_by_role("link", name="Lots").click()
    page.get_by_label("Title of lot 1").fill("Youth clubs")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Evaluators").click()
    page.get_by_label(colleague.display_name).check()
    page.get_by_role("button", name="Add the evaluator").click()
    assert f"{colleague.display_name} is an evaluator" in main_text(page)
    page.get_by_role("link", name="Back", exact=True).click()
    page.get_by_role("link", name="Check and publish").click()
    page.get_by_role("button", name="Publish the exercise").click()
    assert "Youth clubs from April is published" in main_text(page)
    assert "Social value carries 20% of the total score" in main_text(page)
    exercise = Exercise.objects.get()

    # A provider bids while bids are open, through the question pages and check your answers.
    _move(exercise, -1, 10)
    provider, organisation = bidder("", name="Wearside Youth Trust")
    sign_in_as(page, client, provider)
    page.goto(f"{page.base_url}/services/commissioning/{exercise.reference}/")
    page.get_by_role("link", name="Bid for this contract").click()
    page.get_by_role("button", name="Bid for lot 1 as Wearside Youth Trust").click()
    page.get_by_role("link", name="Size or kind of Wearside Youth Trust").click()
    page.get_by_label("Voluntary, community or social enterprise (VCSE)").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Quality of youth work").click()
    page.get_by_label("Quality of youth work").fill("Trained youth workers in every club, four nights a week.")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Social value").click()
    page.get_by_label("Social value").fill("Six apprenticeships for local young people and a volunteer scheme.")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Price").click()
    page.get_by_label("What is your price, in pounds?").fill("380000")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Check your answers and submit").click()
    assert "Six apprenticeships" in main_text(page)
    page.get_by_role("button", name="Submit the bid").click()
    assert "Your bid for lot 1 of Youth clubs from April is submitted" in main_text(page)

    # A second provider's bid, as data.
    rival, rival_organisation = bidder("large", name="Horizon Care Group")
    bid = services.bid_start(actor=rival, lot=exercise.lots.get(), organisation=rival_organisation)
    for criterion in exercise.criteria.exclude(kind="price"):
        services.bid_answer(actor=rival, bid=bid, criterion=criterion, text="Our standard offer.")
    services.bid_set_price(actor=rival, bid=bid, price="350000")
    services.bid_submit(actor=rival, bid=bid)

    # Bids close; the evaluator declares no conflict and scores both bids.
    _move(exercise, -20, -1)
    sign_in_as(page, client, colleague)
    page.goto(f"{page.base_url}/services/commissioning/{exercise.reference}/evaluate/")
    assert "Wearside Youth Trust" in main_text(page) and "Trained youth workers" not in main_text(page)
    page.get_by_label("No").check()
    page.get_by_role("button", name="Declare").click()
    for name, quality, social in (("Wearside Youth Trust", "5", "5"), ("Horizon Care Group", "3", "1")):
        page.get_by_role("link", name=name).click()
        page.get_by_label("Score for Quality of youth work").select_option(quality)
        page.get_by_label("Score for Social value").select_option(social)
        for comment in page.get_by_label("Why this score?").all():
            comment.fill("Judged against the published guidance.")
        page.get_by_role("button", name="Save the scores").click()
        assert f"Your scores for {name}'s bid are saved" in main_text(page)

    # The officer confirms the award to the most advantageous tender.
    sign_in_as(page, client, town.officer)
    page.goto(f"{page.base_url}/services/commissioning/{exercise.reference}/manage/")
    page.get_by_role("link", name="Ranking and award of lot 1").click()
    assert "Award the contract to Wearside Youth Trust" in main_text(page)
    page.get_by_label("What is the contract worth, in pounds?").fill("380000")
    page.get_by_role("button", name="Confirm the award").click()
    text = main_text(page)
    assert "Lot 1 is awarded to Wearside Youth Trust" in text and "Awarded to Wearside Youth Trust" in text
    assert "Social value carries 20% of the total score" in text and "Standstill until" in text
    award = Award.objects.get()
    assert award.bid.organisation == organisation and award.contract_value == 380000
    page.screenshot(path="/tmp/covenant-commissioning-awarded.png", full_page=True)
    assert page.console_log.unexpected() == []
    assert csp_violations(page) == []
