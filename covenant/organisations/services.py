"""Every change to organisations, memberships and invitations; each one audited.

Verification is a small state machine, written once here:

    unverified --verify--> verified --suspend--> suspended --verify--> verified
    unverified --reject--> rejected --(an administrator updates the details)--> unverified

Changing the type or a registration number of a verified organisation sends it back to unverified, because
the checks were made against the old details.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record, diff
from covenant.notifications.services import mark_essential, notify

from . import identifiers, selectors
from .models import Invitation, Membership, MembershipRole, Organisation, Role, VerificationStatus
from .tokens import hash_token, make_token
from .validation import NUMBER_FIELDS, clean_postcode, clean_registration

INVITATION_LIFETIME = timedelta(days=14)
EDITABLE_FIELDS = ("type", "name", *NUMBER_FIELDS, "contact_email", "website", "postcode", "description")
REVERIFY_FIELDS = ("type", *NUMBER_FIELDS)
REASON_MAX_LENGTH = 2000

# The link in an invitation is the only way to accept it, so it goes out whatever the email preference.
mark_essential("organisations.invitation")


def _require(actor, perm: str, obj=None) -> None:
    # Views and the API check first and answer 404; this guards every other caller (tasks, the shell).
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _snapshot(organisation: Organisation) -> dict:
    return {field: getattr(organisation, field) for field in (*EDITABLE_FIELDS, "org_id", "verification_status")}


def _clean_roles(roles) -> list[str]:
    roles = list(dict.fromkeys(roles or []))
    if not roles:
        raise ValidationError({"roles": _("Select at least one role")})
    unknown = [role for role in roles if role not in Role.values]
    if unknown:
        raise ValidationError({"roles": _("Select roles from the list")})
    return sorted(roles, key=Role.values.index)


def _clean_text(value, *, field: str, required_message: str | None = None, max_length: int = 200) -> str:
    value = (value or "").strip()
    if required_message and not value:
        raise ValidationError({field: required_message})
    if len(value) > max_length:
        raise ValidationError({field: _("Must be %(count)s characters or fewer") % {"count": max_length}})
    return value


def _clean_details(data: dict, *, exclude_pk: int | None = None) -> dict:
    cleaned = {
        "type": data.get("type") or "",
        "name": _clean_text(data.get("name"), field="name", required_message=_("Enter the organisation’s name")),
        "contact_email": _clean_text(
            data.get("contact_email"), field="contact_email", max_length=254,
            required_message=_("Enter a contact email address, like name@example.org"),
        ).lower(),
        "website": _clean_text(data.get("website"), field="website", max_length=200),
        "description": _clean_text(data.get("description"), field="description", max_length=5000),
    }
    try:
        cleaned["postcode"] = clean_postcode(data.get("postcode"))
    except ValidationError as error:
        raise ValidationError({"postcode": error.messages[0]}) from None
    cleaned.update(
        clean_registration(
            type=cleaned["type"],
            exclude_pk=exclude_pk,
            **{field: data.get(field) or "" for field in NUMBER_FIELDS},
        )
    )
    return cleaned


def _set_org_id(organisation: Organisation) -> None:
    organisation.org_id = identifiers.derive_org_id(
        pk=organisation.pk,
        charity_number=organisation.charity_number,
        company_number=organisation.company_number,
        ons_code=organisation.ons_code,
        register_code=organisation.register_code,
    )
    if Organisation.objects.exclude(pk=organisation.pk).filter(org_id=organisation.org_id).exists():
        raise ValidationError(
            {"__all__": _("An organisation with the identifier %(org_id)s is already registered. Ask one of its "
                          "administrators to invite you") % {"org_id": organisation.org_id}}
        )


@transaction.atomic
def organisation_create(*, actor, **details) -> Organisation:
    """Register an organisation; the person who registers it becomes its first administrator."""
    _require(actor, "organisations.add_organisation")
    unknown = set(details) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"organisation_create() got unexpected fields: {', '.join(sorted(unknown))}")
    cleaned = _clean_details(details)
    organisation = Organisation.objects.create(created_by=actor, **cleaned)
    _set_org_id(organisation)
    organisation.save(update_fields=["org_id"])
    membership = Membership.objects.create(user=actor, organisation=organisation)
    MembershipRole.objects.create(membership=membership, role=Role.ADMIN)
    audit_record(
        actor=actor,
        action="organisations.organisation_created",
        target=organisation,
        changes={field: [None, value] for field, value in _snapshot(organisation).items() if value},
    )
    return organisation


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, **changes) -> Organisation:
    """Change an organisation's details. New registration details send it back for checks."""
    _require(actor, "organisations.change_organisation", organisation)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"organisation_update() got unexpected fields: {', '.join(sorted(unknown))}")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = _snapshot(organisation)
    merged = {field: getattr(organisation, field) for field in EDITABLE_FIELDS} | changes
    cleaned = _clean_details(merged, exclude_pk=organisation.pk)
    for field, value in cleaned.items():
        setattr(organisation, field, value)
    _set_org_id(organisation)
    registration_changed = any(before[field] != getattr(organisation, field) for field in REVERIFY_FIELDS)
    status = organisation.verification_status
    if status == VerificationStatus.REJECTED or (status == VerificationStatus.VERIFIED and registration_changed):
        organisation.verification_status = VerificationStatus.UNVERIFIED
        organisation.verification_changed_at = timezone.now()
        organisation.verification_changed_by = actor
        organisation.verification_reason = (
            _("Registration details changed") if status == VerificationStatus.VERIFIED else _("Details updated")
        )
    changed = diff(before, _snapshot(organisation))
    if not changed:
        return organisation
    organisation.save()
    audit_record(actor=actor, action="organisations.organisation_updated", target=organisation, changes=changed)
    return organisation


