"""Writes to a person's account: profile changes, data export, erasure and personal API tokens."""

import datetime
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from covenant.audit.services import audit_record, diff

from .models import Language
from .privacy import erase_contributions, export_contributions
from .selectors import PROFILE_FIELDS, user_data_export, user_profile
from .validation import check_contact_by_sms, check_date_of_birth, clean_phone, clean_postcode

User = get_user_model()


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()


def _require(actor, perm: str, user) -> None:
    if actor is None or not actor.has_perm(perm, user):
        raise PermissionDenied


@transaction.atomic
def user_update_profile(
    *,
    actor,
    user,
    full_name: str = UNCHANGED,
    preferred_name: str = UNCHANGED,
    postcode: str = UNCHANGED,
    date_of_birth: datetime.date | None = UNCHANGED,
    phone: str = UNCHANGED,
    contact_by_email: bool = UNCHANGED,
    contact_by_sms: bool = UNCHANGED,
    contact_in_app: bool = UNCHANGED,
    language: str = UNCHANGED,
) -> Any:
    """Change the given profile fields (others are left alone) and record what changed.

    The invariants the database cannot hold are checked again here, so that no caller can store a
    malformed postcode or phone number, or ask for text messages without a phone number.
    """
    _require(actor, "accounts.change_profile", user)
    values = {
        "full_name": full_name,
        "preferred_name": preferred_name,
        "postcode": postcode,
        "date_of_birth": date_of_birth,
        "phone": phone,
        "contact_by_email": contact_by_email,
        "contact_by_sms": contact_by_sms,
        "contact_in_app": contact_in_app,
        "language": language,
    }
    values = {field: value for field, value in values.items() if value is not UNCHANGED}
    if "postcode" in values:
        values["postcode"] = clean_postcode(values["postcode"])
    if "phone" in values:
        values["phone"] = clean_phone(values["phone"])
    if "date_of_birth" in values:
        check_date_of_birth(values["date_of_birth"])
    if "language" in values and values["language"] not in Language.values:
        raise ValidationError({"language": "Select English or Cymraeg"}, code="invalid_choice")
    for text_field in ("full_name", "preferred_name"):
        if text_field in values:
            values[text_field] = " ".join(str(values[text_field]).split())

    user = User.objects.select_for_update().get(pk=user.pk)
    before = user_profile(user)
    after = {**before, **values}
    try:
        check_contact_by_sms(contact_by_sms=after["contact_by_sms"], phone=after["phone"])
    except ValidationError as error:
        raise ValidationError({"contact_by_sms": error.messages}) from None

    changes = diff(before, after)
    if not changes:
        return user
    for field in changes:
        setattr(user, field, after[field])
    user.save(update_fields=list(changes))
    audit_record(actor=actor, action="accounts.profile_updated", target=user, changes=changes)
    return user


@transaction.atomic
def user_export_data(*, actor, user) -> dict[str, Any]:
    """The person's own data (UK GDPR right of access); the export itself is recorded."""
    _require(actor, "accounts.export_data", user)
    audit_record(actor=actor, action="accounts.data_exported", target=user)
    return {"exported_at": timezone.now().isoformat(), **user_data_export(user), **export_contributions(user)}


def _anonymous_email(user) -> str:
    # .invalid can never be delivered to (RFC 2606); the id keeps the unique constraint happy.
    return f"deleted-{user.pk}@deleted.invalid"


@transaction.atomic
def user_delete_account(*, actor, user) -> Any:
    """Erase a person (UK GDPR right to erasure) while keeping the audit log's references intact.

    The row stays so that audit entries, decisions and ledgers that point at it remain valid;
    everything that identifies the person is cleared and the account can never sign in again.
    """
    _require(actor, "accounts.delete_account", user)
    user = User.objects.select_for_update().get(pk=user.pk)
    # Domain apps first, while the account still says who the person was.
    erase_contributions(actor=actor, user=user)
    erased_fields = sorted(
        field for field in PROFILE_FIELDS if getattr(user, field) not in ("", None, False)
    )
    user.email = _anonymous_email(user)
    user.full_name = ""
    user.preferred_name = ""
    user.postcode = ""
    user.date_of_birth = None
    user.phone = ""
    user.contact_by_email = False
    user.contact_by_sms = False
    user.contact_in_app = False
    user.language = Language.ENGLISH
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    # Recorded after erasure so the entry's label is the anonymous one, not the person's name.
    # Every other session ends by itself: the password hash they were signed with has changed.
    audit_record(
        actor=actor if actor.pk != user.pk else user,
        action="accounts.account_deleted",
        target=user,
        metadata={"erased_fields": erased_fields},
    )
    return user


@transaction.atomic
def api_token_create(*, actor, user) -> Token:
    """Issue a new personal API token, replacing any earlier one."""
    _require(actor, "accounts.manage_api_token", user)
    replaced = Token.objects.filter(user=user).delete()[0] > 0
    token = Token.objects.create(user=user)
    audit_record(actor=actor, action="accounts.api_token_created", target=user, metadata={"replaced": replaced})
    return token


@transaction.atomic
def api_token_revoke(*, actor, user) -> bool:
    """Revoke the personal API token; answers whether there was one."""
    _require(actor, "accounts.manage_api_token", user)
    deleted = Token.objects.filter(user=user).delete()[0] > 0
    if deleted:
        audit_record(actor=actor, action="accounts.api_token_revoked", target=user)
    return deleted
