"""Finding published needs: text, place, skills, causes, dates and eligibility, sorted by distance, date or relevance.

Distance is a latitude/longitude box first (the geo index narrows it), then the exact great-circle distance
computed in SQL with the same haversine formula as covenant.places.distance, so that filtering and sorting by
distance happen in the database on PostgreSQL and SQLite alike. Text search is PostgreSQL full-text search
(served by a GIN expression index, see migration 0005) with a word-by-word `icontains` fallback elsewhere.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.places.distance import EARTH_RADIUS_KM, KM_PER_MILE, bounding_box
from covenant.places.geocoding import Location, locate

from ..models import (
    PLACE_TAKING_STATES,
    TAKING_SIGN_UPS,
    Cause,
    LocationKind,
    Need,
    NeedSkillPlace,
    NeedStatus,
    Passport,
    Shift,
    Skill,
)
from .eligibility import eligible_needs_q

SORTS = ("distance", "date", "relevance")
MAX_MILES = 200
SEARCH_CONFIG = "english"
# Must stay identical to the expression of the GIN index in migration 0005, or PostgreSQL will not use the index.
SEARCH_VECTOR = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
    "description", weight="B", config=SEARCH_CONFIG
)


@dataclass(frozen=True)
class NeedSearch:
    """The needs found, in order, with where the search was centred (None without a postcode)."""

    needs: QuerySet
    origin: Location | None = None
    sort: str = "date"
    notes: list[str] = field(default_factory=list)


def _haversine_km(latitude: float, longitude: float):
    """Great-circle kilometres from a point to each need, as a database expression."""
    dlat = Radians(F("latitude") - Value(latitude)) / Value(2.0)
    dlon = Radians(F("longitude") - Value(longitude)) / Value(2.0)
    a = Power(Sin(dlat), Value(2)) + Cos(Radians(Value(latitude))) * Cos(Radians(F("latitude"))) * Power(
        Sin(dlon), Value(2)
    )
    return Value(2 * EARTH_RADIUS_KM) * ASin(Least(Value(1.0), Sqrt(a)), output_field=FloatField())


def locate_postcode(postcode: str) -> Location:
    """A full postcode or an outward code's location; ValidationError naming `postcode` if malformed or unknown."""
    try:
        location = locate(postcode)
    except ValidationError as error:
        raise ValidationError({"postcode": error.messages}) from None
    if location is None or not location.has_coordinates:
        raise ValidationError({"postcode": [_("We cannot find that postcode")]}, code="not_found")
    return location


def _text_filter(needs: QuerySet, q: str) -> QuerySet:
    if connection.vendor == "postgresql":
        query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
        return needs.annotate(search=SEARCH_VECTOR).filter(search=query).annotate(
            rank=SearchRank(SEARCH_VECTOR, query)
        )
    condition = Q()
    for word in q.split():
        condition &= Q(title__icontains=word) | Q(description__icontains=word)
    # A rough relevance where full-text ranking is not available: title matches before description matches.
    return needs.filter(condition).annotate(
        rank=Case(When(title__icontains=q, then=Value(2)), default=Value(1), output_field=IntegerField())
    )


