"""The map of search results in a real browser: a switch between list and map, markers with popups linking to
each need, the search centre and a scale, and not one request to another site."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def needs(transactional_db):
    from tests.places.factories import PostcodeFactory
    from tests.volunteers.factories import NeedFactory, ShiftFactory
    from volunteers.models import LocationKind

    PostcodeFactory(postcode="SR1 1AD", outward_code="SR1", latitude=54.9061, longitude=-1.3811)
    found = {
        "warehouse": NeedFactory(title="Sort donations at the warehouse", latitude=54.95, longitude=-1.3811),
        "cafe": NeedFactory(title="Cook at the community café", latitude=54.88, longitude=-1.42),
        "phone": NeedFactory(title="Befriending calls from home", location_kind=LocationKind.REMOTE, postcode="",
                             latitude=None, longitude=None),
    }
    for need in found.values():
        ShiftFactory(need=need)
    return found


def test_results_switch_between_list_and_map_without_leaving_the_site(browser_page, needs):
    page = browser_page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    response = page.goto(page.base_url + "/volunteering/?postcode=SR1+1AD&within_miles=10")
    assert response.status == 200
    page.wait_for_load_state("networkidle")

    results = page.locator("#search-results")
    map_box = page.locator("#search-map")
    list_button = page.get_by_role("button", name="List")
    map_button = page.get_by_role("button", name="Map")
    # The list comes first; the switch appears because map.js ran.
    assert results.is_visible() and map_box.is_hidden()
    assert list_button.get_attribute("aria-pressed") == "true"
    assert map_button.get_attribute("aria-pressed") == "false"

    map_button.click()
    assert map_box.is_visible() and results.is_hidden()
    assert map_button.get_attribute("aria-pressed") == "true"
    assert "The map shows the 2 opportunities on this page that have a place." in page.locator(
        "[data-map-note]").inner_text()
    # Two markers (the remote need has no place), the search centre with its label, the 10-mile circle, a
    # scale in miles and kilometres, and no map tiles.
    markers = map_box.locator(".leaflet-marker-icon")
    assert markers.count() == 2
    assert map_box.locator("path.covenant-search-centre").count() == 1
    assert map_box.locator("path.covenant-search-radius").count() == 1
    assert map_box.locator(".leaflet-tooltip").inner_text() == "Search centre: SR1 1AD"
    scale = map_box.locator(".leaflet-control-scale").inner_text()
    assert "mi" in scale and ("km" in scale or " m" in scale)
    assert map_box.locator(".leaflet-tile").count() == 0
    assert map_box.evaluate("el => el.getBoundingClientRect().height") > 300
    page.screenshot(path="/tmp/covenant-search-map.png", full_page=True)

    # A marker's popup links to the need's page; the keyboard reaches markers too.
    assert markers.first.get_attribute("tabindex") == "0"
    page.get_by_role("button", name="Cook at the community café").click()
    popup_link = map_box.locator(".leaflet-popup-content a")
    assert popup_link.inner_text() == "Cook at the community café"
    popup_link.click()
    page.wait_for_url(f"{page.base_url}/volunteering/needs/{needs['cafe'].pk}/")
    assert "Cook at the community café" in page.locator("main h1").inner_text()

    # Back on the results, List returns to the list.
    page.go_back()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Map").click()
    assert page.locator("#search-map").is_visible()
    page.get_by_role("button", name="List").click()
    assert page.locator("#search-results").is_visible() and page.locator("#search-map").is_hidden()

    assert page.console_log.errors == []
    assert page.evaluate("window.__cspViolations") == []
    elsewhere = [url for url in requested if not url.startswith(page.base_url)]
    assert elsewhere == []
    assert any(url.endswith("/static/dist/leaflet/leaflet.js") for url in requested)
