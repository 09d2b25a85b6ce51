"""Writes for bookings: signing up to shifts, rostering, offers from the waiting list, attendance and hours."""

import datetime
import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.core.formats import govuk_time_range
from covenant.notifications.services import notify
from covenant.organisations.models import Role
from covenant.organisations.selectors import people_with_roles
from covenant.organisations.tokens import hash_token, make_token

from ..models import PLACE_TAKING_STATES, TAKING_SIGN_UPS, Booking, BookingStatus, Passport, Shift
from ..selectors.bookings import clashing_bookings, places_taken, shift_hours
from ..selectors.eligibility import eligibility
from .history import clean_hours, hours_record_from_shift
from .needs import need_fullness_refresh

S = BookingStatus

# Every change of a booking's state goes through _move, which allows only these.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.APPLIED: frozenset({S.ACCEPTED, S.DECLINED, S.WAITLISTED, S.CANCELLED}),
    S.WAITLISTED: frozenset({S.OFFERED, S.ACCEPTED, S.DECLINED, S.CANCELLED}),
    S.OFFERED: frozenset({S.ACCEPTED, S.CANCELLED}),
    S.ACCEPTED: frozenset({S.CANCELLED, S.ATTENDED, S.NO_SHOW}),
    S.ATTENDED: frozenset({S.NO_SHOW}),
    S.NO_SHOW: frozenset({S.ATTENDED}),
    S.DECLINED: frozenset(),
    S.CANCELLED: frozenset(),
}
CHECK_IN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CHECK_IN_LENGTH = 6
# Volunteers may check in from an hour before the shift until 12 hours after it ends.
CHECK_IN_OPENS = datetime.timedelta(hours=1)
CHECK_IN_CLOSES = datetime.timedelta(hours=12)

ACCEPTED_EVENT = "volunteers.booking_accepted"
DECLINED_EVENT = "volunteers.booking_declined"
WAITLISTED_EVENT = "volunteers.booking_waitlisted"
OFFERED_EVENT = "volunteers.booking_offered"
CANCELLED_EVENT = "volunteers.booking_cancelled"
MESSAGE_EVENT = "volunteers.booking_message"
REMINDER_EVENT = "volunteers.booking_reminder"
SHIFT_REMINDER_EVENT = "volunteers.shift_reminder"


def offer_lifetime() -> datetime.timedelta:
    return datetime.timedelta(hours=getattr(settings, "VOLUNTEERS_OFFER_HOURS", 24))


def _require(actor, perm: str, obj=None) -> None:
    # Views and the API check first and answer 404; this guards every other caller (tasks, the shell).
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _locked_shift(shift: Shift) -> Shift:
    # Every change to who holds a shift's places locks the shift row first, so place counts cannot race.
    return Shift.objects.select_for_update(of=("self",)).select_related("need__organisation").get(pk=shift.pk)


def _locked(booking: Booking) -> Booking:
    """The booking, re-read after locking its shift (always shift first, then booking: one lock order)."""
    _locked_shift(booking.shift)
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("shift__need__organisation", "shift__need__cause", "passport__holder").get(pk=booking.pk)
    )


def _taken(shift: Shift) -> int:
    return Booking.objects.filter(shift=shift, status__in=PLACE_TAKING_STATES).count()


def _move(booking: Booking, to: str, *, actor, action: str, metadata: dict | None = None, **fields) -> Booking:
    was = booking.status
    if to not in TRANSITIONS[was]:
        raise ValidationError(
            _("This booking is %(state)s, so it cannot be changed that way") % {
                "state": str(BookingStatus(was).label).lower()}, code="transition")
    booking.status = to
    for name, value in fields.items():
        setattr(booking, name, value)
    booking.save(update_fields=["status", *fields])
    audit_record(actor=actor, action=action, target=booking, changes={"status": [was, to]},
                 metadata={"shift": booking.shift_id, "passport": booking.passport_id, **(metadata or {})})
    return booking


def _when(shift: Shift) -> str:
    return govuk_time_range(shift.starts_at, shift.ends_at)


