"""A matching run end to end: open places and willing volunteers in, every hard constraint applied, the candidate
graph solved as a min-cost flow, offers out (written once, told once).

The cheap constraints (distance, skills, age) are applied to whole arrays of volunteers at once; the rest
(checks valid on the shift's date, availability, clashing bookings, opt-outs, earlier offers) are tested one
candidate at a time, best score first, and only until a shift has enough candidates, so the slow part stays
bounded however many volunteers live nearby.
"""

import datetime
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from scipy import sparse

from covenant.organisations.models import VerificationStatus
from covenant.places.distance import EARTH_RADIUS_KM, bounding_box
from covenant.places.models import Postcode

from ..models import (
    ACTIVE_BOOKING_STATES,
    PLACE_TAKING_STATES,
    AvailabilityException,
    AvailabilityWindow,
    Booking,
    BookingStatus,
    Credential,
    LocationKind,
    MatchingRun,
    Need,
    NeedCheck,
    NeedStatus,
    Offer,
    OfferStatus,
    Passport,
    PassportSkill,
    Shift,
)
from ..selectors.credentials import credential_is_valid
from ..selectors.eligibility import check_met
from . import scoring
from .solver import Problem, solve_split


@dataclass
class Place:
    """A shift with places to offer, with what its need asks of volunteers."""

    shift_id: int
    need_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    free: int
    latitude: float | None
    longitude: float | None
    radius_km: float
    skills: list[int]
    checks: list[NeedCheck]
    minimum_age: int | None
    organisation_id: int
    cause_id: int | None

    @property
    def remote(self) -> bool:
        return self.latitude is None


@dataclass
class Supply:
    """Willing volunteers with somewhere to start from, as arrays sorted by latitude, and what the slow checks need."""

    ids: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray
    reach_km: np.ndarray
    born: np.ndarray  # proleptic ordinal of the date of birth; 0 when not given
    capacity: np.ndarray
    offers_30_days: np.ndarray
    reliability: np.ndarray
    skills: sparse.csr_matrix
    causes: sparse.csr_matrix
    credentials: dict[int, list[Credential]] = field(default_factory=dict)
    windows: dict[int, list[tuple[int, datetime.time, datetime.time]]] = field(default_factory=dict)
    away: dict[int, list[tuple[datetime.date, datetime.date]]] = field(default_factory=dict)
    booked: dict[int, list[tuple[datetime.datetime, datetime.datetime]]] = field(default_factory=dict)
    opted_out_organisations: dict[int, set[int]] = field(default_factory=dict)
    opted_out_causes: dict[int, set[int]] = field(default_factory=dict)


def _grouped(pairs) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


def _counts(queryset, key: str = "passport") -> dict[int, int]:
    return dict(queryset.values_list(key).annotate(n=Count("pk")).values_list(key, "n"))


def load_places(*, now: datetime.datetime, need_ids=None, shift_ids=None) -> list[Place]:
    """Shifts of published needs starting within the horizon, with places not taken nor held by open offers."""
    horizon = now + datetime.timedelta(days=scoring.limits().horizon_days)
    shifts = Shift.objects.filter(need__status=NeedStatus.PUBLISHED, need__organisation__verification_status=VerificationStatus.VERIFIED,
                                  starts_at__gt=now, starts_at__lte=horizon)
    if need_ids is not None:
        shifts = shifts.filter(need_id__in=need_ids)
    if shift_ids is not None:
        shifts = shifts.filter(pk__in=shift_ids)
    shifts = shifts.annotate(
        taken=Count("bookings", filter=Q(bookings__status__in=PLACE_TAKING_STATES), distinct=True),
        held=Count("offers", filter=Q(offers__status=OfferStatus.OFFERED), distinct=True),
    ).select_related("need").order_by("starts_at", "pk")
    shifts = [shift for shift in shifts if shift.places - shift.taken - shift.held > 0]
    need_ids = {shift.need_id for shift in shifts}
    skills = _grouped(Need.skills.through.objects.filter(need_id__in=need_ids)
                      .values_list("need_id", "skill_id"))
    checks = _grouped((check.need_id, check) for check in NeedCheck.objects.filter(need_id__in=need_ids))
    places = []
    for shift in shifts:
        need = shift.need
        remote = need.location_kind == LocationKind.REMOTE or need.latitude is None
        places.append(Place(
            shift_id=shift.pk, need_id=need.pk, starts_at=shift.starts_at, ends_at=shift.ends_at,
            free=shift.places - shift.taken - shift.held, latitude=None if remote else need.latitude,
            longitude=None if remote else need.longitude, radius_km=float(need.radius_km),
            skills=sorted(skills.get(need.pk, [])), checks=checks.get(need.pk, []), minimum_age=need.minimum_age,
            organisation_id=need.organisation_id, cause_id=need.cause_id,
        ))
    return places


