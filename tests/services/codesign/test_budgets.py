"""The participatory budget's vote: one ballot per resident, changeable until the vote closes, refused from outside
the area, over the budget, twice or outside the phase; the result computed by the documented rule, stored with the
hash of its data, published, and recomputed by anyone from the download to the same answer."""

import hashlib
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from services.codesign.models import Ballot, BallotChoice, BudgetResult
from services.codesign.services import (
    ballot_cast,
    ballot_change,
    contribution_hide,
    response_publish,
    result_compute,
    result_publish,
)
from services.following import follow_add

from .factories import ballot_for, budget_process, proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting(service):
    process = budget_process(service, open_kind="vote", budget="1000")
    process.options = [proposal(process, cost=cost, title=title) for cost, title in
                       (("600", "Skate park"), ("500", "Library hours"), ("300", "Bus shelter"), ("100", "Benches"))]
    return process


def choice_ids(ballot):
    return sorted(ballot.choices.values_list("proposal_id", flat=True))


def test_a_resident_votes_within_the_budget_and_changes_their_vote(voting, resident):
    skate, library, shelter, benches = voting.options
    ballot = ballot_cast(actor=resident, process=voting, choices=[skate.pk, shelter.pk, benches.pk])
    assert choice_ids(ballot) == sorted([skate.pk, shelter.pk, benches.pk])
    with pytest.raises(ValidationError, match="You have voted already"):
        ballot_cast(actor=resident, process=voting, choices=[library.pk])
    ballot_change(actor=resident, process=voting, choices=[library.pk, shelter.pk])
    ballot.refresh_from_db()
    assert choice_ids(ballot) == sorted([library.pk, shelter.pk]) and ballot.changed_at is not None
    assert Ballot.objects.count() == 1
    # The audit log records that someone voted, never what they chose.
    entries = AuditEntry.objects.filter(action__startswith="services_codesign.ballot_")
    assert entries.count() == 2 and all(not e.metadata and not e.changes for e in entries)


@pytest.mark.parametrize(("pick", "message"), [
    (lambda o: [], "Choose at least one proposal"),
    (lambda o: [o[0].pk, o[1].pk], "Your choices cost £1,100.00, more than the budget of £1,000.00"),
    (lambda o: [o[2].pk, o[2].pk], "Choose each proposal only once"),
    (lambda o: [999999], "Choose proposals from the ballot: one of your choices is not on it"),
    (lambda o: ["one"], "Choose proposals from the ballot"),
])
def test_bad_ballots_are_refused_and_nothing_is_saved(voting, resident, pick, message):
    with pytest.raises(ValidationError) as error:
        ballot_cast(actor=resident, process=voting, choices=pick(voting.options))
    assert error.value.message_dict["choices"][0].startswith(message)
    assert not Ballot.objects.exists() and not BallotChoice.objects.exists()


def test_a_bad_change_leaves_the_ballot_as_it_was(voting, resident, town):
    skate, library, shelter, benches = voting.options
    ballot_cast(actor=resident, process=voting, choices=[skate.pk])
    with pytest.raises(ValidationError, match="more than the budget"):
        ballot_change(actor=resident, process=voting, choices=[skate.pk, library.pk])
    assert choice_ids(Ballot.objects.get()) == [skate.pk]
    with pytest.raises(ValidationError, match="You have not voted yet"):
        ballot_change(actor=town.resident(), process=voting, choices=[skate.pk])


def test_approval_voting_counts_choices_not_money(service, resident):
    process = budget_process(service, open_kind="vote", budget="1000", method="approval", limit=2)
    options = [proposal(process, cost="900") for _ in range(3)]
    ballot_cast(actor=resident, process=process, choices=[options[0].pk, options[1].pk])
    with pytest.raises(ValidationError, match="Choose up to 2 proposals. You chose 3"):
        ballot_change(actor=resident, process=process, choices=[o.pk for o in options])


def test_votes_only_from_inside_the_area_in_the_vote_phase(voting, service, town):
    skate = voting.options[0]
    with pytest.raises(ValidationError, match="outside it"):
        ballot_cast(actor=town.outsider(), process=voting, choices=[skate.pk])
    with pytest.raises(PermissionDenied):
        ballot_cast(actor=town.resident(verified=False), process=voting, choices=[skate.pk])
    before = budget_process(service, open_kind="proposals")
    with pytest.raises(ValidationError, match="Votes can only be cast or changed while the vote is open. Opens on"):
        ballot_cast(actor=town.resident(), process=before, choices=[proposal(before).pk])
    after = budget_process(service, open_kind=None, ended="vote")
    with pytest.raises(ValidationError, match="while the vote is open. Ended on"):
        ballot_cast(actor=town.resident(), process=after, choices=[proposal(after).pk])
    assert not Ballot.objects.exists()


def test_proposals_hidden_or_ruled_out_are_off_the_ballot(voting, resident, officer):
    skate, library, shelter, benches = voting.options
    contribution_hide(actor=officer, contribution=skate, reason="Duplicate of another proposal")
    response_publish(actor=officer, contribution=library, status="not_taken_forward", body="Not council land")
    for chosen in (skate, library):
        with pytest.raises(ValidationError, match="not on it"):
            ballot_cast(actor=resident, process=voting, choices=[chosen.pk])


# The result ------------------------------------------------------------------------------------------------------

