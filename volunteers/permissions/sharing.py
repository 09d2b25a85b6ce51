"""Who may share a passport, change a share, and see what an organisation has been shown."""

import rules
from django.utils import timezone

from covenant.organisations import selectors as organisation_selectors
from covenant.organisations.models import Organisation, Role
from covenant.organisations.predicates import is_signed_in

from ..models import Share

# The roles that work with volunteers' records; finance, assessors and officers have no need to see them.
PASSPORT_READER_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.VERIFIER})


def _reads_passports_for(user, organisation) -> bool:
    if not isinstance(organisation, Organisation) or not organisation.is_verified:
        return False
    return bool(organisation_selectors.organisation_roles(user=user, organisation=organisation)
                & PASSPORT_READER_ROLES)


@rules.predicate
def reads_passports_for_organisation(user, organisation) -> bool:
    """Holds the admin, coordinator or verifier role in a verified organisation."""
    return _reads_passports_for(user, organisation)


@rules.predicate
def share_is_in_force(user, share) -> bool:
    return bool(isinstance(share, Share) and share.revoked_at is None
                and share.expires_on >= timezone.localdate())


@rules.predicate
def reads_passports_for_share_organisation(user, share) -> bool:
    return isinstance(share, Share) and _reads_passports_for(user, share.organisation)


@rules.predicate
def holds_shared_passport(user, share) -> bool:
    return bool(isinstance(share, Share) and is_signed_in(user) and share.passport.holder_id == user.pk)


rules.add_perm("volunteers.share_passport", is_signed_in)
rules.add_perm("volunteers.view_access_log", is_signed_in)
rules.add_perm("volunteers.change_share", holds_shared_passport & share_is_in_force)
rules.add_perm("volunteers.view_share", holds_shared_passport)
rules.add_perm("volunteers.view_shared_passports", reads_passports_for_organisation)
rules.add_perm("volunteers.view_shared_passport",
               share_is_in_force & reads_passports_for_share_organisation)
