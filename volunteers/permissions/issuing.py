"""Permissions for issued credentials: only the passport's holder issues, downloads or withdraws them."""

import rules

from covenant.organisations.predicates import is_signed_in


@rules.predicate
def is_issued_credential_holder(user, issued) -> bool:
    passport = getattr(issued, "passport", None)
    return bool(passport is not None and user is not None and passport.holder_id == user.pk)


@rules.predicate
def is_holder_of_passport(user, passport) -> bool:
    return bool(passport is not None and user is not None and getattr(passport, "holder_id", None) == user.pk)


rules.add_perm("volunteers.issue_credential", is_signed_in & is_holder_of_passport)
rules.add_perm("volunteers.view_issued_credential", is_signed_in & is_issued_credential_holder)
rules.add_perm("volunteers.revoke_issued_credential", is_signed_in & is_issued_credential_holder)
