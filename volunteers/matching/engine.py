"""A matching run end to end: open places and willing volunteers in, every hard constraint applied, the candidate
graph solved as a min-cost flow, offers out (written once, told once).

Volunteers are loaded as arrays in a handful of queries, so a national run reads a million passports in seconds.
Each place's candidates are the nearest volunteers who hold its skills (a k-d tree per skill set, k bounded by
the place's free places), then every other hard constraint (reach, age, checks valid on the shift's date,
availability, time away, clashing bookings, opt-outs, earlier offers) is applied to them as array operations:
there is no Python loop over volunteers, only over places.

A national batch is split into regions (rectangles holding similar numbers of places) solved as separate tasks;
a volunteer within reach of several regions has their remaining offers shared out between them by a fixed rule,
so regions run at the same time and no cap is broken.
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from types import SimpleNamespace

import numpy as np
from django.db import connection
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Mod
from django.utils import timezone
from scipy import sparse
from scipy.spatial import cKDTree

from covenant.accounts.models import User
from covenant.organisations.models import VerificationStatus
from covenant.places.distance import EARTH_RADIUS_KM, bounding_box

from ..models import (
    ACTIVE_BOOKING_STATES,
    PLACE_TAKING_STATES,
    AvailabilityException,
    AvailabilityWindow,
    Booking,
    BookingStatus,
    Credential,
    CredentialStatus,
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
from ..selectors.eligibility import check_met
from . import scoring
from .solver import Problem, solve_split

# Volunteers considered per place for every candidate edge kept: the nearest this many times the edges wanted
# go through the remaining constraints, so that a few failing them still leaves enough.
POOL_FACTOR = 4
NO_DATE = np.iinfo(np.int64).max
# Up to this many shifts are asked for by id; more are asked for by date.
ID_LIST_LIMIT = 5_000


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


@dataclass(frozen=True)
class Region:
    """A rectangle of latitude and longitude (half-open: south and west edges inside) with the remote needs whose
    id falls to it (need id mod count), so that remote needs are shared out among the regions too."""

    index: int
    south: float = -90.0
    north: float = 90.0
    west: float = -180.0
    east: float = 180.0
    # The widest radius of a need inside: volunteers further away than this can be offered nothing here.
    radius_km: float = 0.0
    count: int = 1

    def holds(self, place: Place) -> bool:
        if place.remote:
            return place.need_id % self.count == self.index
        return self.south <= place.latitude < self.north and self.west <= place.longitude < self.east

    def as_dict(self) -> dict:
        return {"index": self.index, "south": self.south, "north": self.north, "west": self.west, "east": self.east,
                "radius_km": self.radius_km, "count": self.count}


class Ragged:
    """Rows of something per volunteer (credentials, windows …), grouped by the volunteer's row in the supply, so
    the items of many volunteers are gathered in one array operation."""

    def __init__(self, owners: np.ndarray, size: int, **columns: np.ndarray):
        owners = np.asarray(owners, dtype=np.int64)
        order = np.argsort(owners, kind="stable")
        self.ptr = np.concatenate(([0], np.cumsum(np.bincount(owners, minlength=size)))).astype(np.int64)
        self.columns = {name: np.asarray(values)[order] for name, values in columns.items()}

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    def has(self, rows: np.ndarray) -> np.ndarray:
        return self.ptr[rows + 1] > self.ptr[rows]

    def gather(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(position in `rows` of each item's volunteer, item index) for every item of the given volunteers."""
        starts = self.ptr[rows]
        counts = self.ptr[rows + 1] - starts
        total = int(counts.sum())
        if not total:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        ends = np.cumsum(counts)
        owner = np.repeat(np.arange(rows.size), counts)
        items = np.arange(total) - np.repeat(ends - counts, counts) + np.repeat(starts, counts)
        return owner, items

    def any_where(self, rows: np.ndarray, test) -> np.ndarray:
        """For each of `rows`, whether any of its items passes `test` (given item indices, answering a mask):
        only the items of these rows are tested, never all of them."""
        owner, items = self.gather(rows)
        found = np.zeros(rows.size, dtype=bool)
        if items.size:
            found[owner[test(items)]] = True
        return found