def closed_vote(service, town, budget="1000"):
    process = budget_process(service, open_kind=None, ended="vote", budget=budget)
    skate, library, shelter, benches = (proposal(process, cost=c, title=t) for c, t in (
        ("600", "Skate park"), ("500", "Library hours"), ("300", "Bus shelter"), ("100", "Benches")))
    for choices in ([skate, shelter], [skate, library], [skate, library, benches], [library, shelter], [shelter]):
        ballot_for(process, town.resident(), choices)
    return process, (skate, library, shelter, benches)


def test_the_result_is_computed_after_the_vote_by_the_documented_rule(service, town, officer):
    process, (skate, library, shelter, benches) = closed_vote(service, town)
    result = result_compute(actor=officer, process=process)
    rows = list(result.rows.order_by("rank"))
    assert [(r.proposal_id, r.votes, r.selected, r.running_total) for r in rows] == [
        (shelter.pk, 3, True, Decimal("300.00")), (library.pk, 3, True, Decimal("800.00")),
        (skate.pk, 3, False, Decimal("800.00")), (benches.pk, 1, True, Decimal("900.00"))]
    assert (result.ballots, result.total_selected) == (5, Decimal("900.00"))
    assert result.data_sha256 == hashlib.sha256(result.data.encode()).hexdigest()
    assert not result.is_published


def test_the_result_waits_for_the_vote_to_close_and_only_officers_compute_it(voting, officer, resident):
    with pytest.raises(ValidationError, match="The vote closes at the end of"):
        result_compute(actor=officer, process=voting)
    with pytest.raises(PermissionDenied):
        result_compute(actor=resident, process=voting)
    assert not BudgetResult.objects.exists()


def test_publishing_tells_followers_and_freezes_the_result(service, town, officer):
    process, options = closed_vote(service, town)
    follower = town.resident()
    follow_add(actor=follower, target=process)
    with pytest.raises(ValidationError, match="Compute the result before publishing it"):
        result_publish(actor=officer, process=process)
    result_compute(actor=officer, process=process)
    result_compute(actor=officer, process=process)  # again, before publishing: one result
    assert BudgetResult.objects.count() == 1
    result_publish(actor=officer, process=process)
    told = Delivery.objects.get(event="services.followed_moved", recipient=follower, channel="email")
    assert "the result of the vote is published" in told.subject
    assert "3 proposals were selected, costing £900.00 of the £1,000.00 budget" in told.body
    with pytest.raises(ValidationError, match="published, so it cannot be computed again"):
        result_compute(actor=officer, process=process)
    with pytest.raises(ValidationError, match="published already"):
        result_publish(actor=officer, process=process)


def test_a_ballot_changed_after_computing_must_be_counted_again_before_publishing(service, town, officer):
    process, (skate, *_rest) = closed_vote(service, town)
    result_compute(actor=officer, process=process)
    contribution_hide(actor=officer, contribution=skate, reason="Not on council land after all")
    with pytest.raises(ValidationError, match="Compute the result again"):
        result_publish(actor=officer, process=process)
    result_compute(actor=officer, process=process)
    assert result_publish(actor=officer, process=process).rows.count() == 3


def recount(download: dict) -> list[tuple]:
    """An independent recount from the published download, written from the page's description of the method."""
    data = download["data"]
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    assert hashlib.sha256(canonical.encode()).hexdigest() == download["data_sha256"]
    votes = {p["id"]: 0 for p in data["proposals"]}
    for ballot in data["ballots"]:
        for choice in set(ballot["choices"]):
            if choice in votes:
                votes[choice] += 1
    costs = {p["id"]: Decimal(p["cost"]) for p in data["proposals"]}
    submitted = {p["id"]: p["submitted_at"] for p in data["proposals"]}
    ranked = sorted(votes, key=lambda pk: (-votes[pk], costs[pk], submitted[pk], pk))
    left, rows = Decimal(data["budget"]), []
    for rank, pk in enumerate(ranked, start=1):
        chosen = votes[pk] > 0 and costs[pk] <= left
        left -= costs[pk] if chosen else 0
        rows.append((pk, votes[pk], rank, chosen, str(Decimal(data["budget"]) - left)))
    return rows


def test_anyone_recomputes_the_published_result_from_the_download(service, town, officer, client):
    process, options = closed_vote(service, town, budget="1000.00")
    result_compute(actor=officer, process=process)
    result_publish(actor=officer, process=process)
    response = client.get(reverse("services:codesign-results-json", args=[process.slug]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    download = json.loads(response.content)
    published = [(r["proposal"], r["votes"], r["rank"], r["selected"], r["running_total"])
                 for r in download["result"]]
    assert recount(download) == published
    # The ballots are there by random reference only: nothing names or numbers a voter.
    assert all(set(b) == {"ballot", "choices"} and len(b["ballot"]) == 16 for b in download["data"]["ballots"])
    csv_lines = client.get(reverse("services:codesign-results-csv", args=[process.slug])).content.decode().splitlines()
    assert csv_lines[0] == "ballot,proposal,cost,submitted_at"
    assert len(csv_lines) - 1 == sum(len(b["choices"]) for b in download["data"]["ballots"])


def test_the_published_data_stay_as_counted_when_a_voter_is_erased_or_a_proposal_hidden(service, town, officer):
    process, (skate, *_rest) = closed_vote(service, town)
    result = result_compute(actor=officer, process=process)
    result_publish(actor=officer, process=process)
    Ballot.objects.filter(process=process).update(voter=None)
    contribution_hide(actor=officer, contribution=skate, reason="Later found to be a duplicate")
    stored = BudgetResult.objects.get(pk=result.pk)
    assert hashlib.sha256(stored.data.encode()).hexdigest() == stored.data_sha256 == result.data_sha256
