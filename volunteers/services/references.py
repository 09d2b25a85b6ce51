"""Writes for references: asking a referee, resending or withdrawing the request, and the referee's answer."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.notifications.services import mark_essential, notify
from covenant.organisations.tokens import hash_token, make_token

from ..models import Passport, Recommendation, Reference, ReferenceStatus
from ..selectors.references import reference_problem

REFERENCE_LIFETIME = timedelta(days=14)
# Enough for any volunteering role, few enough that the platform cannot be used to send bulk email.
MAX_OPEN_REQUESTS = 10

REQUEST_EVENT = "volunteers.reference_request"
ANSWERED_EVENT = "volunteers.reference_answered"
# The referee has no account and no preferences: the request is the only way they hear of it.
mark_essential(REQUEST_EVENT)


def _require(actor, perm: str, obj=None) -> None:
    # Views and the API check first and answer 404; this guards every other caller (tasks, the shell).
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _text(value, *, field: str, required_message: str, max_length: int, too_long_message: str) -> str:
    value = " ".join(str(value or "").split())
    if not value:
        raise ValidationError({field: required_message})
    if len(value) > max_length:
        raise ValidationError({field: too_long_message})
    return value


def _issue_token(reference: Reference) -> str:
    token = make_token()
    reference.token_hash = hash_token(token)
    reference.requested_at = timezone.now()
    reference.expires_at = reference.requested_at + REFERENCE_LIFETIME
    return token


def _send_request(reference: Reference, token: str) -> None:
    holder = reference.passport.holder
    path = reverse("volunteers:references-answer", kwargs={"token": token})
    notify(
        event=REQUEST_EVENT,
        email=reference.referee_email,
        context={
            "referee_name": reference.referee_name,
            "volunteer_name": holder.display_name,
            "relationship": reference.relationship,
            "answer_url": f"{settings.SITE_URL}{path}",
            "expires_on": date_format(timezone.localtime(reference.expires_at), "j F Y"),
        },
        # A new key for every token, so a resend is delivered but a retried task is not.
        key=f"reference:{reference.pk}:{reference.token_hash[:16]}",
    )


@transaction.atomic
def reference_request(
    *, actor, passport: Passport, referee_name: str, referee_email: str, relationship: str
) -> Reference:
    """Ask a referee for a reference; they are emailed a single-use link that expires after 14 days.

    The returned reference carries the plain `.token` (it is stored only as a hash)."""
    _require(actor, "volunteers.request_reference", passport)
    referee_name = _text(
        referee_name, field="referee_name", required_message=_("Enter the referee’s full name"),
        max_length=200, too_long_message=_("Referee’s name must be 200 characters or fewer"),
    )
    relationship = _text(
        relationship, field="relationship", required_message=_("Enter how the referee knows you, like "
                                                                "‘my manager at the food bank’"),
        max_length=200, too_long_message=_("How the referee knows you must be 200 characters or fewer"),
    )
    referee_email = (referee_email or "").strip().lower()
    if not referee_email:
        raise ValidationError({"referee_email": _("Enter the referee’s email address, like name@example.org")})
    try:
        validate_email(referee_email)
    except ValidationError:
        raise ValidationError(
            {"referee_email": _("Enter an email address in the correct format, like name@example.org")}
        ) from None
    if len(referee_email) > 254:
        raise ValidationError({"referee_email": _("Email address must be 254 characters or fewer")})
    holder = passport.holder
    if referee_email == (holder.email or "").lower():
        raise ValidationError({"referee_email": _("Enter someone else’s email address: you cannot be your own "
                                                  "referee")})
    # Lock the passport so two requests sent at once cannot both pass the checks below.
    Passport.objects.select_for_update().filter(pk=passport.pk).first()
    waiting = Reference.objects.filter(
        passport=passport, status=ReferenceStatus.REQUESTED, expires_at__gt=timezone.now()
    )
    if waiting.filter(referee_email__iexact=referee_email).exists():
        raise ValidationError({"referee_email": _("You have already asked this referee and they have not "
                                                  "answered yet. Resend the request instead")})
    if waiting.count() >= MAX_OPEN_REQUESTS:
        raise ValidationError(_("You have %(count)s requests waiting for an answer. Withdraw one before you ask "
                                "someone else") % {"count": MAX_OPEN_REQUESTS}, code="too_many")
    reference = Reference(
        passport=passport, referee_name=referee_name, referee_email=referee_email, relationship=relationship
    )
    token = _issue_token(reference)
    reference.save()
    audit_record(
        actor=actor, action="volunteers.reference_requested", target=reference,
        metadata={"passport": passport.pk, "referee_email": referee_email},
    )
    _send_request(reference, token)
    reference.token = token
    return reference


def _locked(reference: Reference) -> Reference:
    return Reference.objects.select_for_update(of=("self",)).select_related("passport__holder").get(pk=reference.pk)


@transaction.atomic
def reference_resend(*, actor, reference: Reference) -> Reference:
    """Send a fresh link with a new 14-day expiry; the old link stops working. Answered or withdrawn: refused."""
    _require(actor, "volunteers.change_reference", reference)
    reference = _locked(reference)
    if reference.status == ReferenceStatus.ANSWERED:
        raise ValidationError(_("The referee has already answered, so the request cannot be sent again"),
                              code="answered")
    if reference.status == ReferenceStatus.WITHDRAWN:
        raise ValidationError(_("You withdrew this request, so it cannot be sent again. Ask the referee again "
                                "instead"), code="withdrawn")
    token = _issue_token(reference)
    reference.status = ReferenceStatus.REQUESTED
    reference.save(update_fields=["token_hash", "requested_at", "expires_at", "status"])
    audit_record(
        actor=actor, action="volunteers.reference_resent", target=reference,
        metadata={"passport": reference.passport_id, "referee_email": reference.referee_email},
    )
    _send_request(reference, token)
    reference.token = token
    return reference


@transaction.atomic
def reference_withdraw(*, actor, reference: Reference) -> Reference:
    """Withdraw a request the referee has not answered; its link stops working at once."""
    _require(actor, "volunteers.change_reference", reference)
    reference = _locked(reference)
    if reference.status == ReferenceStatus.ANSWERED:
        raise ValidationError(_("The referee has already answered, so the request cannot be withdrawn"),
                              code="answered")
    if reference.status == ReferenceStatus.WITHDRAWN:
        raise ValidationError(_("You have already withdrawn this request"), code="withdrawn")
    previous = reference.status
    reference.status = ReferenceStatus.WITHDRAWN
    reference.save(update_fields=["status"])
    audit_record(
        actor=actor, action="volunteers.reference_withdrawn", target=reference,
        changes={"status": [previous, ReferenceStatus.WITHDRAWN]},
        metadata={"passport": reference.passport_id},
    )
    return reference


@transaction.atomic
def reference_answer(
    *, token: str, known_for: str, capacity: str, recommendation: str, comments: str, confidential: bool
) -> Reference:
    """Record the referee's answer through their link. The link works once: every later use is refused."""
    reference = None
    if token and len(token) <= 200:
        reference = (
            Reference.objects.select_for_update(of=("self",)).select_related("passport__holder")
            .filter(token_hash=hash_token(token)).first()
        )
    problem = reference_problem(reference)
    if problem:
        raise ValidationError(problem, code="unusable_link")
    known_for = _text(
        known_for, field="known_for", required_message=_("Enter how long you have known the volunteer, like "
                                                         "‘3 years’"),
        max_length=100, too_long_message=_("How long you have known them must be 100 characters or fewer"),
    )
    capacity = _text(
        capacity, field="capacity", required_message=_("Enter in what capacity you know the volunteer, like "
                                                       "‘I managed them at work’"),
        max_length=200, too_long_message=_("Capacity must be 200 characters or fewer"),
    )
    if recommendation not in Recommendation.values:
        raise ValidationError({"recommendation": _("Select whether you would recommend the volunteer")})
    comments = str(comments or "").strip()
    if len(comments) > 5000:
        raise ValidationError({"comments": _("Comments must be 5,000 characters or fewer")})
    if not isinstance(confidential, bool):
        raise ValidationError({"confidential": _("Select whether your answer is confidential")})
    reference.known_for = known_for
    reference.capacity = capacity
    reference.recommendation = recommendation
    reference.comments = comments
    reference.confidential = confidential
    reference.status = ReferenceStatus.ANSWERED
    reference.answered_at = timezone.now()
    reference.save(update_fields=[
        "known_for", "capacity", "recommendation", "comments", "confidential", "status", "answered_at",
    ])
    # The referee has no account; the audit names them by the address the request went to.
    audit_record(
        actor=None, action="volunteers.reference_answered", target=reference,
        metadata={"passport": reference.passport_id, "referee_email": reference.referee_email,
                  "confidential": confidential},
    )
    notify(
        event=ANSWERED_EVENT, recipient=reference.passport.holder,
        context={"referee_name": reference.referee_name, "confidential": confidential},
        url=reverse("volunteers:references-list"), key=f"reference-answered:{reference.pk}",
    )
    return reference