def _notify_admins(organisation: Organisation, event: str) -> None:
    url = reverse("organisations:detail", kwargs={"pk": organisation.pk})
    key = f"{organisation.pk}:{organisation.verification_changed_at.isoformat()}"
    for admin in selectors.admins_of(organisation):
        notify(
            event=event,
            recipient=admin,
            context={
                "organisation_name": organisation.name,
                "reason": organisation.verification_reason,
                "organisation_url": f"{settings.SITE_URL}{url}",
            },
            key=key,
            url=url,
        )


def _transition(*, actor, organisation: Organisation, to: str, allowed_from: set[str], reason: str,
                event: str) -> Organisation:
    _require(actor, "organisations.verify_organisation", organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    current = organisation.verification_status
    if current not in allowed_from:
        raise ValidationError(
            _("This organisation is %(status)s, so it cannot be %(action)s")
            % {"status": VerificationStatus(current).label.lower(), "action": VerificationStatus(to).label.lower()},
            code="transition",
        )
    organisation.verification_status = to
    organisation.verification_changed_at = timezone.now()
    organisation.verification_changed_by = actor
    organisation.verification_reason = reason
    organisation.save(
        update_fields=["verification_status", "verification_changed_at", "verification_changed_by",
                       "verification_reason", "updated_at"]
    )
    audit_record(
        actor=actor,
        action=f"organisations.{event}",
        target=organisation,
        changes={"verification_status": [current, to]},
        metadata={"reason": reason} if reason else {},
    )
    _notify_admins(organisation, f"organisations.{event}")
    return organisation


def _clean_reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": _("Reason must be %(count)s characters or fewer") % {"count": REASON_MAX_LENGTH}})
    return reason


@transaction.atomic
def organisation_verify(*, actor, organisation: Organisation) -> Organisation:
    """Platform staff confirm an organisation is who it says it is (or reinstate a suspended one)."""
    return _transition(
        actor=actor, organisation=organisation, to=VerificationStatus.VERIFIED,
        allowed_from={VerificationStatus.UNVERIFIED, VerificationStatus.SUSPENDED}, reason="", event="verified",
    )


@transaction.atomic
def organisation_reject(*, actor, organisation: Organisation, reason: str) -> Organisation:
    reason = _clean_reason(reason, _("Enter the reason for rejecting this organisation"))
    return _transition(
        actor=actor, organisation=organisation, to=VerificationStatus.REJECTED,
        allowed_from={VerificationStatus.UNVERIFIED}, reason=reason, event="rejected",
    )


@transaction.atomic
def organisation_suspend(*, actor, organisation: Organisation, reason: str) -> Organisation:
    reason = _clean_reason(reason, _("Enter the reason for suspending this organisation"))
    return _transition(
        actor=actor, organisation=organisation, to=VerificationStatus.SUSPENDED,
        allowed_from={VerificationStatus.VERIFIED}, reason=reason, event="suspended",
    )


def _send_invitation(invitation: Invitation, token: str) -> None:
    path = reverse("organisations:invitation_accept", kwargs={"token": token})
    notify(
        event="organisations.invitation",
        email=invitation.email,
        context={
            "organisation_name": invitation.organisation.name,
            "invited_by_name": invitation.invited_by.display_name,
            "roles": ", ".join(str(label) for label in invitation.role_labels()),
            "accept_url": f"{settings.SITE_URL}{path}",
            "expires_on": date_format(timezone.localtime(invitation.expires_at), "j F Y"),
        },
        # A new key for every token, so a resend is delivered but a retried task is not.
        key=f"invitation:{invitation.pk}:{invitation.token_hash[:16]}",
    )


def _issue_token(invitation: Invitation) -> str:
    token = make_token()
    invitation.token_hash = hash_token(token)
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + INVITATION_LIFETIME
    return token


@transaction.atomic
def invitation_create(*, actor, organisation: Organisation, email: str, roles) -> Invitation:
    """Invite someone by email to join with the given roles. The returned invitation carries `.token`."""
    _require(actor, "organisations.manage_members", organisation)
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("Enter an email address, like name@example.org")})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("Enter an email address in the correct format, like name@example.org")}
        ) from None
    roles = _clean_roles(roles)
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member. Change their roles instead")})
    if Invitation.objects.filter(organisation=organisation, email__iexact=email).pending().exists():
        raise ValidationError(
            {"email": _("An invitation to this email address is waiting to be accepted. Resend it instead")}
        )
    invitation = Invitation(organisation=organisation, email=email, roles=roles, invited_by=actor)
    token = _issue_token(invitation)
    invitation.save()
    audit_record(
        actor=actor, action="organisations.invitation_created", target=organisation,
        metadata={"invitation": invitation.pk, "email": email, "roles": roles},
    )
    _send_invitation(invitation, token)
    invitation.token = token
    return invitation


