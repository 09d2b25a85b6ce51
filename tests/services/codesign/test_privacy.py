"""Co-design's part of a person's data export and erasure: what they wrote stays under no name; supports and
ballots still open to change are withdrawn; ballots in a closed vote still count but point at no one."""

import pytest

from covenant.accounts.privacy import export_contributions
from covenant.accounts.services import user_delete_account
from services.codesign.models import Ballot, Coauthorship, Contribution, Support
from services.codesign.selectors import public_name
from services.codesign.services import comment_post, support_add

from .factories import ballot_for, budget_process, proposal

pytestmark = pytest.mark.django_db


def test_export_lists_what_the_person_contributed(service, resident):
    proposing = budget_process(service, open_kind="proposals")
    mine = proposal(proposing, author=resident, title="Skate park", cost="500")
    support_add(actor=resident, proposal=mine)
    comment_post(actor=resident, contribution=mine, body="Please support it")
    closed = budget_process(service, open_kind=None, ended="vote")
    ballot_for(closed, resident, [proposal(closed, title="Benches")])
    part = export_contributions(resident)["codesign"]
    assert part["ideas_and_proposals"][0]["title"] == "Skate park"
    assert part["comments"][0]["body"] == "Please support it"
    assert part["supports"][0]["proposal"] == "Skate park"
    assert part["ballots"][0]["choices"] == ["Benches"]


def test_someone_who_took_no_part_has_no_codesign_export(town):
    assert "codesign" not in export_contributions(town.resident())


def test_erasure_withdraws_what_is_still_open_and_keeps_closed_ballots_anonymous(service, resident, town):
    proposing = budget_process(service, open_kind="proposals")
    theirs = proposal(proposing, author=resident, title="Skate park")
    support_add(actor=resident, proposal=theirs)
    Coauthorship.objects.create(contribution=proposal(proposing), user=resident, invited_by=town.resident())
    open_vote = budget_process(service, open_kind="vote")
    ballot_for(open_vote, resident, [proposal(open_vote)])
    closed = budget_process(service, open_kind=None, ended="vote")
    counted = ballot_for(closed, resident, [proposal(closed)])
    user_delete_account(actor=resident, user=resident)
    assert not Support.objects.exists() and not Coauthorship.objects.exists()
    assert list(Ballot.objects.all()) == [counted]
    counted.refresh_from_db()
    assert counted.voter is None and counted.choices.count() == 1
    # What they wrote stays, under no name.
    resident.refresh_from_db()
    assert Contribution.objects.get(pk=theirs.pk).title == "Skate park"
    assert public_name(resident) == "A resident"
