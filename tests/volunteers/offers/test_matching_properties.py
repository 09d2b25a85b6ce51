"""Property-based: whatever the volunteers and needs, no offer a run makes breaks a hard constraint or a cap."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from covenant.places.distance import distance_km
from tests.volunteers.factories import SkillFactory
from tests.volunteers.offers.test_matching import CENTRE, KM_PER_DEGREE, need_with_shift, volunteer
from volunteers.models import Offer, PassportSkill
from volunteers.selectors.eligibility import age_on
from volunteers.services.matching import matching_batch_run

pytestmark = pytest.mark.django_db

volunteers_ = st.lists(st.tuples(st.floats(0, 40), st.integers(0, 30), st.booleans(),
                                 st.integers(14, 80)), min_size=1, max_size=12)
needs_ = st.lists(st.tuples(st.integers(1, 4), st.integers(1, 30), st.booleans(), st.sampled_from([None, 16, 18])),
                  min_size=1, max_size=5)


class Rollback(Exception):
    """Leaves each example's rows behind in a rolled-back savepoint, so examples do not see each other's."""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(people=volunteers_, needs=needs_, cap=st.integers(1, 3))
def test_offers_keep_every_constraint_and_cap(people, needs, cap):
    try:
        with transaction.atomic():
            _check(people, needs, cap)
            raise Rollback
    except Rollback:
        pass


def _check(people, needs, cap):
    from django.test import override_settings

    skill = SkillFactory(slug="first-aid-prop", name="First aid")
    today = timezone.localdate()
    passports = {}
    for km, travel, skilled, age in people:
        born = datetime.date(today.year - age, 1, 1)
        passport = volunteer(round(km, 1), travel=travel, born=born)
        if skilled:
            PassportSkill.objects.create(passport=passport, skill=skill)
        passports[passport.pk] = (km, travel, skilled, born)
    shifts = {}
    for day, (places, radius, needs_skill, minimum_age) in enumerate(needs):
        shift = need_with_shift(places=places, days=3 + day, radius_km=radius, minimum_age=minimum_age)
        if needs_skill:
            shift.need.skills.add(skill)
        shifts[shift.pk] = (places, radius, needs_skill, minimum_age, shift)
    with override_settings(MATCHING_MAX_OPEN_OFFERS=cap, MATCHING_MAX_OFFERS_PER_WEEK=cap):
        matching_batch_run()
    offers = list(Offer.objects.filter(shift_id__in=shifts))
    per_volunteer: dict[int, int] = {}
    per_shift: dict[int, int] = {}
    for offer in offers:
        km, travel, skilled, born = passports[offer.passport_id]
        places, radius, needs_skill, minimum_age, shift = shifts[offer.shift_id]
        lat = CENTRE[0] + round(km, 1) / KM_PER_DEGREE
        assert distance_km(lat, CENTRE[1], *CENTRE) <= min(radius, travel) + 1e-6
        assert skilled or not needs_skill
        assert minimum_age is None or age_on(born, timezone.localdate(shift.starts_at)) >= minimum_age
        per_volunteer[offer.passport_id] = per_volunteer.get(offer.passport_id, 0) + 1
        per_shift[offer.shift_id] = per_shift.get(offer.shift_id, 0) + 1
    assert all(count <= cap for count in per_volunteer.values())
    assert all(count <= shifts[shift_id][0] for shift_id, count in per_shift.items())
    assert len({(offer.shift_id, offer.passport_id) for offer in offers}) == len(offers)
