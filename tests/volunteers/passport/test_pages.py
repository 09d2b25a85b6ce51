"""The passport profile pages: the task list, each question page, check answers and the summary."""

import datetime

import pytest
from django.urls import reverse

from covenant.audit.models import AuditEntry
from tests.accounts.factories import UserFactory
from tests.volunteers.factories import CauseFactory, PassportFactory
from volunteers.models import AvailabilityException, AvailabilityWindow, Passport, Skill
from volunteers.services import passport as services

pytestmark = pytest.mark.django_db

PAGES = [
    "passport-tasks", "passport-summary", "passport-about-you", "passport-skills", "passport-causes",
    "passport-availability", "passport-away", "passport-travel", "passport-access-needs", "passport-languages",
]


@pytest.fixture
def person(client):
    user = UserFactory(postcode="FY1 1AB")
    client.force_login(user)
    return user


def _url(name, *args):
    return reverse(f"volunteers:{name}", args=args)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_asks_anonymous_people_to_sign_in(client, name):
    response = client.get(_url(name))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_before_a_passport_exists_and_starts_nothing(client, person, taxonomies, name):
    assert client.get(_url(name)).status_code == 200
    assert not Passport.objects.exists()


def test_task_list_shows_sections_status_and_built_areas(client, person):
    PassportFactory(holder=person, transport=["car"])
    page = client.get(_url("passport-tasks")).content.decode()
    assert "Complete your passport" in page
    for title in ("About you", "Skills", "Causes you care about", "When you are free", "Travel and transport",
                  "Access needs", "Languages"):
        assert title in page
    assert "You have completed 3 of 7 sections." in page  # about you, travel, and optional access needs
    assert reverse("volunteers:references-list") in page  # another area's page, listed because it exists


def test_check_answers_for_unknown_section_is_404(client, person):
    assert client.get(_url("passport-check", "nonsense")).status_code == 404


