"""Fixtures for the credentials tests: a holder, a verifier in a verified organisation, and consent between them."""

import datetime

import pytest
from django.utils import timezone

from covenant.organisations.models import Role
from tests.accounts.factories import UserFactory
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    VerifiedOrganisationFactory,
)
from tests.volunteers.factories import CredentialFactory, PassportFactory, verifier_of
from volunteers.models import Section, Share


def share(passport, organisation, sections=(Section.DBS,), *, days=30, revoked=False) -> Share:
    return Share.objects.create(
        passport=passport, organisation=organisation, sections=list(sections),
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
        revoked_at=timezone.now() if revoked else None,
    )


@pytest.fixture
def holder(db):
    return UserFactory(full_name="Priya Shah")


@pytest.fixture
def passport(holder):
    return PassportFactory(holder=holder)


@pytest.fixture
def organisation(db):
    return VerifiedOrganisationFactory(name="Riverside Volunteer Centre")


@pytest.fixture
def verifier(organisation):
    return verifier_of(organisation)


@pytest.fixture
def dbs(passport):
    return CredentialFactory(passport=passport, dbs=True, certificate_number="001234567890")


@pytest.fixture
def shared_dbs(dbs, organisation):
    share(dbs.passport, organisation, [Section.DBS])
    return dbs


@pytest.fixture
def unverified_organisation_verifier(passport):
    organisation = OrganisationFactory()
    share(passport, organisation, [Section.DBS])
    return MembershipFactory(organisation=organisation, roles=[Role.VERIFIER]).user


def dbs_details(**overrides) -> dict:
    details = {
        "dbs_level": "enhanced_barred", "dbs_barred_lists": "adults", "dbs_workforce": "adult",
        "certificate_number": "001234567890", "issued_on": timezone.localdate() - datetime.timedelta(days=10),
        "update_service_subscribed": True, "update_service_id": "C123456789",
    }
    details.update(overrides)
    return details
