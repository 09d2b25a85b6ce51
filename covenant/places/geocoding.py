"""Turning postcodes into places: one geocode() entry point over pluggable backends.

settings.GEOCODER_BACKEND chooses the backend: "local" reads the imported ONS Postcode
Directory; "postcodes_io" asks a postcodes.io service (settings.POSTCODES_IO_URL) and caches
answers for settings.GEOCODER_CACHE_SECONDS. Malformed postcodes raise ValidationError; unknown
ones give None; an unreachable service raises GeocoderUnavailable. The local backend also
answers for terminated postcodes (with terminated_on set); postcodes.io answers only live ones.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Avg, Count
from django.utils.translation import gettext as _

from .models import Postcode
from .postcodes import OUTWARD_RE, normalise_outward_code, normalise_postcode

logger = logging.getLogger(__name__)

# ONS codes of the countries (and Crown dependencies) the directory covers.
COUNTRY_NAMES = {
    "E92000001": "England",
    "W92000004": "Wales",
    "S92000003": "Scotland",
    "N92000002": "Northern Ireland",
    "L93000001": "Channel Islands",
    "M83000003": "Isle of Man",
}
_COUNTRY_CODES = {name: code for code, name in COUNTRY_NAMES.items()}

POSTCODES_IO_TIMEOUT = (3.05, 10)  # (connect, read) seconds
POSTCODES_IO_BULK_LIMIT = 100  # postcodes.io answers at most 100 postcodes per bulk request
# Unknown postcodes are remembered for less time: a new postcode may appear in the next release.
NOT_FOUND_CACHE_SECONDS = 60 * 60


class GeocoderUnavailable(Exception):
    """The geocoding service could not be reached or gave an answer we cannot use."""


@dataclass(frozen=True)
class Location:
    postcode: str
    latitude: float | None
    longitude: float | None
    lsoa_code: str | None = None
    ward_code: str | None = None
    local_authority_code: str | None = None
    country: str | None = None  # ONS country code, like E92000001; see COUNTRY_NAMES
    terminated_on: date | None = None

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class OutwardCentroid:
    """The mean position of the located, live postcodes sharing an outward code (SW1A)."""

    outward_code: str
    latitude: float
    longitude: float
    postcode_count: int


class LocalBackend:
    """Reads the Postcode table filled by `manage.py import_postcodes`."""

    name = "local"

    def lookup_many(self, postcodes: list[str]) -> dict[str, Location | None]:
        found = {
            row.postcode: _location_from_row(row)
            for row in Postcode.objects.filter(postcode__in=postcodes)
        }
        return {postcode: found.get(postcode) for postcode in postcodes}


def _location_from_row(row: Postcode) -> Location:
    return Location(
        postcode=row.postcode,
        latitude=row.latitude,
        longitude=row.longitude,
        lsoa_code=row.lsoa_id,
        ward_code=row.ward_id,
        local_authority_code=row.local_authority_id,
        country=row.country_code or None,
        terminated_on=row.terminated_on,
    )


class PostcodesIoBackend:
    """Asks a postcodes.io service; answers (found or not) are cached in Django's cache."""

    name = "postcodes_io"

    def __init__(self, base_url: str | None = None, session: requests.Session | None = None):
        self.base_url = (base_url or settings.POSTCODES_IO_URL).rstrip("/")
        self.session = session or requests.Session()

    def lookup_many(self, postcodes: list[str]) -> dict[str, Location | None]:
        results: dict[str, Location | None] = {}
        keys = {postcode: _cache_key(self.name, postcode) for postcode in postcodes}
        cached = cache.get_many(list(keys.values()))
        missing = []
        for postcode, key in keys.items():
            if key in cached:
                results[postcode] = Location(**cached[key]) if cached[key] else None
            else:
                missing.append(postcode)
        for start in range(0, len(missing), POSTCODES_IO_BULK_LIMIT):
            batch = missing[start:start + POSTCODES_IO_BULK_LIMIT]
            answers = self._fetch_one(batch[0]) if len(batch) == 1 else self._fetch_bulk(batch)
            for postcode in batch:
                location = answers.get(postcode)
                results[postcode] = location
                if location is None:
                    cache.set(keys[postcode], {}, NOT_FOUND_CACHE_SECONDS)
                else:
                    cache.set(keys[postcode], asdict(location), settings.GEOCODER_CACHE_SECONDS)
        return {postcode: results[postcode] for postcode in postcodes}

    def _request(self, method: str, path: str, **kwargs) -> requests.Response:
        try:
            response = self.session.request(method, f"{self.base_url}{path}", timeout=POSTCODES_IO_TIMEOUT, **kwargs)
        except requests.RequestException as exc:
            logger.warning("postcodes.io request failed: %s", exc)
            raise GeocoderUnavailable(_("The postcode service cannot be reached. Try again later.")) from exc
        if response.status_code == 404:
            return response
        if response.status_code != 200:
            logger.warning("postcodes.io answered %s for %s", response.status_code, path)
            raise GeocoderUnavailable(_("The postcode service is not working. Try again later."))
        return response

    def _json(self, response: requests.Response):
        try:
            return response.json()
        except ValueError as exc:
            raise GeocoderUnavailable(_("The postcode service gave an answer that could not be read.")) from exc

    def _fetch_one(self, postcode: str) -> dict[str, Location | None]:
        response = self._request("GET", f"/postcodes/{postcode.replace(' ', '')}")
        if response.status_code == 404:
            return {postcode: None}
        return {postcode: _location_from_postcodes_io(self._json(response).get("result"))}

    def _fetch_bulk(self, postcodes: list[str]) -> dict[str, Location | None]:
        response = self._request("POST", "/postcodes", json={"postcodes": postcodes})
        if response.status_code == 404:
            return {}
        body = self._json(response)
        answers = {}
        try:
            for item in body["result"]:
                location = _location_from_postcodes_io(item.get("result"))
                if location is not None:
                    answers[location.postcode] = location
        except (KeyError, TypeError, AttributeError) as exc:
            raise GeocoderUnavailable(_("The postcode service gave an answer that could not be read.")) from exc
        return answers


