"""Great-circle distances between points, and the bounding box used to pre-filter radius queries."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .geocoding import Location

# The mean radius of the Earth (IUGG), which keeps haversine errors under 0.5% anywhere.
EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle (haversine) distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    # min() guards against a rounding error taking asin outside its domain for antipodal points.
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def distance_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in miles."""
    return distance_km(lat1, lon1, lat2, lon2) / KM_PER_MILE


def distance_between(a: Location, b: Location) -> float | None:
    """Kilometres between two Locations, or None when either has no coordinates."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)


@dataclass(frozen=True)
class BoundingBox:
    min_latitude: float
    max_latitude: float
    min_longitude: float
    max_longitude: float

    def contains(self, latitude: float, longitude: float) -> bool:
        return (self.min_latitude <= latitude <= self.max_latitude
                and self.min_longitude <= longitude <= self.max_longitude)

    def as_filter(self, prefix: str = "") -> dict:
        """Keyword arguments for a queryset filter on `<prefix>latitude` and `<prefix>longitude`."""
        return {
            f"{prefix}latitude__gte": self.min_latitude,
            f"{prefix}latitude__lte": self.max_latitude,
            f"{prefix}longitude__gte": self.min_longitude,
            f"{prefix}longitude__lte": self.max_longitude,
        }


def bounding_box(latitude: float, longitude: float, radius_km: float) -> BoundingBox:
    """The smallest latitude/longitude box holding every point within radius_km of the centre.

    Use it to narrow a query cheaply (it can use indexes), then check distance_km on what is left:
    the box's corners lie further away than the radius.
    """
    if radius_km < 0:
        raise ValueError("radius_km must not be negative")
    angular = radius_km / EARTH_RADIUS_KM
    dlat = math.degrees(angular)
    min_lat, max_lat = latitude - dlat, latitude + dlat
    if max_lat >= 90 or min_lat <= -90:
        # The circle covers a pole, so every longitude is in range.
        return BoundingBox(max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0)
    # The widest longitude span of the circle (not at the centre's latitude, but where the
    # circle's tangent meets a meridian), so no point inside the radius falls outside the box.
    dlon = math.degrees(math.asin(min(1.0, math.sin(angular) / math.cos(math.radians(latitude)))))
    return BoundingBox(min_lat, max_lat, max(longitude - dlon, -180.0), min(longitude + dlon, 180.0))
