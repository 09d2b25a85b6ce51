"""Benchmark: a national data set for matching (1,000,000 passports, 20,000 open needs) and matching's timings on it.

    # 1. the data set (PostgreSQL: COPY; the database name must contain "bench"; it is dropped and re-created)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/covenant_matching_bench python bench/matching_national.py generate
    python bench/matching_national.py generate --scale 0.01     # a hundredth of every count, embedded SQLite
    # 2. incremental matching of one newly published need, 50 times: median, p95 and max of the call
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/covenant_matching_bench python bench/matching_national.py incremental
    # 3. the national batch once, in-process: seconds in each phase and peak memory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/covenant_matching_bench python bench/matching_national.py batch

Without DATABASE_URL a throwaway SQLite file under the system's temporary folder is used. `incremental` and
`batch` leave the data set as they found it: they delete the needs they create and the offers, messages and runs
that matching made (`batch --keep` leaves the batch's offers in place).

What is timed: `incremental` publishes each need through the ORM (a verified organisation's, at a postcode near
a town's centre, one shift of 1 to 5 places) and times only the call matching_need_run(need_id=...) in this
process: loading, the candidate graph, the solve, writing the offers and their messages, and the commit; two
warm-up runs are left out (--warmup). `batch` times matching_batch_run(), the whole country as one run in this
process, and prints the run's figures and the peak memory (ru_maxrss). In both, Celery tasks that the run
queues (delivering messages, telling a batch's volunteers in parts) are counted instead of run: a worker would
run them after the measured call.

The data set at full size (`--scale` multiplies every count):
- 1,000,000 people with a Volunteer Passport: 85% live in 40 UK towns and cities in proportion to their
  population, spread around each centre (bench/search_needs.py), and 15% in the countryside between
  neighbouring towns, so that sparse areas exist. Ages 16 to 85 (3% give no date of birth); they travel 3 to
  40 km (most 5 to 10); 4% want no offers and 10% hear of offers in a daily digest.
- 0 to 4 skills each (30% none), some skills far more common than others; 40% name one to three causes.
- 30% hold a verified DBS check (basic to enhanced with barred lists): of those, 14% past their expiry date and
  14% expiring within the matching horizon; 5% more hold one not verified. 15% hold a verified identity check,
  10% a verified qualification (first aid, food hygiene, driving licence), 5% verified training.
- 20% give weekly availability windows, 2% are away for a few days soon, 1% opted out of a cause and 0.3% of
  an organisation.
- 2,000 verified organisations and 20,000 published needs: 8% remote, 10% in the countryside, the rest in the
  towns in proportion to population; a radius of 5 to 40 km; about half need no skill, most others one common
  skill, a few two; 25% require a DBS check (some at enhanced level for a workforce or with a barred list),
  a few a qualification or an identity check; 25% have a minimum age of 18 and 5% of 16.
- Each need has 1 to 4 shifts between tomorrow and three weeks ahead (inside the horizon), with 1 to 50 places
  (most 1 to 6, a few over 20). A quarter of the shifts already have some places booked, and a third of the
  needs had a shift in the last two months whose bookings were attended, cancelled or missed, so that
  reliability differs between volunteers.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import math
import os
import random
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.search_needs import (  # noqa: E402
    FIRST_NAMES,
    NEED_TITLES,
    TOWNS,
    UNIT_LETTERS,
    Loader,
    analyse,
    database_url,
    make_postcodes,
    percentile,
    recreate_database,
    reset_sequences,
    setup_django,
    town_weights,
)

SQLITE_PATH = Path(tempfile.gettempdir()) / "covenant_matching_bench.sqlite3"

PASSPORTS = 1_000_000
NEEDS = 20_000
ORGANISATIONS = 2_000
COUNTRYSIDE_SHARE = 0.15
COUNTRYSIDE_POSTCODES = 25_000
NEED_COUNTRYSIDE_SHARE = 0.10
REMOTE_SHARE = 0.08
# (value, weight): the skewed mixes of the data set.
TRAVEL_KM = ((3, 10), (5, 25), (8, 25), (10, 12), (15, 12), (20, 8), (25, 4), (30, 2), (40, 2))
RADIUS_KM = ((5, 15), (10, 30), (15, 20), (20, 15), (25, 10), (30, 5), (40, 5))
PASSPORT_SKILLS = ((0, 30), (1, 30), (2, 22), (3, 12), (4, 6))
NEED_SKILLS = ((0, 50), (1, 42), (2, 8))
SHIFTS_PER_NEED = ((1, 55), (2, 25), (3, 12), (4, 8))
# (fewest, most, weight) places on each of a need's shifts: most small, a few large.
PLACES = ((1, 1, 22), (2, 3, 30), (4, 6, 20), (7, 10, 13), (11, 20, 9), (21, 50, 6))
# (youngest, oldest, weight): students and the recently retired volunteer most.
AGES = ((16, 24, 18), (25, 39, 24), (40, 54, 20), (55, 69, 26), (70, 85, 12))
# Local start hour and possible lengths in hours; availability windows are drawn to cover some of these.
SHIFT_TIMES = ((9, (3, 4)), (10, (2, 3, 4)), (13, (2, 3, 4)), (14, (2, 3)), (18, (2, 3)))
WINDOWS = (((9, 0), (13, 0)), ((9, 0), (17, 0)), ((13, 0), (17, 0)), ((17, 0), (21, 0)), ((10, 0), (16, 0)))
LAST_SHIFT_DAY = 21


@dataclass
class Catalogue:
    """Skills from the most to the least common, and the causes; what needs and passports draw from."""

    skills: list[int]
    causes: list[int]

    def __post_init__(self):
        # Zipf-like: volunteers' skills are skewed; needs ask for the common ones more steeply still.
        # Cumulative, as random.choices takes them without summing again at every draw.
        self.held_weights = list(itertools.accumulate(1 / (rank + 1) ** 1.1 for rank in range(len(self.skills))))
        self.needed_weights = list(itertools.accumulate(1 / (rank + 1) ** 1.5 for rank in range(len(self.skills))))


def weighted(rng: random.Random, table):
    """One value of a (value, weight) table."""
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


def some_places(rng: random.Random) -> int:
    fewest, most, _weight = rng.choices(PLACES, [row[2] for row in PLACES])[0]
    return rng.randint(fewest, most)


def distinct(rng: random.Random, values: list[int], cumulative: list[float], count: int) -> list[int]:
    """`count` different values drawn by (cumulative) weight; fewer if the draws keep repeating."""
    chosen: set[int] = set()
    for _ in range(count * 4):
        if len(chosen) == count:
            break
        chosen.add(rng.choices(values, cum_weights=cumulative)[0])
    return sorted(chosen)


def need_requirements(rng: random.Random, catalogue: Catalogue, activity: str) -> dict:
    """What a need asks of volunteers: skills, checks (as NeedCheck fields), minimum age, radius and cause."""
    from volunteers.models import (
        ActivityType,
        BarredLists,
        CredentialKind,
        DBSLevel,
        QualificationType,
        Workforce,
    )

    checks = []
    draw = rng.random()
    if draw < 0.25:
        level = weighted(rng, ((DBSLevel.BASIC, 30), (DBSLevel.STANDARD, 15), (DBSLevel.ENHANCED, 40),
                               (DBSLevel.ENHANCED_BARRED, 15)))
        lists = workforce = ""
        if level == DBSLevel.ENHANCED:
            workforce = weighted(rng, ((Workforce.CHILD, 40), (Workforce.ADULT, 40), ("", 20)))
        elif level == DBSLevel.ENHANCED_BARRED:
            lists, workforce = rng.choice(((BarredLists.CHILDREN, Workforce.CHILD),
                                           (BarredLists.ADULTS, Workforce.ADULT)))
        checks.append({"kind": CredentialKind.DBS, "dbs_level": level, "dbs_barred_lists": lists,
                       "dbs_workforce": workforce})
    if rng.random() < 0.04:
        qualification = (QualificationType.DRIVING_LICENCE if activity == ActivityType.DRIVING
                         else weighted(rng, ((QualificationType.FIRST_AID, 60), (QualificationType.FOOD_HYGIENE, 40))))
        checks.append({"kind": CredentialKind.QUALIFICATION, "qualification_type": qualification})
    if rng.random() < 0.03:
        checks.append({"kind": CredentialKind.IDENTITY})
    age = rng.random()
    return {
        "skills": distinct(rng, catalogue.skills, catalogue.needed_weights, weighted(rng, NEED_SKILLS)),
        "checks": checks,
        "minimum_age": 18 if age < 0.25 else 16 if age < 0.30 else None,
        "radius_km": weighted(rng, RADIUS_KM),
        "cause": rng.choice(catalogue.causes) if catalogue.causes and rng.random() < 0.95 else None,
    }


def shift_times(rng: random.Random, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    from django.utils import timezone

    hour, lengths = rng.choice(SHIFT_TIMES)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return starts, starts + datetime.timedelta(hours=rng.choice(lengths))


# ------------------------------------------------------------------ geography

def countryside_postcodes(rng: random.Random, count: int, taken: set[str]):
    """Postcodes between neighbouring towns (or around a town with none near), as (postcode, outward code,
    latitude, longitude, group): the group is len(TOWNS), the countryside."""
    weights = [math.sqrt(town[4]) for town in TOWNS]  # the commuter belts of big cities are bigger, not denser

    def km(a, b) -> float:
        return math.hypot((a[2] - b[2]) * 111.2, (a[3] - b[3]) * 111.2 * math.cos(math.radians(a[2])))

    neighbours = [sorted((other for other in TOWNS if other is not town),
                         key=lambda other, town=town: km(town, other))[:4] for town in TOWNS]
    postcodes = []
    while len(postcodes) < count:
        index = rng.choices(range(len(TOWNS)), weights)[0]
        town = TOWNS[index]
        other = rng.choice(neighbours[index])
        if km(town, other) < 150:
            along = rng.uniform(0.15, 0.85)
            lat = town[2] + along * (other[2] - town[2]) + rng.gauss(0, 12 / 111.2)
            lon = town[3] + along * (other[3] - town[3]) + rng.gauss(0, 12 / (111.2 * math.cos(math.radians(lat))))
        else:  # across the sea (Belfast) or far (Inverness): the land around the town instead
            bearing, distance = rng.uniform(0, 2 * math.pi), rng.uniform(15, 45)
            lat = town[2] + distance * math.cos(bearing) / 111.2
            lon = town[3] + distance * math.sin(bearing) / (111.2 * math.cos(math.radians(town[2])))
        # Rural districts of the town's postcode area, numbered after its urban ones.
        district = rng.randint(60, 99)
        code = f"{town[1]}{district} {rng.randint(0, 9)}{rng.choice(UNIT_LETTERS)}{rng.choice(UNIT_LETTERS)}"
        if code in taken:
            continue
        taken.add(code)
        postcodes.append((code, f"{town[1]}{district}", round(lat, 6), round(lon, 6), len(TOWNS)))
    return postcodes


# ------------------------------------------------------------------ the data set

def fill(*, scale: float, seed: int, log=print) -> dict[str, int]:
    """Write the data set into the current (empty, migrated, taxonomies loaded) database; returns rows a table."""
    from django.db import connection, transaction
    from django.utils import timezone

    from covenant.accounts.models import User
    from covenant.organisations.models import Organisation, OrganisationType, VerificationStatus
    from covenant.places.models import Postcode
    from volunteers.matching.scoring import limits
    from volunteers.models import (
        ActivityType,
        AvailabilityException,
        AvailabilityWindow,
        BarredLists,
        Booking,
        BookingStatus,
        Cause,
        Credential,
        CredentialKind,
        CredentialStatus,
        DBSLevel,
        LocationKind,
        Need,
        NeedCheck,
        NeedStatus,
        Passport,
        PassportSkill,
        QualificationType,
        Shift,
        Skill,
        Workforce,
    )
    from volunteers.services.locations import passports_locate_all
    from volunteers.services.search_index import need_skill_places_rebuild

    if User.objects.exists() or Need.objects.exists():
        raise SystemExit("The database already holds people or needs: the generator fills an empty one.")
    rng = random.Random(seed)
    people_total = max(1, int(PASSPORTS * scale))
    needs_total = max(1, int(NEEDS * scale))
    organisations_total = max(5, int(ORGANISATIONS * scale))
    now = timezone.now()
    today = timezone.localdate()
    last_day = max(1, min(LAST_SHIFT_DAY, limits().horizon_days - 1))
    skill_ids = list(Skill.objects.filter(active=True).order_by("pk").values_list("pk", flat=True))
    rng.shuffle(skill_ids)
    catalogue = Catalogue(skills=skill_ids, causes=list(Cause.objects.filter(active=True).values_list("pk", flat=True)))
    loader = Loader(connection)
    counts: dict[str, int] = {}

    def step(name, function):
        start = time.perf_counter()
        with transaction.atomic():
            rows = function()
        counts[name] = rows
        log(f"  {name}: {rows:,} rows in {time.perf_counter() - start:.1f} s")

    # Geography: postcodes around the towns, and fewer, emptier ones between them.
    start = time.perf_counter()
    town_postcodes = make_postcodes(rng, per_thousand=max(0.5, 6 * scale))
    rural = countryside_postcodes(rng, max(40, int(COUNTRYSIDE_POSTCODES * scale)), {p[0] for p in town_postcodes})
    groups: list[list[tuple]] = [[] for _ in range(len(TOWNS) + 1)]  # the last group is the countryside
    for row in town_postcodes + rural:
        groups[row[4]].append(row)
    group_weights = [w * (1 - COUNTRYSIDE_SHARE) for w in town_weights()] + [COUNTRYSIDE_SHARE]
    log(f"  places drawn in {time.perf_counter() - start:.1f} s")
    step("postcodes", lambda: loader.load(
        Postcode, ["postcode", "outward_code", "latitude", "longitude"], (p[:4] for p in town_postcodes + rural)))

    # Where everyone lives: a group (town or countryside), then a postcode in it.
    home_group = rng.choices(range(len(groups)), group_weights, k=people_total)
    homes = [rng.choice(groups[g])[0] for g in home_group]
    living_in: list[list[int]] = [[] for _ in groups]
    for number, group in enumerate(home_group, start=1):
        living_in[group].append(number)
    password = "!bench-no-password"  # an unusable password: nobody signs in as these people

    def birth() -> datetime.date | None:
        if rng.random() < 0.03:
            return None
        youngest, oldest, _weight = rng.choices(AGES, [a[2] for a in AGES])[0]
        return today - datetime.timedelta(days=rng.randint(int(youngest * 365.25) + 1, int((oldest + 1) * 365.25) - 1))

    def users():
        for n in range(1, people_total + 1):
            yield (n, f"person{n}@bench.example", password, f"{FIRST_NAMES[n % len(FIRST_NAMES)]} Bench{n}",
                   homes[n - 1], birth(), now)
        for n in range(people_total + 1, people_total + organisations_total + 1):
            yield (n, f"coordinator{n}@bench.example", password, f"Coordinator Bench{n}", "", None, now)

    step("people", lambda: loader.load(
        User, ["id", "email", "password", "full_name", "postcode", "date_of_birth", "date_joined"], users()))
    travel = [row[0] for row in TRAVEL_KM], [row[1] for row in TRAVEL_KM]
    step("passports", lambda: loader.load(
        Passport, ["id", "holder_id", "max_travel_km", "offers_wanted", "offers_daily_digest", "created_at",
                   "updated_at"],
        ((n, n, rng.choices(*travel)[0], rng.random() >= 0.04, rng.random() < 0.10, now, now)
         for n in range(1, people_total + 1))))

    def passport_skills():
        counts_, weights_ = zip(*PASSPORT_SKILLS, strict=True)
        for n in range(1, people_total + 1):
            for skill in distinct(rng, catalogue.skills, catalogue.held_weights, rng.choices(counts_, weights_)[0]):
                yield (n, skill, rng.choices((1, 2, 3, 4), (20, 45, 25, 10))[0])

    step("passport skills", lambda: loader.load(PassportSkill, ["passport_id", "skill_id", "level"], passport_skills()))
    step("passport causes", lambda: loader.load(
        Passport.causes.through, ["passport_id", "cause_id"],
        ((n, cause) for n in range(1, people_total + 1) if rng.random() < 0.40
         for cause in rng.sample(catalogue.causes, rng.randint(1, 3)))))

    def dbs(n: int, status: str, expires: datetime.date | None):
        level = weighted(rng, ((DBSLevel.BASIC, 20), (DBSLevel.STANDARD, 15), (DBSLevel.ENHANCED, 45),
                               (DBSLevel.ENHANCED_BARRED, 20)))
        lists = workforce = ""
        if level == DBSLevel.ENHANCED:
            workforce = weighted(rng, ((Workforce.CHILD_AND_ADULT, 50), (Workforce.CHILD, 25), (Workforce.ADULT, 25)))
        elif level == DBSLevel.ENHANCED_BARRED:
            lists, workforce = rng.choice(((BarredLists.BOTH, Workforce.CHILD_AND_ADULT),
                                           (BarredLists.BOTH, Workforce.CHILD_AND_ADULT),
                                           (BarredLists.CHILDREN, Workforce.CHILD),
                                           (BarredLists.ADULTS, Workforce.ADULT)))
        issued = min(today - datetime.timedelta(days=rng.randint(10, 400)),
                     (expires or today) - datetime.timedelta(days=3 * 365))
        verified = now - datetime.timedelta(days=rng.randint(1, 300)) if status == CredentialStatus.VERIFIED else None
        return (n, CredentialKind.DBS, "DBS certificate", "Disclosure and Barring Service", issued, expires, status,
                level, lists, workforce, expires is None, "", verified, now)

    def credentials():
        for n in range(1, people_total + 1):
            draw = rng.random()
            if draw < 0.30:
                fate = rng.random()
                if fate < 0.14:  # past its expiry date: eligibility must see that, whatever the status says
                    expires = today - datetime.timedelta(days=rng.randint(1, 400))
                elif fate < 0.28:  # runs out on some shifts' dates and not on others'
                    expires = today + datetime.timedelta(days=rng.randint(0, last_day + 6))
                elif fate < 0.40:  # on the DBS Update Service: no renewal date
                    expires = None
                else:
                    expires = today + datetime.timedelta(days=rng.randint(60, 1000))
                yield dbs(n, CredentialStatus.VERIFIED, expires)
            elif draw < 0.35:
                status = CredentialStatus.EXPIRED if rng.random() < 0.2 else CredentialStatus.SELF_DECLARED
                yield dbs(n, status, today + datetime.timedelta(days=rng.randint(-200, 800)))
            if rng.random() < 0.15:
                issued = today - datetime.timedelta(days=rng.randint(1, 900))
                yield (n, CredentialKind.IDENTITY, "Identity check", "", issued, None, CredentialStatus.VERIFIED, "", "",
                       "", False, "", now, now)
            if rng.random() < 0.10:
                kind = weighted(rng, ((QualificationType.FIRST_AID, 45), (QualificationType.FOOD_HYGIENE, 30),
                                      (QualificationType.DRIVING_LICENCE, 25)))
                issued = today - datetime.timedelta(days=rng.randint(1, 1000))
                lasts = None if kind == QualificationType.DRIVING_LICENCE else datetime.timedelta(days=3 * 365)
                expires = issued + lasts if lasts else None
                yield (n, CredentialKind.QUALIFICATION, str(kind.label), "", issued, expires, CredentialStatus.VERIFIED,
                       "", "", "", False, kind, now, now)
            if rng.random() < 0.05:
                issued = today - datetime.timedelta(days=rng.randint(1, 700))
                yield (n, CredentialKind.TRAINING, rng.choice(("Safeguarding adults", "Safeguarding children",
                                                               "Manual handling")), "", issued,
                       issued + datetime.timedelta(days=2 * 365), CredentialStatus.VERIFIED, "", "", "", False, "",
                       now, now)

    step("credentials", lambda: loader.load(
        Credential, ["passport_id", "kind", "title", "provider", "issued_on", "expires_on", "status", "dbs_level",
                     "dbs_barred_lists", "dbs_workforce", "update_service_subscribed", "qualification_type",
                     "verified_at", "created_at"], credentials()))

    def windows():
        for n in range(1, people_total + 1):
            if rng.random() < 0.20:
                for day in rng.sample(range(7), rng.choices((1, 2, 3, 4), (30, 35, 20, 15))[0]):
                    opens, closes = rng.choice(WINDOWS)
                    yield (n, day, datetime.time(*opens), datetime.time(*closes))

    step("availability windows", lambda: loader.load(
        AvailabilityWindow, ["passport_id", "weekday", "starts_at", "ends_at"], windows()))

    def away():
        for n in range(1, people_total + 1):
            if rng.random() < 0.02:
                starts = today + datetime.timedelta(days=rng.randint(-5, last_day))
                yield (n, starts, starts + datetime.timedelta(days=rng.randint(2, 14)), "Holiday")

    step("away", lambda: loader.load(AvailabilityException, ["passport_id", "starts_on", "ends_on", "reason"], away()))

    def organisations():
        for n in range(1, organisations_total + 1):
            place = rng.choice(groups[rng.choices(range(len(TOWNS)), town_weights())[0]])
            town = TOWNS[place[4]][0]
            yield (n, OrganisationType.REGISTERED_CHARITY, f"{town} Volunteer Network {n}", str(1_200_000 + n),
                   f"GB-CHC-{1_200_000 + n}", f"hello{n}@network.bench.example", place[0],
                   "Brings volunteers to local charities.", VerificationStatus.VERIFIED, people_total + n, now, now)

    step("organisations", lambda: loader.load(
        Organisation, ["id", "type", "name", "charity_number", "org_id", "contact_email", "postcode", "description",
                       "verification_status", "created_by_id", "created_at", "updated_at"], organisations()))
    step("opt-outs", lambda: loader.load(
        Passport.opted_out_causes.through, ["passport_id", "cause_id"],
        ((n, cause) for n in range(1, people_total + 1) if rng.random() < 0.01
         for cause in rng.sample(catalogue.causes, rng.randint(1, 2)))))
    step("organisation opt-outs", lambda: loader.load(
        Passport.opted_out_organisations.through, ["passport_id", "organisation_id"],
        ((n, rng.randint(1, organisations_total)) for n in range(1, people_total + 1) if rng.random() < 0.003)))

    # Needs, drawn whole first: their checks, skills, shifts and bookings are loaded from the same draws.
    start = time.perf_counter()
    activities = [choice.value for choice in ActivityType]
    needs, need_skills, need_checks, shifts, bookings = [], [], [], [], []
    shift_id = 0
    for n in range(1, needs_total + 1):
        activity = rng.choice(activities)
        wants = need_requirements(rng, catalogue, activity)
        organisation = rng.randint(1, organisations_total)
        remote = rng.random() < REMOTE_SHARE
        group = (len(TOWNS) if rng.random() < NEED_COUNTRYSIDE_SHARE
                 else rng.choices(range(len(TOWNS)), town_weights())[0])
        place = rng.choice(groups[group])
        needs.append((n, organisation, f"{rng.choice(NEED_TITLES)} {n}",
                      "Help a local charity with what it needs this season.", wants["cause"], activity,
                      LocationKind.REMOTE if remote else LocationKind.POSTCODE, "" if remote else place[0],
                      None if remote else place[2], None if remote else place[3], wants["radius_km"],
                      wants["minimum_age"], NeedStatus.PUBLISHED, people_total + organisation, now, now,
                      now - datetime.timedelta(minutes=n)))
        need_skills.extend((n, skill) for skill in wants["skills"])
        need_checks.extend((n, check["kind"], check.get("dbs_level", ""), check.get("dbs_barred_lists", ""),
                            check.get("dbs_workforce", ""), check.get("qualification_type", ""))
                           for check in wants["checks"])
        places = some_places(rng)
        nearby = living_in[rng.choices(range(len(groups)), group_weights)[0] if remote else group]
        if rng.random() < 0.35 and nearby:
            # A shift in the last two months: who turned up, cancelled or did not come, for reliability.
            shift_id += 1
            starts, ends = shift_times(rng, today - datetime.timedelta(days=rng.randint(3, 60)))
            shifts.append((shift_id, n, starts, ends, places, now))
            for passport in rng.sample(nearby, min(len(nearby), max(1, round(places * rng.uniform(0.5, 1))))):
                status = weighted(rng, ((BookingStatus.ATTENDED, 85), (BookingStatus.CANCELLED, 8),
                                        (BookingStatus.NO_SHOW, 7)))
                bookings.append((shift_id, passport, status, starts - datetime.timedelta(days=7), starts,
                                 ends if status == BookingStatus.ATTENDED else None,
                                 starts - datetime.timedelta(days=1) if status == BookingStatus.CANCELLED else None))
        for day in rng.sample(range(1, last_day + 1), min(last_day, weighted(rng, SHIFTS_PER_NEED))):
            shift_id += 1
            starts, ends = shift_times(rng, today + datetime.timedelta(days=day))
            shifts.append((shift_id, n, starts, ends, places, now))
            if rng.random() < 0.25 and nearby:
                for passport in rng.sample(nearby, min(len(nearby), rng.randint(1, max(1, places // 2)))):
                    status = BookingStatus.ACCEPTED if rng.random() < 0.8 else BookingStatus.APPLIED
                    bookings.append((shift_id, passport, status, now - datetime.timedelta(days=rng.randint(1, 10)),
                                     now if status == BookingStatus.ACCEPTED else None, None, None))

    log(f"  needs, shifts and bookings drawn in {time.perf_counter() - start:.1f} s")
    step("needs", lambda: loader.load(
        Need, ["id", "organisation_id", "title", "description", "cause_id", "activity_type", "location_kind",
               "postcode", "latitude", "longitude", "radius_km", "minimum_age", "status", "created_by_id",
               "created_at", "updated_at", "published_at"], needs))
    step("need skills", lambda: loader.load(Need.skills.through, ["need_id", "skill_id"], need_skills))
    step("need checks", lambda: loader.load(
        NeedCheck, ["need_id", "kind", "dbs_level", "dbs_barred_lists", "dbs_workforce", "qualification_type"],
        need_checks))
    step("shifts", lambda: loader.load(
        Shift, ["id", "need_id", "starts_at", "ends_at", "places", "created_at"], shifts))
    step("bookings", lambda: loader.load(
        Booking, ["shift_id", "passport_id", "status", "applied_at", "decided_at", "attended_at", "cancelled_at"],
        bookings))
    # COPY bypasses the signals that keep the needs' skill-and-place search index: built here as a whole, so
    # that search works on this database too (matching itself does not read it).
    step("need skill places", need_skill_places_rebuild)
    # COPY bypasses the receivers that place passports and their skills where their holders live, too.
    step("passport places", passports_locate_all)
    reset_sequences(connection, [User, Passport, Organisation, Need, Shift])
    return counts


def generate(args) -> None:
    url = database_url(SQLITE_PATH)
    recreate_database(url)
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_taxonomies", verbosity=0)
    print(f"Database: {connection.vendor}; migrated and taxonomies loaded in {time.perf_counter() - began:.1f} s")
    counts = fill(scale=args.scale, seed=args.seed)
    print(f"  analysed in {analyse(connection):.1f} s")
    print(f"Generated in {time.perf_counter() - began:.1f} s (scale {args.scale}): {counts['passports']:,} passports, "
          f"{counts['needs']:,} needs, {counts['shifts']:,} shifts.")


# ------------------------------------------------------------------ measuring matching

class QueuedTasks:
    """Stands in for the broker: tasks that matching queues (telling volunteers of offers in parts, delivering
    their messages) are counted, not run, as a worker would run them after the measured call. Messages told
    within a run are still written (their Delivery rows), as in production."""

    def __init__(self):
        from celery.app.task import Task

        self.queued: dict[str, int] = {}
        recorder = self

        def apply_async(task, *args, **kwargs):
            recorder.queued[task.name] = recorder.queued.get(task.name, 0) + 1

        self._original = Task.apply_async
        Task.apply_async = apply_async

    def restore(self) -> None:
        from celery.app.task import Task

        Task.apply_async = self._original

    def __str__(self) -> str:
        return ", ".join(f"{name.rsplit('.', 1)[-1]} {count:,}"
                         for name, count in sorted(self.queued.items())) or "none"


def forget_run(run) -> None:
    """Delete a run's offers, the messages it made for them and the run, so the data set is as it was before."""
    from django.db import transaction
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    from covenant.notifications.models import Delivery, Notification
    from volunteers.models import Offer
    from volunteers.services.offers import OFFER_EVENT

    with transaction.atomic():
        offers = Offer.objects.filter(run=run)
        # offers_make keys each offer's message "<event>:<offer id>".
        keys = offers.annotate(key=Concat(Value(f"{OFFER_EVENT}:"), Cast("pk", CharField()),
                                          output_field=CharField())).values("key")
        deliveries = Delivery.objects.filter(event=OFFER_EVENT, key__in=keys)
        Notification.objects.filter(delivery__in=deliveries).delete()
        deliveries.delete()
        offers.delete()
        run.delete()


