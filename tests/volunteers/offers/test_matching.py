"""Matching runs: every hard constraint by a targeted case, the caps, fairness, and runs that repeat or pass on."""

import datetime

import pytest
from django.utils import timezone

from covenant.places.models import Postcode
from tests.accounts.factories import UserFactory
from tests.organisations.factories import admin_of
from tests.places.factories import PostcodeFactory
from tests.volunteers.factories import (
    CauseFactory,
    CredentialFactory,
    NeedFactory,
    PassportFactory,
    ShiftFactory,
    SkillFactory,
)
from volunteers.models import (
    AvailabilityException,
    AvailabilityWindow,
    Booking,
    BookingStatus,
    LocationKind,
    MatchingRun,
    NeedCheck,
    NeedStatus,
    Offer,
    OfferStatus,
    PassportSkill,
)
from volunteers.services import offers as offer_services
from volunteers.services.matching import matching_batch_run, matching_need_run, matching_shift_run
from volunteers.services.needs import need_publish

pytestmark = pytest.mark.django_db

# The need sits at SR1 1AD; each volunteer lives at a postcode the given number of kilometres north of it.
CENTRE = (54.9061, -1.3811)
KM_PER_DEGREE = 111.2


def home(km: float) -> str:
    # Eight characters at most, as the postcode column allows: tenths of a kilometre in hexadecimal.
    postcode = f"X{round(km * 10):03X} 1AA"
    if not Postcode.objects.filter(postcode=postcode).exists():
        PostcodeFactory(postcode=postcode, outward_code=postcode.split()[0],
                        latitude=CENTRE[0] + km / KM_PER_DEGREE, longitude=CENTRE[1])
    return postcode


def volunteer(km: float = 1.0, *, travel: int = 10, born=datetime.date(1990, 1, 1), **passport):
    user = UserFactory(postcode=home(km), date_of_birth=born)
    return PassportFactory(holder=user, max_travel_km=travel, **passport)


def need_with_shift(places: int = 1, *, days: int = 7, **need):
    need = NeedFactory(**{"latitude": CENTRE[0], "longitude": CENTRE[1], **need})
    starts = timezone.localtime(timezone.now() + datetime.timedelta(days=days)).replace(
        hour=10, minute=0, second=0, microsecond=0)
    return ShiftFactory(need=need, places=places, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))


def offered(shift) -> set[int]:
    return set(Offer.objects.filter(shift=shift).values_list("passport_id", flat=True))


def test_the_nearest_willing_volunteers_are_offered_up_to_the_places():
    shift = need_with_shift(places=2)
    near, middle, far = volunteer(1), volunteer(3), volunteer(6)
    run = matching_batch_run()
    assert offered(shift) == {near.pk, middle.pk}
    assert run.stats["offers"] == 2 and run.stats["open_places"] == 2
    offer = Offer.objects.get(shift=shift, passport=near)
    assert offer.reasons["offers_30_days"] == 0 and 0.95 < offer.distance_km < 1.05
    assert far.pk not in offered(shift)


def test_distance_is_within_both_the_needs_radius_and_the_volunteers_reach():
    shift = need_with_shift(places=5, radius_km=5)
    inside = volunteer(4)
    volunteer(7)  # beyond the need's 5 km
    volunteer(3, travel=2)  # beyond their own 2 km
    matching_batch_run()
    assert offered(shift) == {inside.pk}


def test_remote_needs_reach_anyone_and_volunteers_without_a_place_are_left_out():
    shift = need_with_shift(places=5, location_kind=LocationKind.REMOTE, latitude=None, longitude=None, postcode="")
    far = volunteer(300, travel=1)
    PassportFactory(holder=UserFactory(postcode=""))
    PassportFactory(holder=UserFactory(postcode="ZZ9 9ZZ"))  # a postcode we cannot place
    matching_batch_run()
    assert offered(shift) == {far.pk}


def test_required_skills_and_minimum_age():
    shift = need_with_shift(places=5, minimum_age=18)
    cooking = SkillFactory(slug="cooking")
    shift.need.skills.add(cooking)
    cook = volunteer(1)
    PassportSkill.objects.create(passport=cook, skill=cooking)
    volunteer(1)  # no skill
    young = volunteer(1, born=timezone.localdate() - datetime.timedelta(days=365 * 17))
    PassportSkill.objects.create(passport=young, skill=cooking)
    unknown_age = volunteer(1, born=None)
    PassportSkill.objects.create(passport=unknown_age, skill=cooking)
    matching_batch_run()
    assert offered(shift) == {cook.pk}


def test_a_dbs_check_must_be_verified_and_valid_on_the_shifts_date():
    shift = need_with_shift(places=5, days=20)
    NeedCheck.objects.create(need=shift.need, kind="dbs", dbs_level="enhanced")
    valid = volunteer(1)
    CredentialFactory(passport=valid, dbs=True, verified=True)
    expiring = volunteer(1)
    CredentialFactory(passport=expiring, dbs=True, verified=True,
                      expires_on=timezone.localdate() + datetime.timedelta(days=10))
    unverified = volunteer(1)
    CredentialFactory(passport=unverified, dbs=True)
    matching_batch_run()
    assert offered(shift) == {valid.pk}