@dataclass
class Supply:
    """Willing volunteers with somewhere to start from, as arrays in passport order, with what the constraints
    need to know of each."""

    ids: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray
    reach_km: np.ndarray
    born: np.ndarray  # proleptic ordinal of the date of birth; 0 when not given
    capacity: np.ndarray
    offers_30_days: np.ndarray
    reliability: np.ndarray
    skills: sparse.csc_matrix
    causes: sparse.csc_matrix
    credentials: Ragged
    credential_list: list
    windows: Ragged
    away: Ragged
    booked: Ragged
    opted_out_organisations: Ragged
    opted_out_causes: Ragged
    _trees: dict = field(default_factory=dict, repr=False)
    _check_cache: dict = field(default_factory=dict, repr=False)

    @property
    def size(self) -> int:
        return int(self.ids.size)

    def rows_of(self, passport_ids) -> np.ndarray:
        """Rows of the given passports that are in the supply (others are left out)."""
        passport_ids = np.asarray(list(passport_ids), dtype=np.int64)
        if not passport_ids.size or not self.size:
            return np.zeros(0, dtype=np.int64)
        rows = np.minimum(np.searchsorted(self.ids, passport_ids), self.size - 1)
        return rows[self.ids[rows] == passport_ids]

    def xyz(self) -> np.ndarray:
        if "xyz" not in self._trees:
            self._trees["xyz"] = _unit_vectors(self.latitude, self.longitude)
        return self._trees["xyz"]

    def holders(self, skills: tuple[int, ...]) -> np.ndarray:
        """Rows able to take an offer who hold every one of the skills."""
        key = ("holders", skills)
        if key not in self._trees:
            able = self.capacity > 0
            for skill in skills:
                able &= self.holds(skill)
            self._trees[key] = np.flatnonzero(able)
        return self._trees[key]

    @staticmethod
    def _column(matrix: sparse.csc_matrix, column: int) -> np.ndarray:
        mask = np.zeros(matrix.shape[0], dtype=bool)
        if column < matrix.shape[1]:
            mask[matrix.indices[matrix.indptr[column]:matrix.indptr[column + 1]]] = True
        return mask

    def holds(self, skill: int) -> np.ndarray:
        """Whether each volunteer holds the skill (a column kept, since many places ask for it)."""
        key = ("holds", skill)
        if key not in self._trees:
            self._trees[key] = self._column(self.skills, skill)
        return self._trees[key]

    def carers(self, cause_id: int) -> np.ndarray:
        """Whether each volunteer said they care about the cause (a column kept, since many places share it)."""
        key = ("carers", cause_id)
        if key not in self._trees:
            self._trees[key] = self._column(self.causes, cause_id)
        return self._trees[key]

    def tree(self, skills: tuple[int, ...]) -> tuple[np.ndarray, cKDTree | None]:
        key = ("tree", skills)
        if key not in self._trees:
            rows = self.holders(skills)
            self._trees[key] = (rows, cKDTree(self.xyz()[rows]) if rows.size else None)
        return self._trees[key]

    def credentials_meeting(self, check: NeedCheck) -> np.ndarray:
        """Which of the loaded credentials meet the check, leaving dates aside (they are compared per shift)."""
        key = (check.kind, check.dbs_level, check.dbs_barred_lists, check.dbs_workforce, check.qualification_type,
               check.title.strip().casefold())
        if key not in self._check_cache:
            # Credentials alike in everything a check looks at are judged once: there are few kinds of them.
            today = timezone.localdate()
            met = np.array([check_met(check, [kind], on=today) for kind in self.credential_list], dtype=bool)
            self._check_cache[key] = met[self.credentials["kind_of"]] if met.size else np.zeros(0, dtype=bool)
        return self._check_cache[key]


def _unit_vectors(latitude: np.ndarray, longitude: np.ndarray) -> np.ndarray:
    lat, lon = np.radians(latitude), np.radians(longitude)
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


def _chord(radius_km: float) -> float:
    return 2.0 * math.sin(min(math.pi, radius_km / EARTH_RADIUS_KM) / 2.0)


def _haversine_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    dlat = np.radians(lats - lat) / 2
    dlon = np.radians(lons - lon) / 2
    a = np.sin(dlat) ** 2 + np.cos(np.radians(lat)) * np.cos(np.radians(lats)) * np.sin(dlon) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def _grouped(pairs) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


# ------------------------------------------------------------------------------------------------ places


def load_places(*, now: datetime.datetime, need_ids=None, shift_ids=None, region: Region | None = None) -> list[Place]:
    """Shifts of published needs starting within the horizon, with places not taken nor held by open offers."""
    horizon = now + datetime.timedelta(days=scoring.limits().horizon_days)
    shifts = Shift.objects.filter(need__status=NeedStatus.PUBLISHED,
                                  need__organisation__verification_status=VerificationStatus.VERIFIED,
                                  starts_at__gt=now, starts_at__lte=horizon)
    if need_ids is not None:
        shifts = shifts.filter(need_id__in=need_ids)
    if shift_ids is not None:
        shifts = shifts.filter(pk__in=shift_ids)
    if region is not None:
        remote = Q(need__location_kind=LocationKind.REMOTE) | Q(need__latitude__isnull=True)
        inside = Q(need__latitude__gte=region.south, need__latitude__lt=region.north,
                   need__longitude__gte=region.west, need__longitude__lt=region.east)
        shifts = shifts.annotate(share=Mod("need_id", region.count)).filter(
            (remote & Q(share=region.index)) | (~remote & inside))
    rows = list(shifts.order_by("starts_at", "pk").values_list(
        "pk", "need_id", "starts_at", "ends_at", "places", "need__location_kind", "need__latitude",
        "need__longitude", "need__radius_km", "need__minimum_age", "need__organisation_id", "need__cause_id"))
    if not rows:
        return []
    # Counted apart rather than joined, so a shift's bookings and offers do not multiply each other.
    taken = dict(Booking.objects.filter(shift__in=shifts, status__in=PLACE_TAKING_STATES)
                 .values_list("shift_id").annotate(n=Count("pk")).values_list("shift_id", "n"))
    held = dict(Offer.objects.filter(shift__in=shifts, status=OfferStatus.OFFERED)
                .values_list("shift_id").annotate(n=Count("pk")).values_list("shift_id", "n"))
    rows = [row for row in rows if row[4] - taken.get(row[0], 0) - held.get(row[0], 0) > 0]
    need_ids = {row[1] for row in rows}
    if len(need_ids) > 5_000:
        need_filter = {"need__in": Need.objects.filter(shifts__in=shifts).values("pk")}
    else:
        need_filter = {"need_id__in": need_ids}
    skills = _grouped(Need.skills.through.objects.filter(**need_filter).values_list("need_id", "skill_id"))
    checks = _grouped((check.need_id, check) for check in NeedCheck.objects.filter(**need_filter))
    places = []
    for (pk, need_id, starts, ends, total, kind, latitude, longitude, radius, minimum_age, organisation_id,
         cause_id) in rows:
        remote = kind == LocationKind.REMOTE or latitude is None
        places.append(Place(
            shift_id=pk, need_id=need_id, starts_at=starts, ends_at=ends,
            free=total - taken.get(pk, 0) - held.get(pk, 0), latitude=None if remote else latitude,
            longitude=None if remote else longitude, radius_km=float(radius),
            skills=sorted(skills.get(need_id, [])), checks=checks.get(need_id, []), minimum_age=minimum_age,
            organisation_id=organisation_id, cause_id=cause_id,
        ))
    return places


