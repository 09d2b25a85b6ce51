"""Writes for verifiable credentials: signing keys (made on first use, rotated), issuing and revoking."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record

from .. import signing
from ..models import Credential, CredentialStatus, IssuedCredential, Passport, SigningKey
from ..selectors.credentials import credential_is_valid
from ..selectors.issuing import document_build, timestamp, valid_until_of


def _key_create() -> SigningKey:
    new = signing.key_generate()
    key = SigningKey.objects.create(
        kid=new.kid, public_key=new.public_key, private_key_encrypted=new.private_key_encrypted
    )
    audit_record(actor=None, action="volunteers.signing_key_created", target=key)
    return key


@transaction.atomic
def signing_key_active() -> SigningKey:
    """The key that signs now, made the first time a credential is issued."""
    # Locking the unretired rows makes two first issues at once wait for each other instead of making two keys.
    key = SigningKey.objects.select_for_update().filter(retired_at__isnull=True).order_by("-created_at", "-id").first()
    return key or _key_create()


@transaction.atomic
def signing_key_rotate(*, actor=None) -> SigningKey:
    """Start a new key and retire the others; retired keys stay published so old credentials still verify."""
    now = timezone.now()
    retired = list(SigningKey.objects.select_for_update().filter(retired_at__isnull=True))
    for old in retired:
        old.retired_at = now
        old.save(update_fields=["retired_at"])
    key = _key_create()
    audit_record(actor=actor, action="volunteers.signing_key_rotated", target=key,
                 metadata={"retired": [old.kid for old in retired]})
    return key


def _check_choices(passport: Passport, credentials: list[Credential], *, today) -> None:
    if not credentials:
        raise ValidationError({"credentials": _("Select at least one verified credential to include")})
    errors = []
    for credential in credentials:
        name = str(credential)
        if credential.passport_id != passport.pk:
            errors.append(_("Select credentials from your own passport"))
        elif credential.status == CredentialStatus.EXPIRED or (
            credential.expires_on is not None and credential.expires_on < today
        ):
            errors.append(_("%(name)s expired on %(date)s, so it cannot be included. Add the renewed one and "
                            "ask for it to be verified") % {"name": name, "date": date_format(credential.expires_on, "j F Y")
                                                            if credential.expires_on else _("an earlier date")})
        elif credential.status != CredentialStatus.VERIFIED:
            errors.append(_("%(name)s is not verified, so it cannot be included. Ask a verifier to check it "
                            "first") % {"name": name})
        elif not credential_is_valid(credential, on=today):
            errors.append(_("%(name)s is not valid yet: its date of issue is in the future") % {"name": name})
    if errors:
        raise ValidationError({"credentials": errors})


@transaction.atomic
def issued_credential_issue(*, actor, passport: Passport, credentials: list[Credential]) -> IssuedCredential:
    """Sign the chosen verified, in-date credentials into one document the holder can take anywhere."""
    if actor.pk != passport.holder_id:
        raise ValidationError(_("Only the holder can issue a credential from a passport"))
    holder = passport.holder
    if not holder.full_name.strip():
        raise ValidationError({"credentials": _("Add your full name to your profile, so the credential can say "
                                                "whose it is")})
    # Lock the chosen rows so that a verifier cannot change one between our check and the signature.
    ids = [credential.pk for credential in credentials]
    credentials = list(
        Credential.objects.select_for_update(of=("self",)).select_related("verified_organisation")
        .filter(pk__in=ids).order_by("pk")
    )
    now = timezone.now()
    _check_choices(passport, credentials, today=timezone.localdate(now))
    key = signing_key_active()
    issued_id = uuid.uuid4()
    valid_until = valid_until_of(credentials)
    document = document_build(issued_id=issued_id, holder_name=holder.full_name.strip(), credentials=credentials,
                              issued_at=now, valid_until=valid_until)
    signed = signing.proof_add(document, private_key=signing.private_key_load(key.private_key_encrypted),
                               kid=key.kid, created=timestamp(now))
    issued = IssuedCredential.objects.create(id=issued_id, passport=passport, document=signed, key=key,
                                             issued_at=now, valid_until=valid_until)
    issued.credentials.set(credentials)
    audit_record(actor=actor, action="volunteers.credential_issued", target=issued,
                 metadata={"credentials": ids, "kid": key.kid})
    return issued


@transaction.atomic
def issued_credential_revoke(*, actor, issued: IssuedCredential, reason: str = "") -> IssuedCredential:
    """Withdraw an issued credential: its page and every check of it say REVOKED from now on."""
    issued = IssuedCredential.objects.select_for_update().get(pk=issued.pk)
    if issued.revoked_at is not None:
        raise ValidationError(_("You have already withdrawn this credential"))
    issued.revoked_at = timezone.now()
    issued.revocation_reason = reason.strip()[:200]
    issued.save(update_fields=["revoked_at", "revocation_reason"])
    audit_record(actor=actor, action="volunteers.credential_revoked", target=issued,
                 metadata={"reason": issued.revocation_reason})
    return issued
