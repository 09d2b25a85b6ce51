"""Reads for references: the holder's list, a referee's link, and the answers an organisation may see."""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.organisations.tokens import hash_token

from ..models import Passport, Reference, ReferenceStatus


def reference_state(reference: Reference, *, now=None) -> str:
    """The status as people should see it: a request past its expiry reads as expired even before any task runs."""
    now = now or timezone.now()
    if reference.status == ReferenceStatus.REQUESTED and reference.expires_at <= now:
        return ReferenceStatus.EXPIRED
    return reference.status


def reference_problem(reference: Reference | None, *, now=None) -> str | None:
    """Why a referee's link cannot be used, in words for the referee, or None if it can."""
    if reference is None:
        return _("This link is not valid. Check you copied the whole link from the email, or ask the volunteer to "
                 "send the request again")
    state = reference_state(reference, now=now)
    if state == ReferenceStatus.ANSWERED:
        return _("This reference has already been given, so the link cannot be used again. Thank you for your "
                 "answer")
    if state == ReferenceStatus.WITHDRAWN:
        return _("The volunteer has withdrawn this request, so you do not need to answer it")
    if state == ReferenceStatus.EXPIRED:
        return _("This link has expired. Ask the volunteer to send the request again")
    return None


def reference_by_token(token: str) -> Reference | None:
    if not token or len(token) > 200:
        return None
    return Reference.objects.select_related("passport__holder").filter(token_hash=hash_token(token)).first()


def references_of(passport: Passport | None) -> QuerySet:
    """Every reference request of a passport, newest first."""
    if passport is None:
        return Reference.objects.none()
    return Reference.objects.filter(passport=passport).order_by("-requested_at", "-id")


def answered_references_of(passport: Passport | None) -> QuerySet:
    """The answered references: what an organisation with the references section shared may read."""
    return references_of(passport).filter(status=ReferenceStatus.ANSWERED)


def answer_visible_to_holder(reference: Reference) -> bool:
    """A confidential answer is for organisations only: the holder learns it was given, never what it says."""
    return reference.status == ReferenceStatus.ANSWERED and not reference.confidential


class SharedPassport:
    """An organisation looking at a passport: the object the sharing permissions are asked about."""

    def __init__(self, *, organisation, passport: Passport):
        self.organisation = organisation
        self.passport = passport