def plan_regions(places: list[Place], count: int) -> list[Region]:
    """Rectangles tiling the map with similar numbers of places in each (cut at the median across the longer side,
    again and again); remote needs are shared out among them by need."""
    located = [place for place in places if not place.remote]
    points = np.array([(place.latitude, place.longitude, place.radius_km) for place in located], dtype=float)
    boxes = [(points, -90.0, 90.0, -180.0, 180.0)]
    while len(boxes) < max(1, count):
        # The box with the most places is cut next.
        boxes.sort(key=lambda box: -len(box[0]))
        inside, south, north, west, east = boxes[0]
        if len(inside) < 2:
            break
        height = np.ptp(inside[:, 0])
        width = np.ptp(inside[:, 1]) * math.cos(math.radians(float(np.mean(inside[:, 0]))))
        axis = 0 if height >= width else 1
        cut = float(np.median(inside[:, axis]))
        lower, upper = inside[inside[:, axis] < cut], inside[inside[:, axis] >= cut]
        if not len(lower) or not len(upper):
            break
        if axis == 0:
            boxes[0:1] = [(lower, south, cut, west, east), (upper, cut, north, west, east)]
        else:
            boxes[0:1] = [(lower, south, north, west, cut), (upper, south, north, cut, east)]
    boxes.sort(key=lambda box: (box[1], box[3]))
    boxes = [box for box in boxes if len(box[0])] or ([(points, -90.0, 90.0, -180.0, 180.0)] if places else [])
    return [Region(index=index, south=south, north=north, west=west, east=east,
                   radius_km=float(inside[:, 2].max()) if len(inside) else 0.0, count=len(boxes))
            for index, (inside, south, north, west, east) in enumerate(boxes)]