def peak_memory_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kibibytes on Linux


def matching_ready() -> None:
    """Django for a measurement: DEBUG off (it would keep every query in memory), and the data set there."""
    import os

    os.environ["DEBUG"] = "false"
    database_url(SQLITE_PATH)
    setup_django()
    import logging

    # Each run logs its figures; this script prints them itself.
    logging.getLogger("volunteers.services.matching").setLevel(logging.WARNING)
    from volunteers.models import Passport

    if not Passport.objects.exists():
        sys.exit("The bench database is empty: run `generate` first.")


class NeedMaker:
    """Publishes needs as a charity would: in a town (chosen by population) at a postcode near its centre, with
    requirements drawn like the data set's and one shift of a few places in the next two weeks."""

    def __init__(self, seed: int):
        import numpy as np
        from django.db.models import Count

        from covenant.organisations.models import Organisation, VerificationStatus
        from covenant.places.models import Postcode
        from volunteers.models import Cause, PassportSkill

        self.rng = random.Random(seed)
        popular = [skill for skill, _n in PassportSkill.objects.values_list("skill").annotate(n=Count("pk"))
                   .order_by("-n", "skill").values_list("skill", "n")]
        self.catalogue = Catalogue(skills=popular, causes=list(Cause.objects.filter(active=True)
                                                               .values_list("pk", flat=True)))
        self.organisations = list(Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED)
                                  .exclude(created_by=None).values_list("pk", "created_by_id"))
        located = Postcode.objects.exclude(latitude=None).values_list("postcode", "latitude", "longitude")
        codes, lats, lons = zip(*located, strict=True)
        lats, lons = np.array(lats), np.array(lons)
        self.near_centre = []
        for _name, _area, lat, lon, population in TOWNS:
            spread_km = 3 + 2.5 * math.sqrt(population / 100)
            close = np.flatnonzero(np.hypot((lats - lat) * 111.2, (lons - lon) * 111.2 * math.cos(math.radians(lat)))
                                   <= spread_km)
            self.near_centre.append([(codes[i], float(lats[i]), float(lons[i])) for i in close] or [("", lat, lon)])

    def publish(self):
        from django.db import transaction
        from django.utils import timezone

        from volunteers.models import ActivityType, LocationKind, Need, NeedCheck, NeedStatus, Shift

        rng = self.rng
        postcode, lat, lon = rng.choice(self.near_centre[rng.choices(range(len(TOWNS)), town_weights())[0]])
        organisation, coordinator = rng.choice(self.organisations)
        activity = rng.choice([choice.value for choice in ActivityType])
        wants = need_requirements(rng, self.catalogue, activity)
        now = timezone.now()
        with transaction.atomic():
            need = Need.objects.create(
                organisation_id=organisation, created_by_id=coordinator, title=f"{rng.choice(NEED_TITLES)} (new)",
                description="Help a local charity this month.", cause_id=wants["cause"], activity_type=activity,
                location_kind=LocationKind.POSTCODE, postcode=postcode, latitude=lat, longitude=lon,
                radius_km=wants["radius_km"], minimum_age=wants["minimum_age"], status=NeedStatus.PUBLISHED,
                published_at=now)
            need.skills.set(wants["skills"])
            NeedCheck.objects.bulk_create([NeedCheck(need=need, **check) for check in wants["checks"]])
            starts, ends = shift_times(rng, timezone.localdate() + datetime.timedelta(days=rng.randint(1, 14)))
            Shift.objects.create(need=need, starts_at=starts, ends_at=ends, places=rng.randint(1, 5))
        return need, wants


