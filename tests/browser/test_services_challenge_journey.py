"""The Community Right to Challenge in a real browser: a charity expresses an interest in running a council service
through the task list, and the council's officer accepts it within its 30-day deadline."""

import datetime

import pytest

from .pages import csp_violations, heading, main_text, sign_in_as

pytestmark = pytest.mark.browser


def test_a_charitys_challenge_is_decided_within_its_deadline(browser_page, client, transactional_db):
    from django.utils import timezone
    from django.utils.formats import date_format

    from services.challenge import dates
    from services.challenge.models import Challenge, ChallengeStatus
    from tests.services.challenge.factories import ANSWERS, open_service, organisation_admin
    from tests.services.factories import council

    page = browser_page
    # Generous: the machine running the suite may be busy, and each step waits for a real page.
    page.set_default_timeout(30000)
    town = council()
    open_service(town, name="Youth clubs in Hendon")
    admin, _charity = organisation_admin(name="Hendon Young People's Trust")

    # The charity's administrator starts from the public page.
    sign_in_as(page, client, admin)
    page.goto(page.base_url + "/services/challenges/")
    assert heading(page) == "Community Right to Challenge"
    page.get_by_role("link", name="Express an interest in running a service").click()
    page.get_by_label("Youth clubs in Hendon (Sunderland City Council)").check()
    page.get_by_role("button", name="Start the expression of interest").click()
    assert heading(page) == "Youth clubs in Hendon"

    page.get_by_role("link", name="Who is expressing an interest").click()
    page.get_by_label("A voluntary or community body, charity or parish council").check()
    page.get_by_label("Which organisation?").select_option(label="Hendon Young People's Trust")
    page.get_by_role("button", name="Save and continue").click()

    for task, fields in (("Finances", {"Finances": "finances"}), ("Capability", {"Capability": "capability"}),
                         ("Social, economic and environmental value",
                          {"Social value": "social_value", "Economic value": "economic_value",
                           "Environmental value": "environmental_value"}),
                         ("Users' needs", {"How would the body meet the needs of the service's users?":
                                           "users_needs"})):
        page.get_by_role("link", name=task).click()
        for label, name in fields.items():
            page.get_by_label(label, exact=True).fill(ANSWERS[name])
        page.get_by_role("button", name="Save and continue").click()
        assert heading(page) == "Youth clubs in Hendon", task

    page.get_by_role("link", name="Check your answers and submit").click()
    assert ANSWERS["capability"] in main_text(page)
    page.get_by_role("button", name="Submit the expression of interest").click()
    today = timezone.localdate()
    due = dates.decision_due(received_on=today)
    text = main_text(page)
    assert "Sunderland City Council has received your expression of interest" in text
    assert f"Decision due by {date_format(due, 'j F Y')} — 30 days left" in text
    assert ANSWERS["finances"] not in text  # the finances are the council's to read, not the public's

    # The officer sees it in the queue with its deadline, and accepts it.
    sign_in_as(page, client, town.officer)
    page.goto(page.base_url + "/services/challenges/council/")
    assert "30 days left" in main_text(page)
    page.get_by_role("link", name="Youth clubs in Hendon").click()
    assert ANSWERS["finances"] in main_text(page)
    page.get_by_role("link", name="Accept", exact=True).click()
    page.get_by_label("Minimum period before the procurement exercise begins, in months").fill("3")
    page.get_by_label("Maximum period before the procurement exercise begins, in months").fill("6")
    page.get_by_role("button", name="Accept the expression of interest").click()
    assert "The expression of interest is accepted and the decision published" in main_text(page)

    challenge = Challenge.objects.get()
    assert challenge.status == ChallengeStatus.ACCEPTED and challenge.decided_on <= challenge.decision_due_on
    earliest, latest = dates.procurement_dates(decided_on=today, minimum_months=3, maximum_months=6)
    page.goto(f"{page.base_url}/services/challenges/{challenge.pk}/")
    text = main_text(page)
    assert "Accepted" in text and (
        f"between {date_format(earliest, 'j F Y')} and {date_format(latest, 'j F Y')}" in text)
    assert challenge.decided_on - challenge.received_on < datetime.timedelta(days=30)
    page.screenshot(path="/tmp/covenant-challenge-decided.png", full_page=True)
    assert page.console_log.unexpected() == []
    assert csp_violations(page) == []
