"""The "draw an area" field: GeoJSON in, a Polygon or MultiPolygon out, and a GOV.UK message for each way it is wrong."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.template import Context, Template

from covenant.core.widgets import MAX_GEOJSON_CHARACTERS, AreaField

SQUARE = {"type": "Polygon", "coordinates": [[[-1.39, 54.91], [-1.37, 54.91], [-1.37, 54.92], [-1.39, 54.92],
                                              [-1.39, 54.91]]]}


class AreaForm(forms.Form):
    area = AreaField(label="Where is the parish?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("area"))


class OptionalAreaForm(forms.Form):
    area = AreaField(required=False)


def _clean(value, form_class=AreaForm):
    form = form_class(data={"area": value})
    return form.is_valid(), form.cleaned_data.get("area"), form.errors.get("area")


def test_a_polygon_comes_back_as_a_dict():
    valid, area, errors = _clean(json.dumps(SQUARE))
    assert valid and errors is None
    assert area == SQUARE


def test_a_multipolygon_and_a_feature_collection_of_one_are_accepted():
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"], SQUARE["coordinates"]]}
    assert _clean(json.dumps(multi))[1] == multi
    # geojson.io saves a FeatureCollection: the geometry of its one feature is the area.
    collection = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": SQUARE}]}
    assert _clean(json.dumps(collection))[1] == SQUARE


def test_a_ring_left_open_is_closed():
    open_ring = {"type": "Polygon", "coordinates": [SQUARE["coordinates"][0][:-1]]}
    assert _clean(json.dumps(open_ring))[1] == SQUARE


@pytest.mark.parametrize("text", ["nonsense", "{\"type\": \"Polygon\",", "[1, 2]", "\"Polygon\""])
def test_text_that_is_not_a_geojson_object(text):
    assert _clean(text) == (False, None, ["Enter the area as GeoJSON, like the example"])


@pytest.mark.parametrize("geometry", [
    {"type": "Point", "coordinates": [-1.38, 54.91]},
    {"type": "LineString", "coordinates": [[-1.39, 54.91], [-1.37, 54.91]]},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-1.38, 54.91]}},
    {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": SQUARE}] * 2},
    {"coordinates": SQUARE["coordinates"]},
])
def test_geometry_of_the_wrong_type(geometry):
    assert _clean(json.dumps(geometry)) == (False, None, ["The area must be a Polygon or MultiPolygon in GeoJSON"])


@pytest.mark.parametrize("coordinates", [
    None, [], [[]], "here", [[[-1.39, "54.91"], [-1.37, 54.91], [-1.37, 54.92], [-1.39, 54.91]]],
    [[[-1.39], [-1.37, 54.91], [-1.37, 54.92], [-1.39, 54.91]]],
    [[[-181, 54.91], [-1.37, 54.91], [-1.37, 54.92], [-181, 54.91]]],
    [[[-1.39, 91], [-1.37, 54.91], [-1.37, 54.92], [-1.39, 91]]],
    [[[True, 54.91], [-1.37, 54.91], [-1.37, 54.92], [True, 54.91]]],
])
def test_coordinates_that_are_not_positions(coordinates):
    _, area, errors = _clean(json.dumps({"type": "Polygon", "coordinates": coordinates}))
    assert area is None
    assert errors in (["The area’s coordinates must be lists of longitude and latitude, in degrees"],
                      ["Each part of the area must have at least 3 points"])


def test_fewer_than_three_points():
    line = {"type": "Polygon", "coordinates": [[[-1.39, 54.91], [-1.37, 54.91], [-1.39, 54.91]]]}
    assert _clean(json.dumps(line)) == (False, None, ["Each part of the area must have at least 3 points"])


@pytest.mark.parametrize("empty", ["", "   \n"])
def test_empty(empty):
    assert _clean(empty) == (False, None, ["Draw the area on the map or enter it as GeoJSON"])
    assert _clean(empty, OptionalAreaForm) == (True, None, None)


def test_too_long():
    text = "{" + " " * MAX_GEOJSON_CHARACTERS + json.dumps(SQUARE)[1:]
    assert _clean(text)[2] == ["The area must be GeoJSON of 200,000 characters or fewer"]


def test_initial_dict_is_shown_as_geojson_and_unchanged_when_posted_back():
    form = AreaForm(initial={"area": SQUARE})
    assert json.loads(form["area"].value() and form["area"].field.prepare_value(form["area"].value())) == SQUARE
    posted = AreaForm(initial={"area": SQUARE}, data={"area": json.dumps(SQUARE, indent=2)})
    assert posted.is_valid() and not posted.has_changed()


def _render(form):
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))


def test_rendered_as_a_govuk_textarea_with_label_hint_and_error():
    html = _render(AreaForm(data={"area": "nonsense"}))
    assert '<label for="id_area" class="govuk-label">' in html
    assert 'class="govuk-hint"' in html and "paste a GeoJSON Polygon" in html
    assert 'class="govuk-textarea govuk-textarea--error"' in html
    assert "Enter the area as GeoJSON, like the example" in html
    # The map and its buttons are there for areas.js to show; without it they stay hidden.
    assert "data-area-drawing hidden" in html
    assert 'data-area-action="undo"' in html and 'data-area-action="clear"' in html

    fresh = _render(AreaForm())
    assert 'class="govuk-textarea"' in fresh and "govuk-textarea--error" not in fresh


def test_media_loads_leaflet_and_areas_script_deferred():
    media = str(AreaForm().media)
    assert '<script src="/static/dist/leaflet/leaflet.js" defer></script>' in media
    assert '<script src="/static/dist/areas.js" defer></script>' in media
    assert 'href="/static/dist/leaflet/leaflet.css"' in media


def test_tiles_only_when_a_setting_names_them(settings):
    assert "data-tile-url" not in _render(AreaForm())
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in _render(AreaForm())


def test_areas_map_lists_the_areas_with_links_and_their_data():
    html = Template(
        "{% load areas %}{% areas_map areas label='Map of pop-up parishes' list_heading='Pop-up parishes' %}"
    ).render(Context({"areas": [
        {"name": "Hendon <Park>", "geometry": SQUARE, "url": "/parishes/1/", "description": "Active",
         "kind": "active"},
        {"name": "Millfield", "geometry": SQUARE, "kind": "proposed"},
    ]}))
    assert '<a class="govuk-link" href="/parishes/1/">Hendon &lt;Park&gt;</a>: Active' in html
    assert "<li>Millfield</li>" in html
    assert 'aria-label="Map of pop-up parishes" hidden' in html
    assert '<script id="areas-map-data-' in html and 'type="application/json"' in html
    # Names are escaped in the data as well as in the list.
    assert "Hendon \\u003CPark\\u003E" in html


def _img_src(**env):
    # Settings are read once, at start-up, so each value is tried in a fresh process.
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "from django.conf import settings; "
         "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"],
        cwd=Path(__file__).resolve().parent.parent.parent, env={**os.environ, **env}, capture_output=True, text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split()


def test_the_policy_lets_in_images_from_the_tile_server_only_when_there_is_one():
    assert _img_src(MAP_TILE_URL="") == ["'self'", "data:"]
    assert _img_src(MAP_TILE_URL="https://{s}.tiles.example.org/{z}/{x}/{y}.png") == [
        "'self'", "data:", "https://*.tiles.example.org"]