def load_supply(*, now: datetime.datetime, places: list[Place], passport_ids=None) -> Supply:
    """Volunteers who want offers and could reach at least one of the places (everyone, if one is remote)."""
    limits = scoring.limits()
    passports = Passport.objects.filter(offers_wanted=True, holder__is_active=True).exclude(holder__postcode="")
    if passport_ids is not None:
        passports = passports.filter(pk__in=passport_ids)
    if places and not any(place.remote for place in places):
        # Only postcodes within reach of some place: the postcode table's index does the narrowing.
        near = Q()
        for place in places:
            near |= Q(**bounding_box(place.latitude, place.longitude, place.radius_km).as_filter())
        passports = passports.filter(holder__postcode__in=Postcode.objects.filter(near).values("postcode"))
    located = Postcode.objects.filter(postcode=OuterRef("holder__postcode"))
    rows = list(passports.annotate(
        lat=Subquery(located.values("latitude")[:1]), lon=Subquery(located.values("longitude")[:1]),
    ).filter(lat__isnull=False).values_list("pk", "lat", "lon", "max_travel_km", "holder__date_of_birth"))
    rows.sort(key=lambda row: row[1])
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    id_list = ids.tolist()
    row_of = {pid: index for index, pid in enumerate(id_list)}

    def per_passport(counts: dict[int, int]) -> np.ndarray:
        return np.array([counts.get(pid, 0) for pid in id_list], dtype=np.int64)

    offers = Offer.objects.filter(passport_id__in=id_list) if len(id_list) < 50_000 else Offer.objects.all()
    open_offers = per_passport(_counts(offers.filter(status=OfferStatus.OFFERED)))
    week = per_passport(_counts(offers.filter(offered_at__gte=now - datetime.timedelta(days=7))))
    month = per_passport(_counts(offers.filter(offered_at__gte=now - datetime.timedelta(days=30))))
    bookings = Booking.objects.filter(passport_id__in=id_list) if len(id_list) < 50_000 else Booking.objects.all()
    attended = per_passport(_counts(bookings.filter(status=BookingStatus.ATTENDED)))
    let_down = per_passport(_counts(bookings.filter(status__in=(BookingStatus.CANCELLED, BookingStatus.NO_SHOW))))

    def matrix(pairs) -> sparse.csr_matrix:
        pairs = [(row_of[pid], column) for pid, column in pairs if pid in row_of]
        width = max((column for _row, column in pairs), default=0) + 1
        if not pairs:
            return sparse.csr_matrix((len(id_list), width), dtype=np.int8)
        rows_, columns = zip(*pairs, strict=True)
        return sparse.csr_matrix((np.ones(len(pairs), dtype=np.int8), (rows_, columns)),
                                 shape=(len(id_list), width))

    supply = Supply(
        ids=ids,
        latitude=np.array([row[1] for row in rows], dtype=np.float64),
        longitude=np.array([row[2] for row in rows], dtype=np.float64),
        reach_km=np.array([row[3] for row in rows], dtype=np.float64),
        born=np.array([row[4].toordinal() if row[4] else 0 for row in rows], dtype=np.int64),
        capacity=np.maximum(0, np.minimum(limits.max_open_offers - open_offers, limits.max_offers_per_week - week)),
        offers_30_days=month,
        reliability=scoring.reliability(attended.astype(float), let_down.astype(float)),
        skills=matrix(PassportSkill.objects.filter(passport_id__in=id_list).values_list("passport_id", "skill_id")),
        causes=matrix(Passport.causes.through.objects.filter(passport_id__in=id_list)
                      .values_list("passport_id", "cause_id")),
    )
    wanted = [pid for pid, capacity in zip(id_list, supply.capacity.tolist(), strict=True) if capacity > 0]
    supply.credentials = _grouped((c.passport_id, c) for c in Credential.objects.filter(
        passport_id__in=wanted, status="verified"))
    supply.windows = _grouped((w.passport_id, (w.weekday, w.starts_at, w.ends_at))
                              for w in AvailabilityWindow.objects.filter(passport_id__in=wanted))
    supply.away = _grouped((a.passport_id, (a.starts_on, a.ends_on))
                           for a in AvailabilityException.objects.filter(passport_id__in=wanted, ends_on__gte=now.date()))
    supply.booked = _grouped((b.passport_id, (b.shift.starts_at, b.shift.ends_at)) for b in Booking.objects.filter(
        passport_id__in=wanted, status__in=ACTIVE_BOOKING_STATES, shift__ends_at__gt=now).select_related("shift"))
    supply.opted_out_organisations = {k: set(v) for k, v in _grouped(
        Passport.opted_out_organisations.through.objects.filter(passport_id__in=wanted)
        .values_list("passport_id", "organisation_id")).items()}
    supply.opted_out_causes = {k: set(v) for k, v in _grouped(
        Passport.opted_out_causes.through.objects.filter(passport_id__in=wanted)
        .values_list("passport_id", "cause_id")).items()}
    return supply