def needs_search(
    *,
    q: str = "",
    postcode: str = "",
    within_miles: float | None = None,
    skills: list[str] | None = None,
    causes: list[str] | None = None,
    remote: bool | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    eligible_for: Passport | None = None,
    sort: str = "",
    now: datetime.datetime | None = None,
) -> NeedSearch:
    """Published needs with at least one shift still to start (between the dates, when given).

    `skills` and `causes` are slugs: a need matches if it uses any of the skills and serves any of the causes.
    `remote`: True for remote needs only, False to leave them out, None for both (remote needs are kept in a
    distance search, since they can be done from anywhere). `eligible_for`: keep only needs the passport's holder
    may sign up to on the first day searched. Each need carries `next_shift_at` and, with a postcode,
    `distance_km`; with `q`, `rank`. Raises ValidationError keyed by field for a malformed or unknown postcode,
    a bad distance, dates the wrong way round or an unknown sort.
    """
    if sort and sort not in SORTS:
        raise ValidationError({"sort": [_("Sort by distance, date or relevance")]})
    if within_miles is not None and not 0 < within_miles <= MAX_MILES:
        raise ValidationError(
            {"within_miles": [_("Enter a distance between 1 and %(max)s miles") % {"max": MAX_MILES}]}
        )
    if date_from and date_to and date_to < date_from:
        raise ValidationError({"date_to": [_("The end date must be the same as or after the start date")]})
    if within_miles is not None and not postcode:
        raise ValidationError({"postcode": [_("Enter a postcode to search within a distance, like SW1A 1AA")]})

    now = now or timezone.now()
    shifts = Shift.objects.filter(need=OuterRef("pk"), starts_at__gt=now)
    if date_from:
        shifts = shifts.filter(starts_at__date__gte=date_from)
    if date_to:
        shifts = shifts.filter(starts_at__date__lte=date_to)
    # Conditions and annotations are gathered and applied at once: each queryset call copies the query, and on
    # the busiest search (a skill near a postcode) building the query costs as much as running it.
    annotations = {"next_shift_at": Subquery(shifts.order_by("starts_at").values("starts_at")[:1])}
    conditions = [Q(status=NeedStatus.PUBLISHED), Exists(shifts)]
    if remote is True:
        conditions.append(Q(location_kind=LocationKind.REMOTE))
    elif remote is False:
        conditions.append(~Q(location_kind=LocationKind.REMOTE))
    # With skills, the skill-and-place index finds the candidates (one index range a skill); the conditions on
    # the needs still decide, so the index only narrows the search, it never widens it.
    skill_places = NeedSkillPlace.objects.filter(skill__slug__in=skills) if skills else None
    if causes:
        conditions.append(Q(cause__slug__in=causes))
    if eligible_for is not None:
        conditions.append(eligible_needs_q(eligible_for, on=date_from or timezone.localdate(now)))

    origin = None
    if postcode:
        origin = locate_postcode(postcode)
        annotations["distance_km"] = _haversine_km(origin.latitude, origin.longitude)
        if within_miles is not None:
            radius_km = within_miles * KM_PER_MILE
            in_box = Q(**bounding_box(origin.latitude, origin.longitude, radius_km).as_filter())
            nearby = in_box & Q(distance_km__lte=radius_km)
            anywhere = remote is not False
            conditions.append(nearby | Q(location_kind=LocationKind.REMOTE) if anywhere else nearby)
            if skill_places is not None:
                skill_places = skill_places.filter(in_box | Q(latitude=None) if anywhere else in_box)
    if skill_places is not None:
        conditions.append(Q(pk__in=skill_places.values("need_id")))
    needs = Need.objects.select_related("organisation", "cause").annotate(**annotations).filter(*conditions)

    q = " ".join((q or "").split())
    if q:
        needs = _text_filter(needs, q)

    if not sort:
        sort = "relevance" if q else "distance" if origin else "date"
    notes = []
    if sort == "distance" and origin is None:
        notes.append(_("Enter a postcode to sort by distance. Showing the soonest first."))
        sort = "date"
    if sort == "relevance" and not q:
        notes.append(_("Enter words to search for to sort by relevance. Showing the soonest first."))
        sort = "date"
    order = {
        "distance": [F("distance_km").asc(nulls_last=True), "next_shift_at", "id"],
        "relevance": [F("rank").desc(), "next_shift_at", "id"],
        "date": ["next_shift_at", "id"],
    }[sort]
    return NeedSearch(needs=needs.order_by(*order), origin=origin, sort=sort, notes=notes)


def need_public(pk) -> Need | None:
    """A published or full need with its organisation, cause, checks and skills, or None."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        Need.objects.filter(pk=pk, status__in=TAKING_SIGN_UPS)
        .select_related("organisation", "cause")
        .prefetch_related("checks", "skills")
        .first()
    )


def shifts_to_come(need: Need, *, now: datetime.datetime | None = None) -> list[Shift]:
    """The need's shifts still to start, each with `places_left` (never below nought)."""
    shifts = Shift.objects.filter(need=need, starts_at__gt=now or timezone.now()).annotate(
        taken=Count("bookings", filter=Q(bookings__status__in=PLACE_TAKING_STATES))
    ).order_by("starts_at", "id")
    result = list(shifts)
    for shift in result:
        shift.places_left = max(0, shift.places - shift.taken)
    return result


def need_skills_for_filter() -> QuerySet:
    """Skills used by at least one published need, for the filter's options."""
    return Skill.objects.filter(
        Exists(Need.skills.through.objects.filter(skill=OuterRef("pk"), need__status=NeedStatus.PUBLISHED))
    ).order_by("name")


def need_causes_for_filter() -> QuerySet:
    """Causes of at least one published need, for the filter's options."""
    return Cause.objects.filter(
        Exists(Need.objects.filter(cause=OuterRef("pk"), status=NeedStatus.PUBLISHED))
    ).order_by("name")
