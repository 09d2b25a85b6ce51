"""Fixtures for organisations: the people the tests act as."""

import pytest

from tests.accounts.factories import StaffUserFactory, UserFactory

from .factories import LocalAuthorityFactory, MembershipFactory, VerifiedOrganisationFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The real hasher is slow by design; these tests create many people.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff(db):
    """Platform staff who have enrolled in MFA."""
    return StaffUserFactory(mfa=True)


@pytest.fixture
def organisation(db):
    return VerifiedOrganisationFactory()


@pytest.fixture
def admin(organisation):
    return MembershipFactory(organisation=organisation, roles=["admin"]).user


@pytest.fixture
def council(db):
    return LocalAuthorityFactory()
