"""Demo data for the Volunteer Passport: the taxonomies, and a started passport for the demo residents."""

import datetime

from volunteers.models import Cause, Skill, SkillLevel
from volunteers.services import passport as services

# key of the demo person, skills with levels, causes, weekly windows, languages, transport, miles
PASSPORTS = [
    ("resident", {"driving-b": SkillLevel.EXPERIENCED, "first-aid-efaw": SkillLevel.COMPETENT,
                  "trade-cook": SkillLevel.COMPETENT}, ["community", "anti-poverty"],
     [(1, "18:00", "21:00"), (5, "09:00", "13:00")], ["en", "ur", "pa"], ["car", "public"], 10),
    ("resident2", {"trade-gardener": SkillLevel.EXPERT, "trade-carpenter": SkillLevel.COMPETENT},
     ["environment"], [(2, "10:00", "16:00")], ["en"], ["walk", "cycle"], 3),
]


def _time(value: str) -> datetime.time:
    return datetime.datetime.strptime(value, "%H:%M").time()


def seed(world) -> None:
    services.taxonomies_load(actor=None)
    for key, skills, causes, windows, languages, transport, miles in PASSPORTS:
        person = world.users.get(key)
        if person is None or hasattr(person, "passport"):
            continue
        passport = services.passport_get_or_create(holder=person)
        services.passport_update_profile(
            actor=person, passport=passport, languages=languages, transport=transport,
            max_travel_km=services.miles_to_km(miles),
        )
        services.passport_set_skills(
            actor=person, passport=passport,
            levels={skill: skills[skill.slug] for skill in Skill.objects.filter(slug__in=skills)},
        )
        services.passport_set_causes(actor=person, passport=passport, causes=Cause.objects.filter(slug__in=causes))
        services.passport_set_availability(
            actor=person, passport=passport,
            windows=[services.Window(day, _time(start), _time(end)) for day, start, end in windows],
        )
        world.created["volunteer passports"] += 1
