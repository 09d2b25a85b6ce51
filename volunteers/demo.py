"""Demo data for the Volunteer Passport: the taxonomies, a started passport for Tom, and a fuller one for Aisha.

Aisha's passport shows the whole journey: an enhanced DBS check verified by Blackpool Food Bank's verifier, a
self-declared training course, an answered reference, hours (confirmed and waiting), a share with the food bank
and one issued verifiable credential. Everything goes through the services so the audit log tells the story;
each part is looked for first, so running the seed again creates nothing.

Volunteer needs: the food bank posts three near its postcode (one needs the enhanced DBS check Aisha holds) and
the Truro garden one outdoor need, each with weekly shifts from the next week on. Aisha is booked on the next
delivery round and attended last Saturday's café, with her hours confirmed into her passport.
"""

import datetime

from django.utils import timezone

from volunteers.models import (
    ActivityType,
    Booking,
    BookingStatus,
    Cause,
    CredentialKind,
    CredentialStatus,
    LocationKind,
    Need,
    NeedStatus,
    Passport,
    Recommendation,
    Section,
    Shift,
    Skill,
    SkillLevel,
    Weekday,
)
from volunteers.selectors.sharing import active_shares
from volunteers.services import bookings as booking_services
from volunteers.services import credentials as credential_services
from volunteers.services import history as history_services
from volunteers.services import issuing as issuing_services
from volunteers.services import needs as need_services
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

FOOD_BANK_CONTACT = {"contact_name": "Priya Shah", "contact_email": "hello@blackpoolfoodbank.example.org",
                     "contact_phone": "01253 960 014"}
# Needs the demo organisations post: key, organisation, who posts it, the details need_create takes, the checks
# volunteers must hold, skill slugs, cause slug and a weekly shift (weekday, start, end, places, weeks).
NEEDS = [
    ("deliveries", "food_bank", "charity_admin", {
        "title": "Deliver food parcels to people who cannot get to us",
        "description": "Drive emergency food parcels from the food bank to older and disabled people at home in "
                       "Blackpool, and stay for a short chat if they would like one. You will visit people who "
                       "may be vulnerable, so this role needs an enhanced DBS check with the adults' barred list.",
        "activity_type": ActivityType.DRIVING, "location_kind": LocationKind.ADDRESS,
        "address": "Blackpool Food Bank, 14 Cookson Street, Blackpool", "postcode": "FY1 1AB",
        "accessibility": "You load parcels from a ground-floor loading bay; we help with heavy boxes.",
        "expenses_policy": "We pay 45p a mile for deliveries in your own car.", "expenses_reimbursed": True,
        **FOOD_BANK_CONTACT,
     }, [{"kind": CredentialKind.DBS, "dbs_level": "enhanced_barred", "dbs_barred_lists": "adults",
          "dbs_workforce": "adult"}], ["driving-b"], "anti-poverty", (Weekday.TUESDAY, "18:00", "20:30", 3, 6)),
    ("cafe", "food_bank", "charity_admin", {
        "title": "Cook and serve at the Saturday community café",
        "description": "Help our cook prepare a hot two-course lunch for up to 40 people, serve it and sit down "
                       "with guests. Everyone is welcome and nobody pays.",
        "activity_type": ActivityType.PRACTICAL, "location_kind": LocationKind.ADDRESS,
        "address": "St John's Church Hall, Church Street, Blackpool", "postcode": "FY1 2AB",
        "accessibility": "Step-free entrance and an accessible toilet. The kitchen has a low worktop.",
        "expenses_policy": "Lunch is on us, and we refund bus fares.", "expenses_reimbursed": True,
        "training_provided": True, **FOOD_BANK_CONTACT,
     }, [], ["trade-cook"], "community", (Weekday.SATURDAY, "10:00", "13:00", 4, 6)),
    ("warehouse", "food_bank", "charity_admin", {
        "title": "Sort donations at the warehouse",
        "description": "Check dates on donated food, sort it onto shelves and pack parcels for the week ahead. "
                       "No experience needed: we show you everything on your first morning.",
        "activity_type": ActivityType.PRACTICAL, "location_kind": LocationKind.ADDRESS,
        "address": "Unit 3, Bloomfield Road Trading Estate, Blackpool", "postcode": "FY1 1DF",
        "minimum_age": 16, "accessibility": "The warehouse is on one level; some lifting of boxes up to 10 kg.",
        "expenses_policy": "We refund bus fares and free parking is on site.", "expenses_reimbursed": True,
        "training_provided": True, **FOOD_BANK_CONTACT,
     }, [], [], "anti-poverty", (Weekday.THURSDAY, "09:30", "12:30", 6, 6)),
    ("growing", "garden", "coordinator", {
        "title": "Plant and weed the growing beds",
        "description": "Join the Wednesday crew on the old allotment site: planting, weeding, watering and "
                       "picking vegetables that go to the community fridge. Wear clothes that can get muddy; "
                       "we have gloves and tools.",
        "activity_type": ActivityType.OUTDOOR, "location_kind": LocationKind.POSTCODE, "postcode": "TR1 1DF",
        "accessibility": "Paths between the raised beds are wide and firm enough for a wheelchair.",
        "expenses_policy": "Tea, cake and a share of the harvest.", "contact_name": "Gareth Evans",
        "contact_email": "garden@truro.example.org",
     }, [], [], "environment", (Weekday.WEDNESDAY, "10:00", "14:00", 8, 6)),
]
# Aisha is booked on the next delivery round, and attended last Saturday's café.
BOOKED_NEED = "deliveries"
ATTENDED_NEED = "cafe"
# The services only add shifts still to come and take sign-ups before a shift starts, so the attended shift is
# first put 52 weeks ahead (the same weekday), booked, then moved back to the day it happened.
BOOK_AHEAD = datetime.timedelta(weeks=52)


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