def test_about_you_second_base(client, person):
    response = client.post(_url("passport-about-you"), {"second_base_label": "Work", "second_base_postcode": "sr11ad"})
    assert response.status_code == 302 and response.url == _url("passport-check", "about_you")
    passport = Passport.objects.get(holder=person)
    assert passport.second_base_postcode == "SR1 1AD"
    page = client.get(response.url).content.decode()
    assert "Work: SR1 1AD" in page and "FY1 1AB" in page
    assert AuditEntry.objects.filter(action="volunteers.passport_profile_updated", actor=person).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"second_base_postcode": "ZZ"}, "Enter the second base postcode as a real postcode, like SW1A 1AA"),
        ({"second_base_label": "Work", "second_base_postcode": ""}, "Enter the postcode of your second base"),
        ({"second_base_label": "x" * 61, "second_base_postcode": "SW1A 1AA"}, "60 characters or fewer"),
    ],
)
def test_about_you_bad_input(client, person, data, message):
    response = client.post(_url("passport-about-you"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not Passport.objects.exists()


def test_skills_then_levels_then_check(client, person, taxonomies):
    form = client.get(_url("passport-skills")).context["form"]
    groups = {form.fields[name].label: name for name in form.fields}
    assert "Languages" not in groups and "Driving" in groups
    response = client.post(_url("passport-skills"), {groups["Driving"]: ["driving-d1"], groups["Trades"]: ["trade-cook"]})
    assert response.status_code == 302 and response.url == _url("passport-skill-levels")
    response = client.post(response.url, {"level_driving-d1": "4", "level_trade-cook": "1"})
    assert response.url == _url("passport-check", "skills")
    passport = Passport.objects.get(holder=person)
    assert dict(passport.skills.values_list("skill__slug", "level")) == {"driving-d1": 4, "trade-cook": 1}
    page = client.get(response.url).content.decode()
    assert "Minibus (licence category D1)" in page and "Expert" in page


def test_skills_bad_input(client, person, taxonomies):
    form = client.get(_url("passport-skills")).context["form"]
    response = client.post(_url("passport-skills"), {next(iter(form.fields)): ["no-such-skill"]})
    assert response.status_code == 200 and "Choose skills from the list" in response.content.decode()
    services.passport_set_skills(
        actor=person, passport=services.passport_get_or_create(holder=person),
        levels={Skill.objects.get(slug="trade-cook"): 2},
    )
    response = client.post(_url("passport-skill-levels"), {"level_trade-cook": "7"})
    assert response.status_code == 200 and "Choose how good you are at Cook or chef" in response.content.decode()
    response = client.post(_url("passport-skill-levels"), {})
    assert "Choose how good you are at Cook or chef" in response.content.decode()


def test_skill_levels_without_skills_sends_you_to_choose(client, person):
    response = client.get(_url("passport-skill-levels"))
    assert response.status_code == 302 and response.url == _url("passport-skills")


def test_causes(client, person):
    cause = CauseFactory(name="Animal welfare")
    response = client.post(_url("passport-causes"), {"causes": [cause.slug]})
    assert response.url == _url("passport-check", "causes")
    assert list(Passport.objects.get(holder=person).causes.all()) == [cause]
    assert "Select at least one cause" in client.post(_url("passport-causes"), {}).content.decode()
    assert "Choose causes from the list" in client.post(_url("passport-causes"), {"causes": ["nope"]}).content.decode()


def test_availability_add_overlap_and_remove(client, person):
    url = _url("passport-availability")
    assert client.post(url, {"weekday": "0", "starts_at": "09:00", "ends_at": "12:00"}).status_code == 302
    passport = Passport.objects.get(holder=person)
    assert passport.availability.count() == 1
    response = client.post(url, {"weekday": "0", "starts_at": "11:00", "ends_at": "13:00"})
    assert response.status_code == 200 and "Your times on Monday overlap" in response.content.decode()
    response = client.post(url, {"weekday": "0", "starts_at": "14:00", "ends_at": "13:00"})
    assert "must be after the time you are free from" in response.content.decode()
    response = client.post(url, {"weekday": "9", "starts_at": "9am", "ends_at": ""})
    page = response.content.decode()
    assert "Select a day of the week" in page and "as hours and minutes, like 09:30" in page
    assert "Enter the time you are free until, like 17:00" in page
    window = passport.availability.get()
    assert client.post(_url("passport-availability-remove", window.pk)).status_code == 302
    assert not passport.availability.exists()


def test_dates_away(client, person):
    url = _url("passport-away")
    data = {"starts_on_0": "1", "starts_on_1": "8", "starts_on_2": "2026", "ends_on_0": "14", "ends_on_1": "8",
            "ends_on_2": "2026", "reason": "Holiday"}
    assert client.post(url, data).url == _url("passport-availability")
    away = AvailabilityException.objects.get(passport__holder=person)
    assert away.ends_on == datetime.date(2026, 8, 14)
    page = client.post(url, data | {"ends_on_0": "31", "ends_on_1": "7"}).content.decode()
    assert "The last day you are away must be the same as or after the first day" in page
    page = client.post(url, data | {"starts_on_0": "", "starts_on_1": "", "starts_on_2": ""}).content.decode()
    assert "Enter the first day you are away" in page
    page = client.post(url, data | {"ends_on_0": "31", "ends_on_1": "2"}).content.decode()
    assert "The last day you are away must be a real date" in page
    page = client.post(url, data | {"starts_on_1": ""}).content.decode()
    assert "The first day you are away must include a month" in page
    assert client.post(_url("passport-away-remove", away.pk)).status_code == 302
    assert not AvailabilityException.objects.exists()


def test_travel_in_miles_stored_in_km(client, person):
    response = client.post(_url("passport-travel"), {"max_travel_miles": "5", "transport": ["public", "cycle"]})
    assert response.url == _url("passport-check", "travel")
    passport = Passport.objects.get(holder=person)
    assert passport.max_travel_km == 8 and passport.transport == ["cycle", "public"]
    assert "5 miles" in client.get(response.url).content.decode()
    for value, message in (("125", "124 miles or fewer"), ("-1", "0 miles or more"), ("far", "whole number")):
        page = client.post(_url("passport-travel"), {"max_travel_miles": value, "transport": ["car"]}).content.decode()
        assert message in page
    page = client.post(_url("passport-travel"), {"max_travel_miles": "3"}).content.decode()
    assert "Select how you travel" in page


def test_access_needs(client, person):
    response = client.post(_url("passport-access-needs"), {"accessibility_needs": "Step-free", "adjustments": ""})
    assert response.url == _url("passport-check", "access_needs")
    assert Passport.objects.get(holder=person).accessibility_needs == "Step-free"
    page = client.post(_url("passport-access-needs"), {"accessibility_needs": "x" * 2001}).content.decode()
    assert "2000 characters or fewer" in page


def test_languages(client, person, taxonomies):
    response = client.post(_url("passport-languages"), {"languages": ["cy", "bfi"]})
    assert response.url == _url("passport-check", "languages")
    assert Passport.objects.get(holder=person).languages == ["cy", "bfi"]
    assert "British Sign Language" in client.get(_url("passport-summary")).content.decode()
    assert "Choose languages from the list" in client.post(_url("passport-languages"), {"languages": ["xx"]}).content.decode()
    assert "Select at least one language" in client.post(_url("passport-languages"), {}).content.decode()


def test_another_resident_cannot_see_or_change_someone_elses_passport(client, person):
    other = PassportFactory(accessibility_needs="Private detail", second_base_postcode="SR1 1AD")
    window = AvailabilityWindow.objects.create(
        passport=other, weekday=0, starts_at=datetime.time(9), ends_at=datetime.time(10)
    )
    away = AvailabilityException.objects.create(
        passport=other, starts_on=datetime.date(2026, 8, 1), ends_on=datetime.date(2026, 8, 2)
    )
    # Your own pages show only your own passport.
    for name in ("passport-summary", "passport-tasks"):
        assert "Private detail" not in client.get(_url(name)).content.decode()
    assert "SR1 1AD" not in client.get(_url("passport-check", "about_you")).content.decode()
    # Someone else's windows and dates away answer 404, exactly as missing ones do.
    assert client.post(_url("passport-availability-remove", window.pk)).status_code == 404
    assert client.post(_url("passport-away-remove", away.pk)).status_code == 404
    assert client.post(_url("passport-away-remove", 999999)).status_code == 404
    assert AvailabilityWindow.objects.filter(pk=window.pk).exists()
    assert AvailabilityException.objects.filter(pk=away.pk).exists()


def test_removing_needs_post(client, person):
    passport = PassportFactory(holder=person)
    window = AvailabilityWindow.objects.create(
        passport=passport, weekday=0, starts_at=datetime.time(9), ends_at=datetime.time(10)
    )
    assert client.get(_url("passport-availability-remove", window.pk)).status_code == 405


def test_summary_of_a_complete_passport(client, person, taxonomies):
    passport = services.passport_get_or_create(holder=person)
    services.passport_update_profile(actor=person, passport=passport, transport=["car"], languages=["pl"])
    services.passport_set_availability(
        actor=person, passport=passport, windows=[services.Window(5, datetime.time(9), datetime.time(13))]
    )
    page = client.get(_url("passport-summary")).content.decode()
    assert "Saturday, 9am to 1pm" in page and "Own car" in page and "Polish" in page