def _location_from_postcodes_io(result: dict | None) -> Location | None:
    if not result:
        return None
    try:
        codes = result.get("codes") or {}
        return Location(
            postcode=normalise_postcode(result["postcode"]),
            latitude=result.get("latitude"),
            longitude=result.get("longitude"),
            lsoa_code=codes.get("lsoa") or None,
            ward_code=codes.get("admin_ward") or None,
            local_authority_code=codes.get("admin_district") or None,
            country=_COUNTRY_CODES.get(result.get("country")),
        )
    except Exception as exc:  # any shape we do not understand is the service's fault, not the user's
        raise GeocoderUnavailable(_("The postcode service gave an answer that could not be read.")) from exc


_BACKENDS = {LocalBackend.name: LocalBackend, PostcodesIoBackend.name: PostcodesIoBackend}


def get_backend():
    """The backend settings.GEOCODER_BACKEND names."""
    try:
        return _BACKENDS[settings.GEOCODER_BACKEND]()
    except KeyError:
        raise ImproperlyConfigured(
            f"GEOCODER_BACKEND must be one of {', '.join(sorted(_BACKENDS))}, not {settings.GEOCODER_BACKEND!r}"
        ) from None


def _cache_key(backend: str, postcode: str) -> str:
    return f"places:geocode:{backend}:{postcode.replace(' ', '')}"


def geocode(postcode: str) -> Location | None:
    """The Location of a postcode, or None if it is not known. Raises ValidationError if malformed."""
    normalised = normalise_postcode(postcode)
    return get_backend().lookup_many([normalised])[normalised]


def geocode_many(postcodes: Iterable[str]) -> dict[str, Location | None]:
    """Look up many postcodes at once, keyed by their normalised form. Raises ValidationError if any is malformed."""
    normalised = list(dict.fromkeys(normalise_postcode(postcode) for postcode in postcodes))
    if not normalised:
        return {}
    return get_backend().lookup_many(normalised)


def outward_centroid(outward: str) -> OutwardCentroid | None:
    """The centre of an outward code ("SW1A") from the local table, for searches by district.

    Terminated postcodes and those without a location are left out. Raises ValidationError if malformed.
    """
    code = normalise_outward_code(outward)
    summary = Postcode.objects.filter(
        outward_code=code, terminated_on__isnull=True, latitude__isnull=False, longitude__isnull=False
    ).aggregate(latitude=Avg("latitude"), longitude=Avg("longitude"), count=Count("postcode"))
    if not summary["count"]:
        return None
    return OutwardCentroid(code, summary["latitude"], summary["longitude"], summary["count"])


def locate(query: str) -> Location | None:
    """What a search box needs: a full postcode's Location, or an outward code's centre as a Location
    whose `postcode` is the outward code and whose area codes are unknown. Raises ValidationError
    if the query is neither.
    """
    compact = "".join(str(query or "").split()).upper()
    if compact.isascii() and OUTWARD_RE.match(compact):
        centroid = outward_centroid(compact)
        if centroid is None:
            return None
        return Location(postcode=centroid.outward_code, latitude=centroid.latitude, longitude=centroid.longitude)
    return geocode(query)
