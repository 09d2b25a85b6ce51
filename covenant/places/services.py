"""Writes for places: importing the ONS Postcode Directory, deprivation figures and area names.

Every import is all-or-nothing: the file is streamed and checked row by row inside one
transaction, and if any row is wrong the transaction is rolled back and ImportFailed lists the
problems by line. Commands and (later) upload pages call these functions and stay thin.

Terminated postcodes are imported with the month they were terminated (terminated_on), unless
the caller leaves them out: old records can still be placed on the map, geocode() returns them
with terminated_on set, and outward-code centroids leave them out. Postcodes missing from a
later file are kept, because the directory never removes a postcode, it only terminates it.
The directory marks postcodes without a grid reference with latitude 99.999999; they are
stored with no location (latitude and longitude null).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.audit.services import audit_record

from .importing import (
    MAX_ERRORS,
    CsvRows,
    ErrorList,
    ImportFailed,
    RowError,
    missing_columns_error,
    parse_code,
    parse_positive_int,
)
from .models import LSOA, LocalAuthority, Postcode, Ward
from .postcodes import normalise_postcode
from .signals import postcodes_changed

__all__ = [
    "ImportFailed",
    "ImportResult",
    "areas_import",
    "deprivation_import",
    "postcodes_import",
]

ONSPD = _("an ONS Postcode Directory (ONSPD) CSV file")
IMD_FILE = _("the English Indices of Deprivation File 7 CSV file")
AREAS_FILE = _("a CSV file of area codes and names")

# The directory's placeholder for "no grid reference".
NO_LOCATION_LATITUDE = 99.999999
# Generous bounds around the UK, the Channel Islands and the Isle of Man.
LATITUDE_RANGE = (49.0, 61.0)
LONGITUDE_RANGE = (-9.0, 2.0)
COPY_EVERY_ROWS = 50_000
SQLITE_BATCH = 5_000
AREA_BATCH = 2_000
_DOTERM_RE = re.compile(r"^([0-9]{4})(0[1-9]|1[0-2])$")
# Labels for row errors, translated only when an error is reported: gettext on every row of a
# 2.7 million row file would cost more than the rest of the checks together.
LATITUDE = gettext_lazy("latitude")
LONGITUDE = gettext_lazy("longitude")
LSOA_CODE = gettext_lazy("LSOA code")
WARD_CODE = gettext_lazy("ward code")
LA_CODE = gettext_lazy("local authority code")
COUNTRY_CODE = gettext_lazy("country code")
LSOA_NAME = gettext_lazy("LSOA name")
LA_NAME = gettext_lazy("local authority name")
IMD_RANK = gettext_lazy("IMD rank")
IMD_DECILE = gettext_lazy("IMD decile")
NAME = gettext_lazy("name")
NAME_MAX = LocalAuthority._meta.get_field("name").max_length


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    existing: int = 0
    terminated: int = 0
    without_location: int = 0
    skipped_terminated: int = 0
    edition: str = ""
    kind: str = ""
    areas: dict[str, int] = field(default_factory=dict)


ProgressCallback = Callable[[int], None]


# ---------------------------------------------------------------------------------------------
# The ONS Postcode Directory


@dataclass(frozen=True)
class _OnspdColumns:
    postcode: int
    latitude: int
    longitude: int
    terminated: int
    local_authority: int
    ward: int
    lsoa: int
    country: int


def _onspd_columns(rows: CsvRows) -> _OnspdColumns:
    # Older directories name columns like "oslaua"; those from 2025 on use "lad25cd" and friends.
    found = {
        "postcode": rows.find("pcds", "pcd2", "pcd", "pcd8", "pcd7"),
        "latitude": rows.find("lat"),
        "longitude": rows.find("long"),
        "terminated": rows.find("doterm"),
        "local_authority": rows.find("oslaua", pattern=r"lad[0-9]{2}cd"),
        "ward": rows.find("osward", pattern=r"wd[0-9]{2}cd"),
        "lsoa": rows.find("lsoa21", "lsoa21cd", "lsoa11", "lsoa11cd"),
        "country": rows.find("ctry", pattern=r"ctry[0-9]{2}cd"),
    }
    labels = {
        "postcode": "pcds (or pcd2, pcd)",
        "latitude": "lat",
        "longitude": "long",
        "terminated": "doterm",
        "local_authority": "oslaua",
        "ward": "osward",
        "lsoa": "lsoa21 (or lsoa11)",
        "country": "ctry",
    }
    missing = [labels[key] for key, index in found.items() if index is None]
    if missing:
        raise missing_columns_error(missing, ONSPD)
    return _OnspdColumns(**found)


def _parse_coordinate(value: str, label: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except ValueError:
        number = None
    if number is None or not (low <= number <= high):
        raise RowError(
            _("%(label)s “%(value)s” must be a number from %(low)s to %(high)s, or 99.999999 for no location")
            % {"label": label, "value": value, "low": low, "high": high}
        )
    return number


def _parse_onspd_row(row: list[str], c: _OnspdColumns) -> tuple:
    """(postcode, outward, latitude, longitude, lsoa, ward, local authority, country, terminated_on)."""
    raw_postcode = row[c.postcode]
    try:
        postcode = normalise_postcode(raw_postcode)
    except ValidationError:
        raise RowError(
            _("postcode “%(value)s” is not a real postcode, like SW1A 1AA") % {"value": raw_postcode.strip()}
        ) from None
    raw_lat, raw_long = row[c.latitude].strip(), row[c.longitude].strip()
    if not raw_lat and not raw_long:
        latitude = longitude = None
    elif raw_lat and _is_placeholder_latitude(raw_lat):
        latitude = longitude = None
    elif not raw_lat or not raw_long:
        raise RowError(_("give both latitude and longitude, or leave both empty"))
    else:
        latitude = _parse_coordinate(raw_lat, LATITUDE, *LATITUDE_RANGE)
        longitude = _parse_coordinate(raw_long, LONGITUDE, *LONGITUDE_RANGE)
    raw_term = row[c.terminated].strip()
    terminated_on = None
    if raw_term:
        match = _DOTERM_RE.match(raw_term)
        if not match:
            raise RowError(
                _("termination date “%(value)s” must be a year and month, like 202012") % {"value": raw_term}
            )
        terminated_on = date(int(match[1]), int(match[2]), 1)
    return (
        postcode,
        postcode.split(" ", 1)[0],
        latitude,
        longitude,
        parse_code(row[c.lsoa], LSOA_CODE, "E01000001"),
        parse_code(row[c.ward], WARD_CODE, "E05000001"),
        parse_code(row[c.local_authority], LA_CODE, "E06000001"),
        parse_code(row[c.country], COUNTRY_CODE, "E92000001") or "",
        terminated_on,
    )


def _is_placeholder_latitude(value: str) -> bool:
    try:
        return abs(float(value) - NO_LOCATION_LATITUDE) < 1e-9
    except ValueError:
        return False


class _AreaLinks:
    """The areas the directory's rows mention, so they exist (unnamed) for the API to list."""

    def __init__(self):
        self.local_authorities: set[str] = set()
        self.wards: dict[str, str | None] = {}
        self.lsoas: dict[str, str | None] = {}

    def add(self, lsoa: str | None, ward: str | None, local_authority: str | None) -> None:
        if local_authority:
            self.local_authorities.add(local_authority)
        if ward:
            self.wards[ward] = local_authority
        if lsoa:
            self.lsoas[lsoa] = local_authority

    def save(self) -> dict[str, int]:
        LocalAuthority.objects.bulk_create(
            [LocalAuthority(code=code) for code in sorted(self.local_authorities)],
            ignore_conflicts=True, batch_size=AREA_BATCH,
        )
        Ward.objects.bulk_create(
            [Ward(code=code, local_authority_id=la) for code, la in sorted(self.wards.items())],
            update_conflicts=True, unique_fields=["code"], update_fields=["local_authority"], batch_size=AREA_BATCH,
        )
        LSOA.objects.bulk_create(
            [LSOA(code=code, local_authority_id=la) for code, la in sorted(self.lsoas.items())],
            update_conflicts=True, unique_fields=["code"], update_fields=["local_authority"], batch_size=AREA_BATCH,
        )
        return {
            "local_authorities": len(self.local_authorities),
            "wards": len(self.wards),
            "lsoas": len(self.lsoas),
        }


