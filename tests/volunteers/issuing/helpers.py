"""Helpers other tests use to get an issued credential without setting up the whole issuing journey."""

from tests.volunteers.factories import CredentialFactory, PassportFactory, verifier_of
from volunteers.models import IssuedCredential


def issued_credential_of(user) -> IssuedCredential:
    """The person's issued credential (one verified training record), made the first time it is asked for."""
    existing = IssuedCredential.objects.filter(passport__holder=user).first()
    if existing is not None:
        return existing
    from volunteers.services.issuing import issued_credential_issue

    if not user.full_name:
        user.full_name = "Sam Jones"
        user.save(update_fields=["full_name"])
    passport = PassportFactory(holder=user)
    verifier = verifier_of()
    organisation = verifier.memberships.get().organisation
    credential = CredentialFactory(passport=passport, verified=True, verified_by=verifier,
                                   verified_organisation=organisation)
    return issued_credential_issue(actor=user, passport=passport, credentials=[credential])
