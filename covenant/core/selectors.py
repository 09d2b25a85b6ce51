"""Reads the core pages need about the signed-in person."""

from allauth.mfa.utils import is_mfa_enabled

from covenant.organisations.selectors import has_verified_email, user_has_official_role


def needs_mfa(user) -> bool:
    """An official role is held but multi-factor authentication is not set up yet."""
    return user_has_official_role(user) and not is_mfa_enabled(user)


def needs_email_confirmation(user) -> bool:
    return bool(user.is_authenticated) and not has_verified_email(user)
