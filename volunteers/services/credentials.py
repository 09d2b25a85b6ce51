"""Writes to credentials: the holder adds, changes and removes them; verifiers confirm or refuse them; the daily
run marks them expired and reminds holders before they expire."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record, diff
from covenant.notifications.services import notify
from covenant.organisations.models import Organisation

from ..models import Credential, CredentialStatus
from ..selectors import credentials as selectors
from ..validation import ALL_FIELDS, REJECT, VERIFY, clean_credential, clean_verification
from .passport import passport_get_or_create

REMINDER_DAYS = (60, 30, 7)
# Fields whose change makes a verified credential a new, unchecked claim.
VERIFICATION_FIELDS = ("verified_by", "verified_organisation", "verified_at", "evidence_seen", "evidence_seen_on",
                       "rejection_reason")


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def _masked(number: str) -> str:
    # The audit log is read by staff; a certificate number there would outlive the holder's own record of it.
    return f"********{number[-4:]}" if number else ""


def _snapshot(credential: Credential) -> dict:
    values = {field: getattr(credential, field) for field in ALL_FIELDS}
    values["certificate_number"] = _masked(values["certificate_number"])
    for field in ("issued_on", "expires_on"):
        values[field] = values[field].isoformat() if values[field] else None
    values["status"] = credential.status
    return values


def _require_holder(actor, credential: Credential) -> None:
    if credential.passport.holder_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the holder can change their credentials")
    if credential.status == CredentialStatus.REVOKED:
        raise ValidationError(_("This credential has been removed"), code="removed")


def _holder_url() -> str:
    return reverse("volunteers:credentials-list")


@transaction.atomic
def credential_create(*, actor, kind: str, details: dict, on: datetime.date | None = None) -> Credential:
    """Add a self-declared credential to the actor's passport (starting the passport if need be)."""
    values = clean_credential(kind, details, today=_today(on))
    passport = passport_get_or_create(holder=actor)
    credential = Credential.objects.create(passport=passport, kind=kind, **values)
    audit_record(actor=actor, action="volunteers.credential_create", target=credential,
                 changes=diff({}, _snapshot(credential)), metadata={"kind": kind})
    return credential


@transaction.atomic
def credential_update(*, actor, credential: Credential, details: dict, on: datetime.date | None = None) -> Credential:
    """Change a credential. Any change to a checked credential makes it self-declared again, to be re-checked."""
    credential = Credential.objects.select_for_update().select_related("passport").get(pk=credential.pk)
    _require_holder(actor, credential)
    values = clean_credential(credential.kind, details, today=_today(on))
    before = _snapshot(credential)
    changed = {field for field, value in values.items() if getattr(credential, field) != value}
    if not changed:
        return credential
    previous_status = credential.status
    for field, value in values.items():
        setattr(credential, field, value)
    if "expires_on" in changed:
        credential.reminders_sent = []
    credential.status = CredentialStatus.SELF_DECLARED
    for field in VERIFICATION_FIELDS:
        setattr(credential, field, None if field in ("verified_by", "verified_organisation", "verified_at",
                                                     "evidence_seen_on") else "")
    credential.save()
    audit_record(
        actor=actor, action="volunteers.credential_update", target=credential,
        changes=diff(before, _snapshot(credential)),
        metadata={"kind": credential.kind, "verification_reset": previous_status != CredentialStatus.SELF_DECLARED},
    )
    return credential


@transaction.atomic
def credential_remove(*, actor, credential: Credential) -> None:
    """Remove a credential. One already issued in a signed credential is kept as withdrawn, so that documents
    holding it show it withdrawn; any other is deleted."""
    credential = Credential.objects.select_for_update().select_related("passport").get(pk=credential.pk)
    _require_holder(actor, credential)
    before = _snapshot(credential)
    if credential.issued_in.exists():
        credential.status = CredentialStatus.REVOKED
        credential.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="volunteers.credential_withdraw", target=credential,
                     changes=diff(before, _snapshot(credential)), metadata={"kind": credential.kind})
        return
    audit_record(actor=actor, action="volunteers.credential_remove", target=credential, changes=before,
                 metadata={"kind": credential.kind})
    credential.delete()


