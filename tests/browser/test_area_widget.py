"""The "draw an area" widget and the areas map in a real browser, on test-only pages (never in the site's URLs):
drawing a polygon by clicking fills the GeoJSON that is posted, pasting GeoJSON works without JavaScript, and
neither map asks another site for anything."""

import json
import os
import shutil
import tempfile

import pytest
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from covenant.core.widgets import AreaField
from covenant.urls import urlpatterns as site_urlpatterns
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.pages import csp_violations
from tests.conftest import need_service

pytestmark = [pytest.mark.browser, pytest.mark.urls(__name__)]

PAGE = """{% extends "base.html" %}{% load crispy_forms_tags areas %}
{% block content %}
<h1 class="govuk-heading-l">Draw an area</h1>
{% if saved %}<pre id="saved">{{ saved }}</pre>{% endif %}
{% if form %}{% crispy form %}{% endif %}
{% if areas %}{% areas_map areas label="Map of the areas" list_heading="Areas" %}{% area_map_media %}{% endif %}
{% endblock %}"""

SQUARE = {"type": "Polygon", "coordinates": [[[-1.39, 54.91], [-1.37, 54.91], [-1.37, 54.92], [-1.39, 54.92],
                                              [-1.39, 54.91]]]}


class AreaForm(forms.Form):
    area = AreaField(label="Where is the area?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("area"), Button("submit", "Save the area"))


def _render(request, **context):
    return HttpResponse(engines["django"].from_string(PAGE).render(context, request))


def draw_view(request):
    form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _render(request, saved=json.dumps(form.cleaned_data["area"]))
    return _render(request, form=form)


def areas_view(request):
    moved = {"type": "Polygon", "coordinates": [[[x + 0.05, y] for x, y in SQUARE["coordinates"][0]]]}
    return _render(request, areas=[
        {"name": "Hendon", "geometry": SQUARE, "url": "/parishes/hendon/", "description": "Active", "kind": "active"},
        {"name": "Millfield", "geometry": moved, "url": "/parishes/millfield/", "description": "Proposed",
         "kind": "proposed"},
    ])


urlpatterns = [path("test-only/area/", draw_view), path("test-only/areas/", areas_view), *site_urlpatterns]


def _textarea_geojson(page):
    return json.loads(page.locator("#id_area").input_value())


def test_drawing_a_polygon_by_clicking_fills_the_geojson_that_is_posted(browser_page):
    page = browser_page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(page.base_url + "/test-only/area/")
    page.wait_for_load_state("networkidle")

    status = page.locator("[data-area-status]")
    map_box = page.locator("[data-area-map]")
    # areas.js showed the map and folded the textarea under a details.
    assert map_box.is_visible() and page.locator("#id_area").is_hidden()
    assert status.inner_text() == "No points yet. Select the first corner of the area on the map."
    assert map_box.locator("path.covenant-map-outline").count() >= 1
    assert map_box.locator(".leaflet-tile").count() == 0

    map_box.scroll_into_view_if_needed()
    box = map_box.bounding_box()
    centre_x, centre_y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((-120, -60), (120, -60), (0, 90)):
        page.mouse.click(centre_x + dx, centre_y + dy)
    page.screenshot(path="/tmp/covenant-area-drawn.png", full_page=False)
    assert status.inner_text() == "The area has 3 points."
    drawn = _textarea_geojson(page)
    assert drawn["type"] == "Polygon" and len(drawn["coordinates"]) == 1
    ring = drawn["coordinates"][0]
    assert len(ring) == 4 and ring[0] == ring[-1]
    # The map starts on the UK, so the points are in it, longitude first.
    assert all(-11 < lng < 4 and 48 < lat < 62 for lng, lat in ring), ring
    assert ring[0][0] < ring[1][0] and ring[2][1] < ring[0][1]
    assert map_box.locator("path.covenant-area-shape").count() == 1
    assert map_box.locator(".covenant-area-input__vertex").count() == 3

    # Undo takes the last point away, and with it the polygon.
    page.get_by_role("button", name="Undo last point").click()
    assert status.inner_text() == "Add at least 3 points to make an area."
    assert page.locator("#id_area").input_value() == ""

    # From the keyboard: a point at the centre of the map, pressing Enter on the button.
    page.get_by_role("button", name="Add a point at the centre").focus()
    page.keyboard.press("Enter")
    assert status.inner_text() == "The area has 3 points."
    ring = _textarea_geojson(page)["coordinates"][0]
    assert len(ring) == 4

    # Dragging a point moves it.
    vertex = map_box.locator(".covenant-area-input__vertex").first
    handle = vertex.bounding_box()
    page.mouse.move(handle["x"] + 8, handle["y"] + 8)
    page.mouse.down()
    page.mouse.move(handle["x"] - 40, handle["y"] - 40, steps=5)
    page.mouse.up()
    moved = _textarea_geojson(page)["coordinates"][0]
    assert moved[0] != ring[0] and moved[1:3] == ring[1:3] and moved[0] == moved[-1]
    assert moved[0][0] < ring[0][0] and moved[0][1] > ring[0][1]

    page.get_by_role("button", name="Save the area").click()
    page.wait_for_load_state("networkidle")
    assert json.loads(page.locator("#saved").inner_text()) == {"type": "Polygon", "coordinates": [moved]}

    assert page.console_log.errors == []
    assert csp_violations(page) == []
    assert [url for url in requested if not url.startswith(page.base_url)] == []


def test_clear_empties_the_area_and_geojson_typed_in_is_drawn(browser_page):
    page = browser_page
    page.goto(page.base_url + "/test-only/area/")
    page.wait_for_load_state("networkidle")
    page.get_by_text("Edit the area as GeoJSON").click()
    textarea = page.locator("#id_area")
    textarea.fill(json.dumps(SQUARE))
    textarea.dispatch_event("change")
    assert page.locator("[data-area-status]").inner_text() == "The area has 4 points."
    assert page.locator(".covenant-area-input__vertex").count() == 4

    # An area of two parts is shown, but only its GeoJSON can change it.
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"],
                                                     [[[x + 0.05, y] for x, y in SQUARE["coordinates"][0]]]]}
    textarea.fill(json.dumps(multi))
    textarea.dispatch_event("change")
    several = "This area has more than one part, so it can only be changed as GeoJSON. Clear it to draw a new one."
    assert page.locator("[data-area-status]").inner_text() == several
    assert page.locator("path.covenant-area-shape").count() == 1
    assert page.locator(".covenant-area-input__vertex").count() == 0
    page.get_by_role("button", name="Add a point at the centre").click()
    assert json.loads(textarea.input_value()) == multi

    textarea.fill("{\"type\": \"Point\"")
    textarea.dispatch_event("change")
    assert page.locator("[data-area-status]").inner_text().startswith("The GeoJSON below is not an area")

    page.get_by_role("button", name="Clear the area").click()
    assert textarea.input_value() == ""
    assert page.locator("path.covenant-area-shape").count() == 0
    assert page.locator(".covenant-area-input__vertex").count() == 0

    # Nothing drawn is an error from the server, shown the GOV.UK way, with the GeoJSON open to correct.
    page.get_by_role("button", name="Save the area").click()
    page.wait_for_load_state("networkidle")
    assert "Draw the area on the map or enter it as GeoJSON" in page.locator(".govuk-error-message").inner_text()
    assert page.locator("#id_area").is_visible()
    assert page.console_log.unexpected() == []
    assert csp_violations(page) == []


