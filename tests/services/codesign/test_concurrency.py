"""Supports and ballots racing on PostgreSQL: one support and one ballot per resident, whatever arrives at once."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from services.codesign.models import Ballot, BallotChoice, Support
from services.codesign.services import ballot_cast, support_add
from tests.concurrency import race
from tests.conftest import need_service
from tests.services.factories import ServiceFactory, council

from .factories import budget_process, proposal

PEOPLE = 8


@pytest.fixture
def town_service(transactional_db):
    # A transactional test commits, so it builds its own council rather than sharing the rolled-back fixtures.
    town = council()
    return town, ServiceFactory(owner=town.organisation, local_authority=town.local_authority)


@pytest.mark.django_db(transaction=True)
def test_one_resident_supporting_at_once_from_four_tabs_supports_once(town_service):
    need_service("PostgreSQL", connection.vendor == "postgresql", "the race needs a real database server")
    town, service = town_service
    made = proposal(budget_process(service, open_kind="proposals"))
    person = town.resident()
    results = race([lambda: support_add(actor=person, proposal=made)] * 4)
    assert sum(isinstance(r, Support) for r in results) == 1, results
    assert all(isinstance(r, Support | ValidationError) for r in results), results
    assert Support.objects.filter(contribution=made, supporter=person).count() == 1


@pytest.mark.django_db(transaction=True)
def test_many_residents_supporting_at_once_are_each_counted(town_service):
    need_service("PostgreSQL", connection.vendor == "postgresql", "the race needs a real database server")
    town, service = town_service
    made = proposal(budget_process(service, open_kind="proposals"))
    people = [town.resident() for _ in range(PEOPLE)]
    results = race([lambda person=person: support_add(actor=person, proposal=made) for person in people])
    assert all(isinstance(r, Support) for r in results), results
    assert Support.objects.filter(contribution=made).count() == PEOPLE


@pytest.mark.django_db(transaction=True)
def test_one_resident_voting_at_once_from_four_tabs_casts_one_ballot(town_service):
    need_service("PostgreSQL", connection.vendor == "postgresql", "the race needs a real database server")
    town, service = town_service
    process = budget_process(service, open_kind="vote", budget="1000")
    first, second = proposal(process, cost="400"), proposal(process, cost="500")
    person = town.resident()
    results = race([lambda choice=choice: ballot_cast(actor=person, process=process, choices=[choice.pk])
                    for choice in (first, second, first, second)])
    assert sum(isinstance(r, Ballot) for r in results) == 1, results
    assert all(isinstance(r, Ballot | ValidationError) for r in results), results
    assert Ballot.objects.filter(process=process, voter=person).count() == 1
    assert BallotChoice.objects.count() == 1