def incremental(args) -> None:
    matching_ready()
    from django.db import connection

    from volunteers.models import MatchingRun, Need, Passport
    from volunteers.services.matching import matching_need_run

    tasks = QueuedTasks()
    maker = NeedMaker(args.seed)
    passports = Passport.objects.count()
    print(f"Database: {connection.vendor}, {passports:,} passports, {Need.objects.count():,} needs. Each run: a need "
          "published in a town (one shift, 1 to 5 places), then matching_need_run(need_id=...) timed in-process "
          f"(load, graph, solve, write offers and their messages, commit); {args.warmup} warm-up runs not counted.")
    walls, offers, phases, sizes = [], [], {}, []
    for index in range(args.warmup + args.runs):
        need, wants = maker.publish()
        try:
            started = time.perf_counter()
            run = matching_need_run(need_id=need.pk)
            wall = time.perf_counter() - started
        finally:
            for each in MatchingRun.objects.filter(scope=f"need {need.pk}"):
                forget_run(each)
            need.delete()
        if index < args.warmup:
            continue
        walls.append(wall * 1000)
        offers.append(run.stats.get("offers", 0))
        sizes.append((run.stats.get("volunteers", 0), run.stats.get("edges", 0), len(wants["skills"]),
                      len(wants["checks"])))
        for phase, seconds in run.stats.get("seconds", {}).items():
            phases.setdefault(phase, []).append(seconds * 1000)
        if args.each:
            print(f"  run {index - args.warmup + 1}: {wall * 1000:.0f} ms, "
                  + ", ".join(f"{phase} {seconds * 1000:.0f}"
                              for phase, seconds in run.stats.get("seconds", {}).items())
                  + f"; radius {wants['radius_km']} km, skills {len(wants['skills'])}, checks {len(wants['checks'])}, "
                  f"minimum age {wants['minimum_age']}; volunteers {run.stats.get('volunteers', 0):,}, "
                  f"edges {run.stats.get('edges', 0):,}, offers {run.stats.get('offers', 0)}")
    print(f"Wall time of the call, ms, {len(walls)} runs: median {statistics.median(walls):.0f}, "
          f"p95 {percentile(walls, 0.95):.0f}, max {max(walls):.0f} (target: p95 under 200 ms)")
    if phases:
        print("  median ms by phase: "
              + ", ".join(f"{phase} {statistics.median(ms):.0f}" for phase, ms in phases.items()))
    print(f"  offers a run: median {statistics.median(offers):.0f}, mean {statistics.fmean(offers):.1f}, "
          f"max {max(offers)}; runs with none: {sum(1 for n in offers if not n)}")
    print(f"  volunteers loaded a run: median {statistics.median(s[0] for s in sizes):,.0f}; candidate edges: median "
          f"{statistics.median(s[1] for s in sizes):,.0f}; needs with a skill {sum(1 for s in sizes if s[2])}, "
          f"with a check {sum(1 for s in sizes if s[3])}")
    print(f"  tasks queued, counted and not run: {tasks}. The needs, offers, messages and runs made were deleted.")


