"""Benchmark: generate a national-size set of volunteer needs and load-test the needs search API against it.

    # 1. the data set (PostgreSQL: COPY; the database name must contain "bench"; it is dropped and re-created)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/covenant_needs_bench python bench/search_needs.py generate
    python bench/search_needs.py generate --scale 0.1          # a tenth of every size, embedded SQLite
    # 2. the load test: gunicorn on loopback, 50 simulated users from a second process, for 60 s
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/covenant_needs_bench python bench/search_needs.py load

Full size: 100,000 published needs with 300,000 shifts from 5,000 organisations, and 1,000,000 people with a
Volunteer Passport. People live in 40 UK towns and cities in proportion to their population, spread around
each centre; needs are placed the same way. Every request asks for needs within 10 miles of one of the
generated postcodes that need a skill:
    GET /api/v1/volunteering/needs/?postcode=<postcode>&within_miles=10&skill=<slug>
Without DATABASE_URL a throwaway SQLite file under the system's temporary folder is used.
"""

import argparse
import datetime
import http.client
import io
import json
import math
import multiprocessing
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlparse

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = Path(tempfile.gettempdir()) / "covenant_needs_bench.sqlite3"
SEARCH_PATH = "/api/v1/volunteering/needs/"

# Town, postcode area, centre (latitude, longitude), population in thousands (built-up area, rounded).
TOWNS = [
    ("London", "E", 51.5072, -0.1276, 8900), ("Birmingham", "B", 52.4862, -1.8904, 1150),
    ("Manchester", "M", 53.4808, -2.2426, 2550), ("Leeds", "LS", 53.8008, -1.5491, 790),
    ("Glasgow", "G", 55.8642, -4.2518, 1000), ("Liverpool", "L", 53.4084, -2.9916, 860),
    ("Newcastle upon Tyne", "NE", 54.9783, -1.6178, 780), ("Sheffield", "S", 53.3811, -1.4701, 690),
    ("Bristol", "BS", 51.4545, -2.5879, 620), ("Nottingham", "NG", 52.9548, -1.1581, 730),
    ("Leicester", "LE", 52.6369, -1.1398, 510), ("Edinburgh", "EH", 55.9533, -3.1883, 500),
    ("Cardiff", "CF", 51.4816, -3.1791, 450), ("Southampton", "SO", 50.9097, -1.4044, 400),
    ("Portsmouth", "PO", 50.8198, -1.0880, 390), ("Brighton", "BN", 50.8225, -0.1372, 370),
    ("Plymouth", "PL", 50.3755, -4.1427, 260), ("Hull", "HU", 53.7676, -0.3274, 290),
    ("Stoke-on-Trent", "ST", 53.0027, -2.1794, 370), ("Coventry", "CV", 52.4068, -1.5197, 360),
    ("Bradford", "BD", 53.7960, -1.7594, 530), ("Belfast", "BT", 54.5973, -5.9301, 340),
    ("Sunderland", "SR", 54.9069, -1.3838, 270), ("Derby", "DE", 52.9225, -1.4746, 260),
    ("Reading", "RG", 51.4543, -0.9781, 320), ("Aberdeen", "AB", 57.1497, -2.0943, 200),
    ("Swansea", "SA", 51.6214, -3.9436, 300), ("Middlesbrough", "TS", 54.5742, -1.2350, 370),
    ("Norwich", "NR", 52.6309, 1.2974, 210), ("Exeter", "EX", 50.7184, -3.5339, 130),
    ("Blackpool", "FY", 53.8175, -3.0357, 240), ("Preston", "PR", 53.7632, -2.7031, 310),
    ("York", "YO", 53.9600, -1.0873, 210), ("Oxford", "OX", 51.7520, -1.2577, 160),
    ("Cambridge", "CB", 52.2053, 0.1218, 150), ("Ipswich", "IP", 52.0567, 1.1482, 180),
    ("Carlisle", "CA", 54.8925, -2.9329, 75), ("Inverness", "IV", 57.4778, -4.2247, 65),
    ("Truro", "TR", 50.2632, -5.0510, 25), ("Lincoln", "LN", 53.2307, -0.5406, 130),
]
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
FIRST_NAMES = ["Aisha", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Harun", "Isla", "Jack", "Kemi", "Liam",
               "Maya", "Noah", "Olivia", "Priya", "Rhys", "Sofia", "Tom", "Zara"]
