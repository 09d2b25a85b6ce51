"""Who may read the audit log: platform staff only (nobody may change it)."""

import rules


@rules.predicate
def is_platform_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


rules.add_perm("audit.view_audit_log", is_platform_staff)
