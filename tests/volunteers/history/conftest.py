"""Fixtures for the history tests: a volunteer, their passport, and a verified organisation with its people."""

import pytest

from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory, VerifiedOrganisationFactory
from tests.volunteers.factories import PassportFactory


@pytest.fixture
def holder(db):
    return UserFactory(full_name="Amira Khan")


@pytest.fixture
def passport(holder):
    return PassportFactory(holder=holder)


@pytest.fixture
def organisation(db):
    return VerifiedOrganisationFactory(name="Riverside Food Bank")


@pytest.fixture
def coordinator(organisation):
    return MembershipFactory(organisation=organisation, roles=["coordinator"]).user


@pytest.fixture
def org_admin(organisation):
    return MembershipFactory(organisation=organisation, roles=["admin"]).user