def _check_verifier(actor, organisation: Organisation, credential: Credential, on: datetime.date) -> None:
    allowed = selectors.organisations_that_may_verify(actor, credential, on=on)
    if organisation.pk not in {allowed_org.pk for allowed_org in allowed}:
        raise PermissionDenied("Only a verifier of a verified organisation the holder shares this with may check it")


@transaction.atomic
def credential_check(
    *, actor, organisation: Organisation, credential: Credential, outcome: str, evidence_seen: str,
    evidence_seen_on, reason: str = "", on: datetime.date | None = None,
) -> Credential:
    """Record a verifier's check: `outcome` is "verified" or "rejected"."""
    if outcome == VERIFY:
        return credential_verify(actor=actor, organisation=organisation, credential=credential,
                                 evidence_seen=evidence_seen, evidence_seen_on=evidence_seen_on, on=on)
    return credential_reject(actor=actor, organisation=organisation, credential=credential,
                             evidence_seen=evidence_seen, evidence_seen_on=evidence_seen_on, reason=reason, on=on)


def _record_check(*, actor, organisation, credential, outcome, evidence_seen, evidence_seen_on, reason, on):
    on = _today(on)
    credential = Credential.objects.select_for_update().select_related("passport__holder").get(pk=credential.pk)
    _check_verifier(actor, organisation, credential, on)
    values = clean_verification(outcome=outcome, evidence_seen=evidence_seen, evidence_seen_on=evidence_seen_on,
                                reason=reason, issued_on=credential.issued_on, today=on)
    allowed = selectors.VERIFIABLE_STATUSES if outcome == VERIFY else selectors.REJECTABLE_STATUSES
    if selectors.is_expired(credential, on=on):
        raise ValidationError(
            _("This credential expired on %(date)s. The volunteer must renew it before it can be checked")
            % {"date": date_format(credential.expires_on, "j F Y") if credential.expires_on else ""},
            code="expired",
        )
    if credential.status not in allowed:
        raise ValidationError(
            _("This credential is already verified") if credential.status == CredentialStatus.VERIFIED
            else _("This credential cannot be checked because it is %(status)s")
            % {"status": credential.get_status_display().lower()},
            code="status",
        )
    before = _snapshot(credential)
    credential.status = CredentialStatus.VERIFIED if outcome == VERIFY else CredentialStatus.REJECTED
    credential.verified_by = actor
    credential.verified_organisation = organisation
    credential.verified_at = timezone.now()
    credential.evidence_seen = values["evidence_seen"]
    credential.evidence_seen_on = values["evidence_seen_on"]
    credential.rejection_reason = values["reason"]
    credential.save()
    audit_record(
        actor=actor, action=f"volunteers.credential_{'verify' if outcome == VERIFY else 'reject'}", target=credential,
        changes=diff(before, _snapshot(credential)),
        metadata={"organisation": organisation.pk, "evidence_seen_on": values["evidence_seen_on"].isoformat(),
                  "kind": credential.kind},
    )
    notify(
        event=f"volunteers.credential_{outcome}", recipient=credential.passport.holder,
        context={"credential": str(credential), "organisation": organisation.name, "reason": values["reason"]},
        key=f"credential-{credential.pk}-{outcome}-{credential.verified_at.isoformat()}", url=_holder_url(),
    )
    return credential


@transaction.atomic
def credential_verify(
    *, actor, organisation: Organisation, credential: Credential, evidence_seen: str, evidence_seen_on,
    on: datetime.date | None = None,
) -> Credential:
    """A verifier confirms a credential from what they saw; the holder is told."""
    return _record_check(actor=actor, organisation=organisation, credential=credential, outcome=VERIFY,
                         evidence_seen=evidence_seen, evidence_seen_on=evidence_seen_on, reason="", on=on)


