"""Benchmark: import a synthetic ONS Postcode Directory CSV and project the time for the real one.

    python bench/import_postcodes.py                    # 300,000 rows, 3 runs, embedded SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/covenant_places_bench \\
        python bench/import_postcodes.py --rows 1000000

Each run empties the places tables, imports the file into them (a first load) and imports it
again (a rerun, where every postcode is already known). The median of the runs is reported.
Without DATABASE_URL a throwaway SQLite file is used; with it, the database name must contain
"bench", because the places tables are emptied. A PostgreSQL bench database is created if missing.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
REAL_DIRECTORY_ROWS = 2_700_000

# The ONSPD column layout (a recent release); only some columns are read, but all are parsed.
ONSPD_HEADER = (
    "pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,osnrth1m,osgrdind,"
    "oshlthau,nhser,ctry,rgn,streg,pcon,eer,teclec,ttwa,pct,itl,statsward,oa01,casward,npark,lsoa01,"
    "msoa01,ur01ind,oac01,oa11,lsoa11,msoa11,wz11,sicbl,bua22,ru11ind,oac11,lat,long,lep1,lep2,pfa,imd,"
    "calncv,icb,oa21,lsoa21,msoa21"
)
AREA_FIRST = "ABCDEFGHIJKLMNOPRSTUWYZ"
AREA_SECOND = "ABCDEFGHKLMNOPQRSTUVWXY"
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def postcodes(count: int):
    """Distinct, well-formed postcodes in a stable order: 4,000 per outward code."""
    made = 0
    for first in AREA_FIRST:
        for second in AREA_SECOND:
            for district in range(1, 100):
                outward = f"{first}{second}{district}"
                for sector in range(10):
                    for a in UNIT_LETTERS:
                        for b in UNIT_LETTERS:
                            yield outward, f"{sector}{a}{b}"
                            made += 1
                            if made == count:
                                return


def write_csv(path: Path, rows: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(ONSPD_HEADER + "\r\n")
        for n, (outward, inward) in enumerate(postcodes(rows)):
            la = 1 + n // 7_500 % 360  # about as many postcodes per authority as in the real directory
            ward = n // 300
            lsoa = n // 75
            terminated = "201906" if n % 33 == 0 else ""  # roughly the real share of terminated postcodes
            if n % 211 == 0:
                lat, long = "99.999999", "0.000000"  # the directory's "no grid reference"
            else:
                lat, long = f"{50 + (n % 9973) / 1000:.6f}", f"{-6 + (n % 7919) / 1000:.6f}"
            out.write(
                f'"{outward:<4}{inward}","{outward:<5}{inward}","{outward} {inward}",198001,{terminated},'
                f"E99999999,E99999999,E06{la:06d},E05{ward:06d},E43000001,0,529090,179645,1,E18000007,"
                f"E40000003,E92000001,E12000007,0,E14000639,E15000007,E11000009,E30000234,E16000009,"
                f"E06000001,00BKGW,00AAFA0001,00BKGW,E99999999,E01000001,E02000001,A1,1A1,E00000001,"
                f"E01{lsoa:06d},E02000001,E33000001,E38000001,E63000001,A1,1A1,{lat},{long},E37000023,,"
                f"E23000001,10000,E56000001,E54000027,E00000001,E01{lsoa:06d},E02000001\r\n"
            )


def configure_database(sqlite_dir: str) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        url = f"sqlite:///{sqlite_dir}/places_bench.sqlite3"
        os.environ["DATABASE_URL"] = url
        return url
    name = urlparse(url).path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"Refusing to run: the database name {name!r} must contain 'bench', because the places tables "
                 "are emptied. Use, say, covenant_places_bench.")
    if url.startswith("postgres"):
        import psycopg2

        parsed = urlparse(url)
        admin = psycopg2.connect(host=parsed.hostname, port=parsed.port or 5432, user=parsed.username,
                                 password=parsed.password, dbname="postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
        admin.close()
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=300_000, help="Rows in the synthetic file (default 300,000)")
    parser.add_argument("--runs", type=int, default=3, help="Runs to take the median of (default 3)")
    args = parser.parse_args()
    if args.rows < 1 or args.runs < 1:
        parser.error("--rows and --runs must be 1 or more")
    if args.rows > len(AREA_FIRST) * len(AREA_SECOND) * 99 * 4000:
        parser.error("--rows is more than the synthetic postcode space holds")

    with tempfile.TemporaryDirectory(prefix="places-bench-") as workdir:
        url = configure_database(workdir)
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "covenant.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from covenant.places.models import LSOA, LocalAuthority, Postcode, Ward
        from covenant.places.services import postcodes_import

        call_command("migrate", verbosity=0)
        csv_path = Path(workdir) / "onspd.csv"
        started = time.perf_counter()
        write_csv(csv_path, args.rows)
        size_mb = csv_path.stat().st_size / 1e6
        print(f"Database: {connection.vendor} ({urlparse(url).scheme}); file: {args.rows:,} rows, {size_mb:.0f} MB, "
              f"written in {time.perf_counter() - started:.1f} s")

        def timed_import() -> float:
            with open(csv_path, "rb") as handle:
                begin = time.perf_counter()
                result = postcodes_import(actor=None, file=handle, source_name="bench")
                elapsed = time.perf_counter() - begin
            assert result.rows == args.rows, result
            return elapsed

        first, rerun = [], []
        for run in range(1, args.runs + 1):
            for model in (Postcode, LSOA, Ward, LocalAuthority):
                model.objects.all().delete()
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE places_postcode")
            first.append(timed_import())
            rerun.append(timed_import())
            print(f"run {run}: first load {first[-1]:.1f} s ({args.rows / first[-1]:,.0f} rows/s), "
                  f"rerun {rerun[-1]:.1f} s ({args.rows / rerun[-1]:,.0f} rows/s)")

        for label, times in (("first load", first), ("rerun", rerun)):
            median = statistics.median(times)
            rate = args.rows / median
            projected = REAL_DIRECTORY_ROWS / rate
            print(f"median {label}: {median:.1f} s, {rate:,.0f} rows/s; "
                  f"2.7 million rows projected: {projected / 60:.1f} min")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
