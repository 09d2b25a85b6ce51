"""Who may do what with pop-up parishes; the one place views and the API will ask."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from covenant.core.permissions import get_object_or_404_for
from parishes.models import Proposal, ProposalStatus
from tests.accounts.factories import StaffUserFactory, UserFactory
from tests.organisations.factories import MembershipFactory

from .factories import ProposalFactory, neighbourhood

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(hood):
    draft = ProposalFactory(created_by=hood.resident())
    co = UserFactory()
    from parishes.models import Proposer, ProposerRole

    Proposer.objects.create(proposal=draft, user=co, role=ProposerRole.CO_PROPOSER)
    return {
        "draft": draft, "lead": draft.created_by, "co": co, "stranger": UserFactory(),
        "unconfirmed": UserFactory(verified=False), "anonymous": AnonymousUser(), "staff": StaffUserFactory(),
        "officer": hood.officer,
    }


def test_a_draft_is_seen_by_its_proposers_and_staff_only(people):
    draft = people["draft"]
    for who in ("lead", "co", "staff"):
        assert people[who].has_perm("parishes.view_proposal", draft), who
        assert get_object_or_404_for(people[who], "parishes.view_proposal", Proposal, pk=draft.pk) == draft
    for who in ("stranger", "unconfirmed", "anonymous", "officer"):
        assert not people[who].has_perm("parishes.view_proposal", draft), who
        with pytest.raises(Http404):
            get_object_or_404_for(people[who], "parishes.view_proposal", Proposal, pk=draft.pk)


@pytest.mark.parametrize("status", sorted(set(ProposalStatus.values) - {ProposalStatus.DRAFT}))
def test_past_the_draft_anyone_sees_it(people, status):
    proposal = ProposalFactory(status=status, decline_reason="Reviewed" if status == "declined" else "")
    assert people["anonymous"].has_perm("parishes.view_proposal", proposal)


def test_changing_publishing_and_adding_co_proposers(people):
    draft = people["draft"]
    assert people["lead"].has_perm("parishes.change_proposal", draft)
    assert people["co"].has_perm("parishes.publish_proposal", draft)
    assert people["lead"].has_perm("parishes.add_coproposer", draft)
    assert not people["co"].has_perm("parishes.add_coproposer", draft)
    for who in ("stranger", "unconfirmed", "anonymous", "staff", "officer"):
        for perm in ("change_proposal", "publish_proposal", "add_coproposer"):
            assert not people[who].has_perm(f"parishes.{perm}", draft), (who, perm)
    published = ProposalFactory(status=ProposalStatus.PUBLISHED, created_by=people["lead"])
    assert not people["lead"].has_perm("parishes.change_proposal", published)


def test_an_unconfirmed_proposer_cannot_act(people):
    draft = ProposalFactory(created_by=UserFactory(verified=False))
    assert not draft.created_by.has_perm("parishes.change_proposal", draft)
    assert not draft.created_by.has_perm("parishes.add_proposal")


def test_signing_needs_an_open_petition_and_a_confirmed_resident(people):
    open_petition = ProposalFactory(status=ProposalStatus.PUBLISHED)
    assert people["stranger"].has_perm("parishes.sign_petition", open_petition)
    assert not people["unconfirmed"].has_perm("parishes.sign_petition", open_petition)
    assert not people["anonymous"].has_perm("parishes.sign_petition", open_petition)
    assert not people["stranger"].has_perm("parishes.sign_petition", people["draft"])
    assert not people["stranger"].has_perm("parishes.sign_petition", ProposalFactory(status=ProposalStatus.VALID))


def test_review_and_decline_only_by_officers_of_a_covering_council(hood, people):
    valid = ProposalFactory(status=ProposalStatus.VALID)
    valid.covering_authorities.add(hood.local_authority)
    elsewhere = neighbourhood(code="E06000047", name="County Durham", inside="DH1 1AA", outside="DH1 1AB")
    council_admin = MembershipFactory(organisation=hood.council, roles=["admin"]).user
    assert hood.officer.has_perm("parishes.review_proposal", valid)
    assert hood.officer.has_perm("parishes.decline_petition", valid)
    for user in (elsewhere.officer, council_admin, people["staff"], people["lead"], people["anonymous"]):
        assert not user.has_perm("parishes.review_proposal", valid)
        assert not user.has_perm("parishes.decline_petition", valid)
    consulting = ProposalFactory(status=ProposalStatus.CONSULTATION)
    consulting.covering_authorities.add(hood.local_authority)
    assert hood.officer.has_perm("parishes.review_proposal", consulting)
    assert not hood.officer.has_perm("parishes.decline_petition", consulting)


def test_powers_electorates_and_the_queue_belong_to_officers(hood, people):
    elsewhere = neighbourhood(code="E06000047", name="County Durham", inside="DH1 1AA", outside="DH1 1AB")
    for perm in ("parishes.add_power", "parishes.record_electorate"):
        assert hood.officer.has_perm(perm, hood.local_authority)
        assert not elsewhere.officer.has_perm(perm, hood.local_authority)
        assert not people["staff"].has_perm(perm, hood.local_authority)
        assert not people["anonymous"].has_perm(perm, hood.local_authority)
    assert hood.officer.has_perm("parishes.view_council_queue")
    for who in ("stranger", "staff", "anonymous", "lead"):
        assert not people[who].has_perm("parishes.view_council_queue")
