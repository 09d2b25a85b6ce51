"""The passport profile API (/api/v1/passport/) and the public taxonomy API."""


import pytest
from rest_framework.test import APIClient

from covenant.audit.models import AuditEntry
from tests.accounts.factories import UserFactory
from tests.volunteers.factories import PassportFactory
from volunteers.models import Passport

pytestmark = pytest.mark.django_db
URL = "/api/v1/passport/"


def _same_field(reported: str, expected: str) -> bool:
    return reported == expected


@pytest.fixture
def person():
    return UserFactory(postcode="FY1 1AB")


@pytest.fixture
def api(person):
    client = APIClient()
    client.force_authenticate(person)
    return client


def test_anonymous_people_are_refused():
    client = APIClient()
    assert client.get(URL).status_code == 403
    response = client.patch(URL, {"max_travel_km": 5}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "not_authenticated"
    assert not Passport.objects.exists()


def test_get_before_starting_shows_defaults_and_starts_nothing(api):
    body = api.get(URL).json()
    assert body["started"] is False and body["home_postcode"] == "FY1 1AB" and body["skills"] == []
    assert not Passport.objects.exists()


def test_patch_everything(api, person, taxonomies):
    response = api.patch(URL, {
        "max_travel_km": 16,
        "second_base_postcode": "sr1 1ad",
        "second_base_label": "Work",
        "transport": ["car"],
        "languages": ["pl", "en"],
        "accessibility_needs": "Step-free access",
        "skills": [{"skill": "driving-d1", "level": "expert"}, {"skill": "trade-cook", "level": "beginner"}],
        "causes": ["animal-welfare"],
        "availability": [{"day": "saturday", "starts_at": "09:00", "ends_at": "13:00"}],
        "unavailable": [{"starts_on": "2026-08-01", "ends_on": "2026-08-14", "reason": "Holiday"}],
    }, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["started"] is True and body["max_travel_miles"] == 10
    assert body["second_base_postcode"] == "SR1 1AD" and body["languages"] == ["pl", "en"]
    assert {(s["skill"], s["level"]) for s in body["skills"]} == {("driving-d1", "expert"), ("trade-cook", "beginner")}
    assert body["causes"] == [{"slug": "animal-welfare", "name": "Animal Welfare"}]
    assert body["availability"] == [{"day": "saturday", "starts_at": "09:00", "ends_at": "13:00"}]
    assert body["unavailable"][0]["reason"] == "Holiday"
    assert api.get(URL).json() == body
    actions = set(AuditEntry.objects.filter(actor=person).values_list("action", flat=True))
    assert {"volunteers.passport_created", "volunteers.passport_profile_updated", "volunteers.passport_skills_set",
            "volunteers.passport_causes_set", "volunteers.passport_availability_set",
            "volunteers.passport_exception_added"} <= actions
    # Replacing the dates away keeps nothing that is not listed.
    body = api.patch(URL, {"unavailable": []}, format="json").json()
    assert body["unavailable"] == []


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"max_travel_km": 201}, "max_travel_km", "200 or fewer"),
        ({"max_travel_km": "far"}, "max_travel_km", "whole number"),
        ({"second_base_postcode": "nope"}, "second_base_postcode", "like SW1A 1AA"),
        ({"transport": ["rocket"]}, "transport[0]", "walk, cycle, public, car, lift"),
        ({"languages": ["xx"]}, "languages", "not a language we know"),
        ({"skills": [{"skill": "no-such", "level": "expert"}]}, "skills", "Unknown skill: no-such"),
        ({"skills": [{"skill": "trade-cook", "level": "wizard"}]}, "skills[0].level", "beginner, competent"),
        ({"skills": [{"skill": "trade-cook", "level": "expert"}, {"skill": "trade-cook", "level": "beginner"}]},
         "skills", "List each skill once"),
        ({"causes": ["no-such"]}, "causes", "Unknown cause"),
        ({"availability": [{"day": "someday", "starts_at": "09:00", "ends_at": "10:00"}]}, "availability[0].day",
         "like monday"),
        ({"availability": [{"day": "monday", "starts_at": "9am", "ends_at": "10:00"}]}, "availability[0].starts_at",
         "HH:MM"),
        ({"availability": [{"day": "monday", "starts_at": "10:00", "ends_at": "09:00"}]}, "availability",
         "end time must be after the start time"),
        ({"availability": [{"day": "monday", "starts_at": "09:00", "ends_at": "11:00"},
                           {"day": "monday", "starts_at": "10:00", "ends_at": "12:00"}]}, "availability", "overlap"),
        ({"unavailable": [{"starts_on": "2026-08-02", "ends_on": "2026-08-01"}]}, "unavailable[0].ends_on",
         "same as or after"),
        ({"unavailable": [{"starts_on": "tomorrow", "ends_on": "2026-08-01"}]}, "unavailable[0].starts_on",
         "like 2026-07-27"),
        ({"holder": 1}, "holder", "cannot be changed here"),
    ],
)
def test_bad_input_gets_our_error_body_and_changes_nothing(api, taxonomies, data, field, message):
    response = api.patch(URL, data, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["code"] == "invalid"
    assert any(_same_field(error["field"], field) and message in error["message"] for error in body["errors"]), body
    assert not Passport.objects.exists()


def test_a_body_that_is_not_an_object(api):
    response = api.patch(URL, ["max_travel_km"], format="json")
    assert response.status_code == 400 and "JSON object" in response.json()["errors"][0]["message"]


def test_another_resident_sees_and_changes_only_their_own(api, person):
    other = PassportFactory(accessibility_needs="Private detail", max_travel_km=50)
    body = api.get(URL).json()
    assert body["started"] is False and "Private detail" not in str(body)
    api.patch(URL, {"max_travel_km": 3}, format="json")
    other.refresh_from_db()
    assert other.max_travel_km == 50
    assert Passport.objects.get(holder=person).max_travel_km == 3


def test_post_put_delete_are_not_allowed(api):
    for method in (api.post, api.put, api.delete):
        assert method(URL, {}, format="json").status_code == 405


def test_skills_taxonomy_is_public_and_filterable(taxonomies):
    client = APIClient()
    body = client.get("/api/v1/volunteering/skills/", {"kind": "language"}).json()
    assert body["count"] > 20 and all(item["kind"] == "language" for item in body["results"])
    body = client.get("/api/v1/volunteering/skills/", {"q": "minibus"}).json()
    assert [item["slug"] for item in body["results"]] == ["driving-d1", "driving-d1e"]
    body = client.get("/api/v1/volunteering/skills/", {"group": "communication"}).json()
    assert body["count"] == 6
    response = client.get("/api/v1/volunteering/skills/", {"kind": "magic"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "kind"
    response = client.get("/api/v1/volunteering/skills/", {"q": "x" * 101})
    assert response.status_code == 400 and "100 characters or fewer" in response.json()["errors"][0]["message"]
    assert client.get("/api/v1/volunteering/skills/", {"page": "99"}).status_code == 404


def test_causes_taxonomy_is_public_and_searches_synonyms(taxonomies):
    client = APIClient()
    assert client.get("/api/v1/volunteering/causes/").json()["count"] == 45
    body = client.get("/api/v1/volunteering/causes/", {"q": "pets"}).json()
    assert [item["slug"] for item in body["results"]] == ["animal-welfare"]