class _SqliteLoader:
    """Upserts in batches with bulk_create; remembers postcodes to catch duplicates in the file."""

    def __init__(self):
        self.batch: list[Postcode] = []
        self.seen: dict[str, int] = {}

    def add(self, line: int, values: tuple, errors: ErrorList) -> None:
        postcode = values[0]
        first = self.seen.setdefault(postcode, line)
        if first != line:
            errors.add(line, _("postcode %(postcode)s is already on line %(first)s") % {"postcode": postcode, "first": first})
            return
        if errors.errors:
            return  # keep checking, but nothing more will be written
        self.batch.append(Postcode(
            postcode=postcode, outward_code=values[1], latitude=values[2], longitude=values[3],
            lsoa_id=values[4], ward_id=values[5], local_authority_id=values[6], country_code=values[7],
            terminated_on=values[8],
        ))
        if len(self.batch) >= SQLITE_BATCH:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            Postcode.objects.bulk_create(
                self.batch, update_conflicts=True, unique_fields=["postcode"],
                update_fields=["outward_code", "latitude", "longitude", "lsoa", "ward", "local_authority",
                               "country_code", "terminated_on"],
            )
            self.batch = []

    def finish(self, errors: ErrorList) -> None:
        self.flush()


_STAGING = "places_postcode_staging"
_POSTCODE_COLUMNS = ("postcode", "outward_code", "latitude", "longitude", "lsoa_code", "ward_code",
                     "local_authority_code", "country_code", "terminated_on")


