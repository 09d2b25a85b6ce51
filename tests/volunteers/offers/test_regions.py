"""The national batch split into regions: every place in one region, caps shared out, the same offers as one run."""

import datetime

import numpy as np
import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.volunteers.offers.test_matching import (
    CENTRE,
    KM_PER_DEGREE,
    need_with_shift,
    offered,
    volunteer,
)
from volunteers.matching.engine import Place, Region, capacity_share, plan_regions
from volunteers.models import MatchingRun, Offer
from volunteers.services.matching import matching_batch_run, matching_need_run
from volunteers.tasks_matching import matching_batch_task

pytestmark = pytest.mark.django_db


def place(latitude, longitude, *, radius=25.0, shift_id=1):
    now = timezone.now()
    return Place(shift_id=shift_id, need_id=shift_id, starts_at=now, ends_at=now, free=1, latitude=latitude,
                 longitude=longitude, radius_km=radius, skills=[], checks=[], minimum_age=None, organisation_id=1,
                 cause_id=None)


@pytest.mark.django_db(False)
def test_regions_tile_the_map_and_share_out_the_places():
    rng = np.random.default_rng(4)
    places = [place(50 + 8 * rng.random(), -5 + 6 * rng.random(), radius=float(rng.integers(5, 40)), shift_id=n)
              for n in range(400)]
    remote = [place(None, None, shift_id=n) for n in range(1000, 1016)]
    regions = plan_regions(places + remote, 8)
    assert len(regions) == 8 and all(region.count == 8 for region in regions)
    for each in places + remote:
        assert sum(region.holds(each) for region in regions) == 1
    assert [sum(region.holds(each) for each in places) for region in regions] == [50] * 8
    # Remote needs are shared out among the regions by need.
    assert [sum(region.holds(each) for each in remote) for region in regions] == [2] * 8
    for region in regions:
        inside = [each.radius_km for each in places if region.holds(each)]
        assert region.radius_km == max(inside)
        assert Region(**region.as_dict()) == region


@pytest.mark.django_db(False)
def test_one_place_or_none_makes_one_region_at_most():
    assert len(plan_regions([place(52.0, -1.0)], 8)) == 1
    assert plan_regions([], 8) == []
    # Only remote needs: one region, the whole map, holds them.
    (only,) = plan_regions([place(None, None, shift_id=n) for n in range(3)], 8)
    assert only.count == 1 and only.south == -90 and only.north == 90
    # Places all at one spot cannot be cut: one region holds them.
    assert len(plan_regions([place(52.0, -1.0, shift_id=n) for n in range(5)], 8)) == 1


class _Supply:
    def __init__(self, ids, latitude, longitude, reach, capacity):
        self.ids, self.latitude, self.longitude = ids, latitude, longitude
        self.reach_km, self.capacity, self.size = reach, capacity, ids.size


@pytest.mark.django_db(False)
@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(49.9, 58.6), st.floats(-7.5, 1.7), st.integers(1, 60), st.integers(0, 5)),
                min_size=1, max_size=40, unique_by=lambda row: (row[0], row[1])),
       st.integers(1, 6))
def test_no_volunteer_is_given_more_than_their_capacity_across_regions(people, count):
    rng = np.random.default_rng(len(people))
    places = [place(50 + 8 * rng.random(), -6 + 7 * rng.random(), shift_id=n) for n in range(30)]
    regions = plan_regions(places, count)
    supply = _Supply(np.arange(1, len(people) + 1, dtype=np.int64), np.array([p[0] for p in people]),
                     np.array([p[1] for p in people]), np.array([p[2] for p in people], dtype=float),
                     np.array([p[3] for p in people], dtype=np.int64))
    located = regions
    shares = np.array([capacity_share(supply=supply, regions=regions, region=region) for region in located])
    assert (shares >= 0).all()
    assert (shares.sum(axis=0) <= supply.capacity).all()
    # Someone inside a region with places can always be offered them: their whole capacity is shared out.
    at_home = np.array([[region.south <= lat < region.north and region.west <= lon < region.east
                         for region in located] for lat, lon in zip(supply.latitude, supply.longitude, strict=True)])
    assert (shares.sum(axis=0)[at_home.any(axis=1)] == supply.capacity[at_home.any(axis=1)]).all()


def _far_need(km_north: float, places: int):
    return need_with_shift(places=places, latitude=CENTRE[0] + km_north / KM_PER_DEGREE, radius_km=50)


def test_a_batch_split_into_regions_offers_what_one_run_would(settings, django_capture_on_commit_callbacks):
    settings.MATCHING_REGIONS = 2
    settings.MATCHING_MAX_OPEN_OFFERS = 2
    south, north = _far_need(0, 3), _far_need(80, 3)
    # Two people near each need, and two between them who could reach both.
    people = [volunteer(1), volunteer(2), volunteer(81), volunteer(79), volunteer(40, travel=45),
              volunteer(41, travel=45)]
    with django_capture_on_commit_callbacks(execute=True):
        matching_batch_task.delay()
    plan = MatchingRun.objects.filter(scope__startswith="national").get()
    assert len(plan.stats["regions"]) == 2
    regions = MatchingRun.objects.filter(scope__startswith=f"plan {plan.pk}, region")
    assert regions.count() == 2 and all(run.status == "finished" for run in regions)
    assert len(offered(south)) == 3 and len(offered(north)) == 3
    for person in people:
        assert Offer.objects.filter(passport=person).count() <= 2
    # Run again (or the whole batch in one run): nothing is offered twice, no place more than it has.
    with django_capture_on_commit_callbacks(execute=True):
        matching_batch_task.delay()
    matching_batch_run()
    assert Offer.objects.count() == 6