def batch(args) -> None:
    """The national batch three ways: in this process as one run (the baseline), then planned into regions run as
    separate tasks by a real Celery worker with 1 and with 2 processes, and the quality of its answer."""
    matching_ready()
    from django.db import connection

    from volunteers.models import MatchingRun
    from volunteers.services.matching import matching_batch_run

    print(f"Database: {connection.vendor}. Memory before: {peak_memory_mib():,.0f} MiB")
    baseline = None
    if not args.skip_in_process:
        tasks = QueuedTasks()
        started = time.perf_counter()
        run = matching_batch_run()
        wall = time.perf_counter() - started
        tasks.restore()
        stats = run.stats
        baseline = {"seconds": wall, "offers": stats.get("offers", 0), "total_score": stats.get("total_score", 0.0)}
        print(f"In-process, one run: {wall:.1f} s wall (commit included; telling volunteers is left to queued "
              "tasks); by phase: " + ", ".join(f"{k} {v:.1f} s" for k, v in stats.get("seconds", {}).items()))
        print("  " + ", ".join(f"{key} {value:,}" if isinstance(value, int) else f"{key} {value:,.1f}"
                               for key, value in stats.items() if key != "seconds"))
        print(f"  peak memory of this process (ru_maxrss): {peak_memory_mib():,.0f} MiB; tasks queued: {tasks}")
        if args.keep:
            print("  offers kept (--keep): the regional runs below find their places held")
        else:
            forget_run(run)
    results = []
    for workers in [int(each) for each in args.workers.split(",") if each.strip()]:
        result = batch_with_workers(workers, redis_url=args.redis_url)
        results.append(result)
        slowest = ", ".join(f"{k} {v:.1f} s" for k, v in result["slowest"].items())
        print(f"Regional batch, worker with {workers} process{'es' if workers > 1 else ''}: {result['seconds']:.1f} s "
              f"from enqueueing to the last region's commit; {result['regions']} regions; {result['offers']:,} "
              f"offers, total score {result['total_score']:,.1f}; solver {result['solve_sum']:.1f} s in all; "
              f"slowest region by phase: {slowest}; peak memory of one worker process {result['peak_mib']:,.0f} MiB")
        for run in MatchingRun.objects.filter(scope__startswith=f"plan {result['plan']},"):
            forget_run(run)
        MatchingRun.objects.filter(pk=result["plan"]).delete()
    if len(results) >= 2:
        print(f"  {results[0]['workers']} → {results[-1]['workers']} processes: "
              f"{results[0]['seconds'] / results[-1]['seconds']:.2f}x faster")
    if baseline and results:
        print(f"  regional total score against the one-run batch: "
              f"{100 * results[-1]['total_score'] / max(baseline['total_score'], 1e-9):.2f}%; offers "
              f"{results[-1]['offers']:,} against {baseline['offers']:,}")
    if not args.skip_quality:
        figures = quality()
        pruned, exact, greedy = figures["pruned"], figures["exact"], figures["greedy"]
        print(f"Quality in region {figures['region']} ({figures['places']:,} shifts, {figures['open_places']:,} "
              f"places, {figures['volunteers']:,} volunteers): pruned graph {pruned['edges']:,} edges against "
              f"{exact['edges']:,} unpruned (exact solve {exact['solve_s']:.1f} s)")
        for name, each in (("pruned, min-cost flow", pruned), ("exact optimum", exact),
                           ("greedy nearest-first", greedy)):
            print(f"  {name}: score {each['score']:,} = {100 * each['score'] / max(exact['score'], 1):.2f}% of the "
                  f"optimum; fill {100 * each['offers'] / max(figures['open_places'], 1):.1f}%; "
                  f"Gini of offers {each['gini']:.3f}")
    print(f"Peak memory of this process: {peak_memory_mib():,.0f} MiB")