def _tell(booking: Booking, event: str, *, url: str | None = None, key: str | None = None, **context) -> None:
    shift = booking.shift
    notify(
        event=event, recipient=booking.passport.holder,
        context={"need_title": shift.need.title, "organisation_name": shift.need.organisation.name,
                 "when": _when(shift), **context},
        url=url or reverse("volunteers:bookings-your-shifts"),
        key=key or f"{event}:{booking.pk}:{booking.status}",
    )


def _clean_shift_open(shift: Shift, *, now: datetime.datetime) -> None:
    if shift.need.status not in TAKING_SIGN_UPS:
        raise ValidationError(_("This opportunity is not taking sign-ups at the moment"), code="closed")
    if shift.starts_at <= now:
        raise ValidationError(_("This shift has already started. Choose a later shift"), code="started")


@transaction.atomic
def booking_apply(*, actor, shift: Shift, offered: bool = False) -> Booking:
    """The volunteer signs up to a shift: checked for eligibility and clashes now, on the server.

    The shift row is locked while its places are counted, so concurrent sign-ups never overfill it. `offered`:
    the volunteer is taking a place matching offered them, which books straight away while a place is free (as
    on a need that accepts eligible volunteers automatically), else puts them on the waiting list.
    """
    _require(actor, "volunteers.apply_shift", shift)
    passport = Passport.objects.select_for_update().filter(holder=actor).first()
    if passport is None:
        raise ValidationError(_("Start your Volunteer Passport before you sign up to a shift"), code="no_passport")
    shift = _locked_shift(shift)
    now = timezone.now()
    _clean_shift_open(shift, now=now)
    from ..models import ACTIVE_BOOKING_STATES

    if Booking.objects.filter(shift=shift, passport=passport, status__in=ACTIVE_BOOKING_STATES).exists():
        raise ValidationError(_("You have already signed up to this shift. See your shifts"), code="duplicate")
    result = eligibility(passport, shift.need, on=timezone.localtime(shift.starts_at).date())
    if not result.eligible:
        raise ValidationError([_("You cannot sign up to this shift yet. You need:")] + list(result.missing),
                              code="ineligible")
    clash = clashing_bookings(passport, shift).first()
    if clash is not None:
        raise ValidationError(
            _("You are already signed up to %(title)s at the same time, on %(when)s. Cancel that shift first, "
              "or choose another") % {"title": clash.shift.need.title, "when": _when(clash.shift)}, code="overlap")
    status = S.APPLIED
    if shift.need.auto_accept or offered:
        status = S.ACCEPTED if _taken(shift) < shift.places else S.WAITLISTED
    booking = Booking.objects.create(
        shift=shift, passport=passport, status=status, applied_at=now,
        decided_at=now if status != S.APPLIED else None,
    )
    audit_record(actor=actor, action="volunteers.booking_applied", target=booking,
                 metadata={"shift": shift.pk, "passport": passport.pk, "status": status})
    if status == S.ACCEPTED:
        _tell(booking, ACCEPTED_EVENT)
        need_fullness_refresh(actor=actor, need_id=shift.need_id)
    elif status == S.WAITLISTED:
        _tell(booking, WAITLISTED_EVENT)
    return booking


@transaction.atomic
def booking_accept(*, actor, booking: Booking) -> Booking:
    """The organisation gives an applicant or someone on the waiting list a place."""
    _require(actor, "volunteers.manage_roster", booking)
    booking = _locked(booking)
    if booking.status in (S.APPLIED, S.WAITLISTED) and _taken(booking.shift) >= booking.shift.places:
        raise ValidationError(_("The shift is full. Put them on the waiting list, or add places to the shift"),
                              code="full")
    _move(booking, S.ACCEPTED, actor=actor, action="volunteers.booking_accepted",
          decided_at=timezone.now(), decided_by=actor)
    _tell(booking, ACCEPTED_EVENT)
    need_fullness_refresh(actor=actor, need_id=booking.shift.need_id)
    return booking


@transaction.atomic
def booking_decline(*, actor, booking: Booking) -> Booking:
    _require(actor, "volunteers.manage_roster", booking)
    booking = _locked(booking)
    _move(booking, S.DECLINED, actor=actor, action="volunteers.booking_declined",
          decided_at=timezone.now(), decided_by=actor)
    _tell(booking, DECLINED_EVENT)
    need_fullness_refresh(actor=actor, need_id=booking.shift.need_id)
    return booking


