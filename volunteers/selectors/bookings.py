"""Reads for bookings: a volunteer's shifts, a shift's roster, offers by token and calendar feed tokens."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from covenant.organisations.tokens import hash_token

from ..models import PLACE_TAKING_STATES, Booking, BookingStatus, Passport, Shift

WAITING_STATES = (BookingStatus.APPLIED, BookingStatus.WAITLISTED, BookingStatus.OFFERED)
# The states in which a volunteer is expected somewhere, so a second shift at the same time would clash.
CLASHING_STATES = (BookingStatus.APPLIED, BookingStatus.ACCEPTED, BookingStatus.OFFERED)
CALENDAR_SALT = "volunteers.bookings.calendar"


def _with_shift(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("shift__need__organisation", "shift__need__cause", "passport__holder")


def bookings_of(passport: Passport | None) -> QuerySet:
    if passport is None:
        return Booking.objects.none()
    return _with_shift(Booking.objects.filter(passport=passport)).order_by("shift__starts_at", "id")


@dataclass
class YourShifts:
    upcoming: list
    waiting: list
    past: list


def your_shifts(passport: Passport | None, *, now: datetime.datetime | None = None) -> YourShifts:
    """The volunteer's bookings split into booked and upcoming, waiting for a decision, and past."""
    now = now or timezone.now()
    upcoming, waiting, past = [], [], []
    for booking in bookings_of(passport):
        if booking.shift.ends_at <= now or booking.status in (BookingStatus.ATTENDED, BookingStatus.NO_SHOW):
            past.append(booking)
        elif booking.status == BookingStatus.ACCEPTED:
            upcoming.append(booking)
        elif booking.status in WAITING_STATES:
            waiting.append(booking)
        else:
            past.append(booking)
    past.reverse()
    return YourShifts(upcoming=upcoming, waiting=waiting, past=past)


def booking_of_holder(user, pk) -> Booking | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return _with_shift(Booking.objects.filter(passport__holder=user)).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def places_taken(shift: Shift) -> int:
    return Booking.objects.filter(shift=shift, status__in=PLACE_TAKING_STATES).count()


def clashing_bookings(passport: Passport, shift: Shift) -> QuerySet:
    """The volunteer's other live bookings whose times overlap this shift's."""
    return (
        Booking.objects.filter(passport=passport, status__in=CLASHING_STATES,
                               shift__starts_at__lt=shift.ends_at, shift__ends_at__gt=shift.starts_at)
        .exclude(shift=shift).select_related("shift__need")
    )


def active_booking(passport: Passport | None, shift: Shift) -> Booking | None:
    from ..models import ACTIVE_BOOKING_STATES

    if passport is None:
        return None
    return Booking.objects.filter(passport=passport, shift=shift, status__in=ACTIVE_BOOKING_STATES).first()


def shift_with_counts(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("need__organisation", "need__cause").annotate(
        taken=Count("bookings", filter=Q(bookings__status__in=PLACE_TAKING_STATES)))


def roster_of(shift: Shift) -> dict[str, list[Booking]]:
    """A shift's bookings grouped the way the roster page shows them."""
    groups: dict[str, list[Booking]] = {"applications": [], "waitlist": [], "booked": [], "attendance": [],
                                        "closed": []}
    for booking in _with_shift(Booking.objects.filter(shift=shift)).select_related("hours_entry").order_by("applied_at", "id"):
        if booking.status == BookingStatus.APPLIED:
            groups["applications"].append(booking)
        elif booking.status == BookingStatus.WAITLISTED:
            groups["waitlist"].append(booking)
        elif booking.status in (BookingStatus.ACCEPTED, BookingStatus.OFFERED):
            groups["booked"].append(booking)
        elif booking.status in (BookingStatus.ATTENDED, BookingStatus.NO_SHOW):
            groups["attendance"].append(booking)
        else:
            groups["closed"].append(booking)
    return groups


def roster_booking(shift: Shift, pk) -> Booking | None:
    try:
        return _with_shift(Booking.objects.filter(shift=shift)).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def booking_by_offer_token(token: str) -> Booking | None:
    if not token or len(token) > 200:
        return None
    return _with_shift(Booking.objects.filter(offer_token_hash=hash_token(token))).first()


def shift_hours(shift: Shift) -> Decimal:
    """The shift's length in hours to the quarter hour, at most a day (the most one entry of hours may hold)."""
    seconds = Decimal((shift.ends_at - shift.starts_at).total_seconds())
    quarters = (seconds / Decimal(900)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(Decimal("0.25"), min(Decimal(24), quarters / 4)).quantize(Decimal("0.01"))


def calendar_token(passport: Passport) -> str:
    """The private part of a volunteer's calendar address: their passport number and a keyed hash of it."""
    digest = salted_hmac(CALENDAR_SALT, f"passport:{passport.pk}:{passport.holder_id}", algorithm="sha256")
    return f"{passport.pk}-{digest.hexdigest()[:40]}"


def passport_by_calendar_token(token: str) -> Passport | None:
    number, _, _digest = str(token or "").partition("-")
    if not number.isdigit() or len(token) > 80:
        return None
    passport = Passport.objects.filter(pk=int(number)).select_related("holder").first()
    if passport is None or not passport.holder.is_active or not constant_time_compare(calendar_token(passport), token):
        return None
    return passport


def offers_expired(*, now: datetime.datetime) -> QuerySet:
    return Booking.objects.filter(status=BookingStatus.OFFERED, offer_expires_at__lte=now).order_by("offer_expires_at", "id")


def reminders_due(*, now: datetime.datetime) -> QuerySet:
    return Booking.objects.filter(
        status=BookingStatus.ACCEPTED, reminder_sent_at__isnull=True,
        shift__starts_at__gt=now, shift__starts_at__lte=now + datetime.timedelta(hours=24),
    ).order_by("shift__starts_at", "id")