def test_tiles_are_drawn_when_a_setting_names_a_server(browser_page, settings):
    page = browser_page
    # Any image of our own stands in for a tile server, which the policy would otherwise have to let in.
    settings.MAP_TILE_URL = "/static/images/favicon.svg?z={z}&x={x}&y={y}"
    page.goto(page.base_url + "/test-only/area/")
    page.wait_for_load_state("networkidle")
    map_box = page.locator("[data-area-map]")
    assert map_box.locator("img.leaflet-tile").count() > 0
    assert map_box.locator("path.covenant-map-outline").count() == 0
    assert csp_violations(page) == []


@pytest.fixture
def page_without_javascript(transactional_db, live_server, monkeypatch):
    need_service("Chromium", os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: install the 'chromium' package")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    user_data_dir = tempfile.mkdtemp(prefix="covenant-chromium-")
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                user_data_dir, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 900}, java_script_enabled=False,
            )
            try:
                page = context.pages[0] if context.pages else context.new_page()
                page.base_url = live_server.url
                yield page
            finally:
                context.close()
    finally:
        shutil.rmtree(user_data_dir, ignore_errors=True)


def test_without_javascript_pasted_geojson_is_posted(page_without_javascript):
    page = page_without_javascript
    page.goto(page.base_url + "/test-only/area/")
    # No map, no buttons: the textarea with its label and hint is the whole question.
    assert page.locator("[data-area-drawing]").is_hidden()
    textarea = page.get_by_label("Where is the area?")
    assert textarea.is_visible()
    assert "paste a GeoJSON Polygon" in page.locator(".govuk-hint").inner_text()

    textarea.fill("not GeoJSON")
    page.get_by_role("button", name="Save the area").click()
    assert "Enter the area as GeoJSON, like the example" in page.locator(".govuk-error-message").inner_text()

    feature = {"type": "Feature", "properties": {}, "geometry": SQUARE}
    page.get_by_label("Where is the area?").fill(json.dumps(feature))
    page.get_by_role("button", name="Save the area").click()
    assert json.loads(page.locator("#saved").inner_text()) == SQUARE


def test_areas_map_shows_each_area_labelled_with_a_link_and_the_list_stays(browser_page):
    page = browser_page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(page.base_url + "/test-only/areas/")
    page.wait_for_load_state("networkidle")

    map_box = page.get_by_role("region", name="Map of the areas")
    assert map_box.is_visible()
    assert map_box.locator("path.covenant-areas-map__area--active").count() == 1
    assert map_box.locator("path.covenant-areas-map__area--proposed").count() == 1
    assert sorted(map_box.locator(".covenant-areas-map__label").all_inner_texts()) == ["Hendon", "Millfield"]
    assert map_box.locator(".leaflet-tile").count() == 0
    # The list says the same, with the same links, for screen readers.
    items = page.locator("[data-areas-list] li")
    assert items.all_inner_texts() == ["Hendon: Active", "Millfield: Proposed"]
    assert items.first.get_by_role("link").get_attribute("href") == "/parishes/hendon/"

    # Selecting an area opens its link.
    map_box.locator("path.covenant-areas-map__area--proposed").click(force=True)
    assert map_box.locator(".leaflet-popup-content a").get_attribute("href") == "/parishes/millfield/"
    page.screenshot(path="/tmp/covenant-areas-map.png", full_page=True)

    assert page.console_log.errors == []
    assert csp_violations(page) == []
    assert [url for url in requested if not url.startswith(page.base_url)] == []
