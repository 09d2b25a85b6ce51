"""Reads for matching's offers: a volunteer's offers, one offer for its holder, and why it was made, in words."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from covenant.places.distance import KM_PER_MILE

from ..models import Cause, Offer, OfferStatus, Passport, Skill


def offers_of(passport: Passport | None) -> QuerySet:
    """The passport's offers, open ones first, then the rest, newest first."""
    if passport is None:
        return Offer.objects.none()
    return (Offer.objects.filter(passport=passport).select_related("shift__need__organisation")
            .order_by("-offered_at", "-id"))


def open_offers_of(passport: Passport | None) -> QuerySet:
    return offers_of(passport).filter(status=OfferStatus.OFFERED)


def offer_of_holder(user, pk) -> Offer | None:
    """The offer, if `user` is the volunteer it was made to; None for anyone else, as for a missing one."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if not user.is_authenticated:
        return None
    return (Offer.objects.filter(pk=pk, passport__holder=user)
            .select_related("shift__need__organisation", "shift__need__cause", "passport__holder").first())


def offer_reasons(offer: Offer) -> list[str]:
    """Why matching thought of this volunteer, as sentences: distance, checks, skills, cause and fairness."""
    reasons = offer.reasons or {}
    sentences = []
    if reasons.get("invited"):
        sentences.append(_("%(organisation)s invited you") % {"organisation": offer.shift.need.organisation.name})
    if offer.distance_km is not None:
        miles = offer.distance_km / KM_PER_MILE
        sentences.append(_("%(miles).1f miles from you") % {"miles": miles})
    elif offer.shift.need.location_kind == "remote":
        sentences.append(_("You can do it from home"))
    checks = reasons.get("checks") or 0
    if checks:
        sentences.append(ngettext("You have the check it asks for, valid on the day",
                                  "You have the %(count)d checks it asks for, valid on the day", checks)
                         % {"count": checks})
    skills = list(Skill.objects.filter(slug__in=reasons.get("skills") or []).order_by("name")
                  .values_list("name", flat=True))
    if skills:
        sentences.append(_("It needs skills you have: %(skills)s") % {"skills": ", ".join(skills)})
    cause = Cause.objects.filter(slug=reasons.get("cause")).values_list("name", flat=True).first() \
        if reasons.get("cause") else None
    if cause:
        sentences.append(_("It is for a cause you care about: %(cause)s") % {"cause": cause})
    recent = reasons.get("offers_30_days")
    if recent == 0:
        sentences.append(_("You have had no other offers this month, so you were first in line"))
    elif recent:
        sentences.append(ngettext("You have had %(count)d other offer this month",
                                  "You have had %(count)d other offers this month", recent) % {"count": recent})
    return sentences
