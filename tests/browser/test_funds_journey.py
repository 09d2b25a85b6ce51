"""A grant from application to open data in a real browser, as the funds issue's "done when" asks: a charity
applies to a round through its question pages, two assessors are assigned (one declares a conflict, the other
scores), the panel recommends, an administrator approves a large award that a second administrator confirms, the
charity accepts the agreement, finance releases the first tranche, and the award is in the 360Giving JSON and
CSV."""

import csv
import datetime
import io
import json
import re

import pytest

from .pages import csp_violations, fill_date, heading, main_text, sign_in_as

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    """A recovery fund with £1m, its people (all with an authenticator app, as staff must have), an open round
    with two weighted criteria, a text question and the budget table, and a verified food bank."""
    from types import SimpleNamespace

    from covenant.organisations.models import Role
    from tests.accounts.factories import enrol_totp
    from tests.funds.factories import (
        FundFactory,
        Place,
        administrator_of,
        assessor_of,
        finance_of,
        funded,
        member_of,
        open_round,
    )
    from tests.organisations.factories import VerifiedOrganisationFactory

    fund = FundFactory()
    people = SimpleNamespace(
        admin=administrator_of(fund, full_name="Alex Admin"), admin2=administrator_of(fund, full_name="Bea Second"),
        assessor=assessor_of(fund, full_name="Cal Scorer"), conflicted=assessor_of(fund, full_name="Dee Trustee"),
        finance=finance_of(fund, full_name="Eve Finance"))
    for person in (people.assessor, people.conflicted):
        enrol_totp(person)  # administrators and finance have theirs from the factories
    funded(fund, people.admin)
    round_ = open_round(fund, people.admin)
    charity = VerifiedOrganisationFactory(name="Hendon Food Bank")
    applicant = member_of(charity, Role.ADMIN, full_name="Sam Jones")
    return SimpleNamespace(fund=fund, round=round_, charity=charity, applicant=applicant, place=Place(decile=2),
                           **vars(people))


