"""Demo data for the Volunteer Passport: the taxonomies, a started passport for Tom, and a fuller one for Aisha.

Aisha's passport shows the whole journey: an enhanced DBS check verified by Blackpool Food Bank's verifier, a
self-declared training course, an answered reference, hours (confirmed and waiting), a share with the food bank
and one issued verifiable credential. Everything goes through the services so the audit log tells the story;
each part is looked for first, so running the seed again creates nothing.
"""

import datetime

from django.utils import timezone

from volunteers.models import (
    Cause,
    CredentialKind,
    CredentialStatus,
    Passport,
    Recommendation,
    Section,
    Skill,
    SkillLevel,
)
from volunteers.selectors.sharing import active_shares
from volunteers.services import credentials as credential_services
from volunteers.services import history as history_services
from volunteers.services import issuing as issuing_services
from volunteers.services import passport as services
from volunteers.services import references as reference_services
from volunteers.services import sharing as sharing_services

# key of the demo person, skills with levels, causes, weekly windows, languages, transport, miles
PASSPORTS = [
    ("resident", {"driving-b": SkillLevel.EXPERIENCED, "first-aid-efaw": SkillLevel.COMPETENT,
                  "trade-cook": SkillLevel.COMPETENT}, ["community", "anti-poverty"],
     [(1, "18:00", "21:00"), (5, "09:00", "13:00")], ["en", "ur", "pa"], ["car", "public"], 10),
    ("resident2", {"trade-gardener": SkillLevel.EXPERT, "trade-carpenter": SkillLevel.COMPETENT},
     ["environment"], [(2, "10:00", "16:00")], ["en"], ["walk", "cycle"], 3),
]

# Aisha's enhanced DBS check for work with adults (the certificate and Update Service numbers are invented).
DBS_DETAILS = {
    "dbs_level": "enhanced_barred", "dbs_barred_lists": "adults", "dbs_workforce": "adult",
    "certificate_number": "001893452716", "update_service_subscribed": True, "update_service_id": "C1093847562",
}
DBS_AGE_DAYS = 120
DBS_EVIDENCE = "Original enhanced DBS certificate seen at the food bank, and a status check on the Update Service"
TRAINING = {"title": "Safeguarding adults awareness", "provider": "Blackpool Council community learning"}
TRAINING_AGE_DAYS = 200
TRAINING_LIFETIME_DAYS = 3 * 365
HOLIDAY = (45, 52, "Family visit")
REFEREE = {"referee_name": "Imran Patel", "referee_email": "imran.patel@example.org",
           "relationship": "My team leader at the Layton community café"}
REFERENCE_ANSWER = {
    "known_for": "4 years", "capacity": "I lead the café team she cooks with every Saturday",
    "recommendation": Recommendation.YES, "confidential": False,
    "comments": "Aisha is reliable, calm with people who are having a hard time and careful with food safety.",
}
# days ago, hours, what the volunteer wrote, confirmed by the food bank?
HOURS = [
    (30, "3", "Sorting donations at the warehouse", True),
    (16, "3.5", "Saturday community café: cooking and serving", True),
    (2, "2.5", "Packing emergency food parcels", False),
]
SHARED_SECTIONS = [Section.PROFILE, Section.DBS, Section.TRAINING, Section.HISTORY]
SHARE_DAYS = 365


def _time(value: str) -> datetime.time:
    return datetime.datetime.strptime(value, "%H:%M").time()


def _start_passport(world, person, skills, causes, windows, languages, transport, miles) -> None:
    if Passport.objects.filter(holder=person).exists():
        return
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


def _holiday(world, person, passport, today) -> None:
    if passport.unavailable.exists():
        return
    away, back, reason = HOLIDAY
    services.passport_add_exception(
        actor=person, passport=passport, starts_on=today + datetime.timedelta(days=away),
        ends_on=today + datetime.timedelta(days=back), reason=reason,
    )
    world.created["dates away"] += 1


def _credential(world, person, passport, kind, details, today):
    credential = passport.credentials.filter(kind=kind).exclude(status=CredentialStatus.REVOKED).first()
    if credential is None:
        credential = credential_services.credential_create(actor=person, kind=kind, details=details, on=today)
        world.created["credentials"] += 1
    return credential


def _share(world, person, passport, organisation, today) -> None:
    if active_shares(on=today).filter(passport=passport, organisation=organisation).exists():
        return
    sharing_services.share_create(
        actor=person, passport=passport, organisation=organisation, sections=SHARED_SECTIONS,
        expires_on=today + datetime.timedelta(days=SHARE_DAYS),
    )
    world.created["passport shares"] += 1


def _verify(world, verifier, organisation, credential, today):
    if credential.status != CredentialStatus.SELF_DECLARED:
        return credential
    credential = credential_services.credential_verify(
        actor=verifier, organisation=organisation, credential=credential, evidence_seen=DBS_EVIDENCE,
        evidence_seen_on=today, on=today,
    )
    world.created["credential checks"] += 1
    return credential


def _reference(world, person, passport) -> None:
    if passport.references.exists():
        return
    reference = reference_services.reference_request(actor=person, passport=passport, **REFEREE)
    reference_services.reference_answer(token=reference.token, **REFERENCE_ANSWER)
    world.created["references"] += 1


def _hours(world, person, passport, organisation, coordinator, today) -> None:
    if passport.hours.exists():
        return
    cause = Cause.objects.filter(slug="anti-poverty").first()
    for days_ago, hours, description, confirmed in HOURS:
        entry = history_services.hours_log(
            actor=person, passport=passport, date=today - datetime.timedelta(days=days_ago), hours=hours,
            organisation=organisation, cause=cause, description=description,
        )
        if confirmed and coordinator is not None:
            history_services.hours_confirm(actor=coordinator, entry=entry)
        world.created["hours entries"] += 1


def _issue(world, person, passport, credential) -> None:
    if passport.issued.exists() or credential.status != CredentialStatus.VERIFIED:
        return
    issuing_services.issued_credential_issue(actor=person, passport=passport, credentials=[credential])
    world.created["issued credentials"] += 1


def _fill_aisha(world) -> None:
    person = world.users.get("resident")
    food_bank = world.organisations.get("food_bank")
    verifier = world.users.get("charity_admin")
    if person is None or food_bank is None:
        return
    today = timezone.localdate()
    passport = Passport.objects.get(holder=person)
    _holiday(world, person, passport, today)
    dbs = _credential(world, person, passport, CredentialKind.DBS,
                      {**DBS_DETAILS, "issued_on": today - datetime.timedelta(days=DBS_AGE_DAYS)}, today)
    _credential(world, person, passport, CredentialKind.TRAINING, {
        **TRAINING, "issued_on": today - datetime.timedelta(days=TRAINING_AGE_DAYS),
        "expires_on": today + datetime.timedelta(days=TRAINING_LIFETIME_DAYS - TRAINING_AGE_DAYS),
    }, today)
    # The food bank can only check what Aisha shares with it, so the share comes before the check.
    _share(world, person, passport, food_bank, today)
    if verifier is not None:
        dbs = _verify(world, verifier, food_bank, dbs, today)
    _reference(world, person, passport)
    _hours(world, person, passport, food_bank, verifier, today)
    _issue(world, person, passport, dbs)


def seed(world) -> None:
    services.taxonomies_load(actor=None)
    for key, skills, causes, windows, languages, transport, miles in PASSPORTS:
        person = world.users.get(key)
        if person is not None:
            _start_passport(world, person, skills, causes, windows, languages, transport, miles)
    _fill_aisha(world)
