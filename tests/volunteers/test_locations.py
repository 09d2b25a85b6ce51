"""Passports carry their holder's place (and their skills do too), kept in step with the holder's postcode."""

import pytest
from django.core.management import call_command

from tests.accounts.factories import UserFactory
from tests.places.factories import PostcodeFactory
from tests.volunteers.factories import PassportFactory, SkillFactory
from volunteers.models import Passport, PassportSkill
from volunteers.services.locations import passports_locate_all

pytestmark = pytest.mark.django_db


def test_a_passport_takes_its_holders_place_and_moves_with_them():
    PostcodeFactory(postcode="SR1 1AD", latitude=54.9, longitude=-1.38)
    PostcodeFactory(postcode="NE1 4ST", latitude=54.97, longitude=-1.61)
    holder = UserFactory(postcode="SR1 1AD")
    passport = PassportFactory(holder=holder)
    passport.refresh_from_db()
    assert (passport.latitude, passport.longitude) == (54.9, -1.38)
    skill = PassportSkill.objects.create(passport=passport, skill=SkillFactory())
    assert (skill.latitude, skill.longitude) == (54.9, -1.38)
    holder.postcode = "NE1 4ST"
    holder.save()
    passport.refresh_from_db(), skill.refresh_from_db()
    assert (passport.latitude, skill.latitude) == (54.97, 54.97)
    # A postcode the directory does not know leaves the passport nowhere: matching leaves it out.
    holder.postcode = "ZZ9 9ZZ"
    holder.save(update_fields=["postcode"])
    passport.refresh_from_db()
    assert passport.latitude is None and passport.longitude is None


def test_saves_that_do_not_touch_the_postcode_leave_the_place_alone(django_assert_num_queries):
    PostcodeFactory(postcode="SR1 1AD", latitude=54.9, longitude=-1.38)
    holder = UserFactory(postcode="SR1 1AD")
    PassportFactory(holder=holder)
    with django_assert_num_queries(1):
        holder.save(update_fields=["last_login"])


def test_a_new_directory_places_everyone_again(tmp_path):
    holder = UserFactory(postcode="SR1 1AD")
    passport = PassportFactory(holder=holder)
    PassportSkill.objects.create(passport=passport, skill=SkillFactory())
    assert Passport.objects.get().latitude is None
    PostcodeFactory(postcode="SR1 1AD", latitude=54.9, longitude=-1.38)
    assert passports_locate_all() == 1
    assert Passport.objects.get().latitude == 54.9 and PassportSkill.objects.get().latitude == 54.9
    Passport.objects.update(latitude=None)
    call_command("locate_passports", stdout=(tmp_path / "out").open("w"))
    assert Passport.objects.get().latitude == 54.9
    assert "Placed 1 passports" in (tmp_path / "out").read_text()


def test_importing_the_directory_places_passports(tmp_path):
    from covenant.places.services import postcodes_import

    holder = UserFactory(postcode="SR1 1AD")
    PassportFactory(holder=holder)
    header = "pcds,doterm,lat,long,lsoa21cd,osward,oslaua,ctry"
    source = tmp_path / "onspd.csv"
    source.write_text(f"{header}\nSR1 1AD,,54.9061,-1.3811,E01008800,E05001163,E08000024,E92000001\n")
    with source.open("rb") as handle:
        postcodes_import(actor=None, file=handle, source_name="onspd.csv")
    assert Passport.objects.get().latitude == pytest.approx(54.9061)
