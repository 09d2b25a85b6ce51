"""Permissions for volunteering history: the holder logs hours; the organisation's coordinators confirm them."""

import rules

from covenant.organisations.models import Organisation, Role
from covenant.organisations.predicates import is_resident, is_signed_in
from covenant.organisations.selectors import organisation_roles

from .references import is_holder

# Confirming hours is running volunteers: the coordinators do it, and administrators can stand in.
CONFIRMING_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})


@rules.predicate
def confirms_hours_for_organisation(user, obj) -> bool:
    """Coordinator or administrator of the verified organisation (obj, or obj.organisation)."""
    organisation = obj if isinstance(obj, Organisation) else getattr(obj, "organisation", None)
    if organisation is None or not organisation.is_verified:
        return False
    return bool(CONFIRMING_ROLES & organisation_roles(user=user, organisation=organisation))


@rules.predicate
def is_not_own_entry(user, obj) -> bool:
    # Nobody confirms their own hours, even as their organisation's coordinator.
    return not is_holder(user, obj)


rules.add_perm("volunteers.log_hours", is_resident & is_holder)
rules.add_perm("volunteers.view_hours_queue", is_signed_in & confirms_hours_for_organisation)
rules.add_perm("volunteers.confirm_hours", is_signed_in & is_not_own_entry & confirms_hours_for_organisation)
