"""The public API of a parish: members counted (never named unless in office), officers, meetings, decisions
with vote counts, budget and spending; ended parishes stay readable, proposals that are not parishes are not."""

import json

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from parishes.models import Office, Outcome, ParishDecision, ProposalStatus, Spending, Vote

from .factories import ProposalFactory
from .factories_active import active_parish, add_member, add_officer, chair_of, meeting_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def parish(hood):
    return active_parish(hood, budget_cap="500")


def base(parish) -> str:
    return f"/api/v1/parishes/active/{parish.slug}/"


def test_a_parish_in_full_counts_members_and_names_only_officers(api, parish):
    member = add_member(parish, full_name="Priya Shah")
    clerk = add_officer(parish, Office.CLERK)
    Spending.objects.create(parish=parish, spent_on=timezone.localdate(), payee="Printers", purpose="Posters",
                            amount="40.00")
    response = api.get(base(parish))
    assert response.status_code == 200
    body = response.json()
    assert body["members_count"] == 3 and body["active"] is True and body["days_left"] > 300
    assert [(o["office"], o["name"], o["interim"]) for o in body["officers"]] == [
        ("chair", chair_of(parish).full_name, True), ("clerk", clerk.full_name, False)]
    assert body["budget"] == {"delegated": "500.00", "spent": "40.00", "remaining": "460.00", "cap": "500.00"}
    assert body["renewals"] == [] and body["evaluation"] is None
    text = json.dumps(body)
    assert member.full_name not in text and member.email not in text and chair_of(parish).email not in text


def test_an_ended_parish_stays_readable_but_is_not_listed_as_active(api, hood):
    ended = active_parish(hood, status=ProposalStatus.ENDED)
    body = api.get(base(ended)).json()
    assert body["active"] is False and body["days_left"] is None
    listed = [p["slug"] for p in api.get("/api/v1/parishes/active/").json()["results"]]
    assert ended.slug not in listed


def test_a_proposal_that_is_not_a_parish_is_404(api, hood):
    petition = ProposalFactory(created_by=hood.resident(), status=ProposalStatus.PUBLISHED)
    for path in ("", "meetings/", "decisions/", "spending/"):
        assert api.get(base(petition) + path).status_code == 404
    assert api.get("/api/v1/parishes/active/no-such-parish/").status_code == 404


def test_meetings_decisions_and_spending_are_listed(api, parish):
    member = add_member(parish, full_name="Priya Shah")
    past = meeting_of(parish, days=-1, minutes="We met.")
    meeting_of(parish, days=3, cancelled_at=timezone.now(), cancel_reason="Flooded")
    meeting_of(parish, days=5, agenda="1. The fair")
    decision = ParishDecision.objects.create(meeting=past, parish=parish, title="Buy bulbs", motion="That …",
                                             members_count=2, quorum=3, votes_for=2, outcome=Outcome.INQUORATE)
    Vote.objects.create(decision=decision, voter=member, choice="for")
    Spending.objects.create(parish=parish, spent_on=timezone.localdate(), payee="Garden Centre", purpose="Bulbs",
                            amount="12.50")

    meetings = api.get(base(parish) + "meetings/").json()
    assert meetings["count"] == 3
    assert [m["status"] for m in meetings["results"]] == ["scheduled", "cancelled", "held"]
    assert meetings["results"][1]["cancel_reason"] == "Flooded"
    assert meetings["results"][0]["url"].endswith(f"/parishes/{parish.slug}/meetings/{meetings['results'][0]['id']}/")

    decisions = api.get(base(parish) + "decisions/").json()["results"]
    assert decisions == [{
        "id": decision.pk, "meeting": past.pk, "title": "Buy bulbs", "motion": "That …",
        "recorded_at": decisions[0]["recorded_at"], "outcome": "inquorate",
        "outcome_reason": "Inquorate: 2 members voted, and the quorum was 3 of the 2 members",
        "votes_for": 2, "votes_against": 0, "abstentions": 0, "members_count": 2, "quorum": 3}]
    assert member.full_name not in json.dumps(decisions)

    spending = api.get(base(parish) + "spending/").json()["results"]
    assert [(s["payee"], s["amount"], s["decision"]) for s in spending] == [("Garden Centre", "12.50", None)]


def test_the_lists_cost_a_fixed_number_of_queries(api, parish, django_assert_max_num_queries):
    for days in range(1, 8):
        meeting_of(parish, days=days)
    with django_assert_max_num_queries(8):
        assert api.get(base(parish) + "meetings/").status_code == 200