NEED_TITLES = ["Food bank helper", "Befriender for older people", "Community garden volunteer", "Driver for "
               "hospital visits", "Charity shop assistant", "Youth club helper", "Litter pick leader",
               "Reading helper in a primary school", "Warm space host", "Event steward", "Helpline listener",
               "Tree planting volunteer", "Digital skills helper", "Coastal clean-up volunteer", "Admin helper"]


# ------------------------------------------------------------------ database set-up

def database_url(sqlite_path: Path = SQLITE_PATH) -> str:
    """DATABASE_URL, or a throwaway SQLite file at `sqlite_path`; refused unless the database name says "bench"."""
    url = os.environ.get("DATABASE_URL", "") or f"sqlite:///{sqlite_path}"
    name = urlparse(url).path.lstrip("/")
    if "bench" not in Path(name).name:
        sys.exit(f"Refusing to run: the database name {name!r} must contain 'bench', because it is dropped and "
                 f"re-created. Use, say, {Path(sqlite_path).stem}.")
    os.environ["DATABASE_URL"] = url
    return url


def recreate_database(url: str) -> None:
    if url.startswith("sqlite"):
        # The file named in the URL, as dj-database-url reads it: sqlite:////tmp/x is /tmp/x.
        path = urlparse(url).path[1:]
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
        return
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = psycopg2.connect(host=parsed.hostname, port=parsed.port or 5432, user=parsed.username,
                             password=parsed.password, dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "covenant.settings")
    import django

    django.setup()


# ------------------------------------------------------------------ bulk loading

class Loader:
    """Writes rows of a model in bulk: COPY on PostgreSQL, executemany in large transactions on SQLite.

    Fields the caller does not give take their model default, so the loader follows the models as they change.
    """

    def __init__(self, connection):
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"

    def _columns(self, model, given: list[str]):
        fields = {f.name: f for f in model._meta.concrete_fields}
        fields.update({f.attname: f for f in model._meta.concrete_fields})
        extra = []
        for field in model._meta.concrete_fields:
            if field.attname in given or field.name in given or field.primary_key:
                continue
            if field.has_default():
                value = field.get_default()
            elif field.null:
                value = None
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = datetime.datetime.now(datetime.UTC)
            elif field.blank and field.get_internal_type() in ("CharField", "TextField", "EmailField", "SlugField"):
                value = ""
            else:
                raise SystemExit(f"{model.__name__}.{field.name} has no default: give it to the generator")
            if field.get_internal_type() != "JSONField":
                value = field.get_db_prep_save(value, self.connection)
            extra.append((field, value))
        given_fields = [fields[name] for name in given]
        return given_fields, extra

    @staticmethod
    def _text(value) -> str:
        if value is None:
            return r"\N"
        if isinstance(value, bool):
            return "t" if value else "f"
        if isinstance(value, (datetime.datetime, datetime.date)):
            return value.isoformat()
        if isinstance(value, (list, dict)):
            value = json.dumps(value)
        text = str(value)
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

    def _sqlite(self, value):
        # As Django writes them: aware date-times as naive UTC text, so that SQL comparisons of them hold.
        ops = self.connection.ops
        if isinstance(value, datetime.datetime):
            return ops.adapt_datetimefield_value(value)
        if isinstance(value, datetime.date):
            return ops.adapt_datefield_value(value)
        if isinstance(value, datetime.time):
            return ops.adapt_timefield_value(value)
        if isinstance(value, (list, dict)):
            return json.dumps(value)
        return value

    def load(self, model, given: list[str], rows, *, block: int = 50_000) -> int:
        given_fields, extra = self._columns(model, given)
        columns = [f.column for f in given_fields] + [f.column for f, _ in extra]
        extra_values = [json.dumps(value) if isinstance(value, (list, dict)) else value for _, value in extra]
        table = model._meta.db_table
        count = 0
        cursor = self.connection.cursor()
        if self.postgres:
            raw = cursor.cursor
            extra_text = "".join("\t" + self._text(v) for v in extra_values)
            buffer = io.StringIO()
            sql = f'COPY "{table}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) FROM STDIN'

            def flush():
                buffer.seek(0)
                raw.copy_expert(sql, buffer)
                buffer.seek(0)
                buffer.truncate()

            for row in rows:
                buffer.write("\t".join(self._text(v) for v in row) + extra_text + "\n")
                count += 1
                if count % block == 0:
                    flush()
            flush()
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({placeholders})'
            batch = []
            for row in rows:
                batch.append([self._sqlite(v) for v in row] + extra_values)
                count += 1
                if len(batch) == block:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
        return count