def _region_distance_km(region: Region, latitude: np.ndarray, longitude: np.ndarray) -> np.ndarray:
    """How far each point lies from the region's rectangle (0 inside it)."""
    near_lat = np.clip(latitude, region.south, region.north)
    near_lon = np.clip(longitude, region.west, region.east)
    dlat = np.radians(near_lat - latitude) / 2
    dlon = np.radians(near_lon - longitude) / 2
    a = np.sin(dlat) ** 2 + np.cos(np.radians(latitude)) * np.cos(np.radians(near_lat)) * np.sin(dlon) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def capacity_share(*, supply: Supply, regions: list[Region], region: Region) -> np.ndarray:
    """The part of each volunteer's remaining offers this region may use.

    A volunteer's k-th remaining offer belongs to the ((k + passport id) mod n)-th of the n located regions they
    could reach: every region works the same answer out alone, so regions solve at the same time and between them
    never offer anyone more than their caps allow. A region's remote needs draw on the same shares.
    """
    reachable = np.zeros((supply.size, len(regions)), dtype=bool)
    for column, other in enumerate(regions):
        reachable[:, column] = (_region_distance_km(other, supply.latitude, supply.longitude)
                                <= np.minimum(supply.reach_km, other.radius_km))
    mine = [column for column, other in enumerate(regions) if other.index == region.index][0]
    count = reachable.sum(axis=1)
    position = np.cumsum(reachable, axis=1)[:, mine] - 1
    share = np.zeros(supply.size, dtype=np.int64)
    inside = reachable[:, mine]
    n = count[inside]
    first = (position[inside] - supply.ids[inside]) % n
    capacity = supply.capacity[inside]
    share[inside] = np.where(first < capacity, (capacity - 1 - first) // n + 1, 0)
    return share


# ------------------------------------------------------------------------------------------------ supply


@dataclass(frozen=True)
class Scope:
    """Which volunteers a run reads: inside a box, among given passports, holding given skills, born by a date.
    The same filter narrows every per-volunteer query as a subquery, so none carries a long list of ids."""

    box: object = None
    passport_ids: tuple[int, ...] | None = None
    skills: tuple[int, ...] = ()
    born_by: datetime.date | None = None
    # Kinds of check every place asks for, with the earliest shift date: a verified one not expired by then.
    checks: tuple[str, ...] = ()
    checked_on: datetime.date | None = None

    @property
    def everyone(self) -> bool:
        return (self.box is None and self.passport_ids is None and not self.skills and self.born_by is None
                and not self.checks)

    def sql(self, columns: str) -> tuple[str, list]:
        """SELECT the columns (of passport p and person u) of the scope's volunteers."""
        passport, user = Passport._meta.db_table, User._meta.db_table
        skill_table = PassportSkill._meta.db_table
        sql = [f"SELECT {columns} FROM {passport} p JOIN {user} u ON u.id = p.holder_id "
               "WHERE p.offers_wanted = %s AND u.is_active = %s AND p.latitude IS NOT NULL AND p.longitude IS NOT NULL"]
        params: list = [True, True]
        box = []
        if self.box is not None:
            box = [self.box.min_latitude, self.box.max_latitude, self.box.min_longitude, self.box.max_longitude]
            sql.append("AND p.latitude BETWEEN %s AND %s AND p.longitude BETWEEN %s AND %s")
            params += box
        for skill in self.skills:
            # The skill's holders inside the box, from the skill's own index: few, even in a city.
            where = " AND latitude BETWEEN %s AND %s AND longitude BETWEEN %s AND %s" if box else ""
            sql.append(f"AND p.id IN (SELECT passport_id FROM {skill_table} WHERE skill_id = %s{where})")
            params += [skill, *box]
        if self.passport_ids is not None:
            sql.append(f"AND p.id IN ({', '.join(['%s'] * len(self.passport_ids)) or 'NULL'})")
            params += list(self.passport_ids)
        for skill in self.skills:
            sql.append(f"AND p.id IN (SELECT passport_id FROM {skill_table} WHERE skill_id = %s)")
            params.append(skill)
        if self.born_by is not None:
            sql.append("AND u.date_of_birth <= %s")
            params.append(self.born_by)
        for kind in self.checks:
            sql.append(f"AND p.id IN (SELECT passport_id FROM {Credential._meta.db_table} WHERE kind = %s "
                       "AND status = %s AND (expires_on IS NULL OR expires_on >= %s))")
            params += [kind, CredentialStatus.VERIFIED, self.checked_on]
        return " ".join(sql), params

    def narrow(self, queryset):
        """The queryset (of rows with a passport) cut down to the scope's volunteers."""
        if self.everyone:
            return queryset
        return queryset.filter(passport_id__in=RawSQL(*self.sql("p.id")))


def scope_for(places: list[Place], *, box=None, passport_ids=None) -> Scope:
    """The narrowest scope that leaves out nobody any of the places could be offered to: the skills all of them
    require and the youngest age all of them allow are asked of the database, not checked afterwards."""
    skills = set(places[0].skills) if places else set()
    for place in places[1:]:
        skills &= set(place.skills)
    kinds = {check.kind for check in places[0].checks} if places else set()
    for place in places[1:]:
        kinds &= {check.kind for check in place.checks}
    earliest = min((timezone.localtime(place.starts_at).date() for place in places), default=None)
    born_by = None
    if places and all(place.minimum_age for place in places):
        born_by = datetime.date.fromordinal(_adult_cutoff(earliest, min(place.minimum_age for place in places)))
    return Scope(box=box, passport_ids=None if passport_ids is None else tuple(passport_ids),
                 skills=tuple(sorted(skills)), born_by=born_by, checks=tuple(sorted(kinds)), checked_on=earliest)


def _passport_rows(scope: Scope) -> list[tuple]:
    """(passport, latitude, longitude, reach, date of birth) of willing volunteers, in passport order, in one
    query: the postcode is joined, not looked up per passport."""
    sql, params = scope.sql("p.id, p.latitude, p.longitude, p.max_travel_km, u.date_of_birth")
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY p.id", params)
        return cursor.fetchall()


def _per_passport(supply_ids: np.ndarray, rows) -> np.ndarray:
    """Rows of (passport, value …) as columns over the supply, 0 for passports with no row."""
    rows = np.array(list(rows), dtype=np.int64)
    columns = np.zeros((supply_ids.size, max(rows.shape[1] - 1, 0) if rows.size else 0), dtype=np.int64)
    if rows.size:
        positions = np.minimum(np.searchsorted(supply_ids, rows[:, 0]), max(supply_ids.size - 1, 0))
        known = supply_ids[positions] == rows[:, 0]
        columns[positions[known]] = rows[known, 1:]
    return columns


def _owned(supply_ids: np.ndarray, rows: list[tuple]) -> tuple[np.ndarray, list[tuple]]:
    """Rows whose first value is a passport in the supply, as (supply row of each, the rows)."""
    if not rows or not supply_ids.size:
        return np.zeros(0, dtype=np.int64), []
    owners = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    positions = np.minimum(np.searchsorted(supply_ids, owners), supply_ids.size - 1)
    known = supply_ids[positions] == owners
    return positions[known], [row for row, keep in zip(rows, known.tolist(), strict=True) if keep]


def _seconds(value: datetime.time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


def box_around(places: list[Place], radius_km: float | None = None) -> SimpleNamespace:
    """The box holding everyone within each place's radius (or the given radius) of it."""
    boxes = [bounding_box(p.latitude, p.longitude, p.radius_km if radius_km is None else min(radius_km, p.radius_km))
             for p in places]
    return SimpleNamespace(min_latitude=min(b.min_latitude for b in boxes),
                           max_latitude=max(b.max_latitude for b in boxes),
                           min_longitude=min(b.min_longitude for b in boxes),
                           max_longitude=max(b.max_longitude for b in boxes))


def load_supply(*, now: datetime.datetime, places: list[Place] | None = None, box=None, passport_ids=None,
                scope: Scope | None = None) -> Supply:
    """Volunteers who want offers, in the scope (or inside the box, or within reach of the places, or everyone if
    one is remote)."""
    limits = scoring.limits()
    if box is None and places and not any(place.remote for place in places):
        box = box_around(places)
    if scope is None and places:
        scope = scope_for(places, box=box, passport_ids=passport_ids)
    elif scope is None:
        scope = Scope(box=box, passport_ids=None if passport_ids is None else tuple(passport_ids))
    rows = _passport_rows(scope)
    size = len(rows)
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=size)

    def by_passport(queryset, *fields: str):
        # Volunteers are fetched by id (on PostgreSQL one array of them: index lookups when few, one hashed pass
        # of the table when many; the scope again as a subquery would join postcodes and people once per table).
        if connection.vendor == "postgresql" and size <= 100_000:
            # One array parameter, however many: quick to plan, and looked up by index when few.
            queryset = queryset.filter(passport_id__in=RawSQL("SELECT unnest(%s::bigint[])", [ids.tolist()]))
        elif size <= 5_000:
            queryset = queryset.filter(passport_id__in=ids.tolist())
        elif size <= 100_000:
            queryset = scope.narrow(queryset)
        # More than that: the whole table in one pass is cheaper than any filter; rows are matched up afterwards.
        return queryset.values_list("passport_id", *fields)

    # Offer and booking counts per volunteer, a query each, rather than one per figure.
    offer_counts = _per_passport(ids, by_passport(Offer.objects.all()).annotate(
        open=Count("pk", filter=Q(status=OfferStatus.OFFERED)),
        week=Count("pk", filter=Q(offered_at__gte=now - datetime.timedelta(days=7))),
        month=Count("pk", filter=Q(offered_at__gte=now - datetime.timedelta(days=30)))).values_list(
        "passport_id", "open", "week", "month"))
    open_offers, week, month = (offer_counts[:, i] if offer_counts.size else np.zeros(size, dtype=np.int64)
                                for i in range(3))
    booking_counts = _per_passport(ids, by_passport(Booking.objects.all()).annotate(
        attended=Count("pk", filter=Q(status=BookingStatus.ATTENDED)),
        let_down=Count("pk", filter=Q(status__in=(BookingStatus.CANCELLED, BookingStatus.NO_SHOW)))).values_list(
        "passport_id", "attended", "let_down"))
    attended, let_down = (booking_counts[:, i] if booking_counts.size else np.zeros(size, dtype=np.int64)
                          for i in range(2))

    def matrix(queryset, field_name: str) -> sparse.csc_matrix:
        owners, pairs = _owned(ids, list(by_passport(queryset, field_name)))
        columns = np.array([pair[1] for pair in pairs], dtype=np.int64)
        width = int(columns.max()) + 1 if columns.size else 1
        return sparse.csc_matrix((np.ones(owners.size, dtype=np.int8), (owners, columns)), shape=(size, width))

    def ragged(queryset, *fields: str, convert) -> tuple[Ragged, list[tuple]]:
        owners, found = _owned(ids, list(by_passport(queryset, *fields)))
        columns = convert(found)
        return Ragged(owners, size, **columns), found

    today = now.date()
    credential_fields = ("kind", "title", "issued_on", "expires_on", "dbs_level", "dbs_barred_lists",
                         "dbs_workforce", "qualification_type")
    credential_rows = by_passport(Credential.objects.filter(status=CredentialStatus.VERIFIED)
                                  .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today)), *credential_fields)
    owners, found = _owned(ids, list(credential_rows))
    # Credentials alike but for their dates, once each: whether one meets a check is worked out per kind,
    # its dates per shift.
    kinds: dict[tuple, int] = {}
    kind_of = np.fromiter((kinds.setdefault(row[1:3] + row[5:], len(kinds)) for row in found), dtype=np.int64,
                          count=len(found))
    undated_fields = credential_fields[:2] + credential_fields[4:]
    credential_list = [SimpleNamespace(**dict(zip(undated_fields, kind, strict=True)),
                                       status=CredentialStatus.VERIFIED, issued_on=None, expires_on=None)
                       for kind in kinds]
    credentials = Ragged(
        owners, size, kind_of=kind_of,
        issued=np.array([row[3].toordinal() if row[3] else 0 for row in found], dtype=np.int64),
        expires=np.array([row[4].toordinal() if row[4] else NO_DATE for row in found], dtype=np.int64))
    windows, _ = ragged(AvailabilityWindow.objects.all(), "weekday", "starts_at", "ends_at", convert=lambda found: {
        "day": np.array([row[1] for row in found], dtype=np.int64),
        "opens": np.array([_seconds(row[2]) for row in found], dtype=np.int64),
        "closes": np.array([_seconds(row[3]) for row in found], dtype=np.int64)})
    away, _ = ragged(AvailabilityException.objects.filter(ends_on__gte=today), "starts_on", "ends_on",
                     convert=lambda found: {
                         "first": np.array([row[1].toordinal() for row in found], dtype=np.int64),
                         "last": np.array([row[2].toordinal() for row in found], dtype=np.int64)})
    booked, _ = ragged(Booking.objects.filter(status__in=ACTIVE_BOOKING_STATES, shift__ends_at__gt=now),
                       "shift__starts_at", "shift__ends_at", convert=lambda found: {
                           "begins": np.array([row[1].timestamp() for row in found], dtype=np.float64),
                           "ends": np.array([row[2].timestamp() for row in found], dtype=np.float64)})
    opted_organisations, _ = ragged(Passport.opted_out_organisations.through.objects.all(), "organisation_id",
                                    convert=lambda found: {"id": np.array([row[1] for row in found], dtype=np.int64)})
    opted_causes, _ = ragged(Passport.opted_out_causes.through.objects.all(), "cause_id",
                             convert=lambda found: {"id": np.array([row[1] for row in found], dtype=np.int64)})
    return Supply(
        ids=ids,
        latitude=np.fromiter((row[1] for row in rows), dtype=np.float64, count=size),
        longitude=np.fromiter((row[2] for row in rows), dtype=np.float64, count=size),
        reach_km=np.fromiter((row[3] for row in rows), dtype=np.float64, count=size),
        born=np.fromiter((row[4].toordinal() if row[4] else 0 for row in rows), dtype=np.int64, count=size),
        capacity=np.maximum(0, np.minimum(limits.max_open_offers - open_offers, limits.max_offers_per_week - week)),
        offers_30_days=month,
        reliability=scoring.reliability(attended.astype(float), let_down.astype(float)),
        skills=matrix(PassportSkill.objects.all(), "skill_id"),
        causes=matrix(Passport.causes.through.objects.all(), "cause_id"),
        credentials=credentials, credential_list=credential_list, windows=windows, away=away, booked=booked,
        opted_out_organisations=opted_organisations, opted_out_causes=opted_causes,
    )