def test_a_need_just_published_looks_wider_when_few_are_near():
    shift = need_with_shift(places=3)
    near, far = volunteer(1), [volunteer(15, travel=20), volunteer(16, travel=20)]
    matching_need_run(need_id=shift.need_id)
    assert offered(shift) == {near.pk, far[0].pk, far[1].pk}


def test_a_shift_a_long_way_ahead_is_left_for_later(settings):
    settings.MATCHING_HORIZON_DAYS = 3
    shift = need_with_shift(places=1, days=10)
    volunteer(1)
    matching_batch_run()
    assert not offered(shift)
    shift.starts_at = timezone.now() + datetime.timedelta(days=2)
    shift.ends_at = shift.starts_at + datetime.timedelta(hours=2)
    shift.save()
    matching_batch_run()
    assert len(offered(shift)) == 1


def test_many_offers_are_told_by_workers_in_parts_and_only_once(monkeypatch, django_capture_on_commit_callbacks):
    from covenant.notifications.models import Notification
    from volunteers.services import offers as offers_module
    from volunteers.services.offers import offers_tell

    monkeypatch.setattr(offers_module, "TELL_PART", 2)
    shift = need_with_shift(places=5)
    for km in range(1, 6):
        volunteer(km)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        matching_batch_run()
    assert len(offered(shift)) == 5
    told = Notification.objects.filter(event="volunteers.match_offered")
    assert told.count() == 5
    assert len([c for c in callbacks if "offers_tell_task" in repr(c)]) == 3
    offers_tell(offer_ids=list(Offer.objects.values_list("pk", flat=True)))
    assert told.count() == 5


def test_remote_needs_are_shared_out_among_the_regions(settings, django_capture_on_commit_callbacks):
    from volunteers.models import LocationKind

    settings.MATCHING_REGIONS = 2
    settings.MATCHING_MAX_OPEN_OFFERS = 1
    south, north = _far_need(0, 1), _far_need(80, 1)
    remote = need_with_shift(places=2, location_kind=LocationKind.REMOTE, latitude=None, longitude=None)
    # A remote need is matched within one region, from that region's volunteers: three near each need.
    people = [volunteer(km) for km in (1, 2, 3, 78, 79, 81)]
    with django_capture_on_commit_callbacks(execute=True):
        matching_batch_task.delay()
    plan = MatchingRun.objects.filter(scope__startswith="national").get()
    runs = MatchingRun.objects.filter(scope__startswith=f"plan {plan.pk},")
    assert sorted(run.scope.split(", ", 1)[1] for run in runs) == ["region 1 of 2", "region 2 of 2"]
    assert sum(run.stats["places"] for run in runs) == 3
    assert len(offered(south)) == 1 and len(offered(north)) == 1 and len(offered(remote)) == 2
    # One open offer each at most, the regions' and the remote need's together.
    offers = list(Offer.objects.values_list("passport_id", flat=True))
    assert len(offers) == 4 and len(set(offers)) == 4 and set(offers) <= {p.pk for p in people}


def test_a_large_run_writes_its_offers_with_copy_and_never_twice(monkeypatch):
    from django.db import connection

    from tests.conftest import need_service
    from volunteers.services import offers as offers_module

    need_service("PostgreSQL", connection.vendor == "postgresql", "COPY is PostgreSQL's")
    monkeypatch.setattr(offers_module, "COPY_FROM", 0)
    shift = need_with_shift(places=3)
    people = [volunteer(km) for km in (1, 2, 3)]
    matching_batch_run()
    offers = Offer.objects.filter(shift=shift)
    assert {offer.passport_id for offer in offers} == {p.pk for p in people}
    first = offers.order_by("distance_km").first()
    assert first.status == "offered" and first.distance_km == 1.0 and first.reasons["checks"] == 0
    assert first.expires_at <= shift.starts_at and first.run is not None
    # The same offers again through COPY: the unique pair keeps them out, and the run says it made none.
    run = MatchingRun.objects.create(kind="batch")
    again = [{"shift_id": shift.pk, "passport_id": p.pk, "shift_starts_at": shift.starts_at} for p in people]
    assert offers_module.offers_make(run=run, offers=again) == 0
    assert Offer.objects.count() == 3


def test_offers_nobody_was_told_of_are_told_by_the_sweep(monkeypatch, broker):
    from datetime import timedelta

    from covenant.notifications.models import Delivery
    from volunteers.services.offers import offers_tell_untold
    from volunteers.tasks_matching import offers_tell_task

    shift = need_with_shift(places=2)
    volunteer(1), volunteer(2)
    broker.watch(offers_tell_task).go_down()
    run = matching_batch_run()
    # The broker was down: the offers stand, the run finished, and nobody has been told yet.
    assert run.status == "finished" and len(offered(shift)) == 2
    assert not Delivery.objects.filter(event="volunteers.match_offered").exists()
    assert offers_tell_untold() == 0  # too recent: their parts may still be on their way
    later = timezone.now() + timedelta(minutes=6)
    assert offers_tell_untold(now=later) == 2
    assert offers_tell_untold(now=later) == 0
    assert Delivery.objects.filter(event="volunteers.match_offered").values("key").distinct().count() == 2


def test_a_national_run_reads_only_the_links_of_shifts_still_to_come(monkeypatch):
    from volunteers.matching import engine

    monkeypatch.setattr(engine, "ID_LIST_LIMIT", 0)
    shift, person = need_with_shift(places=2), volunteer(1)
    Offer.objects.create(shift=shift, passport=person, expires_at=shift.starts_at)
    places = engine.load_places(now=timezone.now())
    assert engine.already_linked(places) == {(shift.pk, person.pk)}
