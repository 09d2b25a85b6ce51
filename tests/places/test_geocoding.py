"""Geocoding backends (local table and postcodes.io, mocked at the HTTP boundary) and area selectors."""

import json
from datetime import date

import pytest
import requests
import responses
from django.core.exceptions import ImproperlyConfigured, ValidationError

from covenant.places import selectors
from covenant.places.geocoding import (
    GeocoderUnavailable,
    Location,
    geocode,
    geocode_many,
    locate,
    outward_centroid,
)

from .factories import LocalAuthorityFactory, LSOAFactory, PostcodeFactory, WardFactory

pytestmark = pytest.mark.django_db
API = "https://postcodes.test"


def postcodes_io_result(postcode="SW1A 1AA", latitude=51.50101, longitude=-0.141563, country="England"):
    return {
        "postcode": postcode, "latitude": latitude, "longitude": longitude, "country": country,
        "codes": {"admin_district": "E09000033", "admin_ward": "E05013806", "lsoa": "E01004736"},
    }


@pytest.fixture
def postcodes_io(settings):
    settings.GEOCODER_BACKEND = "postcodes_io"
    settings.POSTCODES_IO_URL = API + "/"
    with responses.RequestsMock() as mocked:
        yield mocked


def test_local_backend_reads_the_imported_table(settings):
    settings.GEOCODER_BACKEND = "local"
    PostcodeFactory(postcode="SW1A 1AA", lsoa__code="E01004736", ward__code="E05013806",
                    local_authority__code="E09000033")
    location = geocode("sw1a1aa")
    assert location == Location("SW1A 1AA", 51.501009, -0.141588, "E01004736", "E05013806", "E09000033",
                                "E92000001", None)
    assert location.has_coordinates
    assert geocode("M1 1AE") is None


def test_local_backend_returns_terminated_postcodes_with_their_date():
    PostcodeFactory(postcode="AB10 1XG", terminated_on=date(2019, 6, 1))
    assert geocode("AB10 1XG").terminated_on == date(2019, 6, 1)


def test_malformed_postcodes_raise_validation_error_before_any_lookup(postcodes_io):
    with pytest.raises(ValidationError):
        geocode("not a postcode")
    with pytest.raises(ValidationError):
        geocode_many(["SW1A 1AA", "nope"])
    assert len(postcodes_io.calls) == 0


def test_unknown_backend_is_a_configuration_error(settings):
    settings.GEOCODER_BACKEND = "carrier-pigeon"
    with pytest.raises(ImproperlyConfigured, match="GEOCODER_BACKEND must be one of local, postcodes_io"):
        geocode("SW1A 1AA")


def test_postcodes_io_lookup_is_cached(postcodes_io):
    postcodes_io.get(f"{API}/postcodes/SW1A1AA", json={"status": 200, "result": postcodes_io_result()})
    first = geocode("sw1a 1aa")
    assert first == Location("SW1A 1AA", 51.50101, -0.141563, "E01004736", "E05013806", "E09000033", "E92000001")
    assert geocode("SW1A1AA") == first
    assert len(postcodes_io.calls) == 1


def test_postcodes_io_unknown_postcode_is_none_and_cached(postcodes_io):
    postcodes_io.get(f"{API}/postcodes/M11AE", status=404, json={"status": 404, "error": "Postcode not found"})
    assert geocode("M1 1AE") is None
    assert geocode("M1 1AE") is None
    assert len(postcodes_io.calls) == 1


def test_postcodes_io_bulk_lookup_batches_by_100_and_uses_the_cache(postcodes_io):
    outward = ["SW1A", "SW1E", "SW1H"]
    wanted = [f"{o} {n}AB" for o in outward for n in range(10)]
    wanted += [f"N{n} 1AA" for n in range(1, 100)]  # 129 in all: two requests

    def answer(request):
        asked = json.loads(request.body)["postcodes"]
        assert len(asked) <= 100
        result = [{"query": p, "result": None if p.startswith("N9") else postcodes_io_result(p)} for p in asked]
        return 200, {}, json.dumps({"status": 200, "result": result})

    postcodes_io.add_callback(responses.POST, f"{API}/postcodes", callback=answer)
    found = geocode_many(wanted)
    assert len(found) == 129 and len(postcodes_io.calls) == 2
    assert found["N9 1AA"] is None and found["N1 1AA"].postcode == "N1 1AA"
    assert geocode_many(wanted[:5]) == {p: found[p] for p in wanted[:5]}
    assert len(postcodes_io.calls) == 2
    assert geocode_many([]) == {}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"body": requests.ConnectionError("refused")},
        {"body": requests.Timeout("slow")},
        {"status": 500, "json": {"status": 500}},
        {"status": 429, "json": {"status": 429}},
        {"status": 200, "body": "<html>oops</html>"},
        {"status": 200, "json": {"status": 200, "result": {"no": "postcode"}}},
    ],
)
def test_postcodes_io_outages_raise_geocoder_unavailable_and_are_not_cached(postcodes_io, kwargs):
    postcodes_io.get(f"{API}/postcodes/SW1A1AA", **kwargs)
    with pytest.raises(GeocoderUnavailable):
        geocode("SW1A 1AA")
    postcodes_io.replace(responses.GET, f"{API}/postcodes/SW1A1AA",
                         json={"status": 200, "result": postcodes_io_result()})
    assert geocode("SW1A 1AA").latitude == 51.50101


