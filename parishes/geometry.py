"""Areas of pop-up parishes: GeoJSON parsed and checked with shapely, points inside areas, overlaps.

Coordinates are GeoJSON's: [longitude, latitude] in WGS 84 degrees. Areas are small (a village, an estate),
so measures use a flat approximation around the area's middle latitude, which is well within 1% there.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

import shapely
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from shapely import affinity
from shapely.geometry import MultiPoint, MultiPolygon, Polygon, mapping, shape
from shapely.validation import explain_validity

from covenant.places.shapes import (  # noqa: F401  (UK_BOUNDS and area_km2 are part of this module's API)
    KM_PER_DEGREE_LATITUDE,
    KM_PER_DEGREE_LONGITUDE_AT_EQUATOR,
    UK_BOUNDS,
    area_km2,
)

# UK_BOUNDS also holds a little of Ireland and the French coast; an area there has no UK postcodes, so no
# residents can found it or sign its petition, which is what really keeps parishes at home.

# The default largest area, in square kilometres (setting PARISH_MAX_AREA_KM2). The largest civil parishes
# in England cover about 250 km²; a pop-up parish is a neighbourhood body.
DEFAULT_MAX_AREA_KM2 = 250.0

# An area assembled from postcodes is their convex hull widened by this many metres, so that the postcodes
# on its edge lie inside it and one or two postcodes still make a shape.
POSTCODE_AREA_MARGIN_M = 100.0

ACCEPTED_TYPES = ("Polygon", "MultiPolygon")


def _invalid(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _load(value: str | dict | None) -> dict:
    if value is None or (isinstance(value, str) and not value.strip()) or value == {}:
        raise _invalid(_("Draw the area on the map, or choose the postcodes it covers"), "empty")
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, TypeError):
            raise _invalid(_("The area could not be read. Draw the area on the map again"), "json") from None
    if not isinstance(value, dict):
        raise _invalid(_("The area could not be read. Draw the area on the map again"), "json")
    # The map widget sends a Feature; the API may send the bare geometry.
    if value.get("type") == "Feature":
        value = value.get("geometry") or {}
    if value.get("type") not in ACCEPTED_TYPES:
        raise _invalid(
            _("The area must be a shape with an inside, not a point or a line. Draw the area as a polygon"),
            "type",
        )
    return value


def _is_position(position: Any) -> bool:
    return (
        isinstance(position, list | tuple) and len(position) in (2, 3)
        and all(isinstance(n, int | float) and not isinstance(n, bool) and math.isfinite(n) for n in position)
    )


def _checked_polygon_rings(rings: Any) -> list[list[tuple[float, float]]]:
    """A polygon's rings as closed lists of (longitude, latitude), or a ValidationError saying what is wrong."""
    if not isinstance(rings, list) or not rings:
        raise _invalid(_("Draw the area on the map, or choose the postcodes it covers"), "empty")
    checked = []
    for ring in rings:
        if not isinstance(ring, list) or not all(_is_position(p) for p in ring):
            raise _invalid(_("The area could not be read. Draw the area on the map again"), "coordinates")
        points = [(float(p[0]), float(p[1])) for p in ring]
        if points and points[0] != points[-1]:
            points.append(points[0])  # GeoJSON rings are closed; close one that is not rather than refuse it
        if len(set(points)) < 3:
            raise _invalid(
                _("Each shape in the area needs at least 3 corners. Draw the area again with more corners"),
                "too_few_points",
            )
        checked.append(points)
    return checked


def max_area_km2() -> float:
    return float(getattr(settings, "PARISH_MAX_AREA_KM2", DEFAULT_MAX_AREA_KM2))


