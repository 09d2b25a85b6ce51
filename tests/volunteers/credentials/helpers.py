"""Helpers other test modules (the permission matrix) use to reach credentials."""

from tests.volunteers.factories import CredentialFactory, PassportFactory
from volunteers.models import Credential, Section

from .conftest import share


def credential_of(user) -> Credential:
    """A self-declared DBS check in the person's passport (made once, then reused)."""
    passport = PassportFactory(holder=user)
    return passport.credentials.filter(kind="dbs").first() or CredentialFactory(passport=passport, dbs=True)


def credential_shared_with(organisation) -> Credential:
    """A DBS check of someone else, whose DBS section is shared with the organisation."""
    credential = CredentialFactory(dbs=True)
    share(credential.passport, organisation, [Section.DBS])
    return credential
