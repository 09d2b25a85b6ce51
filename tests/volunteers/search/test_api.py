"""The needs search API: filters as query parameters, error bodies naming the parameter, and one need's shifts."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.accounts.factories import UserFactory
from tests.places.factories import PostcodeFactory
from tests.volunteers.factories import (
    CauseFactory,
    NeedFactory,
    PassportFactory,
    ShiftFactory,
    SkillFactory,
)
from volunteers.models import Booking, BookingStatus, NeedStatus

pytestmark = pytest.mark.django_db

URL = "/api/v1/volunteering/needs/"


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture
def origin():
    return PostcodeFactory(postcode="SR1 1AD", outward_code="SR1", latitude=54.9061, longitude=-1.3811)


def listed(**kwargs):
    need = NeedFactory(**kwargs)
    ShiftFactory(need=need)
    return need


def ids(response):
    assert response.status_code == 200, response.json()
    return [need["id"] for need in response.json()["results"]]


def test_anyone_may_search_and_only_published_needs_are_listed(client):
    need = listed(title="Food bank helper")
    listed(status=NeedStatus.DRAFT)
    listed(status=NeedStatus.CLOSED)
    response = client.get(URL)
    assert ids(response) == [need.pk]
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["organisation"]["name"] == need.organisation.name
    assert body["results"][0]["url"] == f"/volunteering/needs/{need.pk}/"


def test_filters_as_query_parameters(client, origin):
    cooking = SkillFactory(slug="cooking")
    poverty = CauseFactory(slug="poverty")
    near = listed(title="Soup kitchen", cause=poverty, latitude=54.95, longitude=-1.3811)
    near.skills.add(cooking)
    far = listed(title="Soup run", latitude=55.5, longitude=-1.3811)
    assert ids(client.get(URL, {"postcode": "SR1 1AD", "within_miles": 10})) == [near.pk]
    assert ids(client.get(URL, {"skill": "cooking"})) == [near.pk]
    assert ids(client.get(URL, {"cause": "poverty"})) == [near.pk]
    assert ids(client.get(URL, {"q": "soup", "postcode": "sr1 1ad", "ordering": "distance"})) == [near.pk, far.pk]
    assert ids(client.get(URL, {"remote": "true"})) == []
    assert ids(client.get(URL, {"remote": "false"})) == [near.pk, far.pk]
    later = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    assert ids(client.get(URL, {"from": later})) == []
    body = client.get(URL, {"postcode": "SR1 1AD", "ordering": "distance"}).json()
    assert body["results"][0]["distance_miles"] == pytest.approx(3.0, abs=0.05)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"within_miles": "ten", "postcode": "SR1 1AD"}, "within_miles", "Enter the distance as a number of miles, like 10"),
        ({"within_miles": "0", "postcode": "SR1 1AD"}, "within_miles", "Enter a distance between 1 and 200 miles"),
        ({"within_miles": "10"}, "postcode", "Enter a postcode to search within a distance, like SW1A 1AA"),
        ({"postcode": "nonsense!"}, "postcode", None),
        ({"skill": "no-such-skill"}, "skill", "There is no skill called no-such-skill"),
        ({"cause": "no-such-cause"}, "cause", "There is no cause called no-such-cause"),
        ({"remote": "perhaps"}, "remote", None),
        ({"from": "27/03/2025"}, "from", "Enter the start date as YYYY-MM-DD, like 2025-03-27"),
        ({"from": "2030-01-02", "to": "2030-01-01"}, "to", "The end date must be the same as or after the start date"),
        ({"ordering": "price"}, "ordering", "Sort by distance, date or relevance"),
        ({"eligible": "true"}, "eligible", "Sign in to see only what you can sign up to"),
    ],
)
def test_bad_values_name_the_parameter(client, origin, params, field, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert [error["field"] for error in body["errors"]] == [field]
    if message:
        assert body["errors"][0]["message"] == message


def test_unknown_postcode(client, origin):
    response = client.get(URL, {"postcode": "SW1A 2AA"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(error["field"], error["message"]) for error in errors] == [("postcode", "We cannot find that postcode")]


def test_eligible_for_a_signed_in_volunteer(client):
    open_to_all = listed()
    adults = listed(minimum_age=18)
    user = UserFactory(date_of_birth=None)
    client.force_authenticate(user)
    # No passport yet: only needs that ask nothing.
    assert ids(client.get(URL, {"eligible": "true"})) == [open_to_all.pk]
    PassportFactory(holder=user)
    user.date_of_birth = datetime.date(1990, 1, 1)
    user.save()
    assert ids(client.get(URL, {"eligible": "true"})) == [open_to_all.pk, adults.pk]


def test_pagination_and_query_count(client, origin, django_assert_max_num_queries):
    for _ in range(25):
        listed()
    with django_assert_max_num_queries(4):
        response = client.get(URL, {"postcode": "SR1 1AD", "within_miles": 5, "page_size": 10})
    body = response.json()
    assert body["count"] == 25
    assert len(body["results"]) == 10
    assert client.get(URL, {"page": 99}).status_code == 404


def test_a_narrow_search_is_paged_and_counted_in_one_query(client, origin, django_assert_max_num_queries):
    cooking = SkillFactory(slug="cooking")
    for _ in range(25):
        listed().skills.add(cooking)
    listed()  # without the skill
    search = {"postcode": "SR1 1AD", "within_miles": 5, "skill": "cooking", "page_size": 10}
    # The skill, the postcode and the page with its count: no query of its own for the count.
    with django_assert_max_num_queries(3):
        response = client.get(URL, search)
    body = response.json()
    assert body["count"] == 25
    assert len(body["results"]) == 10
    assert body["next"] is not None and body["previous"] is None
    last = client.get(URL, {**search, "page": 3}).json()
    assert last["count"] == 25
    assert len(last["results"]) == 5
    assert last["next"] is None
    seen = ids(response) + ids(client.get(URL, {**search, "page": 2})) + [need["id"] for need in last["results"]]
    assert len(set(seen)) == 25
    assert client.get(URL, {**search, "page": 4}).status_code == 404
    assert client.get(URL, {**search, "page": "last"}).json()["results"] == last["results"]
    nothing = client.get(URL, {**search, "skill": "cooking", "postcode": "SR1 1AD", "within_miles": 1,
                               "q": "no such words"}).json()
    assert nothing["count"] == 0 and nothing["results"] == []


def test_need_detail_with_shifts_and_places_left(client):
    need = listed(minimum_age=18)
    shift = need.shifts.get()
    Booking.objects.create(shift=shift, passport=PassportFactory(), status=BookingStatus.ACCEPTED)
    Booking.objects.create(shift=shift, passport=PassportFactory(), status=BookingStatus.CANCELLED)
    ShiftFactory(need=need, starts_at=timezone.now() - datetime.timedelta(days=2))
    response = client.get(f"{URL}{need.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert [(s["id"], s["places"], s["places_left"]) for s in body["shifts"]] == [(shift.pk, 2, 1)]
    assert "eligibility" not in body
    client.force_authenticate(PassportFactory(holder=UserFactory(date_of_birth=None)).holder)
    body = client.get(f"{URL}{need.pk}/").json()
    assert body["eligibility"] == {"eligible": False, "missing": ["Add your date of birth"]}


def test_a_full_need_is_shown_but_not_searched(client):
    need = listed(status=NeedStatus.FULL)
    assert client.get(URL).json()["results"] == []
    body = client.get(f"{URL}{need.pk}/").json()
    assert body["id"] == need.pk
    assert [shift["places_left"] for shift in body["shifts"]] == [2]


@pytest.mark.parametrize("status", [NeedStatus.DRAFT, NeedStatus.PAUSED, NeedStatus.CLOSED])
def test_unpublished_need_is_not_found(client, status):
    need = listed(status=status)
    client.force_authenticate(UserFactory())
    response = client.get(f"{URL}{need.pk}/")
    assert response.status_code == 404
    assert response.json()["status"] == 404
    assert client.get(f"{URL}999999/").status_code == 404