def _process_tree(pid: int) -> list[int]:
    """The process and all its descendants (Linux /proc), for adding up the workers' memory."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        queue.extend(int(child) for child in children)
    return found


def _peak_mib(pid: int) -> float:
    """The highest resident memory any one of the worker's processes reached (VmHWM), in MiB."""
    peak = 0
    for each in _process_tree(pid):
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            continue
    return peak / 1024


def batch_with_workers(workers: int, *, redis_url: str, timeout: float = 900.0) -> dict:
    """Enqueue the periodic batch task for a Celery worker with `workers` processes and time it until every
    region of its plan has finished: planning, loading, solving and writing offers, as in production."""
    import redis
    from django.db import connection

    from volunteers.models import MatchingRun, RunStatus

    # The worker has a Redis database of its own (the URL's number), so its default queue is the bench's alone.
    queue = "celery"
    redis.Redis.from_url(redis_url).flushdb()
    env = {**os.environ, "REDIS_URL": redis_url, "DATABASE_CONN_MAX_AGE": "0", "DEBUG": "false",
           "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", "NOTIFY_API_KEY": ""}
    log_path = Path(tempfile.gettempdir()) / f"covenant-bench-worker-{workers}.log"
    command = [str(Path(sys.executable).with_name("celery")), "-A", "covenant", "worker", "--pool=prefork",
               f"--concurrency={workers}", "-Q", queue, "-n", f"bench-{workers}@%h", "--without-gossip",
               "--without-mingle", "--without-heartbeat", "--loglevel=WARNING", "--prefetch-multiplier=1"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        from covenant.celery import app

        app.conf.broker_url = redis_url
        app.conf.task_default_queue = queue
        app.conf.task_always_eager = False
        time.sleep(8)  # the worker imports OR-Tools and SciPy before it listens
        connection.close()
        began = time.perf_counter()
        known = set(MatchingRun.objects.values_list("pk", flat=True))
        app.send_task("volunteers.tasks_matching.matching_batch_task", queue=queue)
        plan = None
        while time.perf_counter() - began < timeout:
            if process.poll() is not None:
                sys.exit(f"The worker stopped; its log is {log_path}")
            if plan is None:
                plan = MatchingRun.objects.exclude(pk__in=known).filter(scope__startswith="national").first()
            if plan is not None:
                regions = MatchingRun.objects.filter(scope__startswith=f"plan {plan.pk},")
                done = regions.exclude(status=RunStatus.RUNNING).count()
                if done >= len(plan.stats.get("regions", [])):
                    break
            time.sleep(0.25)
        else:
            sys.exit(f"The batch did not finish within {timeout:.0f} s; the worker's log is {log_path}")
        seconds = time.perf_counter() - began
        runs = list(MatchingRun.objects.filter(scope__startswith=f"plan {plan.pk},"))
        peak = _peak_mib(process.pid)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        redis.Redis.from_url(redis_url).flushdb()
    failed = [run.scope for run in runs if run.status != RunStatus.FINISHED]
    if failed:
        sys.exit(f"Regions failed: {failed}; the worker's log is {log_path}")
    phases = {phase: max(run.stats.get("seconds", {}).get(phase, 0.0) for run in runs)
              for phase in ("load", "graph", "solve", "write")}
    return {"workers": workers, "seconds": seconds, "regions": len(runs), "plan": plan.pk,
            "offers": sum(run.stats.get("offers", 0) for run in runs),
            "total_score": sum(run.stats.get("total_score", 0.0) for run in runs),
            "solve_sum": sum(run.stats.get("seconds", {}).get("solve", 0.0) for run in runs),
            "slowest": phases, "peak_mib": peak}


def quality() -> dict:
    """The pruned graph's optimum against the exact optimum over every eligible edge, in the region of the plan
    with the fewest places (the exact graph of a city region is too large to solve in memory here), and the
    greedy nearest-first baseline on the same region; its located needs only (remote ones would make the exact
    graph every volunteer times every remote need)."""
    import numpy as np
    from django.utils import timezone

    from volunteers.matching import engine
    from volunteers.matching.solver import gini, solve, solve_greedy
    from volunteers.services.matching import region_count

    now = timezone.now()
    places = engine.load_places(now=now)
    regions = engine.plan_regions(places, region_count())
    located = regions
    counts = {region.index: sum(region.holds(place) and not place.remote for place in places) for region in located}
    region = min(located, key=lambda each: counts[each.index])
    # Located needs only: the exact graph of remote needs is every volunteer times every remote need.
    inside = [place for place in places if region.holds(place) and not place.remote]
    # As the region's run reads them: within reach of its located places, its remote needs drawing on them too.
    supply = engine.load_supply(now=now, places=inside)
    capacity = engine.capacity_share(supply=supply, regions=regions, region=region)
    linked = engine.already_linked(inside)
    figures = {"region": region.index + 1, "places": len(inside), "open_places": sum(p.free for p in inside),
               "volunteers": supply.size}
    for name, prune in (("pruned", True), ("exact", False)):
        started = time.perf_counter()
        graph = engine.build_graph(places=inside, supply=supply, exclude=linked, capacity=capacity, prune=prune)
        built = time.perf_counter()
        solution = solve(graph.problem)
        figures[name] = {"edges": graph.problem.edges, "graph_s": built - started, "solve_s": time.perf_counter() - built,
                         "score": int(solution.total_score), "offers": int(solution.edge_indices.size),
                         "gini": gini(solution.offers_per_volunteer(graph.problem)[capacity > 0])}
        if prune:
            # Greedy on the nearest candidates: the way a dispatcher offering the closest volunteer would.
            nearest = graph.problem
            greedy = solve_greedy(type(nearest)(
                volunteer_capacity=nearest.volunteer_capacity, shift_places=nearest.shift_places,
                edge_volunteer=nearest.edge_volunteer, edge_shift=nearest.edge_shift,
                edge_score=np.rint(1e6 / (1.0 + np.nan_to_num(graph.distances, nan=50.0))).astype(np.int64)))
            chosen = greedy.edge_indices
            figures["greedy"] = {"score": int(nearest.edge_score[chosen].sum()), "offers": int(chosen.size),
                                 "gini": gini(greedy.offers_per_volunteer(nearest)[capacity > 0])}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="drop, re-create and fill the bench database")
    make.add_argument("--scale", type=float, default=1.0,
                      help="fraction of the full size (1.0 = 1,000,000 passports and 20,000 needs)")
    make.add_argument("--seed", type=int, default=1)
    one = commands.add_parser("incremental", help="time matching of newly published needs, one at a time")
    one.add_argument("--runs", type=int, default=50)
    one.add_argument("--warmup", type=int, default=2, help="runs first, not counted (default 2)")
    one.add_argument("--seed", type=int, default=1)
    one.add_argument("--each", action="store_true", help="print every run's figures too")
    whole = commands.add_parser("batch", help="the national batch: in-process in one run, then split into "
                                "regions through a real Celery worker with 1 and 2 processes, and its quality")
    whole.add_argument("--keep", action="store_true", help="leave the in-process batch's offers in the database")
    whole.add_argument("--workers", default="1,2",
                       help="worker process counts to time the regional batch with, comma-separated (default 1,2; "
                            "'' for none)")
    whole.add_argument("--redis-url", default="redis://127.0.0.1:6379/13",
                       help="a Redis database for the worker's queue alone: it is emptied (default %(default)s)")
    whole.add_argument("--skip-in-process", action="store_true", help="leave out the one-run in-process batch")
    whole.add_argument("--skip-quality", action="store_true", help="leave out the quality measure")
    args = parser.parse_args()
    if args.command == "generate" and not 0 < args.scale <= 1:
        parser.error("--scale must be more than 0 and at most 1")
    if args.command == "incremental" and not (1 <= args.runs <= 10_000 and 0 <= args.warmup <= 100):
        parser.error("--runs 1 to 10,000 and --warmup 0 to 100")
    {"generate": generate, "incremental": incremental, "batch": batch}[args.command](args)


if __name__ == "__main__":
    main()