def test_a_charity_is_funded_and_its_award_published_as_360giving(browser_page, client, world, live_server):
    from django.utils import timezone

    from funds.models import Application, ApplicationStatus, Payment

    page = browser_page
    # A long journey of whole pages: allow for a busy machine.
    page.set_default_timeout(15000)
    page.set_default_navigation_timeout(30000)
    today = timezone.localdate()

    # The charity applies, section by section, from the round's page.
    sign_in_as(page, client, world.applicant)
    page.goto(f"{page.base_url}/funds/rounds/{world.round.pk}/")
    page.get_by_role("button", name="Start your application").click()  # a GOV.UK start button is a link
    page.get_by_label("What is your project called?").fill("Warm spaces this winter")
    page.get_by_role("button", name="Start your application").click()
    application = Application.objects.get(organisation=world.charity)

    page.get_by_role("link", name="Project details").click()
    page.get_by_label("What is the grant for?").fill("Heated rooms and hot meals for 200 households.")
    page.get_by_label("How much are you asking for?").fill("60000")
    fill_date(page, "When will the project start?", today + datetime.timedelta(days=30))
    fill_date(page, "When will the project end?", today + datetime.timedelta(days=330))
    page.get_by_label("What was your organisation's income last year?").fill("250000")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="What difference will the grant make?").click()
    page.get_by_label("What difference will the grant make?").fill("Nobody in Hendon need sit in the cold.")
    page.get_by_role("button", name="Save and continue").click()

    page.goto(f"{page.base_url}/funds/applications/{application.pk}/")
    page.get_by_role("link", name="Your budget").click()
    line = page.get_by_role("group", name="Line 1")
    line.get_by_label("What is it for?").fill("Heating and meals")
    line.get_by_label("Cost").fill("60000")
    line.get_by_label("From this grant").fill("60000")
    page.get_by_role("button", name="Save and continue").last.click()

    page.goto(f"{page.base_url}/funds/applications/{application.pk}/")
    page.get_by_role("link", name="Where the grant will help").click()
    page.get_by_label("Where will the grant help?").fill(world.place.postcode.postcode)
    page.get_by_role("button", name="Save and continue").click()

    page.goto(f"{page.base_url}/funds/applications/{application.pk}/")
    page.get_by_role("link", name="Bank details").click()
    page.get_by_label("Name on the account").fill("Hendon Food Bank")
    page.get_by_label("Sort code").fill("309430")
    page.get_by_label("Account number").fill("00733445")
    page.get_by_role("button", name="Save bank details").click()

    page.goto(f"{page.base_url}/funds/applications/{application.pk}/")
    page.get_by_role("link", name="Check your answers and submit").click()
    page.get_by_label(re.compile("I confirm that the information in this application is true")).check()
    page.get_by_role("button", name="Accept and submit").click()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED, main_text(page)
    assert application.most_deprived_decile == 2
    page.screenshot(path="/tmp/covenant-funds-submitted.png", full_page=True)

    # The administrator assigns two assessors.
    case = f"{page.base_url}/funds/manage/applications/{application.pk}/"
    sign_in_as(page, client, world.admin)
    for assessor in (world.conflicted, world.assessor):
        page.goto(case)
        page.get_by_role("link", name="Assign an assessor").first.click()
        page.get_by_label(assessor.display_name).check()
        page.get_by_role("button", name="Assign the assessor").click()
    assert application.assignments.count() == 2

    # One declares a conflict and is taken off it; the other declares none and scores both criteria.
    sign_in_as(page, client, world.conflicted)
    page.goto(f"{page.base_url}/funds/assess/{application.pk}/declare/")
    page.get_by_role("group", name="Do you have a conflict of interest with this application?").get_by_label(
        "Yes").check()
    page.get_by_label("If yes, describe your conflict of interest").fill("I am a trustee of the food bank.")
    page.get_by_role("button", name="Declare my interests").click()
    conflicted = application.assignments.get(assessor=world.conflicted)
    assert conflicted.removed_at is not None and conflicted.declaration.has_conflict

    sign_in_as(page, client, world.assessor)
    page.goto(f"{page.base_url}/funds/assess/{application.pk}/declare/")
    page.get_by_role("group", name="Do you have a conflict of interest with this application?").get_by_label(
        "No").check()
    page.get_by_role("button", name="Declare my interests").click()
    page.goto(f"{page.base_url}/funds/assess/{application.pk}/score/")
    for criterion, score in (("Need", "5"), ("Delivery", "4")):
        page.get_by_role("group", name=f"Score for {criterion}").get_by_label(score, exact=True).check()
        page.get_by_role("group", name=criterion, exact=True).get_by_label("Why this score?").fill(
            f"{criterion}: well evidenced.")
    page.get_by_role("button", name="Save scores").click()
    assert sorted(application.assignments.get(assessor=world.assessor).scores.values_list("score", flat=True)) == [
        4, 5]

    # The panel recommends; the administrator approves £60,000, over the second-approval threshold.
    sign_in_as(page, client, world.admin)
    page.goto(case)
    page.get_by_role("link", name="Record the panel's recommendation").click()
    page.get_by_role("group", name="Does the panel recommend this application?").get_by_label("Yes").check()
    page.get_by_label("The panel's reasons").fill("Strong need in a deprived neighbourhood.")
    page.get_by_role("button", name="Record the recommendation").click()
    page.goto(case)
    page.get_by_role("link", name="Approve the grant").click()
    page.get_by_label("Amount awarded, in pounds").fill("60000")
    page.get_by_label("Conditions (optional)").fill("The second payment waits for the first report.")
    page.get_by_label("Reasons for the decision").fill("Meets the round's priorities in full.")
    page.get_by_role("button", name="Approve the grant").click()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_SECOND_APPROVAL, main_text(page)

    # A second, different administrator confirms it.
    sign_in_as(page, client, world.admin2)
    page.goto(case)
    page.get_by_role("link", name="Give or refuse the second approval").click()
    page.get_by_role("button", name="Confirm the award").click()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED, main_text(page)
    assert application.amount_awarded == 60000

    # The charity sees the decision and accepts the grant agreement online.
    sign_in_as(page, client, world.applicant)
    page.goto(f"{page.base_url}/funds/applications/{application.pk}/")
    assert "Meets the round's priorities in full." in main_text(page)
    page.goto(f"{page.base_url}/funds/applications/{application.pk}/agreement/")
    page.get_by_label("Your full name").fill("Sam Jones")
    page.get_by_label("Your role in the organisation").fill("Chair of trustees")
    page.get_by_label(re.compile("I accept the grant agreement")).check()
    page.get_by_role("button", name="Accept the grant agreement").click()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED, main_text(page)

    # The administrator schedules two tranches; finance releases the first.
    sign_in_as(page, client, world.admin)
    page.goto(case)
    page.get_by_role("link", name="Schedule the payments").first.click()
    first = page.get_by_role("group", name="Tranche 1", exact=True)
    first.get_by_label("Amount, in pounds").fill("40000")
    fill_date(first, "Due on", today)
    second = page.get_by_role("group", name="Tranche 2", exact=True)
    second.get_by_label("Amount, in pounds").fill("20000")
    fill_date(second, "Due on", today + datetime.timedelta(days=180))
    page.get_by_role("button", name="Save the schedule").click()
    assert application.tranches.count() == 2, main_text(page)

    sign_in_as(page, client, world.finance)
    page.goto(f"{case}payments/")
    page.get_by_role("link", name="Release tranche 1").click()
    page.get_by_label("Payment reference (optional)").fill("BACS-0001")
    page.get_by_role("button", name=re.compile("^Release")).click()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE, main_text(page)
    payment = Payment.objects.get(application=application)
    assert payment.amount == 40000 and payment.released_by == world.finance
    page.screenshot(path="/tmp/covenant-funds-paid.png", full_page=True)

    # The award is open data: in the 360Giving JSON package and the CSV, for anyone.
    page.context.clear_cookies()
    response = page.request.get(f"{page.base_url}/funds/360giving.json")
    assert response.ok
    grants = {grant["title"]: grant for grant in json.loads(response.text())["grants"]}
    grant = grants["Warm spaces this winter"]
    assert grant["amountAwarded"] == 60000 and grant["currency"] == "GBP"
    assert grant["id"].startswith("360G-") and grant["recipientOrganization"][0]["name"] == "Hendon Food Bank"
    rows = list(csv.DictReader(io.StringIO(page.request.get(f"{page.base_url}/funds/360giving.csv").text())))
    assert [row["Identifier"] for row in rows if row["Title"] == "Warm spaces this winter"] == [grant["id"]]

    # And on the public awards pages.
    page.goto(f"{page.base_url}/funds/awards/")
    assert "Warm spaces this winter" in main_text(page)
    page.get_by_role("link", name="Warm spaces this winter").click()
    assert heading(page) == "Warm spaces this winter"
    assert page.console_log.unexpected() == []
    assert csp_violations(page) == []