# ------------------------------------------------------------------------------------------------ constraints


def _adult_cutoff(on: datetime.date, years: int) -> int:
    """The latest date of birth (as an ordinal) of someone at least `years` old on `on`."""
    try:
        return on.replace(year=on.year - years).toordinal()
    except ValueError:  # 29 February: someone born on 1 March that year turns `years` on 1 March
        return on.replace(year=on.year - years, day=28).toordinal()


def _meets_checks(supply: Supply, rows: np.ndarray, place: Place, on: datetime.date) -> np.ndarray:
    keep = np.ones(rows.size, dtype=bool)
    if not place.checks:
        return keep
    owner, items = supply.credentials.gather(rows)
    day = on.toordinal()
    dated = (supply.credentials["issued"][items] <= day) & (supply.credentials["expires"][items] >= day)
    for check in place.checks:
        meets = supply.credentials_meeting(check)[items] & dated
        met = np.zeros(rows.size, dtype=bool)
        met[owner[meets]] = True
        keep &= met
    return keep


def _free_at(supply: Supply, rows: np.ndarray, place: Place) -> np.ndarray:
    """Inside a weekly window (when the volunteer gave any), not away, and not booked at an overlapping time."""
    start, end = timezone.localtime(place.starts_at), timezone.localtime(place.ends_at)
    keep = np.ones(rows.size, dtype=bool)
    windows = supply.windows
    with_windows = windows.has(rows)
    if with_windows.any():
        if start.date() != end.date():
            keep &= ~with_windows
        else:
            day, opens, closes = start.weekday(), _seconds(start.time()), _seconds(end.time())
            keep &= ~with_windows | windows.any_where(rows, lambda i: (windows["day"][i] == day)
                                                      & (windows["opens"][i] <= opens) & (windows["closes"][i] >= closes))
    away = supply.away
    if away.has(rows).any():
        begins, ends = start.date().toordinal(), end.date().toordinal()
        keep &= ~away.any_where(rows, lambda i: ((away["first"][i] <= begins) & (begins <= away["last"][i]))
                                | ((away["first"][i] <= ends) & (ends <= away["last"][i])))
    booked = supply.booked
    if booked.has(rows).any():
        starts_at, ends_at = place.starts_at.timestamp(), place.ends_at.timestamp()
        keep &= ~booked.any_where(rows, lambda i: (booked["begins"][i] < ends_at) & (starts_at < booked["ends"][i]))
    return keep


