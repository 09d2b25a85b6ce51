"""The "draw an area" widget and field: a GeoJSON textarea that JavaScript turns into a map to draw on."""

import json
import math

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Generous for a hand-drawn parish yet small enough that nobody can post megabytes of coordinates.
MAX_GEOJSON_CHARACTERS = 200_000

# The map's scripts, loaded with `{{ form.media }}`. Deferred like the search map's, so the page (and the
# textarea people can paste into) never waits for them.
AREA_MEDIA = forms.Media(
    css={"all": ["dist/leaflet/leaflet.css"]},
    js=[forms.Script("dist/leaflet/leaflet.js", defer=True), forms.Script("dist/areas.js", defer=True)],
)


def map_tiles() -> dict:
    """The tile server to draw maps on, or nothing: without one, maps show a plain background and a UK outline."""
    url = getattr(settings, "MAP_TILE_URL", "")
    return {"url": url, "attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", "")} if url else {}


class AreaWidget(forms.Textarea):
    """A GOV.UK textarea of GeoJSON that areas.js enhances into a Leaflet map on which to draw a polygon.

    Without JavaScript the textarea is the whole widget, so an area can still be pasted (from geojson.io,
    a GIS or a council's boundary file). With it, the textarea moves under "Edit the area as GeoJSON" and
    stays in step with the drawing, so either can be used.
    """

    template_name = "core/widgets/area.html"

    def __init__(self, attrs=None):
        super().__init__({"rows": 6, "spellcheck": "false", **(attrs or {})})

    @property
    def media(self):
        return AREA_MEDIA

    def format_value(self, value):
        if value in (None, "", {}):
            return None
        if isinstance(value, dict):
            return json.dumps(value)
        return str(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        # crispy-forms-gds names an unknown widget's class after it and marks errors only on widgets it knows:
        # the textarea gets the Design System's classes here instead (AreaBoundField flags the error).
        classes = [c for c in widget["attrs"].get("class", "").split() if c not in ("areawidget", "govuk-input--error")]
        error = widget["attrs"].pop("data-area-error", None)
        widget["attrs"]["class"] = " ".join(["govuk-textarea", *(["govuk-textarea--error"] if error else []),
                                             *[c for c in classes if c != "govuk-textarea"]])
        widget["tiles"] = map_tiles()
        return context


class AreaBoundField(forms.BoundField):
    def as_widget(self, widget=None, attrs=None, only_initial=False):
        if self.errors:
            attrs = {**(attrs or {}), "data-area-error": "true"}
        return super().as_widget(widget, attrs, only_initial)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


class AreaField(forms.Field):
    """An area as a GeoJSON Polygon or MultiPolygon geometry (a dict), drawn on a map or pasted.

    Only the shape of the GeoJSON is checked here: that it parses, is a polygon, and its rings are closed lists
    of longitude and latitude. Whether it intersects itself, lies in the UK or overlaps another area is for the
    service that stores it (with shapely), whose errors the form shows against this field.
    """

    widget = AreaWidget
    bound_field_class = AreaBoundField
    default_error_messages = {
        "required": _("Draw the area on the map or enter it as GeoJSON"),
        "too_long": _("The area must be GeoJSON of %(limit)s characters or fewer"),
        "invalid_json": _("Enter the area as GeoJSON, like the example"),
        "wrong_type": _("The area must be a Polygon or MultiPolygon in GeoJSON"),
        "invalid_coordinates": _("The area’s coordinates must be lists of longitude and latitude, in degrees"),
        "too_few_points": _("Each part of the area must have at least 3 points"),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _(
            "Draw the area on the map. Without the map, paste a GeoJSON Polygon, for example "
            "{\"type\": \"Polygon\", \"coordinates\": [[[-1.39, 54.91], [-1.37, 54.91], [-1.38, 54.92], "
            "[-1.39, 54.91]]]}, with longitude before latitude."))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, dict):
            return self._geometry(value)
        if value is None or not str(value).strip():
            return None
        text = str(value).strip()
        if len(text) > MAX_GEOJSON_CHARACTERS:
            raise ValidationError(self.error_messages["too_long"], code="too_long",
                                  params={"limit": f"{MAX_GEOJSON_CHARACTERS:,}"})
        try:
            parsed = json.loads(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid_json"], code="invalid_json") from None
        if not isinstance(parsed, dict):
            raise ValidationError(self.error_messages["invalid_json"], code="invalid_json")
        return self._geometry(parsed)

    def _geometry(self, data: dict) -> dict:
        # What geojson.io and most tools save is a Feature or a FeatureCollection of one: take its geometry.
        if data.get("type") == "FeatureCollection" and isinstance(data.get("features"), list) \
                and len(data["features"]) == 1:
            data = data["features"][0]
        if isinstance(data, dict) and data.get("type") == "Feature" and isinstance(data.get("geometry"), dict):
            data = data["geometry"]
        kind = data.get("type") if isinstance(data, dict) else None
        if kind not in ("Polygon", "MultiPolygon"):
            raise ValidationError(self.error_messages["wrong_type"], code="wrong_type")
        coordinates = data.get("coordinates")
        polygons = [coordinates] if kind == "Polygon" else coordinates
        if not isinstance(polygons, list) or not polygons:
            raise ValidationError(self.error_messages["invalid_coordinates"], code="invalid_coordinates")
        return {"type": kind, "coordinates": [self._rings(polygon) for polygon in polygons]
                if kind == "MultiPolygon" else self._rings(coordinates)}

    def _rings(self, polygon) -> list:
        if not isinstance(polygon, list) or not polygon:
            raise ValidationError(self.error_messages["invalid_coordinates"], code="invalid_coordinates")
        rings = []
        for ring in polygon:
            if not isinstance(ring, list):
                raise ValidationError(self.error_messages["invalid_coordinates"], code="invalid_coordinates")
            points = []
            for point in ring:
                if not (isinstance(point, list) and len(point) in (2, 3) and all(_is_number(n) for n in point)
                        and -180 <= point[0] <= 180 and -90 <= point[1] <= 90):
                    raise ValidationError(self.error_messages["invalid_coordinates"], code="invalid_coordinates")
                points.append([float(point[0]), float(point[1])])
            # GeoJSON rings end where they start; a pasted ring that forgot to is closed rather than refused.
            if points and points[0] != points[-1]:
                points.append(points[0])
            if len(points) < 4:
                raise ValidationError(self.error_messages["too_few_points"], code="too_few_points")
            rings.append(points)
        return rings

    def prepare_value(self, value):
        return json.dumps(value) if isinstance(value, dict) else value

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (self.to_python(initial) if initial not in (None, "") else None)
        except ValidationError:
            return True