def reset_sequences(connection, models) -> None:
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def analyse(connection) -> float:
    """Refresh the planner's statistics after a bulk load; returns the seconds it took."""
    start = time.perf_counter()
    with connection.cursor() as cursor:
        # VACUUM as well on PostgreSQL: it sets the visibility map, as autovacuum would have on a live database,
        # so that index-only scans are possible straight after loading.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return time.perf_counter() - start


# ------------------------------------------------------------------ the data set

def town_weights():
    total = sum(t[4] for t in TOWNS)
    return [t[4] / total for t in TOWNS]


def make_postcodes(rng: random.Random, per_thousand: float):
    """Postcodes around each town's centre, more for bigger towns; spread grows with the town's size."""
    postcodes = []  # (postcode, outward, latitude, longitude, town index)
    for index, (_, area, lat, lon, population) in enumerate(TOWNS):
        count = max(20, int(population * per_thousand))
        spread_km = 3 + 2.5 * math.sqrt(population / 100)
        districts = max(1, min(99, count // 400 + 1))
        seen = set()
        while len(seen) < count:
            district = rng.randint(1, districts)
            inward = f"{rng.randint(0, 9)}{rng.choice(UNIT_LETTERS)}{rng.choice(UNIT_LETTERS)}"
            code = f"{area}{district} {inward}"
            if code in seen:
                continue
            seen.add(code)
            dlat = rng.gauss(0, spread_km / 111)
            dlon = rng.gauss(0, spread_km / (111 * math.cos(math.radians(lat))))
            postcodes.append((code, f"{area}{district}", round(lat + dlat, 6), round(lon + dlon, 6), index))
    return postcodes


def generate(args) -> None:
    url = database_url()
    recreate_database(url)
    setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from covenant.accounts.models import User
    from covenant.organisations.models import Organisation, OrganisationType, VerificationStatus
    from covenant.places.models import Postcode
    from volunteers.models import (
        ActivityType,
        Cause,
        CredentialKind,
        LocationKind,
        Need,
        NeedCheck,
        NeedSkillPlace,
        NeedStatus,
        Passport,
        PassportSkill,
        Shift,
        Skill,
    )
    from volunteers.services.search_index import need_skill_places_rebuild

    scale = args.scale
    needs_total = int(100_000 * scale)
    people_total = int(1_000_000 * scale)
    organisations_total = max(10, int(5_000 * scale))
    rng = random.Random(args.seed)
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_taxonomies", verbosity=0)
    print(f"Database: {connection.vendor}; migrated and taxonomies loaded in {time.perf_counter() - began:.1f} s")
    skills = list(Skill.objects.values_list("id", flat=True))
    causes = list(Cause.objects.values_list("id", flat=True))
    loader = Loader(connection)
    now = timezone.now()
    timings = {}

    def step(name, function):
        start = time.perf_counter()
        with transaction.atomic():
            rows = function()
        timings[name] = (rows, time.perf_counter() - start)
        print(f"  {name}: {rows:,} rows in {timings[name][1]:.1f} s")

    postcodes = make_postcodes(rng, per_thousand=max(0.5, 6 * scale))
    weights = town_weights()
    by_town = [[] for _ in TOWNS]
    for row in postcodes:
        by_town[row[4]].append(row)

    def pick_postcode():
        town = rng.choices(range(len(TOWNS)), weights)[0]
        return rng.choice(by_town[town])

    step("postcodes", lambda: loader.load(
        Postcode, ["postcode", "outward_code", "latitude", "longitude"], (p[:4] for p in postcodes)))

    password = "!bench-no-password"  # an unusable password: nobody signs in as these people

    def users():
        for n in range(1, people_total + organisations_total + 1):
            first = FIRST_NAMES[n % len(FIRST_NAMES)]
            postcode = pick_postcode()[0]
            birth = datetime.date(1940 + n % 66, 1 + n % 12, 1 + n % 28)
            yield (n, f"person{n}@bench.example", password, f"{first} Bench{n}", postcode, birth, now)

    step("people", lambda: loader.load(
        User, ["id", "email", "password", "full_name", "postcode", "date_of_birth", "date_joined"], users()))
    step("passports", lambda: loader.load(
        Passport, ["id", "holder_id", "max_travel_km", "created_at", "updated_at"],
        ((n, n, rng.choice((5, 8, 16, 25)), now, now) for n in range(1, people_total + 1))))

    def passport_skills():
        for n in range(1, people_total + 1):
            for skill in rng.sample(skills, rng.randint(0, 2)):
                yield (n, skill)

    step("passport skills", lambda: loader.load(PassportSkill, ["passport_id", "skill_id"], passport_skills()))

    def organisations():
        for n in range(1, organisations_total + 1):
            town = pick_postcode()
            yield (n, OrganisationType.REGISTERED_CHARITY, f"{TOWNS[town[4]][0]} Community Trust {n}",
                   str(1_100_000 + n), f"GB-CHC-{1_100_000 + n}", f"hello{n}@trust.bench.example", town[0],
                   "Runs volunteering in its town.", VerificationStatus.VERIFIED, people_total + n, now, now)

    step("organisations", lambda: loader.load(
        Organisation, ["id", "type", "name", "charity_number", "org_id", "contact_email", "postcode",
                       "description", "verification_status", "created_by_id", "created_at", "updated_at"],
        organisations()))

    activity_types = [choice.value for choice in ActivityType]

    def needs():
        for n in range(1, needs_total + 1):
            organisation = rng.randint(1, organisations_total)
            remote = rng.random() < 0.08
            postcode = pick_postcode()
            yield (n, organisation, f"{rng.choice(NEED_TITLES)} {n}",
                   "Help a local charity with what it needs this season.", rng.choice(causes),
                   rng.choice(activity_types), LocationKind.REMOTE if remote else LocationKind.POSTCODE,
                   "" if remote else postcode[0], None if remote else postcode[2], None if remote else postcode[3],
                   rng.choice((None, 16, 18)), NeedStatus.PUBLISHED, people_total + organisation, now, now,
                   now - datetime.timedelta(minutes=n))

    step("needs", lambda: loader.load(
        Need, ["id", "organisation_id", "title", "description", "cause_id", "activity_type", "location_kind",
               "postcode", "latitude", "longitude", "minimum_age", "status", "created_by_id", "created_at",
               "updated_at", "published_at"], needs()))

    def need_skills():
        for n in range(1, needs_total + 1):
            for skill in rng.sample(skills, rng.randint(1, 3)):
                yield (n, skill)

    step("need skills", lambda: loader.load(Need.skills.through, ["need_id", "skill_id"], need_skills()))
    step("need checks", lambda: loader.load(
        NeedCheck, ["need_id", "kind"],
        ((n, CredentialKind.DBS) for n in range(1, needs_total + 1) if n % 4 == 0)))

    def shifts():
        for n in range(1, needs_total * 3 + 1):
            starts = now + datetime.timedelta(days=1 + n % 90, hours=n % 10)
            yield (1 + (n - 1) // 3, starts, starts + datetime.timedelta(hours=3), 1 + n % 10, now)

    step("shifts", lambda: loader.load(Shift, ["need_id", "starts_at", "ends_at", "places", "created_at"], shifts()))
    # COPY bypasses the signals that keep the skill-and-place search index, so it is built here as a whole.
    step("need skill places", need_skill_places_rebuild)
    reset_sequences(connection, [User, Passport, Organisation, Need, NeedCheck, Shift, PassportSkill,
                                 Need.skills.through, NeedSkillPlace])
    print(f"  analysed in {analyse(connection):.1f} s")
    print(f"Generated in {time.perf_counter() - began:.1f} s (scale {scale}).")


# ------------------------------------------------------------------ the load test

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start listening in time")


def users_process(port: int, paths: list[str], users: int, duration: float, warmup: float, think: float,
                  queue) -> None:
    """The second process: `users` threads, each on its own keep-alive connection, for a bounded time; each
    waits between 0.5 and 1.5 times `think` seconds after an answer, like a person reading results."""
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    begin = time.monotonic()
    measure_from = begin + warmup
    stop_at = measure_from + duration

    def user(seed: int) -> None:
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            started = time.monotonic()
            if started >= stop_at:
                break
            try:
                connection.request("GET", rng.choice(paths), headers={"Accept": "application/json"})
                response = connection.getresponse()
                response.read()
                outcome = str(response.status)
            except (OSError, http.client.HTTPException) as error:
                outcome = type(error).__name__
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = time.monotonic() - started
            if started >= measure_from:
                with lock:
                    latencies.append(elapsed)
                    statuses[outcome] = statuses.get(outcome, 0) + 1
            if think:
                time.sleep(min(think * rng.uniform(0.5, 1.5), max(0.0, stop_at - time.monotonic())))
        connection.close()

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put((latencies, statuses))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(math.ceil(fraction * len(ordered))) - 1)]


def load(args) -> None:
    url = database_url()
    setup_django()
    from django.db import connection

    from volunteers.models import Need

    with connection.cursor() as cursor:
        cursor.execute("SELECT postcode FROM places_postcode")
        postcodes = [row[0] for row in cursor.fetchall()]
    if not postcodes:
        sys.exit("The bench database is empty: run `generate` first.")
    skills = list(Need.skills.through.objects.values_list("skill__slug", flat=True).distinct())
    needs = Need.objects.count()
    connection.close()
    rng = random.Random(args.seed)
    paths = [f"{SEARCH_PATH}?postcode={quote(rng.choice(postcodes))}&within_miles=10&skill={rng.choice(skills)}"
             for _ in range(5_000)]

    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, DEBUG="false", ALLOWED_HOSTS="127.0.0.1,localhost",
               API_THROTTLE_ANON="100000000/minute", API_THROTTLE_USER="100000000/minute")
    command = [sys.executable, "-m", "gunicorn", "covenant.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", str(args.workers), "--threads", str(args.threads), "--log-level", "warning",
               "--timeout", "60"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        wait_for(port, 30)
        probe = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        probe.request("GET", paths[0], headers={"Accept": "application/json"})
        first = probe.getresponse()
        body = first.read()
        probe.close()
        print(f"Database: {urlparse(url).scheme}, {needs:,} needs, {len(postcodes):,} postcodes; gunicorn "
              f"{args.workers} workers x {args.threads} threads; {args.users} users for {args.duration:.0f} s "
              f"after {args.warmup:.0f} s warm-up, think time {args.think:g} s")
        print(f"First request: {first.status}, {len(body):,} bytes: {paths[0]}")
        if first.status != 200:
            # Measuring errors says nothing about search: most often the bench database needs `migrate`.
            sys.exit(f"The search endpoint answers {first.status}, not 200: {body[:300]!r}. If the models changed "
                     "since `generate`, run `python manage.py migrate` against the bench database.")
        queue = multiprocessing.Queue()
        client = multiprocessing.Process(target=users_process,
                                         args=(port, paths, args.users, args.duration, args.warmup, args.think, queue))
        client.start()
        latencies, statuses = queue.get(timeout=args.warmup + args.duration + 120)
        client.join(timeout=30)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    errors = sum(count for status, count in statuses.items() if status != "200")
    if not latencies:
        sys.exit("No requests completed.")
    ms = [value * 1000 for value in latencies]
    print(f"Requests: {len(ms):,} ({len(ms) / args.duration:.1f} a second); statuses: {statuses}; errors: {errors:,}")
    print(f"Latency ms: p50 {percentile(ms, 0.50):.0f}, p95 {percentile(ms, 0.95):.0f}, "
          f"p99 {percentile(ms, 0.99):.0f}, mean {statistics.fmean(ms):.0f}, max {max(ms):.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="drop, re-create and fill the bench database")
    make.add_argument("--scale", type=float, default=1.0,
                      help="fraction of the full size (1.0 = 100,000 needs and 1,000,000 passports)")
    make.add_argument("--seed", type=int, default=1)
    run = commands.add_parser("load", help="load-test the needs search API through gunicorn")
    run.add_argument("--users", type=int, default=50)
    run.add_argument("--duration", type=float, default=60.0, help="seconds measured (default 60)")
    run.add_argument("--warmup", type=float, default=5.0, help="seconds before measuring (default 5)")
    run.add_argument("--think", type=float, default=0.0,
                     help="mean seconds each user waits between requests (default 0: back to back)")
    run.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3, as the Dockerfile runs)")
    run.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (default 1, sync workers)")
    run.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.command == "generate" and not 0 < args.scale <= 1:
        parser.error("--scale must be more than 0 and at most 1")
    if args.command == "load" and not (1 <= args.users <= 500 and 1 <= args.duration <= 600 and args.warmup >= 0
                                       and 1 <= args.workers <= 16 and 1 <= args.threads <= 32 and 0 <= args.think <= 60):
        parser.error("--users 1 to 500, --duration 1 to 600 s, --workers 1 to 16, --threads 1 to 32, --think 0 to 60 s")
    {"generate": generate, "load": load}[args.command](args)


if __name__ == "__main__":
    main()