class _PostgresLoader:
    """COPY into a temporary staging table, then one INSERT ... ON CONFLICT into the real one."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.buffer: list[str] = []
        cursor.execute(f"DROP TABLE IF EXISTS {_STAGING}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_STAGING} (line integer, postcode text, outward_code text, "
            "latitude double precision, longitude double precision, lsoa_code text, ward_code text, "
            "local_authority_code text, country_code text, terminated_on date) ON COMMIT DROP"
        )

    def add(self, line: int, values: tuple, errors: ErrorList) -> None:
        if errors.errors:
            return
        # Every value has been checked, so none can hold a tab, newline or backslash.
        self.buffer.append("\t".join([str(line)] + ["\\N" if v is None else str(v) for v in values]))
        if len(self.buffer) >= COPY_EVERY_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        data = "\n".join(self.buffer) + "\n"
        self.buffer = []
        sql = f"COPY {_STAGING} FROM STDIN"
        raw = self.cursor.cursor
        if hasattr(raw, "copy_expert"):  # psycopg2
            raw.copy_expert(sql, io.StringIO(data))
        else:  # psycopg 3
            with raw.copy(sql) as copy:
                copy.write(data)

    def finish(self, errors: ErrorList) -> None:
        self.flush()
        if errors.errors:
            return
        self.cursor.execute(
            f"SELECT postcode, array_agg(line ORDER BY line) FROM {_STAGING} GROUP BY postcode "
            "HAVING count(*) > 1 ORDER BY min(line) LIMIT %s",
            [MAX_ERRORS - len(errors.errors) + 1],
        )
        for postcode, lines in self.cursor.fetchall():
            for line in lines[1:]:
                errors.add(line, _("postcode %(postcode)s is already on line %(first)s")
                           % {"postcode": postcode, "first": lines[0]})
        if errors.errors:
            return
        table = Postcode._meta.db_table
        columns = ", ".join(_POSTCODE_COLUMNS)
        updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in _POSTCODE_COLUMNS[1:])
        compare = ", ".join(f"p.{name}" for name in _POSTCODE_COLUMNS[1:])
        incoming = ", ".join(f"EXCLUDED.{name}" for name in _POSTCODE_COLUMNS[1:])
        # The WHERE clause skips rows that have not changed, so a rerun writes (and bloats) little.
        self.cursor.execute(
            f"INSERT INTO {table} AS p ({columns}) SELECT {columns} FROM {_STAGING} ORDER BY postcode "
            f"ON CONFLICT (postcode) DO UPDATE SET {updates} WHERE ({compare}) IS DISTINCT FROM ({incoming})"
        )
        self.cursor.execute(f"DROP TABLE {_STAGING}")


@transaction.atomic
def postcodes_import(
    *,
    actor,
    file: BinaryIO | Iterable[bytes],
    include_terminated: bool = True,
    progress: ProgressCallback | None = None,
    source_name: str = "",
) -> ImportResult:
    """Import (or update) postcodes from an ONS Postcode Directory CSV file, all or nothing.

    `file` is opened in binary mode; `progress`, if given, is called with the number of bytes
    read since its last call. Raises ImportFailed with line-numbered errors.
    """
    rows = CsvRows(file, what=ONSPD, progress=progress)
    columns = _onspd_columns(rows)
    errors = ErrorList()
    result = ImportResult()
    areas = _AreaLinks()
    before = Postcode.objects.count()
    with connection.cursor() as cursor:
        loader = _PostgresLoader(cursor) if connection.vendor == "postgresql" else _SqliteLoader()
        for line, row in rows:
            if isinstance(row, RowError):
                errors.add(line, str(row))
            else:
                try:
                    values = _parse_onspd_row(row, columns)
                except RowError as exc:
                    errors.add(line, str(exc))
                else:
                    if values[8] is not None and not include_terminated:
                        result.skipped_terminated += 1
                        continue
                    loader.add(line, values, errors)
                    if not errors.errors:
                        result.rows += 1
                        result.terminated += values[8] is not None
                        result.without_location += values[2] is None
                        areas.add(values[4], values[5], values[6])
            if errors.full:
                break
        loader.finish(errors)
    if not errors.errors and result.rows == 0:
        errors.errors.append(_("The file has a header but no postcodes. Choose %(what)s.") % {"what": ONSPD})
    errors.raise_if_any()
    result.areas = areas.save()
    result.created = Postcode.objects.count() - before
    result.existing = result.rows - result.created
    audit_record(actor=actor, action="places.postcodes_imported", metadata={"source": source_name, **asdict(result)})
    postcodes_changed.send(sender=Postcode)
    return result


# ---------------------------------------------------------------------------------------------
# The English Indices of Deprivation, File 7


# The LSOA geography tells the edition apart: IoD2019 uses 2011 LSOAs, IoD2025 uses 2021 LSOAs.
IMD_EDITIONS = {"2011": "IoD2019", "2021": "IoD2025"}
IMD_RANK_MAX = 40_000


def _find_by_prefix(rows: CsvRows, prefix: str) -> int | None:
    for name, index in rows.columns.items():
        if name.startswith(prefix):
            return index
    return None


@transaction.atomic
def deprivation_import(
    *,
    actor,
    file: BinaryIO | Iterable[bytes],
    progress: ProgressCallback | None = None,
    source_name: str = "",
) -> ImportResult:
    """Import LSOA names and IMD ranks and deciles (and local authority names) from File 7, all or nothing.

    The edition (IoD2019 or IoD2025) is read from the LSOA column headers.
    """
    rows = CsvRows(file, what=IMD_FILE, progress=progress)
    lsoa_code = rows.find(pattern=r"lsoa code \(([0-9]{4})\)")
    lsoa_year = None
    if lsoa_code is not None:
        lsoa_year = re.search(r"\(([0-9]{4})\)", rows.header[lsoa_code])[1]
    columns = {
        "LSOA code (2011) or LSOA code (2021)": lsoa_code,
        "LSOA name (2011) or LSOA name (2021)": rows.find(pattern=r"lsoa name \([0-9]{4}\)"),
        "Local Authority District code (2019) or (2024)": rows.find(
            pattern=r"local authority district code \([0-9]{4}\)"),
        "Local Authority District name (2019) or (2024)": rows.find(
            pattern=r"local authority district name \([0-9]{4}\)"),
        "Index of Multiple Deprivation (IMD) Rank": _find_by_prefix(rows, "index of multiple deprivation (imd) rank"),
        "Index of Multiple Deprivation (IMD) Decile": _find_by_prefix(
            rows, "index of multiple deprivation (imd) decile"),
    }
    missing = [name for name, index in columns.items() if index is None]
    if missing:
        raise missing_columns_error(missing, IMD_FILE)
    if lsoa_year not in IMD_EDITIONS:
        raise ImportFailed([
            _("The column “%(column)s” names an LSOA year this service does not know. "
              "Use the IoD2019 (LSOA 2011) or IoD2025 (LSOA 2021) file.") % {"column": rows.header[lsoa_code]}
        ])
    edition = IMD_EDITIONS[lsoa_year]
    code_i, name_i, la_code_i, la_name_i, rank_i, decile_i = columns.values()
    errors = ErrorList()
    seen: dict[str, int] = {}
    lsoas: list[LSOA] = []
    authorities: dict[str, str] = {}
    for line, row in rows:
        if isinstance(row, RowError):
            errors.add(line, str(row))
            continue
        try:
            code = parse_code(row[code_i], LSOA_CODE, "E01000001")
            if code is None:
                raise RowError(_("enter the LSOA code, like E01000001"))
            name = _parse_name(row[name_i], LSOA_NAME)
            la_code = parse_code(row[la_code_i], LA_CODE, "E06000001")
            if la_code is None:
                raise RowError(_("enter the local authority code, like E06000001"))
            la_name = _parse_name(row[la_name_i], LA_NAME)
            rank = parse_positive_int(row[rank_i], IMD_RANK, IMD_RANK_MAX)
            decile = parse_positive_int(row[decile_i], IMD_DECILE, 10)
        except RowError as exc:
            errors.add(line, str(exc))
        else:
            first = seen.setdefault(code, line)
            if first != line:
                errors.add(line, _("LSOA %(code)s is already on line %(first)s") % {"code": code, "first": first})
            else:
                authorities.setdefault(la_code, la_name)
                lsoas.append(LSOA(code=code, name=name, local_authority_id=la_code, imd_rank=rank,
                                  imd_decile=decile, imd_edition=edition))
        if errors.full:
            break
    if not errors.errors and not lsoas:
        errors.errors.append(_("The file has a header but no LSOAs. Choose %(what)s.") % {"what": IMD_FILE})
    errors.raise_if_any()
    _save_local_authorities(authorities)
    before = LSOA.objects.count()
    LSOA.objects.bulk_create(
        lsoas, update_conflicts=True, unique_fields=["code"], batch_size=AREA_BATCH,
        update_fields=["name", "local_authority", "imd_rank", "imd_decile", "imd_edition"],
    )
    created = LSOA.objects.count() - before
    result = ImportResult(rows=len(lsoas), created=created, existing=len(lsoas) - created, edition=edition,
                          areas={"local_authorities": len(authorities), "lsoas": len(lsoas)})
    audit_record(actor=actor, action="places.deprivation_imported", metadata={"source": source_name, **asdict(result)})
    return result


def _parse_name(value: str, label: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise RowError(_("enter the %(label)s") % {"label": label})
    if len(name) > NAME_MAX:
        raise RowError(_("%(label)s must be %(max)s characters or fewer") % {"label": label, "max": NAME_MAX})
    return name


def _save_local_authorities(names: dict[str, str]) -> None:
    LocalAuthority.objects.bulk_create(
        [LocalAuthority(code=code, name=name) for code, name in sorted(names.items())],
        update_conflicts=True, unique_fields=["code"], update_fields=["name"], batch_size=AREA_BATCH,
    )


# ---------------------------------------------------------------------------------------------
# Ward and local authority names

AREA_KINDS = ("ward", "local_authority")


@transaction.atomic
def areas_import(
    *,
    actor,
    file: BinaryIO | Iterable[bytes],
    kind: str | None = None,
    progress: ProgressCallback | None = None,
    source_name: str = "",
) -> ImportResult:
    """Import ward or local authority names, all or nothing.

    Accepts either the ONS lookup layout (WD24CD, WD24NM, LAD24CD, LAD24NM; or LAD24CD, LAD24NM)
    or a plain "code,name" file (with an optional local_authority_code column for wards), for
    which `kind` must say "ward" or "local_authority".
    """
    if kind is not None and kind not in AREA_KINDS:
        raise ImportFailed([_("Choose the kind of area: ward or local_authority.")])
    rows = CsvRows(file, what=AREAS_FILE, progress=progress)
    ward_code = rows.find(pattern=r"wd[0-9]{2}cd")
    la_code = rows.find(pattern=r"lad[0-9]{2}cd")
    if ward_code is not None or (la_code is not None and rows.find("code") is None):
        ward_name = rows.find(pattern=r"wd[0-9]{2}nm")
        la_name = rows.find(pattern=r"lad[0-9]{2}nm")
        if ward_code is not None:
            detected = "ward"
            missing = [] if ward_name is not None else ["WDyyNM"]
        else:
            detected = "local_authority"
            missing = [] if la_name is not None else ["LADyyNM"]
        if kind is not None and kind != detected:
            raise ImportFailed([
                _("The file lists %(detected)s areas, not %(kind)s areas. Check the file or the kind you chose.")
                % {"detected": detected, "kind": kind}
            ])
        kind = detected
        code_i, name_i = (ward_code, ward_name) if kind == "ward" else (la_code, la_name)
        parent_i = la_code if kind == "ward" else None
        parent_name_i = la_name if kind == "ward" else None
    else:
        code_i, name_i = rows.find("code"), rows.find("name")
        parent_i = rows.find("local_authority_code")
        parent_name_i = None
        missing = [name for name, index in (("code", code_i), ("name", name_i)) if index is None]
        if not missing and kind is None:
            raise ImportFailed([_("Say whether the file lists wards or local authorities (ward or local_authority).")])
    if missing:
        raise missing_columns_error(missing, AREAS_FILE)
    if parent_i is not None and kind == "local_authority":
        parent_i = None
    example = "E05000001" if kind == "ward" else "E06000001"
    label = WARD_CODE if kind == "ward" else LA_CODE
    errors = ErrorList()
    seen: dict[str, int] = {}
    names: dict[str, str] = {}
    parents: dict[str, str | None] = {}
    parent_names: dict[str, str] = {}
    for line, row in rows:
        if isinstance(row, RowError):
            errors.add(line, str(row))
            continue
        try:
            code = parse_code(row[code_i], label, example)
            if code is None:
                raise RowError(_("enter the %(label)s, like %(example)s") % {"label": label, "example": example})
            name = _parse_name(row[name_i], NAME)
            parent = parse_code(row[parent_i], LA_CODE, "E06000001") if parent_i is not None else None
            parent_name = _parse_name(row[parent_name_i], LA_NAME) if parent_name_i is not None else ""
        except RowError as exc:
            errors.add(line, str(exc))
        else:
            first = seen.setdefault(code, line)
            if first != line:
                errors.add(line, _("%(code)s is already on line %(first)s") % {"code": code, "first": first})
            else:
                names[code] = name
                parents[code] = parent
                if parent and parent_name:
                    parent_names.setdefault(parent, parent_name)
        if errors.full:
            break
    if not errors.errors and not names:
        errors.errors.append(_("The file has a header but no areas. Choose %(what)s.") % {"what": AREAS_FILE})
    errors.raise_if_any()
    if kind == "local_authority":
        model = LocalAuthority
        before = model.objects.count()
        _save_local_authorities(names)
    else:
        model = Ward
        if parent_names:
            _save_local_authorities(parent_names)
        LocalAuthority.objects.bulk_create(
            [LocalAuthority(code=code) for code in sorted({p for p in parents.values() if p})],
            ignore_conflicts=True, batch_size=AREA_BATCH,
        )
        before = model.objects.count()
        update_fields = ["name", "local_authority"] if parent_i is not None else ["name"]
        Ward.objects.bulk_create(
            [Ward(code=code, name=name, local_authority_id=parents[code]) for code, name in sorted(names.items())],
            update_conflicts=True, unique_fields=["code"], update_fields=update_fields, batch_size=AREA_BATCH,
        )
    created = model.objects.count() - before
    result = ImportResult(rows=len(names), created=created, existing=len(names) - created, kind=kind,
                          areas={"local_authorities" if kind == "local_authority" else "wards": len(names)})
    audit_record(actor=actor, action="places.areas_imported", metadata={"source": source_name, **asdict(result)})
    return result
