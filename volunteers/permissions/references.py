"""Permissions for references: the holder manages their requests; organisations read answers only with consent."""

import rules

from covenant.organisations.models import Role
from covenant.organisations.predicates import is_resident, is_signed_in
from covenant.organisations.selectors import organisation_roles

from ..models import Section
from ..selectors.sharing import shared_sections

# Roles that deal with volunteers on an organisation's behalf and so may read what a volunteer shared with it.
VOLUNTEER_FACING_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.VERIFIER})


@rules.predicate
def is_holder(user, obj) -> bool:
    """The signed-in person owns the passport (or the reference, hours entry … of a passport)."""
    passport = getattr(obj, "passport", obj)
    return bool(passport is not None and getattr(passport, "holder_id", None) == user.pk)


@rules.predicate
def acts_for_organisation_with_references_shared(user, obj) -> bool:
    """`obj` has `organisation` and `passport`: a volunteer-facing member of that verified organisation, which
    the passport's holder has shared their references with."""
    organisation = getattr(obj, "organisation", None)
    passport = getattr(obj, "passport", None)
    if organisation is None or passport is None or not organisation.is_verified:
        return False
    if not VOLUNTEER_FACING_ROLES & organisation_roles(user=user, organisation=organisation):
        return False
    return Section.REFERENCES in shared_sections(organisation=organisation, passport=passport)


rules.add_perm("volunteers.request_reference", is_resident & is_holder)
rules.add_perm("volunteers.change_reference", is_signed_in & is_holder)
rules.add_perm("volunteers.view_shared_references", is_signed_in & acts_for_organisation_with_references_shared)
