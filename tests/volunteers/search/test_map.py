"""The map view of search results, as the server sends it: an enhancement that is hidden until map.js runs,
Leaflet loaded only where there is something to map, and nothing the Content Security Policy would block."""

import re

import pytest

from tests.places.factories import PostcodeFactory
from tests.volunteers.factories import NeedFactory, ShiftFactory
from volunteers.models import LocationKind, NeedStatus

pytestmark = pytest.mark.django_db

SEARCH = "/volunteering/"
LEAFLET_JS = '<script src="/static/dist/leaflet/leaflet.js" defer></script>'
LEAFLET_CSS = '<link rel="stylesheet" href="/static/dist/leaflet/leaflet.css">'
MAP_JS = '<script src="/static/dist/map.js" defer></script>'


@pytest.fixture
def origin():
    return PostcodeFactory(postcode="SR1 1AD", outward_code="SR1", latitude=54.9061, longitude=-1.3811)


def listed(**kwargs):
    need = NeedFactory(**kwargs)
    ShiftFactory(need=need)
    return need


def remote(**kwargs):
    return listed(location_kind=LocationKind.REMOTE, postcode="", latitude=None, longitude=None, **kwargs)


def tag(content: str, marker: str) -> str:
    """The opening tag carrying `marker`."""
    match = re.search(r"<[a-z]+[^>]*" + re.escape(marker) + r"[^>]*>", content)
    assert match, f"no tag with {marker}"
    return match.group(0)


def test_results_with_places_offer_a_map_that_only_javascript_reveals(client, origin):
    listed(title="Warehouse", latitude=54.95, longitude=-1.3811)
    listed(title="Café", latitude=54.91, longitude=-1.39)
    remote(title="Phone befriending")
    response = client.get(SEARCH, {"postcode": "SR1 1AD", "within_miles": "10"})
    assert response.status_code == 200
    content = response.content.decode()

    # Without JavaScript the list is all there is: the switch, the note and the map start hidden.
    switch = tag(content, "data-results-switch")
    assert " hidden" in switch
    assert " hidden" in tag(content, "data-map-note")
    box = tag(content, 'id="search-map"')
    assert " hidden" in box
    assert not re.search(r'<ul[^>]*id="search-results"[^>]*hidden', content)
    assert 'data-results-view="list" aria-pressed="true"' in content
    assert 'data-results-view="map" aria-pressed="false"' in content

    # The map is centred on the searched postcode, with the distance asked for, and its icons are ours.
    assert 'data-centre-latitude="54.9061"' in box and 'data-centre-longitude="-1.3811"' in box
    assert 'data-centre-label="Search centre: SR1 1AD"' in box
    assert 'data-radius-miles="10"' in box
    assert 'data-marker-icon="/static/dist/leaflet/images/marker-icon.png"' in box
    assert 'data-marker-shadow="/static/dist/leaflet/images/marker-shadow.png"' in box
    assert "The map shows the 2 opportunities on this page that have a place." in content

    # Markers come from the results' own coordinates; the remote one has none.
    assert content.count("data-latitude=") == 2
    assert 'data-latitude="54.95" data-longitude="-1.3811"' in content

    # Leaflet's stylesheet and script, then ours, each once.
    assert content.count(LEAFLET_CSS) == 1 and content.count(LEAFLET_JS) == 1 and content.count(MAP_JS) == 1
    assert content.index(LEAFLET_JS) < content.index(MAP_JS)


def test_a_search_without_a_postcode_maps_results_without_a_centre(client):
    listed(title="Warehouse", latitude=54.95, longitude=-1.3811)
    content = client.get(SEARCH).content.decode()
    box = tag(content, 'id="search-map"')
    assert "data-centre-latitude" not in box and "data-radius-miles" not in box
    assert "The map shows the 1 opportunity on this page that has a place." in content
    assert MAP_JS in content


def test_the_map_counts_only_the_page_shown(client):
    for number in range(21):
        listed(title=f"Need {number}", latitude=54.9 + number / 1000, longitude=-1.38)
    first = client.get(SEARCH).content.decode()
    assert "21 opportunities found" in first
    assert "The map shows the 20 opportunities on this page" in first
    assert first.count("data-latitude=") == 20
    second = client.get(SEARCH, {"page": "2"}).content.decode()
    assert "The map shows the 1 opportunity on this page" in second


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({}, 200),  # only remote needs: nothing to put on a map
        ({"q": "nothing matches this"}, 200),  # no results at all
        ({"postcode": "SW1A 2AA"}, 400),  # a postcode we cannot find: no results are shown
        ({"within_miles": "7"}, 400),
    ],
)
def test_no_map_and_no_leaflet_when_there_is_nothing_to_map(client, params, status):
    remote(title="Phone befriending")
    response = client.get(SEARCH, params)
    assert response.status_code == status
    content = response.content.decode()
    for absent in ("data-results-switch", 'id="search-map"', "data-map-note", "leaflet", MAP_JS):
        assert absent not in content


def test_leaflet_is_loaded_only_on_the_search_page(client):
    need = listed(title="Warehouse")
    assert MAP_JS in client.get(SEARCH).content.decode()
    for url in ("/", f"{SEARCH}needs/{need.pk}/", f"{SEARCH}open-data/"):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "leaflet" not in content and MAP_JS not in content, url


def test_the_map_needs_no_inline_code_and_no_other_sites(client, origin):
    listed(title="Warehouse <b>& café</b>", latitude=54.95, longitude=-1.3811)
    response = client.get(SEARCH, {"postcode": "SR1 1AD"})
    content = response.content.decode()
    # Every script is a file of ours except base.html's one nonce'd line; no style attributes or elements.
    scripts = re.findall(r"<script[^>]*>", content)
    inline = [script for script in scripts if "src=" not in script]
    assert len(inline) == 1 and "nonce=" in inline[0]
    assert all('src="/static/' in script for script in scripts if "src=" in script)
    assert "<style" not in content and " style=" not in content
    # Titles are escaped in the list, which is where map.js reads them from.
    assert "Warehouse &lt;b&gt;&amp; café&lt;/b&gt;" in content
    # The policy still allows our own origin only: no tile server has been let in.
    policy = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "img-src 'self' data:", "connect-src 'self'", "style-src 'self'"):
        assert directive in policy
    assert "http" not in policy


def test_draft_needs_never_reach_the_map(client):
    listed(title="Secret draft", status=NeedStatus.DRAFT, latitude=54.95, longitude=-1.3811)
    content = client.get(SEARCH).content.decode()
    assert "Secret draft" not in content
    assert "data-latitude" not in content and MAP_JS not in content