def parse_area(value: str | dict | None):
    """A shapely Polygon or MultiPolygon from GeoJSON (text or parsed), checked to be a usable parish area.

    Raises ValidationError with one message that says what is wrong and how to put it right.
    """
    data = _load(value)
    coordinates = data.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        raise _invalid(_("Draw the area on the map, or choose the postcodes it covers"), "empty")
    if data["type"] == "Polygon":
        rings = _checked_polygon_rings(coordinates)
        geometry = Polygon(rings[0], rings[1:])
    else:
        polygons = []
        for polygon in coordinates:
            rings = _checked_polygon_rings(polygon)
            polygons.append(Polygon(rings[0], rings[1:]))
        geometry = MultiPolygon(polygons)

    if not geometry.is_valid:
        reason = explain_validity(geometry)
        where = _near(reason)
        # Parts of a MultiPolygon that are each fine but overlap are reported as self-intersection too.
        parts_valid = isinstance(geometry, MultiPolygon) and all(part.is_valid for part in geometry.geoms)
        if reason.startswith(("Self-intersection", "Ring Self-intersection")) and not parts_valid:
            raise _invalid(
                _("The edges of the area cross each other%(where)s. Draw the area again so that no edges cross")
                % {"where": where},
                "self_intersection",
            )
        raise _invalid(
            _("The shapes of the area overlap%(where)s. Draw the area again as one shape or as shapes apart")
            % {"where": where},
            "invalid",
        )
    if geometry.is_empty or geometry.area == 0:
        raise _invalid(_("The area has no inside. Draw the area again with corners that are apart"), "empty")
    if not UK_BOUNDS.contains(geometry):
        raise _invalid(_("The area must be in the United Kingdom. Draw the area again over the place"),
                       "outside_uk")
    size = area_km2(geometry)
    if size > max_area_km2():
        raise _invalid(
            _("The area is too large: it covers %(size)s km². Draw an area of %(max)s km² or less")
            % {"size": f"{size:,.0f}", "max": f"{max_area_km2():,.0f}"},
            "too_large",
        )
    return geometry


def _near(reason: str) -> str:
    """" near 54.906, -1.381" from explain_validity's "Self-intersection[-1.381 54.906]", or ""."""
    if "[" not in reason:
        return ""
    try:
        x, y = (float(n) for n in reason[reason.index("[") + 1 : reason.index("]")].split()[:2])
    except ValueError:
        return ""
    return _(" near %(latitude).4f, %(longitude).4f") % {"latitude": y, "longitude": x}


def to_geojson(geometry) -> dict:
    """The geometry as a plain GeoJSON dict (lists, not tuples), ready for a JSONField."""
    return json.loads(json.dumps(mapping(geometry)))


def from_geojson(data: dict):
    """A stored area back as a shapely geometry (stored areas were checked when saved)."""
    return shape(data)


def bounds(geometry) -> tuple[float, float, float, float]:
    """(min_longitude, min_latitude, max_longitude, max_latitude)."""
    return tuple(geometry.bounds)


def contains_point(geometry, latitude: float, longitude: float) -> bool:
    """Whether a point lies inside the area or on its edge (a postcode on the boundary belongs to it)."""
    return bool(shapely.intersects_xy(geometry, longitude, latitude))


def points_inside(geometry, points: Sequence[tuple[float, float]]) -> list[bool]:
    """For each (latitude, longitude), whether it lies inside the area or on its edge; vectorised."""
    if not points:
        return []
    shapely.prepare(geometry)
    latitudes, longitudes = zip(*points, strict=True)
    return [bool(flag) for flag in shapely.intersects_xy(geometry, list(longitudes), list(latitudes))]


def overlaps(a, b) -> bool:
    """Whether two areas share some ground; areas that only touch along an edge or at a corner do not."""
    if not a.intersects(b):
        return False
    return a.intersection(b).area > 0


def area_from_points(points: Iterable[tuple[float, float]], *, margin_m: float = POSTCODE_AREA_MARGIN_M):
    """An area assembled from (latitude, longitude) points, such as the postcodes a group chooses.

    It is the convex hull of the points, widened by `margin_m` metres. Simple and predictable rather than
    exact: a hull spans gaps between the chosen postcodes, so people check the drawn result on the map.
    """
    coordinates = [(longitude, latitude) for latitude, longitude in points]
    if not coordinates:
        raise _invalid(_("Choose at least one postcode to make the area from"), "empty")
    hull = MultiPoint(coordinates).convex_hull
    middle = math.radians(sum(lat for _lon, lat in coordinates) / len(coordinates))
    # Widen in kilometres, not degrees: squash longitude to a flat frame, buffer, then stretch it back.
    scale = math.cos(middle) * KM_PER_DEGREE_LONGITUDE_AT_EQUATOR / KM_PER_DEGREE_LATITUDE
    flat = affinity.scale(hull, xfact=scale, yfact=1.0, origin=(0, 0))
    widened = flat.buffer(margin_m / 1000 / KM_PER_DEGREE_LATITUDE, quad_segs=4)
    return affinity.scale(widened, xfact=1 / scale, yfact=1.0, origin=(0, 0))
