"""Passport profile services: each change is checked, applied and audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from covenant.audit.models import AuditEntry
from tests.accounts.factories import UserFactory
from tests.volunteers.factories import CauseFactory, PassportFactory, SkillFactory
from volunteers.models import Passport, SkillLevel
from volunteers.selectors.passport import passport_of, profile_tasks
from volunteers.services import passport as services

pytestmark = pytest.mark.django_db
T = datetime.time


def _actions(passport):
    return list(AuditEntry.objects.filter(target_id=str(passport.pk)).values_list("action", flat=True))


def test_get_or_create_starts_once_and_audits():
    person = UserFactory()
    assert passport_of(person) is None
    first = services.passport_get_or_create(holder=person)
    assert services.passport_get_or_create(holder=person) == first == passport_of(person)
    assert _actions(first) == ["volunteers.passport_created"]


def test_update_profile_normalises_and_audits_the_difference(taxonomies):
    passport = PassportFactory()
    services.passport_update_profile(
        actor=passport.holder, passport=passport, second_base_postcode="sw1a2aa", second_base_label=" Work ",
        transport=["car", "walk"], languages=["CY", "bfi"], max_travel_km=40,
    )
    passport.refresh_from_db()
    assert passport.second_base_postcode == "SW1A 2AA" and passport.second_base_label == "Work"
    assert passport.transport == ["walk", "car"] and passport.languages == ["cy", "bfi"]
    entry = AuditEntry.objects.get(action="volunteers.passport_profile_updated")
    assert entry.changes["max_travel_km"] == [10, 40]
    # Saving the same again is not a change.
    services.passport_update_profile(actor=passport.holder, passport=passport, max_travel_km=40)
    assert AuditEntry.objects.filter(action="volunteers.passport_profile_updated").count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"max_travel_km": 201}, "between 0 and 200 km"),
        ({"max_travel_km": -1}, "between 0 and 200 km"),
        ({"second_base_postcode": "NOT A CODE"}, "like SW1A 1AA"),
        ({"transport": ["teleport"]}, "Choose how you travel"),
        ({"languages": ["xx"]}, "xx is not a language we know"),
    ],
)
def test_update_profile_refuses_bad_values_and_changes_nothing(taxonomies, changes, message):
    passport = PassportFactory()
    with pytest.raises(ValidationError, match=message):
        services.passport_update_profile(actor=passport.holder, passport=passport, **changes)
    passport.refresh_from_db()
    assert passport.max_travel_km == 10 and passport.transport == [] and passport.second_base_postcode == ""
    assert not AuditEntry.objects.filter(action="volunteers.passport_profile_updated").exists()


def test_update_profile_refuses_fields_it_does_not_own():
    passport = PassportFactory()
    with pytest.raises(ValueError, match="holder"):
        services.passport_update_profile(actor=passport.holder, passport=passport, holder=UserFactory())


def test_second_base_label_is_cleared_with_its_postcode():
    passport = PassportFactory(second_base_postcode="SW1A 2AA", second_base_label="Work")
    services.passport_update_profile(actor=passport.holder, passport=passport, second_base_postcode="")
    assert passport.second_base_label == ""


def test_set_skills_replaces_and_audits():
    passport = PassportFactory()
    a, b, c = SkillFactory(), SkillFactory(), SkillFactory()
    services.passport_set_skills(actor=passport.holder, passport=passport, levels={a: 1, b: 2})
    services.passport_set_skills(actor=passport.holder, passport=passport, levels={b: 4, c: 3})
    assert dict(passport.skills.values_list("skill__slug", "level")) == {b.slug: 4, c.slug: 3}
    last = AuditEntry.objects.filter(action="volunteers.passport_skills_set").order_by("-id").first()
    assert last.changes == {a.slug: [1, None], b.slug: [2, 4], c.slug: [None, 3]}


def test_set_skills_refuses_bad_levels_and_retired_skills():
    passport = PassportFactory()
    skill = SkillFactory()
    with pytest.raises(ValidationError, match="Choose how good you are"):
        services.passport_set_skills(actor=passport.holder, passport=passport, levels={skill: 9})
    retired = SkillFactory(active=False)
    with pytest.raises(ValidationError, match="can no longer be chosen"):
        services.passport_set_skills(actor=passport.holder, passport=passport, levels={retired: SkillLevel.EXPERT})
    assert not passport.skills.exists()


def test_set_causes():
    passport = PassportFactory()
    one, two = CauseFactory(), CauseFactory()
    services.passport_set_causes(actor=passport.holder, passport=passport, causes=[one, two])
    assert set(passport.causes.all()) == {one, two}
    with pytest.raises(ValidationError):
        services.passport_set_causes(actor=passport.holder, passport=passport, causes=[CauseFactory(active=False)])
    assert set(passport.causes.all()) == {one, two}
    assert AuditEntry.objects.filter(action="volunteers.passport_causes_set").count() == 1


def test_set_availability_checks_order_and_overlap():
    passport = PassportFactory()
    windows = [services.Window(0, T(9), T(12)), services.Window(0, T(12), T(14)), services.Window(5, T(10), T(11))]
    services.passport_set_availability(actor=passport.holder, passport=passport, windows=windows)
    assert passport.availability.count() == 3
    with pytest.raises(ValidationError, match="overlap"):
        services.passport_set_availability(
            actor=passport.holder, passport=passport,
            windows=[services.Window(2, T(9), T(12)), services.Window(2, T(11), T(13))],
        )
    with pytest.raises(ValidationError, match="end time must be after the start time on Friday"):
        services.passport_set_availability(
            actor=passport.holder, passport=passport, windows=[services.Window(4, T(12), T(12))]
        )
    assert passport.availability.count() == 3
    assert AuditEntry.objects.filter(action="volunteers.passport_availability_set").count() == 1


def test_exceptions_add_remove_and_set():
    passport = PassportFactory()
    day = datetime.date(2026, 7, 1)
    away = services.passport_add_exception(
        actor=passport.holder, passport=passport, starts_on=day, ends_on=day, reason="Holiday"
    )
    with pytest.raises(ValidationError, match="same as or after"):
        services.passport_add_exception(
            actor=passport.holder, passport=passport, starts_on=day, ends_on=day - datetime.timedelta(days=1)
        )
    services.passport_set_exceptions(
        actor=passport.holder, passport=passport,
        exceptions=[(day, day, "Holiday"), (day.replace(month=8), day.replace(month=8, day=9), "")],
    )
    assert passport.unavailable.count() == 2 and passport.unavailable.filter(pk=away.pk).exists()
    services.passport_remove_exception(actor=passport.holder, exception=away)
    assert passport.unavailable.count() == 1
    assert _actions(passport).count("volunteers.passport_exception_added") == 2
    assert _actions(passport).count("volunteers.passport_exception_removed") == 1


def test_profile_tasks():
    assert profile_tasks(None)["skills"] == "not_started"
    passport = PassportFactory(transport=["car"])
    statuses = profile_tasks(Passport.objects.get(pk=passport.pk))
    assert statuses["travel"] == "completed" and statuses["about_you"] == "completed"
    assert statuses["access_needs"] == "optional" and statuses["causes"] == "not_started"


def test_miles_and_kilometres():
    assert services.miles_to_km(5) == 8 and services.km_to_miles(200) == 124