def test_availability_time_away_and_clashing_bookings():
    shift = need_with_shift(places=5)
    weekday = timezone.localtime(shift.starts_at).weekday()
    free = volunteer(1)
    AvailabilityWindow.objects.create(passport=free, weekday=weekday, starts_at=datetime.time(9),
                                      ends_at=datetime.time(17))
    evenings = volunteer(1)
    AvailabilityWindow.objects.create(passport=evenings, weekday=weekday, starts_at=datetime.time(17),
                                      ends_at=datetime.time(21))
    away = volunteer(1)
    AvailabilityException.objects.create(passport=away, starts_on=timezone.localdate(shift.starts_at),
                                         ends_on=timezone.localdate(shift.starts_at))
    busy = volunteer(1)
    other = ShiftFactory(starts_at=shift.starts_at + datetime.timedelta(hours=1),
                         ends_at=shift.ends_at + datetime.timedelta(hours=1))
    Booking.objects.create(shift=other, passport=busy, status=BookingStatus.ACCEPTED)
    matching_batch_run()
    assert offered(shift) == {free.pk}


def test_opt_outs_and_people_who_want_no_offers():
    cause = CauseFactory(slug="animals")
    shift = need_with_shift(places=5, cause=cause)
    keen = volunteer(1)
    volunteer(1, offers_wanted=False)
    volunteer(1).opted_out_organisations.add(shift.need.organisation)
    volunteer(1).opted_out_causes.add(cause)
    matching_batch_run()
    assert offered(shift) == {keen.pk}


def test_caps_on_open_offers_and_fairness_between_volunteers(settings):
    settings.MATCHING_MAX_OPEN_OFFERS = 1
    first, second = need_with_shift(places=1), need_with_shift(places=1, days=9)
    only = volunteer(1)
    matching_batch_run()
    assert Offer.objects.filter(passport=only).count() == 1
    # Someone offered nothing lately comes before someone nearer who has had offers.
    third = need_with_shift(places=1, days=11)
    fresh = volunteer(4)
    settings.MATCHING_MAX_OPEN_OFFERS = 5
    matching_batch_run()
    assert fresh.pk in offered(third)
    assert len(offered(first) | offered(second)) == 2


def test_runs_repeat_without_offering_twice_and_held_places_are_not_offered_again():
    shift = need_with_shift(places=1)
    volunteer(1), volunteer(2)
    matching_batch_run()
    again = matching_batch_run()
    assert Offer.objects.filter(shift=shift).count() == 1
    assert again.stats["offers"] == 0 and again.stats["places"] == 0


def test_publishing_offers_at_once_and_declining_passes_the_place_on(django_capture_on_commit_callbacks):
    shift = need_with_shift(places=1, status=NeedStatus.DRAFT)
    first, second = volunteer(1), volunteer(2)
    with django_capture_on_commit_callbacks(execute=True):
        need_publish(actor=admin_of(shift.need.organisation), need=shift.need)
    offer = Offer.objects.get(shift=shift)
    assert offer.passport == first
    assert MatchingRun.objects.filter(kind="need", scope=f"need {shift.need_id}").exists()
    with django_capture_on_commit_callbacks(execute=True):
        offer_services.offer_decline(actor=first.holder, offer=offer)
    assert Offer.objects.get(shift=shift, status=OfferStatus.OFFERED).passport == second
    accepted = offer_services.offer_accept(actor=second.holder, offer=Offer.objects.get(passport=second))
    assert accepted.booking.status == BookingStatus.ACCEPTED
    assert matching_shift_run(shift_id=shift.pk).stats["places"] == 0


def test_a_need_run_looks_only_at_its_need():
    mine, other = need_with_shift(places=1), need_with_shift(places=1)
    volunteer(1), volunteer(2)
    matching_need_run(need_id=mine.need_id)
    assert offered(mine) and not offered(other)


def test_a_passport_gaining_a_skill_is_matched_at_once(django_capture_on_commit_callbacks):
    from volunteers.services.passport import passport_set_skills

    shift = need_with_shift(places=1)
    welding = SkillFactory(slug="welding", name="Welding")
    shift.need.skills.add(welding)
    welder = volunteer(2)
    assert not offered(shift)
    with django_capture_on_commit_callbacks(execute=True):
        passport_set_skills(actor=welder.holder, passport=welder, levels={welding: 2})
    assert offered(shift) == {welder.pk}
    assert MatchingRun.objects.filter(kind="passport", scope=f"passport {welder.pk}").exists()


def test_a_run_that_fails_mid_write_leaves_nothing_and_the_next_completes(monkeypatch):
    from volunteers.services import offers as offers_module

    shift = need_with_shift(places=2)
    volunteer(1), volunteer(2)
    real = offers_module.Offer.objects.bulk_create

    def dies_after_writing(*args, **kwargs):
        real(*args, **kwargs)
        raise OSError("worker lost")

    monkeypatch.setattr(offers_module.Offer.objects, "bulk_create", dies_after_writing)
    with pytest.raises(OSError):
        matching_batch_run()
    assert not offered(shift)
    failed = MatchingRun.objects.get()
    assert failed.status == "failed" and "worker lost" in failed.error
    monkeypatch.undo()
    matching_batch_run()
    assert len(offered(shift)) == 2
    assert Offer.objects.filter(shift=shift).count() == 2
