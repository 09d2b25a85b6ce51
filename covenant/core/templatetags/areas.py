"""Template tags for maps of areas: the read-only areas map and the scripts that every map of areas needs."""

import itertools

from django import template

from covenant.core.widgets import AREA_MEDIA, map_tiles

register = template.Library()

# Each map on a page needs its own id for its data; a counter is enough, as ids only need to differ per page.
_ids = itertools.count(1)


@register.inclusion_tag("includes/areas_map.html")
def areas_map(areas, label, list_heading=None):
    """A map of `areas` with the same areas listed under it as links, for readers without the map.

    Each area is a dict: `name`, `geometry` (a GeoJSON Polygon or MultiPolygon, a dict), and optionally `url`,
    `description` (a short line such as "Proposed, petition open") and `kind` ("proposed" draws it dashed).
    Load the scripts once on the page with `{% area_map_media %}`.
    """
    areas = [
        {"name": str(area["name"]), "geometry": area["geometry"], "url": str(area.get("url") or ""),
         "description": str(area.get("description") or ""), "kind": str(area.get("kind") or "")}
        for area in areas
    ]
    return {"areas": areas, "label": label, "list_heading": list_heading, "data_id": f"areas-map-data-{next(_ids)}",
            "tiles": map_tiles()}


@register.simple_tag
def area_map_media():
    """Leaflet's stylesheet and script and areas.js, for a page with an areas map but no AreaField's form."""
    return AREA_MEDIA.render()
