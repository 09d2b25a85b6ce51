"""Reads for places: areas, the areas a postcode falls in, and postcodes near a point."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from .distance import bounding_box, distance_km
from .geocoding import Location, geocode
from .models import LSOA, LocalAuthority, Postcode, Ward


@dataclass(frozen=True)
class Areas:
    """The areas a postcode falls in; each is None when unknown or not yet imported."""

    location: Location
    local_authority: LocalAuthority | None
    ward: Ward | None
    lsoa: LSOA | None


def local_authority_list() -> QuerySet[LocalAuthority]:
    return LocalAuthority.objects.annotate(ward_count=Count("wards", distinct=True)).order_by("code")


def ward_list() -> QuerySet[Ward]:
    return Ward.objects.select_related("local_authority").order_by("code")


def lsoa_list() -> QuerySet[LSOA]:
    return LSOA.objects.select_related("local_authority").order_by("code")


def wards_in_local_authority(code: str) -> QuerySet[Ward]:
    return ward_list().filter(local_authority_id=code)


def lsoas_in_local_authority(code: str) -> QuerySet[LSOA]:
    return lsoa_list().filter(local_authority_id=code)


def lsoas_in_deciles(*, most_deprived_decile: int = 1, local_authority_code: str | None = None) -> QuerySet[LSOA]:
    """LSOAs whose IMD decile is at most `most_deprived_decile` (1 is the most deprived 10%)."""
    queryset = lsoa_list().filter(imd_decile__lte=most_deprived_decile)
    if local_authority_code:
        queryset = queryset.filter(local_authority_id=local_authority_code)
    return queryset


def areas_for_location(location: Location) -> Areas:
    """The named areas for a Location: one query per kind of area the location names."""
    local_authority = (
        LocalAuthority.objects.filter(code=location.local_authority_code).first()
        if location.local_authority_code else None
    )
    ward = (
        Ward.objects.select_related("local_authority").filter(code=location.ward_code).first()
        if location.ward_code else None
    )
    lsoa = (
        LSOA.objects.select_related("local_authority").filter(code=location.lsoa_code).first()
        if location.lsoa_code else None
    )
    return Areas(location=location, local_authority=local_authority, ward=ward, lsoa=lsoa)


def area_for_postcode(postcode: str) -> Areas | None:
    """The areas a postcode falls in, or None if the postcode is unknown.

    Raises ValidationError if malformed, and GeocoderUnavailable if the configured service is down.
    """
    location = geocode(postcode)
    if location is None:
        return None
    return areas_for_location(location)


def postcodes_within(latitude: float, longitude: float, radius_km: float, *, include_terminated: bool = False
                     ) -> list[tuple[Postcode, float]]:
    """Located postcodes within radius_km of a point, nearest first, with their distance in km."""
    box = bounding_box(latitude, longitude, radius_km)
    queryset = Postcode.objects.filter(**box.as_filter())
    if not include_terminated:
        queryset = queryset.filter(terminated_on__isnull=True)
    found = []
    for postcode in queryset.only("postcode", "latitude", "longitude"):
        distance = distance_km(latitude, longitude, postcode.latitude, postcode.longitude)
        if distance <= radius_km:
            found.append((postcode, distance))
    found.sort(key=lambda pair: (pair[1], pair[0].postcode))
    return found
