"""Where an asset is: a point (latitude and longitude) and, if given, its boundary as a GeoJSON polygon, checked
with shapely; and the same as Well-Known Text for the planning data, and as a small shape for the map.

Coordinates are WGS 84 degrees; GeoJSON lists longitude first. The UK is a generous box around it (Scilly to
Shetland, Northern Ireland to Lowestoft); a building or a piece of land is small, so a boundary larger than
MAX_AREA_KM2 is refused as a mistake.
"""

from __future__ import annotations

import math

import shapely
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from shapely.geometry import MultiPolygon, Point, Polygon, box, mapping, shape

from covenant.places.shapes import (
    KM_PER_DEGREE_LATITUDE,
    KM_PER_DEGREE_LONGITUDE_AT_EQUATOR,
    UK_BOUNDS,
    area_km2,
)

MAX_AREA_KM2 = 25.0
# A point drawn on the map as a square this many metres across, so a pub shows as well as a park.
POINT_MARKER_M = 30.0


def _number(value, message: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(message) from None
    if not math.isfinite(number):
        raise ValidationError(message)
    return number


def _boundary(value: dict) -> Polygon | MultiPolygon:
    if not isinstance(value, dict) or value.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValidationError({"boundary": _("The boundary must be a shape with an inside. Draw it as a polygon")})
    try:
        geometry = shape(value)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.GEOSException):
        raise ValidationError({"boundary": _("The boundary could not be read. Draw it on the map again")}) from None
    if not geometry.is_empty and not geometry.is_valid:
        raise ValidationError({"boundary": _("The boundary crosses itself. Draw it again so its edges do not cross")})
    if geometry.is_empty or geometry.area == 0:
        raise ValidationError({"boundary": _("The boundary has no area. Draw it with at least three corners")})
    if not UK_BOUNDS.contains(geometry):
        raise ValidationError({"boundary": _("The boundary must be in the UK")})
    if area_km2(geometry) > MAX_AREA_KM2:
        raise ValidationError({"boundary": _("The boundary covers more than %(max)s square kilometres. Draw the "
                                             "building or land itself") % {"max": f"{MAX_AREA_KM2:g}"}})
    return geometry


def location_clean(*, latitude=None, longitude=None, boundary: dict | None = None) -> tuple[float, float, dict | None]:
    """The asset's point and boundary, checked: a point is needed, or a boundary whose middle becomes the point."""
    has_point = latitude not in (None, "") or longitude not in (None, "")
    if not has_point and not boundary:
        raise ValidationError({"latitude": _("Enter the latitude and longitude of the asset, or draw its boundary")})
    geometry = _boundary(boundary) if boundary else None
    if has_point:
        errors = {}
        try:
            lat = _number(latitude, _("Enter the latitude as a number of degrees, like 54.9069"))
        except ValidationError as error:
            errors["latitude"] = error.messages
        try:
            lng = _number(longitude, _("Enter the longitude as a number of degrees, like -1.3838"))
        except ValidationError as error:
            errors["longitude"] = error.messages
        if errors:
            raise ValidationError(errors)
        point = Point(lng, lat)
        if not UK_BOUNDS.contains(point):
            raise ValidationError({"latitude": _("The point must be in the UK: check the latitude and longitude, and "
                                                 "that they are not the wrong way round")})
        if geometry is not None and geometry.distance(point) > 0.002:
            raise ValidationError({"latitude": _("The point is outside the boundary you drew. Put it on the asset")})
    else:
        point = geometry.representative_point()
    return round(point.y, 6), round(point.x, 6), mapping(geometry) if geometry is not None else None


def _json_ready(value):
    if isinstance(value, (list, tuple)):
        return [_json_ready(item) for item in value]
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    return value


def boundary_geojson(boundary: dict | None) -> dict | None:
    return _json_ready(boundary) if boundary else None


def point_wkt(latitude: float | None, longitude: float | None) -> str:
    if latitude is None or longitude is None:
        return ""
    return shapely.to_wkt(Point(longitude, latitude), rounding_precision=6, trim=True)


def geometry_wkt(boundary: dict | None) -> str:
    """The boundary as a WKT MULTIPOLYGON, the planning data's form for geometry."""
    if not boundary:
        return ""
    geometry = shape(boundary)
    if isinstance(geometry, Polygon):
        geometry = MultiPolygon([geometry])
    return shapely.to_wkt(geometry, rounding_precision=6, trim=True)


def map_geometry(latitude: float | None, longitude: float | None, boundary: dict | None) -> dict | None:
    """A shape to draw on the map of areas: the boundary, or a small square round the point."""
    if boundary:
        return boundary_geojson(boundary)
    if latitude is None or longitude is None:
        return None
    half_lat = POINT_MARKER_M / 2000 / KM_PER_DEGREE_LATITUDE
    half_lng = POINT_MARKER_M / 2000 / (KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(math.radians(latitude)))
    return _json_ready(mapping(box(longitude - half_lng, latitude - half_lat, longitude + half_lng,
                                   latitude + half_lat)))