def _haversine_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    dlat = np.radians(lats - lat) / 2
    dlon = np.radians(lons - lon) / 2
    a = np.sin(dlat) ** 2 + np.cos(np.radians(lat)) * np.cos(np.radians(lats)) * np.sin(dlon) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def _adult_cutoff(on: datetime.date, years: int) -> int:
    """The latest date of birth (as an ordinal) of someone at least `years` old on `on`."""
    try:
        return on.replace(year=on.year - years).toordinal()
    except ValueError:  # 29 February: someone born on 1 March that year turns `years` on 1 March
        return on.replace(year=on.year - years, day=28).toordinal()


def _free_at(supply: Supply, pid: int, place: Place) -> bool:
    """Inside a weekly window (when the volunteer gave any), not away, and not booked at an overlapping time."""
    start, end = timezone.localtime(place.starts_at), timezone.localtime(place.ends_at)
    windows = supply.windows.get(pid)
    if windows and not any(day == start.weekday() and opens <= start.time() and end.time() <= closes
                           and start.date() == end.date() for day, opens, closes in windows):
        return False
    if any(first <= start.date() <= last or first <= end.date() <= last for first, last in supply.away.get(pid, ())):
        return False
    return not any(begins < place.ends_at and place.starts_at < ends for begins, ends in supply.booked.get(pid, ()))


def _passes_slow_checks(supply: Supply, pid: int, place: Place, on: datetime.date) -> bool:
    if place.organisation_id in supply.opted_out_organisations.get(pid, ()):
        return False
    if place.cause_id is not None and place.cause_id in supply.opted_out_causes.get(pid, ()):
        return False
    if place.checks:
        held = [c for c in supply.credentials.get(pid, ()) if credential_is_valid(c, on=on)]
        if not all(check_met(check, held, on=on) for check in place.checks):
            return False
    return _free_at(supply, pid, place)


@dataclass
class Graph:
    places: list[Place]
    problem: Problem
    passport_ids: np.ndarray  # the problem's volunteer index -> passport id
    distances: np.ndarray  # per edge, NaN for remote
    reasons: list[dict]