@transaction.atomic
def booking_waitlist(*, actor, booking: Booking) -> Booking:
    _require(actor, "volunteers.manage_roster", booking)
    booking = _locked(booking)
    _move(booking, S.WAITLISTED, actor=actor, action="volunteers.booking_waitlisted",
          decided_at=timezone.now(), decided_by=actor)
    _tell(booking, WAITLISTED_EVENT)
    # An applicant put on the list while places are free is offered one at once.
    _offer_free_places(booking.shift, actor=actor)
    need_fullness_refresh(actor=actor, need_id=booking.shift.need_id)
    return booking


def _offer_free_places(shift: Shift, *, actor, now: datetime.datetime | None = None) -> list[Booking]:
    """Offer each free place to the next person on the waiting list (the caller holds the shift's lock)."""
    now = now or timezone.now()
    if shift.starts_at <= now:
        return []
    free = shift.places - _taken(shift)
    offered = []
    waiting = (Booking.objects.select_for_update(of=("self",)).filter(shift=shift, status=S.WAITLISTED)
               .select_related("shift__need__organisation", "passport__holder").order_by("applied_at", "id"))
    for booking in waiting[:max(free, 0)]:
        token = make_token()
        expires = min(now + offer_lifetime(), shift.starts_at)
        _move(booking, S.OFFERED, actor=actor, action="volunteers.booking_offered",
              metadata={"expires_at": expires.isoformat()}, offer_expires_at=expires,
              offer_token_hash=hash_token(token))
        _tell(booking, OFFERED_EVENT, url=reverse("volunteers:bookings-offer", args=[token]),
              key=f"{OFFERED_EVENT}:{booking.pk}:{expires.isoformat()}",
              expires=f"{date_format(timezone.localtime(expires), 'j F Y')} "
                      f"{date_format(timezone.localtime(expires), 'g:i a')}")
        offered.append(booking)
    return offered


@transaction.atomic
def booking_cancel(*, actor, booking: Booking) -> Booking:
    """The volunteer (or the organisation) cancels a booking; a freed place goes to the waiting list."""
    _require(actor, "volunteers.cancel_booking", booking)
    booking = _locked(booking)
    if booking.shift.starts_at <= timezone.now() and booking.status != S.WAITLISTED:
        raise ValidationError(_("This shift has already started, so the booking cannot be cancelled"),
                              code="started")
    by_volunteer = booking.passport.holder_id == actor.pk
    _move(booking, S.CANCELLED, actor=actor, action="volunteers.booking_cancelled",
          metadata={"by": "volunteer" if by_volunteer else "organisation"},
          cancelled_at=timezone.now(), offer_token_hash="")
    if not by_volunteer:
        _tell(booking, CANCELLED_EVENT)
    _offer_free_places(booking.shift, actor=actor)
    need_fullness_refresh(actor=actor, need_id=booking.shift.need_id)
    return booking


@transaction.atomic
def booking_offer_confirm(*, actor, booking: Booking) -> Booking:
    """The volunteer takes the place they were offered, before the offer runs out; the link works once."""
    _require(actor, "volunteers.view_booking", booking)
    booking = _locked(booking)
    if booking.status != S.OFFERED:
        raise ValidationError(_("This offer has already been answered or has passed to someone else"),
                              code="not_offered")
    if booking.offer_expires_at is None or booking.offer_expires_at <= timezone.now():
        raise ValidationError(_("The time to confirm this place has run out. It has been offered to the next "
                                "person on the waiting list"), code="expired")
    _move(booking, S.ACCEPTED, actor=actor, action="volunteers.booking_offer_confirmed",
          decided_at=timezone.now(), offer_token_hash="")
    return booking


