"""The search page and a need's page: open to everyone, filters that say what to fix, and plain eligibility."""

import datetime

import pytest
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.places.factories import PostcodeFactory
from tests.volunteers.bookings.factories import BookingFactory
from tests.volunteers.factories import NeedFactory, PassportFactory, ShiftFactory, SkillFactory
from volunteers.models import NeedStatus

pytestmark = pytest.mark.django_db

SEARCH = "/volunteering/"


@pytest.fixture
def origin():
    return PostcodeFactory(postcode="SR1 1AD", outward_code="SR1", latitude=54.9061, longitude=-1.3811)


def listed(**kwargs):
    need = NeedFactory(**kwargs)
    ShiftFactory(need=need)
    return need


def test_search_page_lists_published_needs_to_anyone(client):
    need = listed(title="Food bank helper")
    hidden = listed(title="Secret draft", status=NeedStatus.DRAFT)
    response = client.get(SEARCH)
    assert response.status_code == 200
    content = response.content.decode()
    assert need.title in content
    assert hidden.title not in content
    assert "1 opportunity found" in content


def test_search_page_filters_by_distance(client, origin):
    near = listed(title="Near one", latitude=54.95, longitude=-1.3811)
    far = listed(title="Far one", latitude=55.5, longitude=-1.3811)
    content = client.get(SEARCH, {"postcode": "sr1 1ad", "within_miles": "10"}).content.decode()
    assert near.title in content
    assert far.title not in content
    assert "3.0 miles away" in content


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"postcode": "SW1A 2AA"}, "We cannot find that postcode"),
        ({"postcode": "12345"}, "Enter a real postcode"),
        ({"within_miles": "10"}, "Enter a postcode to search within a distance, like SW1A 1AA"),
        ({"within_miles": "7"}, "Choose a distance from the list"),
        ({"skill": "no-such-skill"}, "Choose skills from the list"),
        ({"sort": "price"}, "Sort by distance, soonest or relevance"),
        ({"date_from_0": "31", "date_from_1": "2", "date_from_2": "2030"}, "The start date must be a real date"),
    ],
)
def test_bad_filters_say_what_to_fix(client, origin, params, message):
    listed()
    response = client.get(SEARCH, params)
    assert response.status_code == 400
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert message in content


def test_eligible_filter_is_only_for_signed_in_people(client):
    open_to_all = listed(title="Open to all")
    adults = listed(title="Adults only", minimum_age=18)
    assert "Only what I can sign up to" not in client.get(SEARCH).content.decode()
    # Anonymous people cannot ask for it: the field is not there, so it is ignored.
    assert adults.title in client.get(SEARCH, {"eligible": "on"}).content.decode()
    client.force_login(PassportFactory(holder=UserFactory(date_of_birth=None)).holder)
    content = client.get(SEARCH, {"eligible": "on"}).content.decode()
    assert open_to_all.title in content
    assert adults.title not in content


def test_pagination(client):
    for number in range(23):
        listed(title=f"Need number {number:02d}")
    first = client.get(SEARCH).content.decode()
    assert "Page 1 of 2" in first
    second = client.get(SEARCH, {"page": "2"}).content.decode()
    assert second.count("Need number") == 3
    assert client.get(SEARCH, {"page": "zzz"}).status_code == 200


def test_search_page_query_count(client, origin, django_assert_max_num_queries):
    for _ in range(20):
        listed().skills.add(SkillFactory(slug="cooking"))
    with django_assert_max_num_queries(12):
        response = client.get(SEARCH, {"postcode": "SR1 1AD", "within_miles": "10", "skill": "cooking"})
    assert response.status_code == 200


def test_need_page_for_anonymous_asks_to_sign_in(client):
    need = listed(description="Sort donations.")
    response = client.get(f"/volunteering/needs/{need.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "to check whether you can sign up" in content
    assert "Sort donations." in content
    assert "Places left" in content


def test_need_page_says_you_can_sign_up(client):
    need = listed()
    client.force_login(PassportFactory().holder)
    content = client.get(f"/volunteering/needs/{need.pk}/").content.decode()
    assert "You can sign up" in content
    # Each shift leads to its sign-up page, which checks eligibility again before anything is booked.
    for shift in need.shifts.all():
        assert f'href="/volunteering/shifts/{shift.pk}/sign-up/"' in content


def test_need_page_says_what_is_missing(client):
    need = listed(minimum_age=18)
    need.skills.add(SkillFactory(name="First aid at work"))
    born = timezone.localdate() - datetime.timedelta(days=365 * 15)
    client.force_login(PassportFactory(holder=UserFactory(date_of_birth=born)).holder)
    content = client.get(f"/volunteering/needs/{need.pk}/").content.decode()
    assert "You cannot sign up yet. You need:" in content
    assert "You must be 18 or over on" in content
    assert "The skill First aid at work" in content


def test_a_full_need_offers_the_waiting_list(client):
    need = listed(status=NeedStatus.FULL)
    BookingFactory(shift=need.shifts.get(), status="accepted")
    BookingFactory(shift=need.shifts.get(), status="accepted")
    content = client.get(f"/volunteering/needs/{need.pk}/").content.decode()
    assert "Join the waiting list" in content


@pytest.mark.parametrize("status", [NeedStatus.DRAFT, NeedStatus.PAUSED, NeedStatus.CLOSED])
def test_unpublished_needs_are_not_found(client, status):
    need = listed(status=status)
    client.force_login(UserFactory())
    assert client.get(f"/volunteering/needs/{need.pk}/").status_code == 404
    assert client.get("/volunteering/needs/999999/").status_code == 404