def build_graph(*, places: list[Place], supply: Supply, exclude: set[tuple[int, int]]) -> Graph:
    """Candidate edges for every place under every hard constraint, the best few per place by score."""
    limits = scoring.limits()
    edge_volunteer, edge_shift, edge_score, distances, reasons = [], [], [], [], []
    able = np.flatnonzero(supply.capacity > 0)
    for index, place in enumerate(places):
        on = timezone.localtime(place.starts_at).date()
        rows = able
        if not place.remote:
            box = bounding_box(place.latitude, place.longitude, place.radius_km)
            band = np.arange(np.searchsorted(supply.latitude, box.min_latitude, side="left"),
                             np.searchsorted(supply.latitude, box.max_latitude, side="right"))
            band = band[(supply.longitude[band] >= box.min_longitude) & (supply.longitude[band] <= box.max_longitude)]
            rows = np.intersect1d(band, able, assume_unique=True)
            distance = _haversine_km(place.latitude, place.longitude, supply.latitude[rows], supply.longitude[rows])
            within = distance <= np.minimum(place.radius_km, supply.reach_km[rows])
            rows, distance = rows[within], distance[within]
        else:
            distance = np.full(rows.size, np.nan)
        if place.skills and rows.size:
            known = [skill for skill in place.skills if skill < supply.skills.shape[1]]
            held = (np.asarray(supply.skills[rows][:, known].sum(axis=1)).ravel() if known
                    else np.zeros(rows.size))
            keep = held == len(place.skills)
            rows, distance = rows[keep], distance[keep]
        if place.minimum_age and rows.size:
            keep = (supply.born[rows] > 0) & (supply.born[rows] <= _adult_cutoff(on, place.minimum_age))
            rows, distance = rows[keep], distance[keep]
        if not rows.size:
            continue
        cares = (np.asarray(supply.causes[rows][:, [place.cause_id]].sum(axis=1)).ravel() > 0
                 if place.cause_id is not None and place.cause_id < supply.causes.shape[1] else np.zeros(rows.size))
        score = scoring.scores(
            distance_km=distance, reach_km=np.full(rows.size, place.radius_km),
            skill_fit=np.full(rows.size, 1.0 if place.skills else 0.5), cause=cares.astype(float),
            reliability_=supply.reliability[rows], fairness_=scoring.fairness(supply.offers_30_days[rows]),
        )
        wanted = max(limits.min_candidates, limits.candidates_per_place * place.free)
        taken = 0
        for position in np.argsort(-score, kind="stable"):
            row = int(rows[position])
            pid = int(supply.ids[row])
            if (place.shift_id, pid) in exclude or not _passes_slow_checks(supply, pid, place, on):
                continue
            edge_volunteer.append(row)
            edge_shift.append(index)
            edge_score.append(int(score[position]))
            distances.append(float(distance[position]))
            reasons.append({
                "checks": len(place.checks), "offers_30_days": int(supply.offers_30_days[row]),
                "cause": bool(cares[position]), "skills": place.skills,
            })
            taken += 1
            if taken >= wanted:
                break
    problem = Problem(
        volunteer_capacity=supply.capacity, shift_places=np.array([p.free for p in places], dtype=np.int64),
        edge_volunteer=np.array(edge_volunteer, dtype=np.int64), edge_shift=np.array(edge_shift, dtype=np.int64),
        edge_score=np.array(edge_score, dtype=np.int64),
    )
    return Graph(places=places, problem=problem, passport_ids=supply.ids, distances=np.array(distances),
                 reasons=reasons)


def already_linked(places: list[Place]) -> set[tuple[int, int]]:
    """(shift, passport) pairs never to offer: offered before, or already applied or booked."""
    shift_ids = [place.shift_id for place in places]
    pairs = set(Offer.objects.filter(shift_id__in=shift_ids).values_list("shift_id", "passport_id"))
    pairs |= set(Booking.objects.filter(shift_id__in=shift_ids).values_list("shift_id", "passport_id"))
    return pairs


