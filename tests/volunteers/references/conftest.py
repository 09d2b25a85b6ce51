"""Fixtures for the references tests: a holder with a passport, and an organisation they may share with."""

import datetime

import pytest
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory, VerifiedOrganisationFactory
from tests.volunteers.factories import PassportFactory
from volunteers.models import Section, Share


@pytest.fixture
def holder(db):
    return UserFactory(full_name="Amira Khan")


@pytest.fixture
def passport(holder):
    return PassportFactory(holder=holder)


@pytest.fixture
def organisation(db):
    return VerifiedOrganisationFactory()


@pytest.fixture
def coordinator(organisation):
    return MembershipFactory(organisation=organisation, roles=["coordinator"]).user


def share(passport, organisation, sections=(Section.REFERENCES,), days=30):
    return Share.objects.create(passport=passport, organisation=organisation, sections=list(sections),
                                expires_on=timezone.localdate() + datetime.timedelta(days=days))
