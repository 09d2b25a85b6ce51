"""Residents' and the public's co-design pages through the real views: the list and its filters, a process with
its phases, ideas and proposals with comment threads, co-authors and supports, the ballot and its running total,
the result and accountability; each refusal said on the page, and the same 404 for what may not be seen."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from services.codesign.models import (
    Ballot,
    Coauthorship,
    Comment,
    Contribution,
    ProcessStatus,
    Support,
)
from services.codesign.services import contribution_hide, result_compute, result_publish
from services.following import is_following

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


# The list and a process ------------------------------------------------------------------------------------------

def test_the_list_filters_by_council_service_and_status(client, service, town):
    open_now = budget_process(service, open_kind="ideas", title="Youth clubs now")
    later = ProcessFactory(service=service, title="Libraries later")
    phases_around(later, "ideas")
    later.phases.update(starts_on=timezone.localdate() + datetime.timedelta(days=30),
                        ends_on=timezone.localdate() + datetime.timedelta(days=40))
    ProcessFactory(service=service, title="Secret draft", status=ProcessStatus.DRAFT)
    page = text_of(client.get(reverse("services:codesign-list")))
    assert "Youth clubs now" in page and "Libraries later" in page and "Secret draft" not in page
    active = text_of(client.get(reverse("services:codesign-list"), {"status": "active"}))
    assert "Youth clubs now" in active and "Libraries later" not in active
    by_council = text_of(client.get(reverse("services:codesign-list"), {"council": town.organisation.pk,
                                                                        "service": service.pk}))
    assert "Youth clubs now" in by_council and open_now.service.name in by_council
    bad = client.get(reverse("services:codesign-list"), {"status": "sometime", "council": "x"})
    assert bad.status_code == 400
    assert "Choose a status from the list" in text_of(bad) and "Choose a council from the list" in text_of(bad)


def test_a_process_page_shows_its_phases_the_current_one_and_the_budget(client, service):
    process = budget_process(service, open_kind="proposals", budget="25000", title="Shape youth services")
    page = text_of(client.get(url("process", process)))
    assert "Now: Proposals phase" in page and "5 days left" in page
    assert "Residents decide how to spend £25,000.00" in page
    assert "Sign in to follow this process" in page
    for kind in ("Ideas", "Deliberation", "Vote", "Implementation"):
        assert kind in page


def test_a_draft_is_the_same_404_as_a_missing_process_except_to_its_officers(client, service, officer, resident):
    draft = ProcessFactory(service=service, status=ProcessStatus.DRAFT)
    for person in (None, resident):
        if person:
            client.force_login(person)
        assert client.get(url("process", draft)).status_code == 404
        assert client.get(url("proposals", draft)).status_code == 404
    client.force_login(officer)
    assert "This is a draft" in text_of(client.get(url("process", draft)))


def test_a_resident_follows_and_stops_following(client, service, resident):
    process = budget_process(service, open_kind="ideas")
    client.force_login(resident)
    response = client.post(url("follow", process), {"action": "follow"})
    assert response.status_code == 302 and is_following(resident, process)
    assert "Stop following" in text_of(client.get(url("process", process)))
    client.post(url("follow", process), {"action": "unfollow"})
    assert not is_following(resident, process)


# Ideas -----------------------------------------------------------------------------------------------------------

def test_a_resident_posts_an_idea_and_others_comment_and_reply(client, service, resident, town):
    process = ProcessFactory(service=service)
    phases_around(process, "ideas")
    client.force_login(resident)
    response = client.post(url("idea-new", process), {"title": "Saturday club", "body": "Open on Saturdays"})
    idea = Contribution.objects.get()
    assert response.status_code == 302 and response["Location"] == url("idea", process, idea.pk)
    assert "By Asha Patel" in text_of(client.get(response["Location"]))
    neighbour = town.resident(full_name="Ben Hall")
    client.force_login(neighbour)
    client.post(url("idea-comment", process, idea.pk), {"body": "Great idea"})
    first = Comment.objects.get()
    reply_page = client.get(url("idea-reply", process, idea.pk, first.pk))
    assert "Reply to a comment" in text_of(reply_page)
    client.post(url("idea-reply", process, idea.pk, first.pk), {"body": "And Sundays?"})
    page = text_of(client.get(url("idea", process, idea.pk)))
    assert "Great idea" in page and "Reply by Ben Hall" in page and "2 comments" in page


def test_bad_ideas_and_comments_are_shown_against_their_fields(client, service, resident, town):
    process = ProcessFactory(service=service)
    phases_around(process, "ideas")
    client.force_login(resident)
    response = client.post(url("idea-new", process), {"title": "", "body": ""})
    assert response.status_code == 400
    page = text_of(response)
    assert "Error:" in page and "Enter a title for your idea" in page and "Describe your idea" in page
    idea = ContributionFactory(process=process, kind="idea")
    response = client.post(url("idea-comment", process, idea.pk), {"body": ""})
    assert response.status_code == 400 and "Enter your comment" in text_of(response)
    client.force_login(town.outsider())
    response = client.post(url("idea-new", process), {"title": "Mine", "body": "From away"})
    assert "Only residents of Sunderland can take part" in text_of(response)
    assert Contribution.objects.count() == 1


def test_a_closed_phase_and_an_unconfirmed_email_are_said_up_front(client, service, town):
    process = budget_process(service, open_kind="vote")
    client.force_login(town.resident())
    assert "Ideas can only be posted while the ideas phase is open" in text_of(client.get(url("idea-new", process)))
    client.force_login(town.resident(verified=False))
    response = client.post(url("idea-new", process), {"title": "Idea", "body": "Words"})
    assert "Confirm your email address before you take part" in text_of(response)
    assert not Contribution.objects.exists()


# Proposals, supports and co-authors ------------------------------------------------------------------------------

def test_a_resident_proposes_with_a_cost_and_residents_support_it(client, service, resident, town):
    process = budget_process(service, open_kind="proposals", budget="1000")
    client.force_login(resident)
    response = client.post(url("proposal-new", process), {"title": "Skate park", "body": "Ramps", "cost": "2000"})
    assert "The cost must be no more than the budget of £1,000.00" in text_of(response)
    client.post(url("proposal-new", process), {"title": "Skate park", "body": "Ramps", "cost": "800"})
    made = Contribution.objects.get()
    supporter = town.resident()
    client.force_login(supporter)
    assert client.post(url("support", process, made.pk), {"action": "support"}).status_code == 302
    again = client.post(url("support", process, made.pk), {"action": "support"})
    assert again.status_code == 400 and "You support this proposal already" in text_of(again)
    page = text_of(client.get(url("proposal", process, made.pk)))
    assert "Withdraw your support" in page and "Supports 1" in page
    client.post(url("support", process, made.pk), {"action": "withdraw"})
    assert not Support.objects.exists()
    client.force_login(town.outsider())
    outside = client.post(url("support", process, made.pk), {"action": "support"})
    assert "Your postcode SU9 9ZZ is outside it" in text_of(outside)
    assert not Support.objects.exists()


def test_the_author_invites_a_co_author_who_accepts_and_then_edits(client, service, resident, town):
    process = budget_process(service, open_kind="proposals")
    made = proposal(process, author=resident, title="Skate park")
    neighbour = town.resident(full_name="Ben Hall")
    client.force_login(resident)
    bad = client.post(url("coauthors", process, made.pk), {"email": "nobody@example.org"})
    assert "A co-author must have a Covenant account" in text_of(bad)
    client.post(url("coauthors", process, made.pk), {"email": neighbour.email.upper()})
    client.force_login(neighbour)
    assert "You are invited to co-author this proposal" in text_of(client.get(url("proposal", process, made.pk)))
    client.post(url("coauthor-answer", process, made.pk), {"answer": "accept"})
    assert Coauthorship.objects.get().accepted_at is not None
    assert "By Asha Patel, Ben Hall" in text_of(client.get(url("proposal", process, made.pk)))
    response = client.post(url("proposal-edit", process, made.pk), {"title": "Skate park", "body": "Bigger ramps",
                                                                     "cost": "700"})
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.body, str(made.cost)) == ("Bigger ramps", "700.00")
    # Someone else's proposal, or one outside its phase, has no edit page.
    client.force_login(town.resident())
    assert client.get(url("proposal-edit", process, made.pk)).status_code == 404
    assert client.get(url("coauthors", process, made.pk)).status_code == 404


def test_a_hidden_proposal_shows_the_councils_reason_in_place(client, service, officer):
    process = budget_process(service, open_kind="proposals")
    made = proposal(process, title="Rude words here")
    contribution_hide(actor=officer, contribution=made, reason="It named a member of staff")
    for page in (client.get(url("proposal", process, made.pk)), client.get(url("proposals", process))):
        assert "Hidden by the council: It named a member of staff" in text_of(page)
        assert "Rude words here" not in text_of(page)


# The ballot ------------------------------------------------------------------------------------------------------

@pytest.fixture
def voting(service):
    process = budget_process(service, open_kind="vote", budget="1000")
    process.options = [proposal(process, cost=c, title=t) for c, t in (("600", "Skate park"), ("500", "Library"),
                                                                        ("300", "Bus shelter"))]
    return process


def test_the_ballot_counts_the_total_without_javascript_and_records_the_vote(client, voting, resident):
    skate, library, shelter = voting.options
    page = text_of(client.get(url("ballot", voting)))
    assert "£0.00 of £1,000.00 chosen" in page and "Sign in to vote" in page
    client.force_login(resident)
    checked = client.post(url("ballot", voting), {"choices": [skate.pk, library.pk], "action": "check"})
    assert "£1,100.00 of £1,000.00 chosen" in text_of(checked) and "£100.00 over the budget" in text_of(checked)
    assert not Ballot.objects.exists()
    over = client.post(url("ballot", voting), {"choices": [skate.pk, library.pk], "action": "vote"})
    assert over.status_code == 400 and "Your choices cost £1,100.00, more than the budget" in text_of(over)
    response = client.post(url("ballot", voting), {"choices": [skate.pk, shelter.pk], "action": "vote"})
    assert response.status_code == 302
    page = text_of(client.get(url("ballot", voting)))
    assert "You voted on" in page and "£900.00 of £1,000.00 chosen" in page and "Change your vote" in page
    client.post(url("ballot", voting), {"choices": [library.pk], "action": "vote"})
    assert list(Ballot.objects.get().choices.values_list("proposal_id", flat=True)) == [library.pk]


def test_the_running_total_follows_the_choices_for_htmx(client, voting):
    skate, library, shelter = voting.options
    response = client.get(url("ballot-total", voting), {"choices": [skate.pk, shelter.pk, "x", 999999]})
    assert 'id="ballot-total"' in response.content.decode()
    assert "£900.00 of £1,000.00 chosen" in text_of(response) and "£100.00 left to spend" in text_of(response)


def test_the_ballot_refuses_bad_choices_and_outsiders_on_the_page(client, voting, town):
    client.force_login(town.resident())
    bad = client.post(url("ballot", voting), {"choices": ["not-a-number"], "action": "vote"})
    assert bad.status_code == 400 and "Choose proposals from the ballot" in text_of(bad)
    client.force_login(town.outsider())
    outside = client.post(url("ballot", voting), {"choices": [voting.options[0].pk], "action": "vote"})
    assert outside.status_code == 400 and "outside it" in text_of(outside)
    assert not Ballot.objects.exists()


def test_a_process_without_a_budget_has_no_ballot_or_result_pages(client, service):
    process = ProcessFactory(service=service)
    phases_around(process, "ideas", kinds=["ideas"])
    for name in ("ballot", "ballot-total", "results"):
        assert client.get(url(name, process)).status_code == 404


# The result and accountability -----------------------------------------------------------------------------------

def test_the_published_result_explains_the_method_and_offers_the_ballots(client, service, town, officer):
    process = budget_process(service, open_kind=None, ended="vote", budget="1000")
    skate, shelter = proposal(process, cost="600", title="Skate park"), proposal(process, cost="300", title="Shelter")
    for _ in range(2):
        ballot_for(process, town.resident(), [skate])
    ballot_for(process, town.resident(), [shelter])
    page = text_of(client.get(url("results", process)))
    assert "The council publishes the result here after the vote closes" in page
    assert client.get(url("results-json", process)).status_code == 404
    result_compute(actor=officer, process=process)
    assert client.get(url("results-csv", process)).status_code == 404
    result = result_publish(actor=officer, process=process)
    page = text_of(client.get(url("results", process)))
    assert "3 ballots were counted. The selected proposals cost £900.00 of the £1,000.00 budget" in page
    assert "greedy by votes, skipping what does not fit" in page and result.data_sha256 in page
    assert "2 votes, ranked 1." in text_of(client.get(url("proposal", process, skate.pk)))


def test_the_accountability_page_shows_status_progress_and_updates(client, service):
    from services.codesign.models import FollowUp, FollowUpUpdate

    process = budget_process(service, open_kind="implementation")
    made = proposal(process, title="Skate park")
    follow_up = FollowUp.objects.create(process=process, contribution=made, title="Skate park", status="in_progress",
                                        progress=40)
    FollowUpUpdate.objects.create(follow_up=follow_up, posted_on=timezone.localdate(), body="Ramps ordered",
                                  status="in_progress", progress=40, posted_by=process.created_by)
    page = text_of(client.get(url("accountability", process)))
    assert "Skate park" in page and "In progress" in page and "40%" in page and "Ramps ordered" in page


def test_the_services_catalogue_page_links_to_its_processes_and_back(client, service, officer):
    process = budget_process(service, open_kind="vote", title="Youth budget")
    draft = ProcessFactory(service=service, status=ProcessStatus.DRAFT, title="Libraries next year")
    service_page = reverse("services:catalogue-service", args=[service.owner.ons_code, service.reference])
    page = text_of(client.get(service_page))
    assert "Youth budget" in page and "Vote: Closes on" in page and "Libraries next year" not in page
    assert service_page in client.get(url("process", process)).content.decode()
    client.force_login(officer)
    page = text_of(client.get(service_page))
    assert "Libraries next year" in page and "Open a co-design process for this service" in page
    new = client.get(reverse("services:codesign-process-new"), {"service": service.pk}).content.decode()
    assert f'<option value="{service.pk}" selected>' in new
    assert draft.title in text_of(client.get(url("process", draft)))
