"""Reads about people: whether they must and do use MFA, API tokens, and their own data for export."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from covenant.audit.models import AuditEntry

User = get_user_model()

PROFILE_FIELDS = (
    "full_name",
    "preferred_name",
    "postcode",
    "date_of_birth",
    "phone",
    "contact_by_email",
    "contact_by_sms",
    "contact_in_app",
    "language",
)


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def user_requires_mfa(user) -> bool:
    """Official roles (platform staff, council officers, fund administrators) must use MFA."""
    if not _signed_in(user):
        return False
    # Imported here: organisations depends on accounts' user model, so keep the import one-way at load time.
    from covenant.organisations.selectors import user_has_official_role

    return user_has_official_role(user)


def user_has_mfa(user) -> bool:
    """The person has enrolled an authenticator (recovery codes alone do not count)."""
    if not _signed_in(user):
        return False
    return (
        Authenticator.objects.filter(user=user)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )


def user_profile(user) -> dict[str, Any]:
    """The profile fields of a person, as plain values (used for audit diffs and the API)."""
    return {field: getattr(user, field) for field in PROFILE_FIELDS}


def user_api_token(user) -> Token | None:
    return Token.objects.filter(user=user).first()


def user_data_export(user) -> dict[str, Any]:
    """Everything Covenant holds directly about a person, for a UK GDPR subject access request."""
    profile = user_profile(user)
    profile["date_of_birth"] = profile["date_of_birth"].isoformat() if profile["date_of_birth"] else None
    emails = [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]
    authenticators = [
        {"type": authenticator.type, "created_at": authenticator.created_at.isoformat(),
         "last_used_at": authenticator.last_used_at.isoformat() if authenticator.last_used_at else None}
        for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
    ]
    token = user_api_token(user)
    activity = [
        {
            "at": entry.created_at.isoformat(),
            "action": entry.action,
            "target": entry.target_label,
            "changes": entry.changes,
        }
        for entry in AuditEntry.objects.filter(actor=user).order_by("created_at", "id")
    ]
    return {
        "account": {
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "platform_staff": user.is_staff,
        },
        "profile": profile,
        "email_addresses": emails,
        "security": {
            "authenticators": authenticators,
            "api_token_created_at": token.created.isoformat() if token else None,
        },
        "activity": activity,
    }
