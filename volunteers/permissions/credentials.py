"""Permissions for the credentials part of the Volunteer Passport: holders manage their own, verifiers check
what is shared with their verified organisation."""

import rules

from covenant.organisations.models import Organisation, Role
from covenant.organisations.predicates import has_org_role, is_signed_in

from ..models import Credential, CredentialStatus
from ..selectors.credentials import organisations_that_may_verify


@rules.predicate
def holds_credential(user, credential) -> bool:
    return bool(
        isinstance(credential, Credential)
        and is_signed_in(user)
        and credential.passport.holder_id == user.pk
        and credential.status != CredentialStatus.REVOKED
    )


@rules.predicate
def may_verify_credential(user, credential) -> bool:
    """A verifier in a verified organisation that the holder shares this credential's section with, today."""
    return bool(isinstance(credential, Credential) and is_signed_in(user)
                and organisations_that_may_verify(user, credential))


is_verifier = has_org_role(Role.VERIFIER)


@rules.predicate
def verifies_for(user, organisation) -> bool:
    return isinstance(organisation, Organisation) and is_verifier(user, organisation)


rules.add_perm("volunteers.add_credential", is_signed_in)
rules.add_perm("volunteers.view_credential", holds_credential)
rules.add_perm("volunteers.change_credential", holds_credential)
rules.add_perm("volunteers.delete_credential", holds_credential)
rules.add_perm("volunteers.verify_credential", may_verify_credential)
# Opening an organisation's list of credentials to check.
rules.add_perm("volunteers.verify_credentials_for", is_signed_in & verifies_for)