def chosen_offers(graph: Graph) -> list[dict]:
    """The solver's choice as offers for `offers_make`, with their reasons."""
    from ..models import Cause, Skill

    solution = solve_split(graph.problem)
    skill_slugs = dict(Skill.objects.values_list("pk", "slug"))
    cause_slugs = dict(Cause.objects.values_list("pk", "slug"))
    offers = []
    for edge in solution.edge_indices.tolist():
        place = graph.places[int(graph.problem.edge_shift[edge])]
        reasons = dict(graph.reasons[edge])
        reasons["skills"] = [skill_slugs[s] for s in reasons["skills"] if s in skill_slugs]
        reasons["cause"] = cause_slugs.get(place.cause_id) if reasons["cause"] else None
        distance = graph.distances[edge]
        offers.append({
            "shift_id": place.shift_id, "shift_starts_at": place.starts_at,
            "passport_id": int(graph.passport_ids[int(graph.problem.edge_volunteer[edge])]),
            "score": int(graph.problem.edge_score[edge]) / scoring.SCALE,
            "distance_km": None if np.isnan(distance) else round(float(distance), 2), "reasons": reasons,
        })
    return offers


def run_matching(*, run: MatchingRun, need_ids=None, shift_ids=None, passport_ids=None,
                 now: datetime.datetime | None = None) -> dict:
    """Match the places in scope and write the offers; returns the run's figures."""
    from ..services.offers import offers_make

    now = now or timezone.now()
    clock = datetime.datetime.now
    started = clock()
    places = load_places(now=now, need_ids=need_ids, shift_ids=shift_ids)
    supply = load_supply(now=now, places=places, passport_ids=passport_ids) if places else None
    loaded = clock()
    if not places or supply is None or not supply.ids.size:
        return {"places": len(places), "volunteers": 0, "edges": 0, "offers": 0}
    graph = build_graph(places=places, supply=supply, exclude=already_linked(places))
    built = clock()
    offers = chosen_offers(graph)
    solved = clock()
    made = offers_make(run=run, offers=offers, now=now)
    return {
        "places": len(places), "open_places": int(graph.problem.shift_places.sum()),
        "volunteers": int(supply.ids.size), "edges": graph.problem.edges, "offers": made,
        "total_score": sum(offer["score"] for offer in offers),
        "seconds": {"load": (loaded - started).total_seconds(), "graph": (built - loaded).total_seconds(),
                    "solve": (solved - built).total_seconds(), "write": (clock() - solved).total_seconds()},
    }


# What stops a place being matched, in the order the constraints are applied; the first that leaves nobody is why.
BLOCKERS = ("reach", "skills", "age", "checks", "time")


def diagnose(place: Place, supply: Supply, *, on: datetime.date | None = None) -> dict[str, int]:
    """How many willing volunteers remain after each hard constraint, for a place nobody could be offered."""
    on = on or timezone.localtime(place.starts_at).date()
    rows = np.arange(supply.ids.size)
    counts = {}
    if not place.remote:
        distance = _haversine_km(place.latitude, place.longitude, supply.latitude, supply.longitude)
        rows = rows[distance <= np.minimum(place.radius_km, supply.reach_km)]
    counts["reach"] = int(rows.size)
    if place.skills and rows.size:
        known = [skill for skill in place.skills if skill < supply.skills.shape[1]]
        held = np.asarray(supply.skills[rows][:, known].sum(axis=1)).ravel() if known else np.zeros(rows.size)
        rows = rows[held == len(place.skills)]
    counts["skills"] = int(rows.size)
    if place.minimum_age and rows.size:
        rows = rows[(supply.born[rows] > 0) & (supply.born[rows] <= _adult_cutoff(on, place.minimum_age))]
    counts["age"] = int(rows.size)
    pids = [int(supply.ids[row]) for row in rows]
    if place.checks:
        pids = [pid for pid in pids if all(check_met(check, [c for c in supply.credentials.get(pid, ())
                                                             if credential_is_valid(c, on=on)], on=on)
                                           for check in place.checks)]
    counts["checks"] = len(pids)
    counts["time"] = sum(1 for pid in pids if _free_at(supply, pid, place))
    return counts
