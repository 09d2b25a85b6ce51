"""Fixtures for issued credentials: a holder with verified checks, and the issuing helper."""

import datetime

import pytest
from django.utils import timezone

from tests.organisations.factories import VerifiedOrganisationFactory
from tests.volunteers.factories import CredentialFactory, PassportFactory


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://covenant.example.org"
    return settings.SITE_URL


@pytest.fixture
def passport(db, site):
    return PassportFactory(holder__full_name="Amina Okafor")


@pytest.fixture
def verifying_org(db):
    return VerifiedOrganisationFactory(name="Hackney Volunteer Centre")


@pytest.fixture
def dbs(passport, verifying_org):
    return CredentialFactory(passport=passport, dbs=True, verified=True, verified_organisation=verifying_org,
                             certificate_number="001234567890", update_service_subscribed=True,
                             update_service_id="C0123456",
                             expires_on=timezone.localdate() + datetime.timedelta(days=400))


@pytest.fixture
def training(passport, verifying_org):
    return CredentialFactory(passport=passport, verified=True, verified_organisation=verifying_org,
                             expires_on=timezone.localdate() + datetime.timedelta(days=90))


@pytest.fixture
def issue(passport):
    from volunteers.services.issuing import issued_credential_issue

    def _issue(*credentials):
        return issued_credential_issue(actor=passport.holder, passport=passport, credentials=list(credentials))

    return _issue
