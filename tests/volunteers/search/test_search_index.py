"""The skill-and-place search index follows needs and their skills, whoever writes them, and searches agree with it."""

import datetime

import pytest
from django.utils import timezone

from tests.organisations.factories import admin_of
from tests.places.factories import PostcodeFactory
from tests.volunteers.factories import NeedFactory, ShiftFactory, SkillFactory
from volunteers.models import LocationKind, NeedSkillPlace, NeedStatus
from volunteers.selectors.search import needs_search
from volunteers.services.needs import need_close, need_pause, need_publish, need_reopen, need_update
from volunteers.services.search_index import need_skill_places_rebuild, need_skill_places_refresh

pytestmark = pytest.mark.django_db


def index() -> set[tuple]:
    return set(NeedSkillPlace.objects.values_list("need_id", "skill__slug", "latitude", "longitude"))


@pytest.fixture
def cooking():
    return SkillFactory(slug="cooking", name="Cooking")


@pytest.fixture
def driving():
    return SkillFactory(slug="driving", name="Driving")


def test_published_needs_have_a_row_for_each_skill_with_their_place(cooking, driving):
    need = NeedFactory(latitude=54.9, longitude=-1.38)
    need.skills.add(cooking, driving)
    assert index() == {(need.pk, "cooking", 54.9, -1.38), (need.pk, "driving", 54.9, -1.38)}


def test_remote_needs_have_no_place_and_drafts_no_rows(cooking):
    remote = NeedFactory(location_kind=LocationKind.REMOTE, postcode="", latitude=54.9, longitude=-1.38)
    remote.skills.add(cooking)
    NeedFactory(status=NeedStatus.DRAFT).skills.add(cooking)
    assert index() == {(remote.pk, "cooking", None, None)}


def test_state_changes_through_the_services_add_and_remove_rows(cooking):
    need = NeedFactory(status=NeedStatus.DRAFT, latitude=54.9, longitude=-1.38)
    need.skills.add(cooking)
    ShiftFactory(need=need)
    actor = admin_of(need.organisation)
    assert index() == set()
    need_publish(actor=actor, need=need)
    assert index() == {(need.pk, "cooking", 54.9, -1.38)}
    need_pause(actor=actor, need=need)
    assert index() == set()
    need_publish(actor=actor, need=need)
    need_close(actor=actor, need=need)
    need_reopen(actor=actor, need=need)
    assert index() == set()


def test_changing_skills_and_place_rewrites_the_rows(cooking, driving):
    PostcodeFactory(postcode="NE1 1AA", outward_code="NE1", latitude=54.97, longitude=-1.61)
    need = NeedFactory(latitude=54.9, longitude=-1.38)
    need.skills.add(cooking)
    actor = admin_of(need.organisation)
    need_update(actor=actor, need=need, skills=[driving], postcode="NE1 1AA")
    assert index() == {(need.pk, "driving", 54.97, -1.61)}
    need.skills.remove(driving)
    assert index() == set()


def test_changes_from_the_skill_side(cooking):
    first, second = NeedFactory(), NeedFactory()
    cooking.needs.add(first, second)
    assert {row[0] for row in index()} == {first.pk, second.pk}
    cooking.needs.remove(first)
    assert {row[0] for row in index()} == {second.pk}
    cooking.needs.clear()
    assert index() == set()


def test_deleting_a_need_or_a_skill_removes_its_rows(cooking, driving):
    need = NeedFactory()
    need.skills.add(cooking, driving)
    cooking.delete()
    assert {row[1] for row in index()} == {"driving"}
    need.delete()
    assert index() == set()


def test_rebuild_and_refresh_agree_with_the_needs(cooking, driving):
    published = NeedFactory(latitude=54.9, longitude=-1.38)
    published.skills.add(cooking, driving)
    NeedFactory(status=NeedStatus.PAUSED).skills.add(cooking)
    expected = index()
    NeedSkillPlace.objects.all().delete()
    NeedSkillPlace.objects.create(need=NeedFactory(status=NeedStatus.DRAFT), skill=cooking)  # a stale row
    assert need_skill_places_rebuild(batch=1) == 2
    assert index() == expected
    assert need_skill_places_refresh(need_ids=[]) == 0
    assert need_skill_places_refresh(need_ids=[published.pk, published.pk]) == 2
    assert index() == expected


def test_search_for_a_skill_nearby_follows_a_need_that_moves(cooking):
    PostcodeFactory(postcode="SR1 1AD", outward_code="SR1", latitude=54.9061, longitude=-1.3811)
    PostcodeFactory(postcode="TR1 1AA", outward_code="TR1", latitude=50.26, longitude=-5.05)
    need = NeedFactory()
    need.skills.add(cooking)
    ShiftFactory(need=need, starts_at=timezone.now() + datetime.timedelta(days=3))
    actor = admin_of(need.organisation)

    def found():
        return list(needs_search(postcode="SR1 1AD", within_miles=10, skills=["cooking"]).needs)

    assert found() == [need]
    need_update(actor=actor, need=need, postcode="TR1 1AA")
    assert found() == []
    need_update(actor=actor, need=need, location_kind=LocationKind.REMOTE, postcode="")
    assert found() == [need]
