"""Permissions for needs: an organisation's coordinators and administrators post and run its needs and shifts."""

import rules

from covenant.organisations.models import Organisation, Role
from covenant.organisations.predicates import is_signed_in
from covenant.organisations.selectors import organisation_roles

# Posting needs is running volunteers: coordinators do it, and administrators can stand in.
NEED_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})


@rules.predicate
def runs_needs_for_organisation(user, obj) -> bool:
    """Coordinator or administrator of the verified organisation (obj, or obj.organisation)."""
    organisation = obj if isinstance(obj, Organisation) else getattr(obj, "organisation", None)
    if organisation is None or not organisation.is_verified:
        return False
    return bool(NEED_ROLES & organisation_roles(user=user, organisation=organisation))


# On an Organisation: see its needs, post new ones, see its dashboard and export.
rules.add_perm("volunteers.manage_needs", is_signed_in & runs_needs_for_organisation)
# On a Need: edit it, its checks and shifts, and move it between states.
rules.add_perm("volunteers.change_need", is_signed_in & runs_needs_for_organisation)