def _at(day: datetime.date, value: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, _time(value)))


def _post_need(world, organisation, poster, details, checks, skills, cause, weekly, today) -> Need:
    """The need, posted and published once, with a run of weekly shifts whenever it has none still to come."""
    need = Need.objects.filter(organisation=organisation, title=details["title"]).first()
    if need is None:
        need = need_services.need_create(
            actor=poster, organisation=organisation, cause=Cause.objects.filter(slug=cause).first(),
            skills=Skill.objects.filter(slug__in=skills), checks=checks, **details,
        )
        world.created["volunteer needs"] += 1
    if need.status == NeedStatus.CLOSED:
        return need
    if not need.shifts.filter(starts_at__gt=timezone.now()).exists():
        weekday, start, end, places, weeks = weekly
        # The first such weekday after today, so every shift is still to come whatever the time of day.
        day = today + datetime.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
        need_services.shifts_add_recurring(actor=poster, need=need, starts_at=_at(day, start),
                                           ends_at=_at(day, end), places=places, weeks=weeks)
        world.created["shifts"] += weeks
    if need.status == NeedStatus.DRAFT:
        need = need_services.need_publish(actor=poster, need=need)
        world.created["needs published"] += 1
    return need


def _sign_up(person, shift, coordinator) -> Booking:
    booking = booking_services.booking_apply(actor=person, shift=shift)
    if booking.status == BookingStatus.APPLIED:
        booking = booking_services.booking_accept(actor=coordinator, booking=booking)
    return booking


def _book_next_shift(world, person, passport, need, coordinator) -> None:
    now = timezone.now()
    waiting = (BookingStatus.APPLIED, BookingStatus.ACCEPTED, BookingStatus.WAITLISTED, BookingStatus.OFFERED)
    if passport.bookings.filter(shift__need=need, shift__starts_at__gt=now, status__in=waiting).exists():
        return
    shift = need.shifts.filter(starts_at__gt=now).order_by("starts_at").first()
    if shift is None or need.status != NeedStatus.PUBLISHED:
        return
    _sign_up(person, shift, coordinator)
    world.created["bookings"] += 1


def _attended_shift(world, person, passport, need, coordinator, weekly, today) -> None:
    if passport.bookings.filter(shift__need=need, status=BookingStatus.ATTENDED).exists():
        return
    if need.status != NeedStatus.PUBLISHED:
        return
    weekday, start, end, places, _weeks = weekly
    # The last such weekday before today.
    day = today - datetime.timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    starts_at, ends_at = _at(day, start), _at(day, end)
    shift = need_services.shift_add(actor=coordinator, need=need, starts_at=starts_at + BOOK_AHEAD,
                                    ends_at=ends_at + BOOK_AHEAD, places=places)
    booking = _sign_up(person, shift, coordinator)
    Shift.objects.filter(pk=shift.pk).update(starts_at=starts_at, ends_at=ends_at)
    booking = booking_services.booking_mark_attendance(actor=coordinator, booking=booking, attended=True)
    booking_services.booking_confirm_hours(actor=coordinator, booking=booking)
    world.created["attended shifts"] += 1


def _post_needs(world) -> None:
    today = timezone.localdate()
    needs, weekly_of = {}, {}
    for key, organisation_key, poster_key, details, checks, skills, cause, weekly in NEEDS:
        organisation = world.organisations.get(organisation_key)
        poster = world.users.get(poster_key)
        if organisation is None or poster is None:
            continue
        needs[key] = (_post_need(world, organisation, poster, details, checks, skills, cause, weekly, today), poster)
        weekly_of[key] = weekly
    person = world.users.get("resident")
    passport = Passport.objects.filter(holder=person).first() if person is not None else None
    if passport is None:
        return
    if BOOKED_NEED in needs:
        need, coordinator = needs[BOOKED_NEED]
        _book_next_shift(world, person, passport, need, coordinator)
    if ATTENDED_NEED in needs:
        need, coordinator = needs[ATTENDED_NEED]
        _attended_shift(world, person, passport, need, coordinator, weekly_of[ATTENDED_NEED], today)


def seed(world) -> None:
    services.taxonomies_load(actor=None)
    for key, skills, causes, windows, languages, transport, miles in PASSPORTS:
        person = world.users.get(key)
        if person is not None:
            _start_passport(world, person, skills, causes, windows, languages, transport, miles)
    _fill_aisha(world)
    _post_needs(world)
