"""Parishes' part of a person's data export and erasure."""

import pytest

from covenant.accounts.privacy import export_contributions
from covenant.accounts.services import user_delete_account
from parishes.models import FoundingMember, ProposalStatus, Signature
from parishes.services import petition_sign, proposal_publish

from .factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_export_lists_proposals_founding_groups_and_signatures(hood, ready_draft):
    hood.electors(1000)
    proposal_publish(actor=ready_draft.created_by, proposal=ready_draft)
    signer = hood.resident()
    petition_sign(actor=signer, proposal=ready_draft)
    part = export_contributions(signer)["parishes"]
    assert part["signatures"][0]["proposal"] == ready_draft.name
    assert part["signatures"][0]["postcode"] == "SR2 8AA"
    lead = export_contributions(ready_draft.created_by)["parishes"]
    assert lead["proposals"] == [{"name": ready_draft.name, "status": "published", "role": "creator"}]


def test_nothing_to_export(hood):
    assert "parishes" not in export_contributions(hood.resident())


def test_erasure_withdraws_open_signatures_forgets_postcodes_and_leaves_drafts(hood, ready_draft):
    hood.electors(1000)
    proposal_publish(actor=ready_draft.created_by, proposal=ready_draft)
    person = hood.resident()
    petition_sign(actor=person, proposal=ready_draft)
    valid = ProposalFactory(status=ProposalStatus.VALID)
    kept = Signature.objects.create(proposal=valid, signer=person, postcode="SR2 8AA")
    draft = ProposalFactory()
    FoundingMember.objects.create(proposal=draft, user=person)
    user_delete_account(actor=person, user=person)
    assert not Signature.objects.active().filter(proposal=ready_draft).filter(signer=person).exists()
    kept.refresh_from_db()
    assert kept.withdrawn_at is None and kept.postcode == ""
    assert not FoundingMember.objects.filter(proposal=draft, user=person).exists()