def _not_opted_out(supply: Supply, rows: np.ndarray, place: Place) -> np.ndarray:
    organisations, causes = supply.opted_out_organisations, supply.opted_out_causes
    keep = ~organisations.any_where(rows, lambda i: organisations["id"][i] == place.organisation_id)
    if place.cause_id is not None:
        keep &= ~causes.any_where(rows, lambda i: causes["id"][i] == place.cause_id)
    return keep


def _within_reach(supply: Supply, rows: np.ndarray, distance: np.ndarray, place: Place) -> np.ndarray:
    return distance <= np.minimum(place.radius_km, supply.reach_km[rows])


def _old_enough(supply: Supply, rows: np.ndarray, place: Place, on: datetime.date) -> np.ndarray:
    if not place.minimum_age:
        return np.ones(rows.size, dtype=bool)
    born = supply.born[rows]
    return (born > 0) & (born <= _adult_cutoff(on, place.minimum_age))


def _holds_skills(supply: Supply, rows: np.ndarray, place: Place) -> np.ndarray:
    keep = np.ones(rows.size, dtype=bool)
    for skill in place.skills:
        keep &= supply.holds(skill)[rows]
    return keep


def _cares(supply: Supply, rows: np.ndarray, place: Place) -> np.ndarray:
    if place.cause_id is None or place.cause_id >= supply.causes.shape[1]:
        return np.zeros(rows.size, dtype=bool)
    return supply.carers(place.cause_id)[rows]


# ------------------------------------------------------------------------------------------------ the graph


@dataclass
class Graph:
    places: list[Place]
    supply: Supply
    problem: Problem
    distances: np.ndarray  # per edge, NaN for remote
    cares: np.ndarray  # per edge: the need's cause is one the volunteer cares about
    # How many candidates each place had before the best were kept: a narrow search looks wider for too few.
    found: list[int] = field(default_factory=list)

    @property
    def passport_ids(self) -> np.ndarray:
        return self.supply.ids

    def reasons(self, edge: int) -> dict:
        place = self.places[int(self.problem.edge_shift[edge])]
        row = int(self.problem.edge_volunteer[edge])
        return {"checks": len(place.checks), "offers_30_days": int(self.supply.offers_30_days[row]),
                "cause": bool(self.cares[edge]), "skills": list(place.skills)}


def _wanted(place: Place, limits: scoring.Limits | None = None) -> int:
    limits = limits or scoring.limits()
    return max(limits.min_candidates, limits.candidates_per_place * place.free)


