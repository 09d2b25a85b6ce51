"""An active parish's part of a person's data export and erasure: memberships, offices and votes."""

import pytest

from covenant.accounts.privacy import export_contributions
from covenant.accounts.services import user_delete_account
from parishes import selectors_active
from parishes.models import Office, OfficeHolder, Outcome, ParishDecision, ParishMember, Vote
from parishes.services.active import parish_join

from .factories_active import active_parish, add_officer, chair_of, meeting_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def treasurer(hood):
    parish = active_parish(hood)
    person = hood.resident()
    parish_join(actor=person, parish=parish)
    add_officer(parish, Office.TREASURER, person)
    decision = ParishDecision.objects.create(meeting=meeting_of(parish, days=-1), parish=parish, title="Buy bulbs",
                                             motion="That …", members_count=2, quorum=3, votes_for=1,
                                             outcome=Outcome.INQUORATE)
    Vote.objects.create(decision=decision, voter=person, choice="for")
    return person


def test_export_lists_memberships_offices_and_votes(treasurer):
    part = export_contributions(treasurer)["parishes"]
    assert [(m["how"], m["postcode"], m["left_at"]) for m in part["parish_memberships"]] == [
        ("resident", "SR2 8AA", None)]
    assert [o["office"] for o in part["parish_offices"]] == ["treasurer"]
    assert part["parish_votes"] == [{"parish": part["parish_memberships"][0]["parish"], "decision": "Buy bulbs",
                                     "vote": "for"}]


def test_erasure_leaves_the_parish_stands_down_and_keeps_the_vote_counted(treasurer):
    parish = ParishMember.objects.get(user=treasurer).parish
    user_delete_account(actor=treasurer, user=treasurer)
    assert not selectors_active.is_member(treasurer, parish)
    assert ParishMember.objects.get(user=treasurer).postcode == ""
    assert OfficeHolder.objects.get(user=treasurer).ended_at is not None
    assert Vote.objects.filter(voter=treasurer).count() == 1
    assert selectors_active.is_member(chair_of(parish), parish)
