"""Reusable rules predicates about people's roles, for every app's permissions.py.

Object-level predicates take an Organisation, or any object with an `organisation` attribute (a fund, a need,
a parish proposal), so other apps can reuse them on their own objects.
"""

import rules

from . import selectors
from .models import Organisation, Role


def _organisation_of(obj) -> Organisation | None:
    if isinstance(obj, Organisation):
        return obj
    organisation = getattr(obj, "organisation", None)
    return organisation if isinstance(organisation, Organisation) else None


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@rules.predicate
def is_resident(user) -> bool:
    """Signed in with a verified email address."""
    return selectors.has_verified_email(user)


@rules.predicate
def is_platform_staff(user) -> bool:
    # Enrolment in MFA is enforced for staff when they sign in (accounts middleware), not here.
    return bool(is_signed_in(user) and user.is_staff)


@rules.predicate
def is_council_officer(user) -> bool:
    return selectors.is_council_officer(user)


@rules.predicate
def is_fund_administrator(user) -> bool:
    return selectors.is_fund_administrator(user)


@rules.predicate
def is_member(user, obj) -> bool:
    """Belongs to the organisation, whatever its verification state."""
    organisation = _organisation_of(obj)
    return organisation is not None and selectors.is_member(user=user, organisation=organisation)


@rules.predicate
def is_verified_organisation(user, obj) -> bool:
    organisation = _organisation_of(obj)
    return organisation is not None and organisation.is_verified


@rules.predicate
def is_verified_member(user, obj) -> bool:
    """Belongs to the organisation and the organisation is verified: only then can a member act for it."""
    organisation = _organisation_of(obj)
    return bool(organisation is not None and organisation.is_verified and is_member(user, organisation))


def has_org_role(role: str, *, verified_only: bool = True):
    """A predicate: holds `role` in the organisation. By default the organisation must be verified,
    because unverified organisations cannot act; pass verified_only=False for running the
    organisation's own affairs (its admins editing it before verification)."""
    if role not in Role.values:
        raise ValueError(f"Unknown organisation role {role!r}; use one of {', '.join(Role.values)}")

    name = f"has_org_role_{role}" + ("" if verified_only else "_any_state")

    @rules.predicate(name)
    def predicate(user, obj) -> bool:
        organisation = _organisation_of(obj)
        if organisation is None or (verified_only and not organisation.is_verified):
            return False
        return role in selectors.organisation_roles(user=user, organisation=organisation)

    return predicate


is_org_admin = has_org_role(Role.ADMIN, verified_only=False)
