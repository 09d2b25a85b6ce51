"""Who may do what with organisations, as rules permissions named organisations.<verb>_<thing>."""

import rules

from .predicates import (
    is_member,
    is_org_admin,
    is_platform_staff,
    is_resident,
    is_verified_member,
    is_verified_organisation,
)

# Anyone may see a verified organisation; its members and platform staff see it in every other state.
rules.add_perm("organisations.view_organisation", is_verified_organisation | is_member | is_platform_staff)
rules.add_perm("organisations.add_organisation", is_resident)
rules.add_perm("organisations.change_organisation", is_org_admin)
rules.add_perm("organisations.manage_members", is_org_admin)
rules.add_perm("organisations.verify_organisation", is_platform_staff)
rules.add_perm("organisations.view_verification_queue", is_platform_staff)
rules.add_perm("organisations.act_for_organisation", is_verified_member)
