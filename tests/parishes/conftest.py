"""Fixtures for parishes: a neighbourhood with a council, and a draft ready to publish."""

import pytest

from parishes.models import FoundingMember

from .factories import ProposalFactory, neighbourhood, standard_power


@pytest.fixture
def hood(db):
    return neighbourhood()


@pytest.fixture
def ready_draft(hood):
    """A draft over the neighbourhood's square with 21 founding members living inside and one power."""
    proposal = ProposalFactory(created_by=hood.resident(), powers=[standard_power()])
    for _ in range(20):
        FoundingMember.objects.create(proposal=proposal, user=hood.resident())
    return proposal
