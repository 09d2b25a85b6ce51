"""What a run asks of the database: only volunteers every place in it could take, never fewer."""

import datetime

import pytest
from django.utils import timezone

from tests.volunteers.factories import CredentialFactory, SkillFactory
from tests.volunteers.offers.test_matching import need_with_shift, volunteer
from volunteers.matching.engine import Place, load_supply, scope_for
from volunteers.models import CredentialKind, PassportSkill

pytestmark = pytest.mark.django_db


def place(*, skills=(), minimum_age=None, checks=(), days=7):
    starts = timezone.now() + datetime.timedelta(days=days)
    return Place(shift_id=1, need_id=1, starts_at=starts, ends_at=starts, free=1, latitude=54.9, longitude=-1.38,
                 radius_km=10, skills=list(skills), checks=list(checks), minimum_age=minimum_age, organisation_id=1,
                 cause_id=None)


class Check:
    def __init__(self, kind):
        self.kind = kind


@pytest.mark.django_db(False)
def test_only_what_every_place_asks_narrows_the_scope():
    scope = scope_for([place(skills=[1, 2], minimum_age=18, checks=[Check("dbs")]),
                       place(skills=[2, 3], minimum_age=16, checks=[Check("dbs"), Check("identity")], days=3)])
    assert scope.skills == (2,)
    assert scope.checks == ("dbs",)
    assert scope.checked_on == timezone.localtime(timezone.now() + datetime.timedelta(days=3)).date()
    # The youngest age any place allows, on the earliest shift's date.
    assert scope.born_by.year == scope.checked_on.year - 16
    assert scope_for([place(minimum_age=18), place()]).born_by is None
    assert scope_for([]).everyone


def test_volunteers_without_the_skill_age_or_check_are_not_read():
    skill = SkillFactory()
    shift = need_with_shift(places=1, minimum_age=18)
    shift.need.skills.add(skill)
    young, unskilled, unchecked = volunteer(1, born=datetime.date.today().replace(year=2015)), volunteer(2), volunteer(3)
    ready = volunteer(4)
    for person in (young, unchecked, ready):
        PassportSkill.objects.create(passport=person, skill=skill)
    for person in (young, unskilled, ready):
        CredentialFactory(passport=person, kind=CredentialKind.DBS, status="verified", dbs_level="enhanced")
    shift.need.checks.create(kind=CredentialKind.DBS)
    from volunteers.matching.engine import load_places

    places = load_places(now=timezone.now(), need_ids=[shift.need_id])
    supply = load_supply(now=timezone.now(), places=places)
    assert supply.ids.tolist() == [ready.pk]
