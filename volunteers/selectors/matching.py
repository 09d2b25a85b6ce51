"""The measures matching is judged by: fill rate, time to fill, how widely offers reach volunteers and how evenly,
and the places nobody could be offered, with why. For platform staff nationally and for each organisation."""

import datetime
import statistics
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Sum
from django.utils import timezone

from covenant.places.models import Postcode

from ..matching.engine import BLOCKERS, diagnose, load_places, load_supply
from ..matching.solver import gini
from ..models import PLACE_TAKING_STATES, Booking, MatchingRun, Offer, OfferStatus, Passport, Shift

WINDOW_DAYS = 30


@dataclass
class Unmatched:
    shift: Shift
    free: int
    reason: str
    counts: dict[str, int]


@dataclass
class MatchingMeasures:
    places: int = 0
    filled: int = 0
    fill_rate: float | None = None
    median_hours_to_fill: float | None = None
    offers: int = 0
    accepted: int = 0
    declined: int = 0
    expired: int = 0
    willing: int = 0
    offered_volunteers: int = 0
    offered_share: float | None = None
    gini: float | None = None
    unmatched: list[Unmatched] = field(default_factory=list)
    last_run: MatchingRun | None = None

    @property
    def fill_percent(self) -> str:
        return "" if self.fill_rate is None else f"{self.fill_rate:.0%}"

    @property
    def offered_percent(self) -> str:
        return "" if self.offered_share is None else f"{self.offered_share:.0%}"


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def matching_measures(*, organisation=None, now: datetime.datetime | None = None,
                      diagnose_limit: int = 20) -> MatchingMeasures:
    """The last 30 days' measures, for one organisation's needs or (without one) nationally."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=WINDOW_DAYS)
    shifts = Shift.objects.filter(starts_at__gte=since, need__published_at__isnull=False)
    offers = Offer.objects.filter(offered_at__gte=since)
    if organisation is not None:
        shifts = shifts.filter(need__organisation=organisation)
        offers = offers.filter(shift__need__organisation=organisation)
    measures = MatchingMeasures()
    measures.places = shifts.aggregate(places=Sum("places"))["places"] or 0
    filled = Booking.objects.filter(shift__in=shifts, status__in=PLACE_TAKING_STATES)
    measures.filled = filled.count()
    measures.fill_rate = _share(measures.filled, measures.places)
    hours = [(decided - published).total_seconds() / 3600 for decided, published in
             filled.filter(decided_at__isnull=False).values_list("decided_at", "shift__need__published_at")[:10_000]
             if decided >= published]
    measures.median_hours_to_fill = statistics.median(hours) if hours else None
    by_status = dict(offers.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    measures.offers = sum(by_status.values())
    measures.accepted = by_status.get(OfferStatus.ACCEPTED, 0)
    measures.declined = by_status.get(OfferStatus.DECLINED, 0)
    measures.expired = by_status.get(OfferStatus.EXPIRED, 0)
    measures.last_run = MatchingRun.objects.first()
    if organisation is None:
        # Willing: want offers and have a postcode matching can place.
        willing = Passport.objects.filter(offers_wanted=True, holder__is_active=True,
                                          holder__postcode__in=Postcode.objects.filter(latitude__isnull=False)
                                          .values("postcode"))
        measures.willing = willing.count()
        per_volunteer = list(offers.filter(passport__in=willing).values("passport").annotate(n=Count("pk"))
                             .values_list("n", flat=True))
        measures.offered_volunteers = len(per_volunteer)
        measures.offered_share = _share(measures.offered_volunteers, measures.willing)
        if measures.willing:
            counts = np.zeros(measures.willing, dtype=np.int64)
            counts[:len(per_volunteer)] = per_volunteer
            measures.gini = gini(counts)
    measures.unmatched = _unmatched(organisation=organisation, now=now, limit=diagnose_limit)
    return measures


def _unmatched(*, organisation, now: datetime.datetime, limit: int) -> list[Unmatched]:
    """Open places within the horizon with no open offer, and the first constraint that left nobody."""
    places = load_places(now=now)
    if organisation is not None:
        places = [place for place in places if place.organisation_id == organisation.pk]
    offered = set(Offer.objects.filter(shift_id__in=[p.shift_id for p in places], status=OfferStatus.OFFERED)
                  .values_list("shift_id", flat=True))
    places = [place for place in places if place.shift_id not in offered][:limit]
    if not places:
        return []
    supply = load_supply(now=now, places=places)
    shifts = Shift.objects.select_related("need__organisation").in_bulk([place.shift_id for place in places])
    found = []
    for place in places:
        counts = diagnose(place, supply)
        reason = next((blocker for blocker in BLOCKERS if counts[blocker] == 0), "capacity")
        found.append(Unmatched(shift=shifts[place.shift_id], free=place.free, reason=reason, counts=counts))
    return found



@dataclass
class Suggestion:
    """A volunteer matching would consider for one of a need's shifts, as the organisation may see them."""

    passport_id: int
    shift: Shift
    name: str
    score: float
    distance_km: float | None
    reasons: dict


def _shown_name(user) -> str:
    """A first name and an initial: enough to recognise, not enough to look someone up before they agree."""
    words = (user.preferred_name or user.full_name or "").split()
    if not words:
        return "A volunteer"
    return f"{words[0]} {words[-1][0]}." if len(words) > 1 else words[0]


def suggested_volunteers(need, *, limit: int = 20, now: datetime.datetime | None = None) -> list[Suggestion]:
    """The best candidates for the need's open places who meet every requirement, best first, one row each."""
    from ..matching.engine import already_linked, build_graph

    now = now or timezone.now()
    places = load_places(now=now, need_ids=[need.pk])
    if not places:
        return []
    supply = load_supply(now=now, places=places)
    if not supply.ids.size:
        return []
    graph = build_graph(places=places, supply=supply, exclude=already_linked(places))
    best: dict[int, int] = {}
    for edge in np.argsort(-graph.problem.edge_score, kind="stable").tolist():
        pid = int(graph.passport_ids[int(graph.problem.edge_volunteer[edge])])
        best.setdefault(pid, edge)
        if len(best) >= limit:
            break
    shifts = Shift.objects.in_bulk([place.shift_id for place in places])
    holders = {p.pk: p.holder for p in Passport.objects.filter(pk__in=best).select_related("holder")}
    suggestions = []
    for pid, edge in best.items():
        place = graph.places[int(graph.problem.edge_shift[edge])]
        distance = float(graph.distances[edge])
        suggestions.append(Suggestion(
            passport_id=pid, shift=shifts[place.shift_id], name=_shown_name(holders[pid]),
            score=int(graph.problem.edge_score[edge]) / 1000, distance_km=None if np.isnan(distance) else distance,
            reasons=graph.reasons(edge),
        ))
    return suggestions
