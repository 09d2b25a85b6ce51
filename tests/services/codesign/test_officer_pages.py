"""Officers' co-design pages through the real views: opening a draft, its budget and phases, publishing, moving on
and closing; moderation, responses, the result and accountability. Bad input shown against its fields; officers
of other councils and everyone else get the same 404."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from covenant.audit.models import AuditEntry
from services.codesign.models import (
    BudgetResult,
    Comment,
    Contribution,
    FollowUp,
    Phase,
    Process,
    ProcessStatus,
)

from .factories import (
    ContributionFactory,
    ProcessFactory,
    ballot_for,
    budget_process,
    phases_around,
    proposal,
)

pytestmark = pytest.mark.django_db


def url(name, process, *args):
    return reverse(f"services:codesign-{name}", args=[process.slug, *args])


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace("&#x27;", "'")


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_an_officer_opens_a_draft_adds_phases_and_a_budget_and_publishes(client, officer, service):
    client.force_login(officer)
    assert "Open a process" in text_of(client.get(reverse("services:codesign-officers")))
    bad = client.post(reverse("services:codesign-process-new"), {"service": service.pk, "title": "", "description": ""})
    assert bad.status_code == 400 and "Enter the title of the process" in text_of(bad)
    client.post(reverse("services:codesign-process-new"), {"service": service.pk, "title": "Shape youth services",
                                                            "description": "Tell us how the clubs should run"})
    process = Process.objects.get()
    assert process.status == ProcessStatus.DRAFT

    no_budget = client.post(url("manage-budget", process), {"has_budget": "yes", "budget": ""})
    assert "Enter the budget in pounds, like 50000" in text_of(no_budget)
    client.post(url("manage-budget", process), {"has_budget": "yes", "budget": "20000", "voting_method": "knapsack"})
    process.refresh_from_db()
    assert process.budget == 20000

    overlap = {"kind": "vote", **date_fields("starts_on", days(5)), **date_fields("ends_on", days(15))}
    client.post(url("phase-add", process), {"kind": "proposals", **date_fields("starts_on", days(0)),
                                            **date_fields("ends_on", days(10))})
    response = client.post(url("phase-add", process), overlap)
    assert response.status_code == 400 and "The dates overlap the proposals phase" in text_of(response)
    missing = client.post(url("phase-add", process), {"kind": "vote", **date_fields("starts_on", days(11)),
                                                      "ends_on_0": "", "ends_on_1": "3", "ends_on_2": "2030"})
    assert "The last day must include a day" in text_of(missing)
    client.post(url("phase-add", process), {"kind": "vote", **date_fields("starts_on", days(11)),
                                            **date_fields("ends_on", days(20))})
    assert list(process.phases.values_list("kind", flat=True)) == ["proposals", "vote"]
    client.post(url("publish", process))
    process.refresh_from_db()
    assert process.status == ProcessStatus.PUBLISHED
    assert "Now: Proposals phase" in text_of(client.get(url("manage", process)))


def test_officers_of_other_councils_and_residents_get_404(client, service, other_officer, resident):
    process = budget_process(service, open_kind="vote")
    made = proposal(process)
    for person in (other_officer, resident):
        client.force_login(person)
        for name, args in (("manage", ()), ("manage-budget", ()), ("phase-add", ()), ("moderation", ()),
                           ("respond", (made.pk,)), ("hide-proposal", (made.pk,)), ("result", ()),
                           ("follow-ups", ())):
            assert client.get(url(name, process, *args)).status_code == 404, (person, name)
        assert client.post(url("result-compute", process)).status_code == 404
    client.force_login(other_officer)
    assert "has no co-design processes yet" in text_of(client.get(reverse("services:codesign-officers")))


def test_moving_to_the_next_phase_and_changing_dates_from_the_pages(client, officer, service):
    process = budget_process(service, open_kind="proposals")
    client.force_login(officer)
    assert "The proposals phase will end yesterday" in text_of(client.get(url("phase-next", process)))
    client.post(url("phase-next", process))
    assert process.phases.get(kind="vote").starts_on == days(0)
    implementation = process.phases.get(kind="implementation")
    bad = client.post(url("phase-edit", process, implementation.pk), {**date_fields("starts_on", days(40)),
                                                                       **date_fields("ends_on", days(30))})
    assert "The last day must be the same as or after the first day" in text_of(bad)
    client.post(url("phase-edit", process, implementation.pk), {**date_fields("starts_on", days(40)),
                                                                 **date_fields("ends_on", days(50))})
    assert Phase.objects.get(pk=implementation.pk).ends_on == days(50)
    ended = process.phases.get(kind="ideas")
    assert client.get(url("phase-edit", process, ended.pk)).status_code == 404
    started = client.post(url("phase-remove", process, process.phases.get(kind="vote").pk))
    assert "has started, so it cannot be removed" in text_of(started)


def test_moderation_hides_with_a_reason_and_never_deletes(client, officer, service, resident):
    process = budget_process(service, open_kind="ideas")
    idea = ContributionFactory(process=process, kind="idea", title="Loud idea")
    comment = Comment.objects.create(contribution=idea, author=resident, body="Nasty words")
    client.force_login(officer)
    assert "Nasty words" in text_of(client.get(url("moderation", process)))
    empty = client.post(url("hide-comment", process, comment.pk), {"reason": ""})
    assert "Enter why the council is hiding it" in text_of(empty)
    client.post(url("hide-comment", process, comment.pk), {"reason": "Abusive"})
    client.post(url("hide-idea", process, idea.pk), {"reason": "Off topic"})
    assert Comment.objects.get().body == "Nasty words" and Contribution.objects.get().title == "Loud idea"
    page = text_of(client.get(url("moderation", process)))
    assert "Hidden: Abusive" in page and "Hidden: Off topic" in page
    assert client.get(url("hide-proposal", process, idea.pk)).status_code == 404


def test_responses_are_published_from_the_queue(client, officer, service):
    process = budget_process(service, open_kind="proposals")
    made = proposal(process, title="Skate park")
    client.force_login(officer)
    assert "Skate park" in text_of(client.get(url("responses", process)))
    bad = client.post(url("respond", process, made.pk), {"status": "", "body": ""})
    assert "Choose the council's response" in text_of(bad)
    client.post(url("respond", process, made.pk), {"status": "evaluating", "body": "We are costing it"})
    assert "Every idea and proposal has a response" in text_of(client.get(url("responses", process)))
    assert "Being evaluated" in text_of(client.get(url("proposal", process, made.pk)))


def test_the_result_is_computed_checked_and_published_from_the_page(client, officer, service, town):
    process = budget_process(service, open_kind=None, ended="vote", budget="1000")
    made = proposal(process, title="Skate park", cost="600")
    ballot_for(process, town.resident(), [made])
    client.force_login(officer)
    assert client.get(url("result-compute", process)).status_code == 405
    early = client.post(url("result-publish", process))
    assert early.status_code == 400 and "Compute the result before publishing it" in text_of(early)
    client.post(url("result-compute", process))
    assert "not yet published" in text_of(client.get(url("result", process)))
    client.post(url("result-publish", process))
    assert BudgetResult.objects.get().is_published
    assert AuditEntry.objects.filter(action="services_codesign.result_published").count() == 1


def test_the_result_cannot_be_computed_before_the_vote_closes(client, officer, service):
    process = budget_process(service, open_kind="vote")
    client.force_login(officer)
    response = client.post(url("result-compute", process))
    assert response.status_code == 400 and "Compute the result after that" in text_of(response)


def test_results_are_followed_up_and_updated_from_the_pages(client, officer, service):
    process = budget_process(service, open_kind="implementation")
    made = proposal(process, title="Skate park")
    client.force_login(officer)
    nothing = client.post(url("follow-ups", process))
    assert nothing.status_code == 400 and "There is nothing to follow up yet" in text_of(nothing)
    client.post(url("respond", process, made.pk), {"status": "accepted", "body": "Funded"})
    client.post(url("follow-ups", process))
    follow_up = FollowUp.objects.get()
    bad = client.post(url("follow-up", process, follow_up.pk), {
        "status": "done", "progress": "80", "body": "Nearly", **date_fields("posted_on", days(0))})
    assert "Progress must be 100% when the work is done" in text_of(bad)
    client.post(url("follow-up", process, follow_up.pk), {
        "status": "done", "progress": "100", "body": "Opened", **date_fields("posted_on", days(0))})
    page = text_of(client.get(url("accountability", process)))
    assert "Done" in page and "100%" in page and "Opened" in page


def test_closing_from_the_page(client, officer, service):
    process = ProcessFactory(service=service)
    phases_around(process, "ideas", kinds=["ideas"])
    client.force_login(officer)
    client.post(url("close", process), {"note": "Thank you"})
    process.refresh_from_db()
    assert process.status == ProcessStatus.CLOSED
    assert "The council closed this process on" in text_of(client.get(url("process", process)))
    assert client.get(url("manage-details", process)).status_code == 404
