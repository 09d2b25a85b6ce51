"""The places API: postcode lookup and area lists, public and read-only."""

from datetime import date

import pytest
import responses
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from .factories import LocalAuthorityFactory, LSOAFactory, PostcodeFactory, WardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def westminster():
    la = LocalAuthorityFactory(code="E09000033", name="Westminster")
    ward = WardFactory(code="E05013806", name="St James's", local_authority=la)
    lsoa = LSOAFactory(code="E01004736", name="Westminster 018C", local_authority=la, imd_rank=18000,
                       imd_decile=6, imd_edition="IoD2019")
    PostcodeFactory(postcode="SW1A 1AA", local_authority=la, ward=ward, lsoa=lsoa)
    return la


def test_postcode_lookup_normalises_and_names_the_areas(api, westminster):
    response = api.get("/api/v1/places/postcodes/sw1a1aa/")
    assert response.status_code == 200
    assert response.json() == {
        "postcode": "SW1A 1AA",
        "latitude": 51.501009,
        "longitude": -0.141588,
        "country_code": "E92000001",
        "country": "England",
        "terminated_on": None,
        "local_authority": {"code": "E09000033", "name": "Westminster"},
        "ward": {"code": "E05013806", "name": "St James's"},
        "lsoa": {"code": "E01004736", "name": "Westminster 018C", "imd_rank": 18000, "imd_decile": 6,
                 "imd_edition": "IoD2019"},
    }
    assert api.get("/api/v1/places/postcodes/SW1A%201AA/").status_code == 200


def test_postcode_whose_areas_are_not_named_yet_and_terminated(api):
    PostcodeFactory(postcode="AB10 1XG", lsoa=None, ward=None, local_authority_id="S12000033",
                    terminated_on=date(2019, 6, 1), latitude=None, longitude=None, country_code="")
    body = api.get("/api/v1/places/postcodes/AB101XG/").json()
    assert body["local_authority"] == {"code": "S12000033", "name": ""}
    assert (body["ward"], body["lsoa"], body["latitude"], body["country"]) == (None, None, None, None)
    assert body["terminated_on"] == "2019-06-01"


@pytest.mark.parametrize(
    "value, message",
    [("XYZ", "Enter a full postcode, like SW1A 1AA"), ("QW1A1AA", "Enter a real postcode, like SW1A 1AA"),
     ("SW1A_1AA", "Enter a real postcode, using only letters and numbers, like SW1A 1AA"),
     ("%20", "Enter a postcode")],
)
def test_malformed_postcode_answers_400_with_the_error_body(api, value, message):
    response = api.get(f"/api/v1/places/postcodes/{value}/")
    assert response.status_code == 400
    assert response.json() == {
        "status": 400, "code": "invalid", "message": "Check the request: some fields are not valid",
        "errors": [{"field": "postcode", "message": message, "code": "invalid"}],
    }