@transaction.atomic
def booking_offer_expire(*, booking_id: int, now: datetime.datetime | None = None) -> Booking | None:
    """Pass an offer that ran out to the next person on the waiting list. Does nothing if already done."""
    now = now or timezone.now()
    booking = Booking.objects.filter(pk=booking_id).select_related("shift").first()
    if booking is None:
        return None
    booking = _locked(booking)
    if booking.status != S.OFFERED or booking.offer_expires_at is None or booking.offer_expires_at > now:
        return None
    _move(booking, S.CANCELLED, actor=None, action="volunteers.booking_offer_expired",
          cancelled_at=now, offer_token_hash="")
    _offer_free_places(booking.shift, actor=None, now=now)
    need_fullness_refresh(actor=None, need_id=booking.shift.need_id)
    return booking


def bookings_expire_offers(*, now: datetime.datetime | None = None) -> int:
    """Every offer past its time limit passes on; each in its own transaction. Safe to run twice."""
    from ..selectors.bookings import offers_expired

    now = now or timezone.now()
    return sum(booking_offer_expire(booking_id=pk, now=now) is not None
               for pk in list(offers_expired(now=now).values_list("pk", flat=True)))


@transaction.atomic
def booking_remind(*, booking_id: int, now: datetime.datetime | None = None) -> bool:
    """Remind a booked volunteer of a shift in the next 24 hours, once."""
    now = now or timezone.now()
    booking = (Booking.objects.select_for_update(of=("self",))
               .select_related("shift__need__organisation", "passport__holder").filter(pk=booking_id).first())
    if (booking is None or booking.status != S.ACCEPTED or booking.reminder_sent_at is not None
            or not now < booking.shift.starts_at <= now + datetime.timedelta(hours=24)):
        return False
    booking.reminder_sent_at = now
    booking.save(update_fields=["reminder_sent_at"])
    need = booking.shift.need
    _tell(booking, REMINDER_EVENT, key=f"{REMINDER_EVENT}:{booking.pk}",
          where=need.address or need.postcode or _("Remote"), contact=need.contact_name)
    _remind_organisation(booking.shift)
    return True


def _remind_organisation(shift: Shift) -> None:
    """The organisation's coordinators hear once a shift that the day has come; notify's key keeps it to once."""
    people = people_with_roles(shift.need.organisation, (Role.ADMIN, Role.COORDINATOR))
    context = {"need_title": shift.need.title, "organisation_name": shift.need.organisation.name,
               "when": _when(shift), "booked": places_taken(shift)}
    url = reverse("volunteers:bookings-roster", args=[shift.need.organisation_id, shift.pk])
    for person in people:
        notify(event=SHIFT_REMINDER_EVENT, recipient=person, context=context, url=url,
               key=f"{SHIFT_REMINDER_EVENT}:{shift.pk}")


def bookings_send_reminders(*, now: datetime.datetime | None = None) -> int:
    from ..selectors.bookings import reminders_due

    now = now or timezone.now()
    return sum(booking_remind(booking_id=pk, now=now) for pk in list(reminders_due(now=now).values_list("pk", flat=True)))


@transaction.atomic
def shift_message(*, actor, shift: Shift, subject: str, message: str) -> int:
    """The organisation messages everyone with a place on the shift. Returns how many people were told."""
    _require(actor, "volunteers.manage_roster", shift)
    subject = " ".join(str(subject or "").split())
    message = str(message or "").strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Enter a subject")
    elif len(subject) > 150:
        errors["subject"] = _("Subject must be 150 characters or fewer")
    if not message:
        errors["message"] = _("Enter your message")
    elif len(message) > 2000:
        errors["message"] = _("Message must be 2,000 characters or fewer")
    if errors:
        raise ValidationError(errors)
    recipients = list(Booking.objects.filter(shift=shift, status__in=(S.ACCEPTED, S.OFFERED))
                      .select_related("shift__need__organisation", "passport__holder"))
    sent = uuid.uuid4().hex
    for booking in recipients:
        _tell(booking, MESSAGE_EVENT, key=f"{MESSAGE_EVENT}:{sent}:{booking.pk}", subject=subject, message=message)
    audit_record(actor=actor, action="volunteers.shift_messaged", target=shift,
                 metadata={"recipients": len(recipients), "subject": subject})
    return len(recipients)


