"""What the parishes' services share: the rules' numbers, dates in months, permission checks, row locks, whether
a person lives in an area, and telling proposers."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.core.dates import add_months  # noqa: F401  (the parishes' services and tests take it from here)
from covenant.notifications.services import notify
from covenant.places.geocoding import GeocoderUnavailable, geocode
from covenant.places.postcodes import is_valid_postcode

from .. import geometry, selectors
from ..models import Proposal

MIN_FOUNDING_MEMBERS = 21
REVIEW_MONTHS = 12  # the council must complete its review within 12 months of a valid petition
RECENT_REVIEW_YEARS = 2  # and may decline a petition for an area it reviewed in the last 2 years
NAME_MAX = 150
PURPOSE_MAX = 5000
CONSTITUTION_MAX = 50000
JUSTIFICATION_MAX = 2000
REASON_MAX = 5000


def min_months() -> int:
    return int(getattr(settings, "PARISH_MIN_MONTHS", 6))


def max_months() -> int:
    return int(getattr(settings, "PARISH_MAX_MONTHS", 36))


def require(actor, perm: str, obj) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def locked(proposal: Proposal) -> Proposal:
    """The proposal read again under a row lock, so two people acting at once see each other's change."""
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


# What a resident is doing when their postcode is checked against an area, each with its own whole sentences
# (translators need them whole): no postcode, not a real one, not found, outside the area.
SIGNING = "sign"
JOINING = "join"
_RESIDENCE_MESSAGES = {
    SIGNING: (
        gettext_lazy("Add your postcode to your profile to sign this petition"),
        gettext_lazy("The postcode in your profile is not a real postcode. Correct it, like SW1A 1AA, to sign this "
                     "petition"),
        gettext_lazy("We cannot find the postcode in your profile. Check it and correct it to sign this petition"),
        gettext_lazy("Only residents of the area can sign. Your postcode %(postcode)s is outside the area of "
                     "%(name)s"),
    ),
    JOINING: (
        gettext_lazy("Add your postcode to your profile to join this parish"),
        gettext_lazy("The postcode in your profile is not a real postcode. Correct it, like SW1A 1AA, to join this "
                     "parish"),
        gettext_lazy("We cannot find the postcode in your profile. Check it and correct it to join this parish"),
        gettext_lazy("Only residents of the area can join. Your postcode %(postcode)s is outside the area of "
                     "%(name)s"),
    ),
}


def resident_postcode_inside(person, proposal: Proposal, *, doing: str) -> str:
    """The person's postcode when it is real, live and inside the proposal's area; otherwise a ValidationError
    on "postcode" saying what to do, in the words of what they are `doing` (SIGNING or JOINING)."""
    missing, malformed, unknown, outside = _RESIDENCE_MESSAGES[doing]
    postcode = (person.postcode or "").strip()
    if not postcode:
        raise ValidationError({"postcode": str(missing)})
    if not is_valid_postcode(postcode):
        raise ValidationError({"postcode": str(malformed)})
    try:
        location = geocode(postcode)
    except GeocoderUnavailable:
        raise ValidationError({"postcode": _("We cannot look up postcodes at the moment. Try again later")}) from None
    if location is None or not location.has_coordinates or location.terminated_on is not None:
        raise ValidationError({"postcode": str(unknown)})
    if not geometry.contains_point(selectors.proposal_area(proposal), location.latitude, location.longitude):
        raise ValidationError({"postcode": str(outside) % {"postcode": location.postcode, "name": proposal.name}})
    return location.postcode


def proposal_url(proposal: Proposal) -> str:
    # The public page arrives with the parishes' views; until then notifications carry no link.
    try:
        return reverse("parishes:proposal", kwargs={"slug": proposal.slug})
    except NoReverseMatch:
        return ""


def notify_proposers(proposal: Proposal, event: str, context: dict, *, key: str) -> None:
    context = {"proposal_name": proposal.name, **context}
    for proposer in proposal.proposers.select_related("user"):
        notify(event=event, recipient=proposer.user, context=context, key=f"{key}:{proposer.user_id}",
               url=proposal_url(proposal))