def test_unknown_postcode_answers_404(api):
    response = api.get("/api/v1/places/postcodes/M11AE/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_geocoder_outage_answers_503(api, settings):
    settings.GEOCODER_BACKEND = "postcodes_io"
    settings.POSTCODES_IO_URL = "https://postcodes.test"
    with responses.RequestsMock() as mocked:
        mocked.get("https://postcodes.test/postcodes/SW1A1AA", status=502)
        response = api.get("/api/v1/places/postcodes/SW1A1AA/")
    assert response.status_code == 503
    assert response.json()["code"] == "geocoder_unavailable"
    assert response.json()["message"] == "The postcode service is not working. Try again later."


def test_area_lists_and_details(api, westminster):
    LocalAuthorityFactory(code="W06000015", name="Cardiff")
    body = api.get("/api/v1/places/local-authorities/").json()
    assert body["count"] == 2
    assert body["results"][0] == {"code": "E09000033", "name": "Westminster", "ward_count": 1}
    assert api.get("/api/v1/places/local-authorities/?country=W").json()["results"][0]["name"] == "Cardiff"
    assert api.get("/api/v1/places/local-authorities/?name=minst").json()["count"] == 1
    assert api.get("/api/v1/places/local-authorities/e09000033/").json()["name"] == "Westminster"
    ward = api.get("/api/v1/places/wards/E05013806/").json()
    assert ward == {"code": "E05013806", "name": "St James's",
                    "local_authority": {"code": "E09000033", "name": "Westminster"}}
    assert api.get("/api/v1/places/wards/?local_authority=E09000033").json()["count"] == 1
    assert api.get("/api/v1/places/wards/?local_authority=W06000015").json()["count"] == 0
    lsoa = api.get("/api/v1/places/lsoas/E01004736/").json()
    assert (lsoa["imd_rank"], lsoa["imd_decile"], lsoa["imd_edition"]) == (18000, 6, "IoD2019")


def test_lsoa_filters_by_deprivation(api, westminster):
    LSOAFactory(code="E01000002", local_authority=westminster, imd_decile=1, imd_rank=5, imd_edition="IoD2025")
    LSOAFactory(code="E01000003", local_authority=westminster, imd_decile=2, imd_rank=4000)

    def codes(query):
        return [item["code"] for item in api.get(f"/api/v1/places/lsoas/?{query}").json()["results"]]

    assert codes("imd_decile=1") == ["E01000002"]
    assert codes("imd_decile_max=2") == ["E01000002", "E01000003"]
    assert codes("imd_edition=IoD2025") == ["E01000002"]
    assert codes("ordering=-imd_rank") == ["E01004736", "E01000003", "E01000002"]


def test_area_list_queries_do_not_grow_with_rows(api, django_assert_max_num_queries):
    LSOAFactory.create_batch(15)
    WardFactory.create_batch(15)
    for url in ("/api/v1/places/lsoas/", "/api/v1/places/wards/", "/api/v1/places/local-authorities/"):
        with django_assert_max_num_queries(2):  # the count and the page
            assert api.get(url).status_code == 200


@pytest.mark.parametrize(
    "query, field",
    [("imd_decile=11", "imd_decile"), ("imd_decile=low", "imd_decile"), ("imd_decile_max=0", "imd_decile_max"),
     ("imd_edition=IoD1999", "imd_edition")],
)
def test_bad_filters_answer_400_naming_the_field(api, query, field):
    response = api.get(f"/api/v1/places/lsoas/?{query}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


def test_bad_country_filter_answers_400(api):
    assert api.get("/api/v1/places/local-authorities/?country=X").status_code == 400


@pytest.mark.parametrize(
    "url",
    ["/api/v1/places/wards/E05999999/", "/api/v1/places/lsoas/not-a-code/",
     "/api/v1/places/local-authorities/E0900003/"],
)
def test_unknown_or_malformed_area_codes_answer_404(api, url):
    assert api.get(url).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "url",
    ["/api/v1/places/postcodes/SW1A1AA/", "/api/v1/places/local-authorities/",
     "/api/v1/places/local-authorities/E09000033/", "/api/v1/places/wards/E05013806/",
     "/api/v1/places/lsoas/E01004736/"],
)
def test_nobody_may_write_even_staff(api, westminster, method, url):
    assert getattr(api, method)(url, {"name": "Renamed"}).status_code in {403, 405}
    staff = get_user_model().objects.create_user("staff@example.org", "a-long-password", is_staff=True,
                                                 is_superuser=True)
    api.force_authenticate(staff)
    assert getattr(api, method)(url, {"name": "Renamed"}).status_code in {403, 405}
    assert westminster.__class__.objects.get(code="E09000033").name == "Westminster"


def test_places_schema_generates_without_warnings():
    from django.urls import include, path
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    from covenant.places.urls import api_urlpatterns

    GENERATOR_STATS.reset()
    generator = SchemaGenerator(patterns=[path("api/v1/", include((api_urlpatterns, "api")))])
    schema = generator.get_schema(request=None, public=True)
    assert not GENERATOR_STATS, "drf-spectacular warned about the places API"
    assert "/api/v1/places/postcodes/{postcode}/" in schema["paths"]
    assert "/api/v1/places/lsoas/{code}/" in schema["paths"]