def test_postcodes_io_bulk_outage_raises(postcodes_io):
    postcodes_io.post(f"{API}/postcodes", status=503)
    with pytest.raises(GeocoderUnavailable):
        geocode_many(["SW1A 1AA", "M1 1AE"])


def test_postcodes_io_requests_use_timeouts(postcodes_io):
    postcodes_io.get(f"{API}/postcodes/SW1A1AA", json={"status": 200, "result": postcodes_io_result()})
    geocode("SW1A 1AA")
    assert postcodes_io.calls[0].request.req_kwargs["timeout"] == (3.05, 10)


def test_outward_centroid_averages_live_located_postcodes():
    PostcodeFactory(postcode="SW1A 1AA", latitude=51.0, longitude=-0.2)
    PostcodeFactory(postcode="SW1A 2AA", latitude=52.0, longitude=0.0)
    PostcodeFactory(postcode="SW1A 0AA", latitude=None, longitude=None)
    PostcodeFactory(postcode="SW1A 9ZZ", latitude=60.0, longitude=1.0, terminated_on=date(2001, 1, 1))
    PostcodeFactory(postcode="SW1 1AA", latitude=40.0, longitude=1.0)
    centroid = outward_centroid("sw1a")
    assert (centroid.outward_code, centroid.postcode_count) == ("SW1A", 2)
    assert centroid.latitude == pytest.approx(51.5) and centroid.longitude == pytest.approx(-0.1)
    assert outward_centroid("M1") is None
    with pytest.raises(ValidationError):
        outward_centroid("12")


def test_area_for_postcode_names_the_areas():
    la = LocalAuthorityFactory(code="E09000033", name="Westminster")
    PostcodeFactory(postcode="SW1A 1AA", local_authority=la, ward=WardFactory(code="E05013806", local_authority=la),
                    lsoa=LSOAFactory(code="E01004736", local_authority=la, imd_decile=7))
    areas = selectors.area_for_postcode("SW1A1AA")
    assert areas.local_authority.name == "Westminster"
    assert (areas.ward.code, areas.lsoa.imd_decile) == ("E05013806", 7)
    assert selectors.area_for_postcode("M1 1AE") is None
    bare = selectors.areas_for_location(Location("ZE1 0AA", None, None))
    assert (bare.local_authority, bare.ward, bare.lsoa) == (None, None, None)


def test_area_lists_by_local_authority(django_assert_max_num_queries):
    la, other = LocalAuthorityFactory(), LocalAuthorityFactory()
    LSOAFactory.create_batch(3, local_authority=la, imd_decile=1)
    LSOAFactory(local_authority=la, imd_decile=5)
    LSOAFactory(local_authority=other, imd_decile=1)
    WardFactory.create_batch(2, local_authority=la)
    assert selectors.lsoas_in_local_authority(la.code).count() == 4
    assert selectors.wards_in_local_authority(la.code).count() == 2
    assert selectors.lsoas_in_deciles(most_deprived_decile=1, local_authority_code=la.code).count() == 3
    assert selectors.lsoas_in_deciles(most_deprived_decile=1).count() == 4
    with django_assert_max_num_queries(1):
        assert {lsoa.local_authority.code for lsoa in selectors.lsoa_list()} == {la.code, other.code}
    assert {a.code: a.ward_count for a in selectors.local_authority_list()} == {la.code: 2, other.code: 0}


def test_postcodes_within_a_radius_nearest_first():
    PostcodeFactory(postcode="SW1A 1AA", latitude=51.501, longitude=-0.1416)  # Buckingham Palace
    PostcodeFactory(postcode="SW1A 2AA", latitude=51.5034, longitude=-0.1276)  # Downing Street, ~1 km
    PostcodeFactory(postcode="M1 1AE", latitude=53.477, longitude=-2.2308)  # Manchester
    PostcodeFactory(postcode="SW1A 0AA", latitude=51.4995, longitude=-0.1248, terminated_on=date(2000, 1, 1))
    found = selectors.postcodes_within(51.501, -0.1416, 2)
    assert [p.postcode for p, _ in found] == ["SW1A 1AA", "SW1A 2AA"]
    assert found[1][1] == pytest.approx(1.0, abs=0.1)
    assert len(selectors.postcodes_within(51.501, -0.1416, 2, include_terminated=True)) == 3


def test_locate_takes_a_full_postcode_or_an_outward_code():
    PostcodeFactory(postcode="SW1A 1AA", latitude=51.0, longitude=-0.2)
    PostcodeFactory(postcode="SW1A 2AA", latitude=52.0, longitude=0.0)
    assert locate("sw1a 1aa").latitude == 51.0
    district = locate(" sw1a ")
    assert (district.postcode, district.latitude, district.lsoa_code) == ("SW1A", pytest.approx(51.5), None)
    assert locate("M1") is None
    assert locate("M1 1AE") is None
    with pytest.raises(ValidationError):
        locate("SW1A-")
