"""needs_search: what is found, how far away, in what order, and in how many queries."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from covenant.places.distance import EARTH_RADIUS_KM, KM_PER_MILE, distance_miles
from tests.accounts.factories import UserFactory
from tests.places.factories import PostcodeFactory
from tests.volunteers.factories import (
    CauseFactory,
    NeedFactory,
    PassportFactory,
    ShiftFactory,
    SkillFactory,
)
from volunteers.models import LocationKind, NeedStatus, PassportSkill
from volunteers.selectors.search import need_public, needs_search, shifts_to_come

pytestmark = pytest.mark.django_db

ORIGIN = (54.9061, -1.3811)
DEGREE_KM = EARTH_RADIUS_KM * 3.141592653589793 / 180


def north_of_origin(miles: float) -> tuple[float, float]:
    return ORIGIN[0] + miles * KM_PER_MILE / DEGREE_KM, ORIGIN[1]


@pytest.fixture
def origin():
    return PostcodeFactory(postcode="SR1 1AD", outward_code="SR1", latitude=ORIGIN[0], longitude=ORIGIN[1])


def need_at(miles=0.0, *, days=7, **kwargs):
    latitude, longitude = north_of_origin(miles)
    need = NeedFactory(latitude=latitude, longitude=longitude, **kwargs)
    ShiftFactory(need=need, starts_at=timezone.now() + datetime.timedelta(days=days))
    return need


def found(**kwargs):
    return list(needs_search(**kwargs).needs)


def test_only_published_needs_with_a_shift_to_come():
    listed = need_at()
    need_at(status=NeedStatus.DRAFT)
    need_at(status=NeedStatus.PAUSED)
    need_at(status=NeedStatus.CLOSED)
    past = NeedFactory()
    ShiftFactory(need=past, starts_at=timezone.now() - datetime.timedelta(days=1))
    NeedFactory()  # no shifts at all
    assert found() == [listed]


def test_within_ten_miles_keeps_nine_and_leaves_out_eleven(origin):
    nine = need_at(9)
    need_at(11)
    results = found(postcode="SR1 1AD", within_miles=10)
    assert results == [nine]
    assert results[0].distance_km == pytest.approx(9 * KM_PER_MILE, rel=1e-6)
    assert distance_miles(*ORIGIN, nine.latitude, nine.longitude) == pytest.approx(9, rel=1e-6)


def test_distance_diagonally_uses_the_great_circle(origin):
    # 9.9 miles to the north-east: inside the circle although the box is what prefilters.
    east = need_at(0)
    east.latitude, east.longitude = ORIGIN[0] + 0.1, ORIGIN[1] + 0.15
    east.save()
    miles = distance_miles(*ORIGIN, east.latitude, east.longitude)
    assert found(postcode="SR1 1AD", within_miles=miles + 0.05) == [east]
    assert found(postcode="SR1 1AD", within_miles=miles - 0.05) == []


def test_outward_code_searches_from_its_centre(origin):
    near = need_at(2)
    assert found(postcode="sr1", within_miles=5) == [near]


def test_unknown_and_malformed_postcodes(origin):
    with pytest.raises(ValidationError) as error:
        needs_search(postcode="SW1A 2AA", within_miles=5)
    assert error.value.message_dict == {"postcode": ["We cannot find that postcode"]}
    with pytest.raises(ValidationError) as error:
        needs_search(postcode="not a postcode")
    assert list(error.value.message_dict) == ["postcode"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"within_miles": 0, "postcode": "SR1 1AD"}, "within_miles"),
        ({"within_miles": 500, "postcode": "SR1 1AD"}, "within_miles"),
        ({"within_miles": 5}, "postcode"),
        ({"sort": "price"}, "sort"),
        ({"date_from": datetime.date(2030, 1, 2), "date_to": datetime.date(2030, 1, 1)}, "date_to"),
    ],
)
def test_bad_arguments_name_the_field(kwargs, field):
    with pytest.raises(ValidationError) as error:
        needs_search(**kwargs)
    assert list(error.value.message_dict) == [field]


def test_remote_needs(origin):
    remote = NeedFactory(location_kind=LocationKind.REMOTE, latitude=None, longitude=None, postcode="")
    ShiftFactory(need=remote)
    local = need_at(3)
    assert found(remote=True) == [remote]
    assert found(remote=False) == [local]
    # From anywhere, so kept in a distance search unless left out, and sorted after places with a distance.
    assert found(postcode="SR1 1AD", within_miles=5) == [local, remote]
    assert found(postcode="SR1 1AD", within_miles=5, remote=False) == [local]


def test_skills_and_causes():
    cooking = SkillFactory(slug="cooking", name="Cooking")
    driving = SkillFactory(slug="driving", name="Driving")
    cooks = need_at()
    cooks.skills.add(cooking)
    both = need_at()
    both.skills.add(cooking, driving)
    need_at()
    assert found(skills=["cooking"], sort="date") == [cooks, both]
    assert found(skills=["driving"]) == [both]
    assert found(skills=["driving", "cooking"]) == [cooks, both]
    poverty = CauseFactory(slug="poverty")
    cause = need_at(cause=poverty)
    assert found(causes=["poverty"]) == [cause]
    assert found(causes=["nobody-has-this"]) == []


def test_dates_select_on_shifts():
    soon = need_at(days=3)
    later = need_at(days=30)
    today = timezone.localdate()
    assert found(date_from=today + datetime.timedelta(days=10)) == [later]
    assert found(date_to=today + datetime.timedelta(days=10)) == [soon]
    result = found(date_from=today + datetime.timedelta(days=2), date_to=today + datetime.timedelta(days=4))
    assert result == [soon]
    assert result[0].next_shift_at.date() == (timezone.now() + datetime.timedelta(days=3)).date()


def test_sorting(origin):
    far_soon = need_at(8, days=2, title="Litter pick", description="Clear the beach.")
    near_late = need_at(1, days=20, title="Garden helper", description="Weed the litter garden.")
    assert found(postcode="SR1 1AD", sort="distance") == [near_late, far_soon]
    assert found(postcode="SR1 1AD", sort="date") == [far_soon, near_late]
    # Title matches rank above description matches.
    assert found(q="litter", sort="relevance") == [far_soon, near_late]
    # Sorting by distance without a postcode falls back to the date, and says so.
    search = needs_search(sort="distance")
    assert search.sort == "date"
    assert search.notes
    assert needs_search(q="litter").sort == "relevance"
    assert needs_search(postcode="SR1 1AD").sort == "distance"


def test_full_text_search():
    food = need_at(title="Food bank helper", description="Sort donations and pack parcels.")
    garden = need_at(title="Community garden", description="Planting vegetables with children.")
    assert found(q="food") == [food]
    assert found(q="  Garden   vegetables ") == [garden]
    assert found(q="food garden") == []
    assert found(q="swimming") == []


def test_full_text_search_stems_words_on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("stemming is PostgreSQL full-text search only; SQLite matches words as typed")
    planting = need_at(title="Community garden", description="Planting vegetables with children.")
    assert found(q="plant") == [planting]
    assert found(q='"community garden"') == [planting]
    assert found(q="garden -children") == []


def test_eligible_for(origin):
    skill = SkillFactory(slug="first-aid", name="First aid")
    open_to_all = need_at()
    skilled = need_at()
    skilled.skills.add(skill)
    adults = need_at(minimum_age=18)
    passport = PassportFactory(holder=UserFactory(date_of_birth=timezone.localdate().replace(year=2015)))
    assert found(eligible_for=passport) == [open_to_all]
    PassportSkill.objects.create(passport=passport, skill=skill)
    assert found(eligible_for=passport) == [open_to_all, skilled]
    passport.holder.date_of_birth = datetime.date(1990, 1, 1)
    passport.holder.save()
    assert found(eligible_for=passport) == [open_to_all, skilled, adults]


def test_query_count_is_bounded(origin, django_assert_max_num_queries):
    skill = SkillFactory(slug="cooking")
    for miles in range(12):
        need_at(miles / 2, title=f"Cooking {miles}").skills.add(skill)
    passport = PassportFactory()
    PassportSkill.objects.create(passport=passport, skill=skill)
    # The postcode, the passport's credentials and skills and its holder, then the needs.
    with django_assert_max_num_queries(5):
        needs = found(
            q="cooking", postcode="SR1 1AD", within_miles=10, skills=["cooking"], eligible_for=passport,
            sort="distance",
        )
        assert [need.organisation.name for need in needs]
    assert len(needs) == 12


def test_need_public_and_shifts_to_come():
    need = need_at()
    assert need_public(need.pk) == need
    assert need_public("abc") is None
    assert need_public(need_at(status=NeedStatus.DRAFT).pk) is None
    ShiftFactory(need=need, starts_at=timezone.now() - datetime.timedelta(days=1))
    shifts = shifts_to_come(need)
    assert len(shifts) == 1
    assert shifts[0].places_left == 2