def _pools(places: list[Place], supply: Supply, prune: bool) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """For each place, the nearest volunteers holding its skills within its radius (rows, distance in km).

    Places asking for the same skills share one k-d tree; each is asked for the nearest few times the candidates
    it wants, or for everyone within its radius when `prune` is off (the exact graph the benchmark compares with).
    """
    limits = scoring.limits()
    pools: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    groups: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for index, place in enumerate(places):
        if not place.remote:
            groups[tuple(place.skills)].append(index)
    for skills, members in groups.items():
        holders, tree = supply.tree(skills)
        if tree is None:
            continue
        centres = _unit_vectors(np.array([places[i].latitude for i in members]),
                                np.array([places[i].longitude for i in members]))
        if not prune:
            found = tree.query_ball_point(centres, [_chord(places[i].radius_km) for i in members], workers=-1)
            for i, centre, near in zip(members, centres, found, strict=True):
                rows = holders[np.array(near, dtype=np.int64)]
                chord = np.linalg.norm(supply.xyz()[rows] - centre, axis=1)
                pools[i] = rows, 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, chord / 2))
            continue
        # Asked in bands of similar pool size, so a few large needs do not make every query large.
        sizes = np.array([min(holders.size, POOL_FACTOR * _wanted(places[i], limits)) for i in members])
        for band in np.unique(2 ** np.ceil(np.log2(np.maximum(sizes, 1))).astype(np.int64)):
            chosen = np.flatnonzero(2 ** np.ceil(np.log2(np.maximum(sizes, 1))) == band)
            k = int(min(band, holders.size))
            bound = _chord(max(places[members[j]].radius_km for j in chosen))
            chords, nearest = tree.query(centres[chosen], k=k, distance_upper_bound=bound, workers=-1)
            chords, nearest = chords.reshape(len(chosen), k), nearest.reshape(len(chosen), k)
            for j, chord_row, nearest_row in zip(chosen.tolist(), chords, nearest, strict=True):
                found = nearest_row < holders.size
                pools[members[j]] = (holders[nearest_row[found]],
                                     2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, chord_row[found] / 2)))
    remote = [index for index, place in enumerate(places) if place.remote]
    if remote:
        # Remote needs reach anyone: each looks at its own slice of the best volunteers by their standing score
        # (reliability and fairness), so that many remote needs do not all chase the same few people.
        by_skills: dict[tuple[int, ...], list[int]] = defaultdict(list)
        for index in remote:
            by_skills[tuple(places[index].skills)].append(index)
        for skills, members in by_skills.items():
            holders = supply.holders(skills)
            standing = scoring.scores(
                distance_km=np.full(holders.size, np.nan), reach_km=np.ones(holders.size),
                skill_fit=np.zeros(holders.size), cause=np.zeros(holders.size),
                reliability_=supply.reliability[holders], fairness_=scoring.fairness(supply.offers_30_days[holders]))
            ranked = holders[np.argsort(-standing, kind="stable")]
            offset = 0
            for index in members:
                size = ranked.size if not prune else min(ranked.size, POOL_FACTOR * _wanted(places[index], limits))
                take = np.take(ranked, np.arange(offset, offset + size), mode="wrap") if ranked.size else ranked
                rows = np.unique(take)
                pools[index] = rows, np.full(rows.size, np.nan)
                offset = (offset + size) % max(ranked.size, 1)
    return pools


def build_graph(*, places: list[Place], supply: Supply, exclude: set[tuple[int, int]],
                capacity: np.ndarray | None = None, prune: bool = True) -> Graph:
    """Candidate edges for every place under every hard constraint, the best few per place by score."""
    capacity = supply.capacity if capacity is None else capacity
    if capacity is not supply.capacity:
        supply = replace(supply, capacity=capacity, _trees={"xyz": supply.xyz()} if supply.size else {})
    linked: dict[int, list[int]] = _grouped(exclude)
    pools = _pools(places, supply, prune)
    limits, weights = scoring.limits(), scoring.weights()
    edge_volunteer, edge_shift, edge_score, distances, cares_list, found = [], [], [], [], [], []
    for index, place in enumerate(places):
        rows, distance = pools.get(index, (np.zeros(0, dtype=np.int64), np.zeros(0)))
        on = timezone.localtime(place.starts_at).date()
        if rows.size and not place.remote:
            keep = _within_reach(supply, rows, distance, place)
            rows, distance = rows[keep], distance[keep]
        if rows.size:
            keep = _old_enough(supply, rows, place, on)
            if place.shift_id in linked:
                keep &= ~np.isin(supply.ids[rows], linked[place.shift_id])
            rows, distance = rows[keep], distance[keep]
        if rows.size:
            keep = _meets_checks(supply, rows, place, on) & _not_opted_out(supply, rows, place)
            keep &= _free_at(supply, rows, place)
            rows, distance = rows[keep], distance[keep]
        wanted = _wanted(place, limits)
        found.append(int(rows.size))
        if not rows.size:
            continue
        cares = _cares(supply, rows, place)
        score = scoring.scores(
            distance_km=distance, reach_km=np.full(rows.size, place.radius_km),
            skill_fit=np.full(rows.size, 1.0 if place.skills else 0.5), cause=cares.astype(float),
            reliability_=supply.reliability[rows], fairness_=scoring.fairness(supply.offers_30_days[rows]),
            weighting=weights,
        )
        best = np.argsort(-score, kind="stable")
        if prune:
            best = best[:wanted]
        edge_volunteer.append(rows[best])
        edge_shift.append(np.full(best.size, index, dtype=np.int64))
        edge_score.append(score[best])
        distances.append(distance[best])
        cares_list.append(cares[best])

    def joined(parts, dtype):
        return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)

    problem = Problem(
        volunteer_capacity=capacity, shift_places=np.array([p.free for p in places], dtype=np.int64),
        edge_volunteer=joined(edge_volunteer, np.int64), edge_shift=joined(edge_shift, np.int64),
        edge_score=joined(edge_score, np.int64),
    )
    return Graph(places=places, supply=supply, problem=problem, distances=joined(distances, np.float64),
                 cares=joined(cares_list, bool), found=found)


