"""The Right to Challenge's pages through the real views: the body's task list from start to submission, what the
public page shows and hides, the council's windows, modifications and decisions, and 404 for everyone else."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from covenant.organisations.models import OrganisationType
from services.challenge import services
from services.challenge.models import Challenge, ChallengeStatus, RejectionGround, Window
from services.following import is_following
from tests.services.factories import council

from .factories import ANSWERS, draft, open_service, organisation_admin, submitted

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo("Europe/London")),
                               tick=False)


def url(name, **kwargs):
    return reverse(f"services:challenge-{name}", kwargs=kwargs)


def test_a_charity_expresses_an_interest_through_the_task_list(client, town):
    service = open_service(town)
    person, charity = organisation_admin(name="Hendon Young People's Trust")
    client.force_login(person)
    page = client.get(url("list"))
    assert page.status_code == 200 and "Youth clubs" in page.content.decode()

    response = client.post(url("start"), {"service": service.pk})
    challenge = Challenge.objects.get()
    assert response.url == url("tasks", pk=challenge.pk)
    assert "Not yet started" in client.get(response.url).content.decode()

    response = client.post(url("body", pk=challenge.pk), {"body_kind": "organisation", "organisation": charity.pk})
    assert response.status_code == 302
    for section, names in (("finances", ["finances"]), ("capability", ["capability"]),
                           ("value", ["social_value", "economic_value", "environmental_value"]),
                           ("users-needs", ["users_needs"])):
        response = client.post(url("answers", pk=challenge.pk, section=section), {n: ANSWERS[n] for n in names})
        assert response.status_code == 302, section
    check = client.get(url("check", pk=challenge.pk)).content.decode()
    assert "Hendon Young People&#x27;s Trust" in check and ANSWERS["finances"].replace("'", "&#x27;") in check

    response = client.post(url("check", pk=challenge.pk))
    assert response.url == url("detail", pk=challenge.pk)
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.SUBMITTED


def test_missing_answers_are_listed_with_links_to_fix_them(client, town):
    challenge = draft(open_service(town), answers=False)
    client.force_login(challenge.created_by)
    page = client.post(url("check", pk=challenge.pk)).content.decode()
    assert "There is a problem" in page
    assert f'href="{url("answers", pk=challenge.pk, section="value")}"' in page
    assert "Describe the social value of the body running the service" in page


def test_an_ineligible_body_is_told_why_on_the_question_page(client, town):
    person, business = organisation_admin(type=OrganisationType.BUSINESS, name="Quick Profits Ltd")
    challenge = services.challenge_start(actor=person, service=open_service(town))
    client.force_login(person)
    page = client.post(url("body", pk=challenge.pk), {"body_kind": "organisation", "organisation": business.pk})
    text = page.content.decode()
    assert page.status_code == 200 and "Error:" in text
    assert "Quick Profits Ltd is registered as “Business”" in text


def test_employees_are_entered_one_a_line(client, town):
    person = town.resident()
    challenge = services.challenge_start(actor=person, service=open_service(town))
    client.force_login(person)
    response = client.post(url("body", pk=challenge.pk), {
        "body_kind": "employees", "employees": "Sam Smith, Youth worker\n\nAli Khan", "employees_declared": "on"})
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.employees == [{"name": "Sam Smith", "role": "Youth worker"}, {"name": "Ali Khan", "role": ""}]


def test_an_empty_answer_is_an_error_on_its_page(client, town):
    challenge = draft(open_service(town), answers=False)
    client.force_login(challenge.created_by)
    page = client.post(url("answers", pk=challenge.pk, section="finances"), {"finances": ""}).content.decode()
    assert "Describe the body&#x27;s finances" in page
    assert client.get(url("answers", pk=challenge.pk, section="nonsense")).status_code == 404


def test_starting_outside_a_window_says_when_it_opens(client, town):
    service = open_service(town)
    Window.objects.create(service=service, opens_on=D(2027, 5, 1), closes_on=D(2027, 5, 31))
    with at(D(2027, 4, 1)):
        client.force_login(town.resident())
        page = client.post(url("start"), {"service": service.pk}).content.decode()
    assert "only from 1 May 2027 to 31 May 2027" in page and not Challenge.objects.exists()


def test_a_draft_is_only_its_bodys(client, town):
    challenge = draft(open_service(town))
    for person in (town.resident(), town.officer):
        client.force_login(person)
        for name in ("detail", "tasks", "body", "check"):
            assert client.get(url(name, pk=challenge.pk)).status_code == 404, name
    client.logout()
    assert client.get(url("detail", pk=challenge.pk)).status_code == 404


def test_the_public_page_shows_the_decision_but_never_the_content(client, town):
    with at(D(2027, 3, 1)):
        challenge = submitted(open_service(town))
    with at(D(2027, 3, 10)):
        services.challenge_reject(actor=town.officer, challenge=challenge,
                                  grounds=[RejectionGround.ALREADY_PROCURING], reasons="Out to tender.")
        page = client.get(url("detail", pk=challenge.pk)).content.decode()
    assert "Rejected" in page and "The service is already the subject of a procurement exercise" in page
    assert "Out to tender." in page and "Decision due by 31 March 2027" in page
    for text in ANSWERS.values():
        assert text.replace("'", "&#x27;") not in page


def test_following_a_challenge(client, town):
    challenge = submitted(open_service(town))
    person = town.resident()
    client.force_login(person)
    assert client.get(url("follow", pk=challenge.pk)).status_code == 405
    client.post(url("follow", pk=challenge.pk))
    assert is_following(person, challenge)
    client.post(url("follow", pk=challenge.pk))
    assert not is_following(person, challenge)


def test_the_officers_queue_shows_days_left_and_overdue(client, town):
    service = open_service(town)
    with at(D(2027, 3, 1)):
        submitted(service)
    with at(D(2027, 3, 5)):
        submitted(service)
    with at(D(2027, 4, 2)):
        client.force_login(town.officer)
        page = client.get(url("queue")).content.decode()
    assert "Overdue by 2 days" in page and "2 days left" in page


def test_an_officer_accepts_through_the_review_pages(client, town):
    with at(D(2027, 3, 1)):
        challenge = submitted(open_service(town))
    with at(D(2027, 3, 15)):
        client.force_login(town.officer)
        review = client.get(url("review", pk=challenge.pk)).content.decode()
        assert ANSWERS["capability"] in review and "16 days left" in review
        bad = client.post(url("accept", pk=challenge.pk), {"minimum_months": "6", "maximum_months": "3"})
        assert "The maximum period must be the same as or longer than the minimum period" in bad.content.decode()
        response = client.post(url("accept", pk=challenge.pk), {"minimum_months": "3", "maximum_months": "6"})
        assert response.url == url("review", pk=challenge.pk)
        page = client.get(url("detail", pk=challenge.pk)).content.decode()
    assert "between 15 June 2027 and 15 September 2027" in page


def test_a_late_decision_asks_why_on_the_page(client, town):
    with at(D(2027, 3, 1)):
        challenge = submitted(open_service(town))
    with at(D(2027, 4, 1)):
        client.force_login(town.officer)
        form = client.get(url("reject", pk=challenge.pk)).content.decode()
        assert "Why is the decision late?" in form
        page = client.post(url("reject", pk=challenge.pk), {"grounds": ["frivolous"], "reasons": "No plan."})
        assert "Enter why it is late" in page.content.decode()
        client.post(url("reject", pk=challenge.pk), {"grounds": ["frivolous"], "reasons": "No plan.",
                                                     "lateness_reason": "Staff illness."})
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.REJECTED and challenge.lateness_reason == "Staff illness."


def test_a_modification_is_proposed_and_answered_through_the_pages(client, town):
    challenge = submitted(open_service(town))
    client.force_login(town.officer)
    client.post(url("modify", pk=challenge.pk), {"request": "Use the library on Saturdays"})
    client.force_login(challenge.created_by)
    page = client.get(url("detail", pk=challenge.pk)).content.decode()
    assert "proposes a modification" in page
    assert "Select whether you agree" in client.post(url("modification", pk=challenge.pk), {}).content.decode()
    client.post(url("modification", pk=challenge.pk), {"agreed": "yes"})
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.SUBMITTED and challenge.modifications.get().agreed


def test_the_councils_pages_are_404_to_everyone_else(client, town):
    challenge = submitted(open_service(town))
    other = council("E08000021", "Newcastle")
    for person in (other.officer, challenge.created_by, town.resident()):
        client.force_login(person)
        for name in ("review", "accept", "reject", "modify"):
            assert client.get(url(name, pk=challenge.pk)).status_code == 404, (name, person)
        assert client.get(url("windows", service_pk=challenge.service_id)).status_code == 404
    client.force_login(challenge.created_by)
    assert client.get(url("queue")).status_code == 404
    assert client.get(url("modification", pk=challenge.pk)).status_code == 404  # nothing to answer


def test_officers_set_windows_with_errors_against_the_dates(client, town):
    service = open_service(town)
    with at(D(2027, 3, 1)):
        client.force_login(town.officer)
        assert "Youth clubs" in client.get(url("window-services")).content.decode()
        page = client.post(url("windows", service_pk=service.pk), {
            "opens_on_0": "10", "opens_on_1": "3", "opens_on_2": "2027",
            "closes_on_0": "9", "closes_on_1": "3", "closes_on_2": "2027"}).content.decode()
        assert "The closing date must be the same as or after the opening date" in page
        client.post(url("windows", service_pk=service.pk), {
            "opens_on_0": "1", "opens_on_1": "4", "opens_on_2": "2027",
            "closes_on_0": "30", "closes_on_1": "4", "closes_on_2": "2027"})
        window = Window.objects.get()
        assert (window.opens_on, window.closes_on) == (D(2027, 4, 1), D(2027, 4, 30))
        client.post(url("window-remove", service_pk=service.pk, window_pk=window.pk))
    assert not Window.objects.exists()


def test_your_expressions_of_interest(client, town):
    challenge = draft(open_service(town))
    client.force_login(challenge.created_by)
    page = client.get(url("yours")).content.decode()
    assert url("tasks", pk=challenge.pk) in page


def test_more_services_and_challenges_cost_the_list_no_more_queries(client, town):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("list")).status_code == 200
        return len(captured)

    with at(D(2027, 3, 1)):
        service = open_service(town)
        Window.objects.create(service=service, opens_on=D(2027, 3, 1), closes_on=D(2027, 3, 31))
        submitted(service)
        before = queries()
        for n in range(3):
            other = open_service(town, reference=f"other-{n}")
            Window.objects.create(service=other, opens_on=D(2027, 2, 1), closes_on=D(2027, 3, 20))
            submitted(other)
        assert queries() == before