@transaction.atomic
def invitation_resend(*, actor, invitation: Invitation) -> Invitation:
    """Send a fresh link with a new 14-day expiry; the old link stops working."""
    _require(actor, "organisations.manage_members", invitation.organisation)
    invitation = Invitation.objects.select_for_update().select_related("organisation", "invited_by").get(
        pk=invitation.pk
    )
    if invitation.state in {"accepted", "revoked"}:
        raise ValidationError(_("This invitation has been %(state)s, so it cannot be resent. Send a new invitation")
                              % {"state": _("accepted") if invitation.state == "accepted" else _("withdrawn")},
                              code="invitation_closed")
    token = _issue_token(invitation)
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    audit_record(
        actor=actor, action="organisations.invitation_resent", target=invitation.organisation,
        metadata={"invitation": invitation.pk, "email": invitation.email},
    )
    _send_invitation(invitation, token)
    invitation.token = token
    return invitation


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    _require(actor, "organisations.manage_members", invitation.organisation)
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been accepted. Remove the member instead"),
                              code="invitation_closed")
    if invitation.revoked_at:
        raise ValidationError(_("This invitation has already been withdrawn"), code="invitation_closed")
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = actor
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        actor=actor, action="organisations.invitation_revoked", target=invitation.organisation,
        metadata={"invitation": invitation.pk, "email": invitation.email},
    )
    return invitation