@transaction.atomic
def credential_reject(
    *, actor, organisation: Organisation, credential: Credential, evidence_seen: str, evidence_seen_on,
    reason: str, on: datetime.date | None = None,
) -> Credential:
    """A verifier records that a credential could not be verified, and why; the holder is told."""
    return _record_check(actor=actor, organisation=organisation, credential=credential, outcome=REJECT,
                         evidence_seen=evidence_seen, evidence_seen_on=evidence_seen_on, reason=reason, on=on)


@transaction.atomic
def credential_expire(*, credential_id: int, on: datetime.date | None = None) -> bool:
    """Mark one credential expired if its expiry date has passed; returns whether it changed."""
    on = _today(on)
    credential = (
        selectors.credentials_to_expire(on=on).select_related("passport__holder").select_for_update(of=("self",))
        .filter(pk=credential_id).first()
    )
    if credential is None:
        return False
    before = _snapshot(credential)
    credential.status = CredentialStatus.EXPIRED
    credential.save(update_fields=["status", "updated_at"])
    audit_record(actor=None, action="volunteers.credential_expire", target=credential,
                 changes=diff(before, _snapshot(credential)), metadata={"on": on.isoformat()})
    notify(
        event="volunteers.credential_expired", recipient=credential.passport.holder,
        context={"credential": str(credential), "expires_on": credential.expires_on},
        key=f"credential-{credential.pk}-expired-{credential.expires_on.isoformat()}", url=_holder_url(),
    )
    return True


def reminder_due(credential: Credential, *, on: datetime.date) -> int | None:
    """The reminder (60, 30 or 7 days) owed for the credential on `on`, or None.

    Only the nearest threshold is sent: a credential added 20 days before it expires gets the 30-day reminder,
    not a late 60-day one as well.
    """
    if credential.expires_on is None or credential.expires_on < on:
        return None
    remaining = (credential.expires_on - on).days
    due = [days for days in REMINDER_DAYS if remaining <= days]
    if not due:
        return None
    nearest = min(due)
    return None if nearest in (credential.reminders_sent or []) else nearest


@transaction.atomic
def credential_remind(*, credential_id: int, on: datetime.date | None = None) -> int | None:
    """Send the reminder owed for one credential, at most once; returns the days it was for."""
    on = _today(on)
    credential = (
        selectors.credentials_expiring(on=on, within_days=max(REMINDER_DAYS))
        .select_for_update(of=("self",)).filter(pk=credential_id).first()
    )
    if credential is None:
        return None
    days = reminder_due(credential, on=on)
    if days is None:
        return None
    remaining = (credential.expires_on - on).days
    # Every threshold already passed counts as sent, so a later run never sends an older, staler reminder.
    passed = {d for d in REMINDER_DAYS if remaining <= d}
    credential.reminders_sent = sorted({*(credential.reminders_sent or []), *passed}, reverse=True)
    credential.save(update_fields=["reminders_sent", "updated_at"])
    notify(
        event="volunteers.credential_reminder", recipient=credential.passport.holder,
        context={"credential": str(credential), "expires_on": credential.expires_on, "days": remaining},
        key=f"credential-{credential.pk}-reminder-{days}-{credential.expires_on.isoformat()}", url=_holder_url(),
    )
    return days


def credentials_expire_and_remind(*, on: datetime.date | None = None) -> dict:
    """The daily run: mark expired credentials and send reminders. Each credential is its own transaction, so
    one failure does not undo the rest, and running twice changes nothing the second time."""
    on = _today(on)
    expired = sum(
        credential_expire(credential_id=pk, on=on)
        for pk in selectors.credentials_to_expire(on=on).values_list("pk", flat=True).iterator()
    )
    reminded = 0
    for pk in selectors.credentials_expiring(on=on, within_days=max(REMINDER_DAYS)).values_list("pk", flat=True):
        if credential_remind(credential_id=pk, on=on) is not None:
            reminded += 1
    return {"expired": expired, "reminded": reminded}
