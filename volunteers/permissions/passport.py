"""Permissions for the passport profile: only its holder sees or changes it."""

import rules

from covenant.organisations.predicates import is_signed_in
from volunteers.models import Passport


@rules.predicate
def is_passport_holder(user, obj) -> bool:
    """The passport (or the window, date away or skill in it) belongs to the person."""
    passport = obj if isinstance(obj, Passport) else getattr(obj, "passport", None)
    return bool(isinstance(passport, Passport) and user is not None and passport.holder_id == user.pk)


# Anyone signed in may start (and so fill in) a passport of their own.
rules.add_perm("volunteers.start_passport", is_signed_in)
rules.add_perm("volunteers.view_passport_profile", is_signed_in & is_passport_holder)
rules.add_perm("volunteers.change_passport_profile", is_signed_in & is_passport_holder)