def invitation_problem(*, invitation: Invitation | None, user) -> str | None:
    """Why this user cannot accept this invitation, in words to show them; None when they can."""
    if invitation is None:
        return _("This invitation link is not valid. Check you copied the whole link from the email")
    state = invitation.state
    if state == "accepted":
        return _("This invitation has already been used. Ask an administrator of %(name)s to invite you again "
                 "if you need to") % {"name": invitation.organisation.name}
    if state == "revoked":
        return _("This invitation has been withdrawn. Ask an administrator of %(name)s to invite you again") % {
            "name": invitation.organisation.name}
    if state == "expired":
        return _("This invitation has expired. Ask an administrator of %(name)s to send you a new one") % {
            "name": invitation.organisation.name}
    if not selectors.has_verified_email_address(user, invitation.email):
        return _("This invitation was sent to a different email address. Sign in with the address it was sent "
                 "to, or add and confirm that address in your account")
    return None


@transaction.atomic
def invitation_accept(*, actor, token: str) -> Membership:
    """Join the organisation with the invited roles (added to any the person already holds)."""
    invitation = selectors.invitation_by_token(token)
    if invitation is not None:
        # Lock so that two tabs cannot both use a single-use link.
        invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    problem = invitation_problem(invitation=invitation, user=actor)
    if problem:
        raise ValidationError(problem, code="invitation")
    membership, joined = Membership.objects.get_or_create(user=actor, organisation=invitation.organisation)
    held = set(membership.roles.values_list("role", flat=True))
    MembershipRole.objects.bulk_create(
        [MembershipRole(membership=membership, role=role) for role in invitation.roles if role not in held]
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=actor, action="organisations.invitation_accepted", target=invitation.organisation,
        metadata={"invitation": invitation.pk, "membership": membership.pk, "joined": joined,
                  "roles": invitation.roles},
    )
    return membership


def _lock_organisation(organisation_id: int) -> None:
    # Serialises changes to one organisation's admins, so two removals cannot leave it with none.
    Organisation.objects.select_for_update().filter(pk=organisation_id).first()


@transaction.atomic
def membership_set_roles(*, actor, membership: Membership, roles) -> Membership:
    _require(actor, "organisations.manage_members", membership.organisation)
    roles = _clean_roles(roles)
    _lock_organisation(membership.organisation_id)
    before = sorted(membership.roles.values_list("role", flat=True), key=Role.values.index)
    if Role.ADMIN in before and Role.ADMIN not in roles and selectors.admin_count(membership.organisation) <= 1:
        raise ValidationError(
            {"roles": _("An organisation must have at least one administrator. Make someone else an "
                        "administrator first")}
        )
    if before == roles:
        return membership
    membership.roles.exclude(role__in=roles).delete()
    MembershipRole.objects.bulk_create(
        [MembershipRole(membership=membership, role=role) for role in roles if role not in before]
    )
    audit_record(
        actor=actor, action="organisations.membership_roles_changed", target=membership.organisation,
        changes={"roles": [before, roles]}, metadata={"membership": membership.pk, "user": membership.user_id},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    """Remove a member (administrators may remove anyone; anyone may leave), never the last administrator."""
    if actor is None or actor.pk != membership.user_id:
        _require(actor, "organisations.manage_members", membership.organisation)
    _lock_organisation(membership.organisation_id)
    roles = sorted(membership.roles.values_list("role", flat=True), key=Role.values.index)
    if Role.ADMIN in roles and selectors.admin_count(membership.organisation) <= 1:
        raise ValidationError(
            _("You cannot remove the last administrator. Make someone else an administrator first"),
            code="last_admin",
        )
    audit_record(
        actor=actor, action="organisations.membership_removed", target=membership.organisation,
        metadata={"membership": membership.pk, "user": membership.user_id, "email": membership.user.email,
                  "roles": roles},
    )
    membership.delete()
