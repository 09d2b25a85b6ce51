"""Signatures racing on PostgreSQL: each person signs once, and the petition turns valid exactly once."""


import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from covenant.audit.models import AuditEntry
from parishes.models import FoundingMember, Power, ProposalStatus, Signature
from parishes.services import petition_sign, proposal_publish
from tests.concurrency import race as _race
from tests.conftest import need_service

from .factories import ProposalFactory, neighbourhood

SIGNERS = 10


def _open_petition(hood, electors: int):
    # Tests that commit empty the tables afterwards, the seeded powers with them, so make sure of one.
    power, _created = Power.objects.get_or_create(slug="green-spaces", defaults={"name": "Look after green spaces"})
    proposal = ProposalFactory(created_by=hood.resident(), powers=[power])
    for _ in range(20):
        FoundingMember.objects.create(proposal=proposal, user=hood.resident())
    hood.electors(electors)
    return proposal_publish(actor=proposal.created_by, proposal=proposal)


@pytest.mark.django_db(transaction=True)
def test_racing_signers_make_the_petition_valid_once():
    need_service("PostgreSQL", connection.vendor == "postgresql", "row locks need a real database server")
    hood = neighbourhood()
    petition = _open_petition(hood, electors=8)  # threshold 3
    people = [hood.resident() for _ in range(SIGNERS)]
    results = _race([lambda person=person: petition_sign(actor=person, proposal=petition) for person in people])
    signed = [r for r in results if isinstance(r, Signature)]
    # The third signature makes it valid; those who come later find signing closed.
    assert len(signed) == 3, results
    assert all(isinstance(r, Signature | PermissionDenied) for r in results), results
    petition.refresh_from_db()
    assert petition.status == ProposalStatus.VALID
    assert AuditEntry.objects.filter(action="parishes.petition_valid").count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_person_racing_to_sign_twice_signs_once():
    need_service("PostgreSQL", connection.vendor == "postgresql", "row locks need a real database server")
    hood = neighbourhood()
    petition = _open_petition(hood, electors=1000)
    person = hood.resident()
    results = _race([lambda: petition_sign(actor=person, proposal=petition)] * 4)
    assert sum(isinstance(r, Signature) for r in results) == 1
    assert all(isinstance(r, Signature | ValidationError) for r in results), results
    assert Signature.objects.active().filter(proposal=petition, signer=person).count() == 1