@transaction.atomic
def shift_check_in_code(*, actor, shift: Shift) -> str:
    """The code shown at the venue, made the first time the organisation needs it."""
    _require(actor, "volunteers.manage_roster", shift)
    shift = _locked_shift(shift)
    if not shift.check_in_code:
        shift.check_in_code = "".join(secrets.choice(CHECK_IN_ALPHABET) for _ in range(CHECK_IN_LENGTH))
        shift.save(update_fields=["check_in_code"])
        audit_record(actor=actor, action="volunteers.shift_check_in_code_made", target=shift)
    return shift.check_in_code


@transaction.atomic
def booking_check_in(*, actor, booking: Booking, code: str) -> Booking:
    """The volunteer enters the code shown at the venue and is marked as attended."""
    _require(actor, "volunteers.view_booking", booking)
    booking = _locked(booking)
    shift = booking.shift
    now = timezone.now()
    if booking.status != S.ACCEPTED:
        raise ValidationError(_("You can only check in to a shift you are booked on"), code="not_booked")
    if now < shift.starts_at - CHECK_IN_OPENS:
        raise ValidationError(_("Check-in opens an hour before the shift starts"), code="too_early")
    if now > shift.ends_at + CHECK_IN_CLOSES:
        raise ValidationError(_("Check-in for this shift has closed. Ask the organisation to mark you as attended"),
                              code="too_late")
    typed = "".join(str(code or "").split()).upper()
    if not typed:
        raise ValidationError({"code": _("Enter the check-in code shown at the venue")})
    if not shift.check_in_code or not constant_time_compare(typed, shift.check_in_code):
        raise ValidationError({"code": _("The check-in code is not right. Check the code shown at the venue and "
                                         "try again")})
    return _move(booking, S.ATTENDED, actor=actor, action="volunteers.booking_checked_in",
                 attended_at=now, proposed_hours=shift_hours(shift))


@transaction.atomic
def booking_mark_attendance(*, actor, booking: Booking, attended: bool) -> Booking:
    """The organisation records whether a booked volunteer came; attending proposes the shift's length in hours."""
    _require(actor, "volunteers.manage_roster", booking)
    booking = _locked(booking)
    if booking.shift.starts_at > timezone.now():
        raise ValidationError(_("You can record attendance once the shift has started"), code="not_started")
    if booking.hours_entry_id is not None:
        raise ValidationError(_("Hours for this booking are already confirmed, so attendance cannot change"),
                              code="hours_confirmed")
    if attended:
        return _move(booking, S.ATTENDED, actor=actor, action="volunteers.booking_attended",
                     attended_at=timezone.now(), proposed_hours=shift_hours(booking.shift))
    return _move(booking, S.NO_SHOW, actor=actor, action="volunteers.booking_no_show",
                 attended_at=None, proposed_hours=None)


@transaction.atomic
def booking_confirm_hours(*, actor, booking: Booking, hours=None) -> Booking:
    """The organisation confirms (or corrects) an attended booking's hours; they join the volunteer's history."""
    _require(actor, "volunteers.manage_roster", booking)
    booking = _locked(booking)
    if booking.status != S.ATTENDED:
        raise ValidationError(_("Only hours for a volunteer who attended can be confirmed"), code="not_attended")
    if booking.hours_entry_id is not None:
        raise ValidationError(_("These hours have already been confirmed"), code="decided")
    proposed = booking.proposed_hours or shift_hours(booking.shift)
    hours = clean_hours(proposed if hours in (None, "") else hours)
    shift = booking.shift
    entry = hours_record_from_shift(
        passport=booking.passport, organisation=shift.need.organisation, cause=shift.need.cause,
        date=min(timezone.localtime(shift.starts_at).date(), timezone.localdate()), hours=hours, actor=actor,
    )
    booking.hours_entry = entry
    booking.save(update_fields=["hours_entry"])
    changes = {"hours": [str(proposed), str(hours)]} if Decimal(proposed) != hours else None
    audit_record(actor=actor, action="volunteers.booking_hours_confirmed", target=booking, changes=changes,
                 metadata={"hours_entry": entry.pk, "hours": str(hours)})
    return booking