def already_linked(places: list[Place]) -> set[tuple[int, int]]:
    """(shift, passport) pairs never to offer: offered before, or already applied or booked."""
    shift_ids = [place.shift_id for place in places]
    if len(shift_ids) > ID_LIST_LIMIT:
        # Too many ids for a list: every place's shift starts after the earliest of them, so past shifts' offers
        # and bookings (most of the tables, on a platform that has run for a while) are never read.
        earliest = min(place.starts_at for place in places)
        offers = Offer.objects.filter(shift__starts_at__gte=earliest)
        bookings = Booking.objects.filter(shift__starts_at__gte=earliest)
    else:
        offers, bookings = Offer.objects.filter(shift_id__in=shift_ids), Booking.objects.filter(shift_id__in=shift_ids)
    wanted = set(shift_ids)
    pairs = {pair for pair in offers.values_list("shift_id", "passport_id") if pair[0] in wanted}
    pairs |= {pair for pair in bookings.values_list("shift_id", "passport_id") if pair[0] in wanted}
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
        reasons = graph.reasons(edge)
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


def _enough(place: Place) -> int:
    """Candidates enough for a few places offered at once: several for each, short of what the batch keeps."""
    return min(_wanted(place), 3 * place.free + 2)


def _graph_widening(*, places: list[Place], now: datetime.datetime,
                    passport_ids) -> tuple[Supply, Graph, datetime.timedelta]:
    """For a few places (a need just published, a place just freed): look near first and wider only if too few
    were found, so a need in a city reads a few thousand volunteers, not hundreds of thousands. Returns the
    supply, the graph and the time spent loading."""
    widest = max(place.radius_km for place in places)
    radius = min(widest, 1.0)
    loading = datetime.timedelta()
    while True:
        box = box_around(places, radius)
        started = datetime.datetime.now()
        supply = load_supply(now=now, scope=scope_for(places, box=box, passport_ids=passport_ids))
        loading += datetime.datetime.now() - started
        graph = build_graph(places=places, supply=supply, exclude=already_linked(places))
        if radius >= widest or all(found >= _enough(place) for place, found in zip(places, graph.found, strict=True)):
            return supply, graph, loading
        # Candidates grow with the area searched: aim at the radius that should hold enough, a little beyond, so a
        # need asking for rare skills in a city does not search ever wider boxes one after another.
        shortfall = max(_enough(place) / max(found, 0.5) for place, found in zip(places, graph.found, strict=True))
        radius = min(widest, radius * min(4.0, max(1.5, 1.2 * math.sqrt(shortfall))))


def run_matching(*, run: MatchingRun, need_ids=None, shift_ids=None, passport_ids=None,
                 region: Region | None = None, regions: list[Region] | None = None,
                 now: datetime.datetime | None = None) -> dict:
    """Match the places in scope and write the offers; returns the run's figures."""
    from ..services.offers import offers_make

    now = now or timezone.now()
    clock = datetime.datetime.now
    started = clock()
    places = load_places(now=now, need_ids=need_ids, shift_ids=shift_ids, region=region)
    if not places:
        return {"places": 0, "volunteers": 0, "edges": 0, "offers": 0}
    narrow = (need_ids is not None or shift_ids is not None) and not any(place.remote for place in places)
    if narrow:
        placed = clock()
        supply, graph, loading = _graph_widening(places=places, now=now, passport_ids=passport_ids)
        built = clock()
        loaded = placed + loading
    else:
        # Volunteers within reach of the region's own located places (tighter than its rectangle and margin);
        # its remote needs draw on them too, rather than on every volunteer in the country.
        located = [place for place in places if not place.remote]
        box = box_around(located) if region is not None and located else None
        supply = load_supply(now=now, places=places, box=box, passport_ids=passport_ids)
        loaded = clock()
        if not supply.size:
            return {"places": len(places), "volunteers": 0, "edges": 0, "offers": 0}
        capacity = (capacity_share(supply=supply, regions=regions, region=region)
                    if region is not None and regions and len(regions) > 1 else None)
        graph = build_graph(places=places, supply=supply, exclude=already_linked(places), capacity=capacity)
        built = clock()
    offers = chosen_offers(graph)
    solved = clock()
    made = offers_make(run=run, offers=offers, now=now)
    return {
        "places": len(places), "open_places": int(graph.problem.shift_places.sum()),
        "volunteers": supply.size, "edges": graph.problem.edges, "offers": made,
        "total_score": sum(offer["score"] for offer in offers),
        "seconds": {"load": (loaded - started).total_seconds(), "graph": (built - loaded).total_seconds(),
                    "solve": (solved - built).total_seconds(), "write": (clock() - solved).total_seconds()},
    }


# What stops a place being matched, in the order the constraints are applied; the first that leaves nobody is why.
BLOCKERS = ("reach", "skills", "age", "checks", "time")


def diagnose(place: Place, supply: Supply, *, on: datetime.date | None = None) -> dict[str, int]:
    """How many willing volunteers remain after each hard constraint, for a place nobody could be offered."""
    on = on or timezone.localtime(place.starts_at).date()
    rows = np.arange(supply.size)
    counts = {}
    if not place.remote:
        distance = _haversine_km(place.latitude, place.longitude, supply.latitude, supply.longitude)
        rows = rows[_within_reach(supply, rows, distance, place)]
    counts["reach"] = int(rows.size)
    rows = rows[_holds_skills(supply, rows, place)]
    counts["skills"] = int(rows.size)
    rows = rows[_old_enough(supply, rows, place, on)]
    counts["age"] = int(rows.size)
    rows = rows[_meets_checks(supply, rows, place, on)]
    counts["checks"] = int(rows.size)
    counts["time"] = int(_free_at(supply, rows, place).sum())
    return counts
