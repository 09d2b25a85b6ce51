"""Booking services: eligibility and clashes at sign-up, places, the waiting list and its offers, reminders."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Channel, Delivery
from covenant.organisations.tokens import hash_token
from tests.accounts.factories import UserFactory
from tests.volunteers.factories import (
    CredentialFactory,
    NeedFactory,
    PassportFactory,
    ShiftFactory,
    SkillFactory,
)
from volunteers.models import (
    Booking,
    BookingStatus,
    HoursSource,
    HoursStatus,
    NeedCheck,
    NeedStatus,
)
from volunteers.selectors.bookings import booking_by_offer_token
from volunteers.services import bookings as services
from volunteers.services.bookings import TRANSITIONS

from .factories import BookingFactory, coordinator_of

pytestmark = pytest.mark.django_db
S = BookingStatus


def messages_to(user, event):
    return Delivery.objects.filter(recipient=user, event=event, channel=Channel.EMAIL)


def test_applying_waits_for_the_organisation(volunteer, passport, shift):
    booking = services.booking_apply(actor=volunteer, shift=shift)
    assert booking.status == S.APPLIED and booking.passport == passport
    assert AuditEntry.objects.filter(action="volunteers.booking_applied").count() == 1


def test_applying_needs_a_passport(volunteer, shift):
    with pytest.raises(ValidationError, match="Start your Volunteer Passport"):
        services.booking_apply(actor=volunteer, shift=shift)
    assert not Booking.objects.exists()


def test_ineligible_volunteers_are_told_what_is_missing_and_nothing_is_saved(volunteer, passport):
    need = NeedFactory(minimum_age=18)
    need.skills.add(SkillFactory(name="First aid"))
    NeedCheck.objects.create(need=need, kind="dbs", dbs_level="enhanced_barred", dbs_barred_lists="adults")
    shift = ShiftFactory(need=need)
    with pytest.raises(ValidationError) as error:
        services.booking_apply(actor=volunteer, shift=shift)
    text = " ".join(error.value.messages)
    assert "enhanced DBS check" in text and "First aid" in text and "date of birth" in text
    assert not Booking.objects.exists()


def test_a_verified_dbs_check_makes_the_volunteer_eligible(volunteer, passport):
    need = NeedFactory()
    NeedCheck.objects.create(need=need, kind="dbs", dbs_level="enhanced_barred", dbs_barred_lists="adults")
    CredentialFactory(passport=passport, dbs=True, verified=True)
    assert services.booking_apply(actor=volunteer, shift=ShiftFactory(need=need)).status == S.APPLIED


def test_overlapping_shifts_are_refused(volunteer, passport, shift):
    services.booking_apply(actor=volunteer, shift=shift)
    clash = ShiftFactory(starts_at=shift.starts_at + datetime.timedelta(hours=2),
                         ends_at=shift.ends_at + datetime.timedelta(hours=2))
    with pytest.raises(ValidationError, match="already signed up to .* at the same time"):
        services.booking_apply(actor=volunteer, shift=clash)
    back_to_back = ShiftFactory(starts_at=shift.ends_at, ends_at=shift.ends_at + datetime.timedelta(hours=1))
    assert services.booking_apply(actor=volunteer, shift=back_to_back).status == S.APPLIED


def test_a_cancelled_booking_no_longer_clashes(volunteer, passport, shift):
    booking = services.booking_apply(actor=volunteer, shift=shift)
    services.booking_cancel(actor=volunteer, booking=booking)
    same_time = ShiftFactory(starts_at=shift.starts_at, ends_at=shift.ends_at)
    assert services.booking_apply(actor=volunteer, shift=same_time).status == S.APPLIED


def test_signing_up_twice_is_refused(volunteer, passport, shift):
    services.booking_apply(actor=volunteer, shift=shift)
    with pytest.raises(ValidationError, match="already signed up to this shift"):
        services.booking_apply(actor=volunteer, shift=shift)


@pytest.mark.parametrize("status", [NeedStatus.DRAFT, NeedStatus.CLOSED, NeedStatus.PAUSED])
def test_only_published_needs_take_sign_ups(volunteer, passport, status):
    shift = ShiftFactory(need=NeedFactory(status=status))
    with pytest.raises(PermissionDenied):
        services.booking_apply(actor=volunteer, shift=shift)


def test_started_shifts_take_no_sign_ups(volunteer, passport):
    shift = ShiftFactory(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    with pytest.raises(ValidationError, match="already started"):
        services.booking_apply(actor=volunteer, shift=shift)


def test_unconfirmed_email_may_not_sign_up(shift):
    person = UserFactory(verified=False)
    PassportFactory(holder=person)
    with pytest.raises(PermissionDenied):
        services.booking_apply(actor=person, shift=shift)


def test_auto_accept_books_until_full_then_wait_lists():
    shift = ShiftFactory(need=NeedFactory(auto_accept=True), places=2)
    statuses = [services.booking_apply(actor=PassportFactory().holder, shift=shift).status for _ in range(3)]
    assert statuses == [S.ACCEPTED, S.ACCEPTED, S.WAITLISTED]
    assert messages_to(Booking.objects.get(status=S.WAITLISTED).passport.holder,
                       "volunteers.booking_waitlisted").count() == 1


def test_a_need_is_full_when_its_last_place_is_taken_and_published_when_one_frees():
    need = NeedFactory(auto_accept=True)
    first, second = ShiftFactory(need=need, places=1), ShiftFactory(need=need, places=1, starts_at=timezone.now()
                                                                      + datetime.timedelta(days=9))
    services.booking_apply(actor=PassportFactory().holder, shift=first)
    need.refresh_from_db()
    assert need.status == NeedStatus.PUBLISHED
    taken = services.booking_apply(actor=PassportFactory().holder, shift=second)
    need.refresh_from_db()
    assert need.status == NeedStatus.FULL
    assert AuditEntry.objects.filter(action="volunteers.need_full", target_id=str(need.pk)).count() == 1
    # Full needs still take sign-ups, onto the waiting list, but search no longer lists them.
    waiting = services.booking_apply(actor=PassportFactory().holder, shift=second)
    assert waiting.status == S.WAITLISTED
    services.booking_cancel(actor=taken.passport.holder, booking=taken)
    need.refresh_from_db()
    # The freed place went straight to the waiting list as an offer, which holds it: still full.
    assert need.status == NeedStatus.FULL
    services.booking_cancel(actor=waiting.passport.holder, booking=Booking.objects.get(pk=waiting.pk))
    need.refresh_from_db()
    assert need.status == NeedStatus.PUBLISHED
    assert AuditEntry.objects.filter(action="volunteers.need_places_free", target_id=str(need.pk)).count() == 1


def test_adding_places_or_shifts_reopens_a_full_need(coordinator, shift):
    from volunteers.services.needs import shift_add, shift_update

    need = shift.need
    for _ in range(2):
        services.booking_accept(actor=coordinator, booking=BookingFactory(shift=shift))
    need.refresh_from_db()
    assert need.status == NeedStatus.FULL
    shift_update(actor=coordinator, shift=shift, places=3)
    need.refresh_from_db()
    assert need.status == NeedStatus.PUBLISHED
    services.booking_accept(actor=coordinator, booking=BookingFactory(shift=shift))
    need.refresh_from_db()
    assert need.status == NeedStatus.FULL
    later = timezone.now() + datetime.timedelta(days=20)
    shift_add(actor=coordinator, need=need, starts_at=later, ends_at=later + datetime.timedelta(hours=2), places=1)
    need.refresh_from_db()
    assert need.status == NeedStatus.PUBLISHED


def test_paused_needs_are_not_made_full(coordinator, shift):
    booking = services.booking_accept(actor=coordinator, booking=BookingFactory(shift=shift))
    shift.need.status = NeedStatus.PAUSED
    shift.need.save()
    services.booking_accept(actor=coordinator, booking=BookingFactory(shift=shift))
    services.booking_cancel(actor=coordinator, booking=booking)
    shift.need.refresh_from_db()
    assert shift.need.status == NeedStatus.PAUSED


def test_the_organisation_accepts_declines_and_wait_lists(shift, coordinator):
    first, second, third = (BookingFactory(shift=shift) for _ in range(3))
    services.booking_accept(actor=coordinator, booking=first)
    services.booking_decline(actor=coordinator, booking=second)
    services.booking_waitlist(actor=coordinator, booking=third)
    # A place was free, so the wait-listed applicant is offered it at once.
    assert [b.status for b in Booking.objects.order_by("id")] == [S.ACCEPTED, S.DECLINED, S.OFFERED]
    assert messages_to(first.passport.holder, "volunteers.booking_accepted").count() == 1
    assert messages_to(second.passport.holder, "volunteers.booking_declined").count() == 1


def test_accepting_beyond_the_places_is_refused(coordinator, shift):
    for _ in range(2):
        BookingFactory(shift=shift, status=S.ACCEPTED)
    waiting = BookingFactory(shift=shift)
    with pytest.raises(ValidationError, match="The shift is full"):
        services.booking_accept(actor=coordinator, booking=waiting)


def test_people_outside_the_organisation_cannot_run_the_roster(shift):
    booking = BookingFactory(shift=shift)
    outsider = coordinator_of(NeedFactory().organisation)
    with pytest.raises(PermissionDenied):
        services.booking_accept(actor=outsider, booking=booking)
    with pytest.raises(PermissionDenied):
        services.booking_accept(actor=booking.passport.holder, booking=booking)


def test_transitions_not_in_the_table_are_refused(coordinator, shift):
    booking = BookingFactory(shift=shift, status=S.DECLINED)
    with pytest.raises(ValidationError, match="cannot be changed that way"):
        services.booking_accept(actor=coordinator, booking=booking)
    assert TRANSITIONS[S.CANCELLED] == frozenset() and S.ACCEPTED not in TRANSITIONS[S.ATTENDED]


def _full_shift_with_waiting_list(coordinator, shift):
    booked = [BookingFactory(shift=shift, status=S.ACCEPTED) for _ in range(2)]
    waiting = [BookingFactory(shift=shift, status=S.WAITLISTED) for _ in range(2)]
    return booked, waiting


def test_a_freed_place_is_offered_to_the_first_on_the_waiting_list(coordinator, shift, settings):
    settings.VOLUNTEERS_OFFER_HOURS = 12
    booked, waiting = _full_shift_with_waiting_list(coordinator, shift)
    services.booking_cancel(actor=booked[0].passport.holder, booking=booked[0])
    first = Booking.objects.get(pk=waiting[0].pk)
    assert first.status == S.OFFERED and first.offer_token_hash
    assert abs((first.offer_expires_at - timezone.now()) - datetime.timedelta(hours=12)) < datetime.timedelta(minutes=1)
    assert Booking.objects.get(pk=waiting[1].pk).status == S.WAITLISTED
    note = messages_to(first.passport.holder, "volunteers.booking_offered").get()
    token = note.url.rstrip("/").rsplit("/", 1)[-1]
    assert hash_token(token) == first.offer_token_hash and booking_by_offer_token(token) == first


def test_confirming_an_offer_books_and_the_link_works_once(coordinator, shift):
    booked, waiting = _full_shift_with_waiting_list(coordinator, shift)
    services.booking_cancel(actor=coordinator, booking=booked[0])
    offer = Booking.objects.get(pk=waiting[0].pk)
    note = messages_to(offer.passport.holder, "volunteers.booking_offered").get()
    token = note.url.rstrip("/").rsplit("/", 1)[-1]
    services.booking_offer_confirm(actor=offer.passport.holder, booking=offer)
    offer.refresh_from_db()
    assert offer.status == S.ACCEPTED and offer.offer_token_hash == ""
    assert booking_by_offer_token(token) is None
    with pytest.raises(ValidationError, match="already been answered"):
        services.booking_offer_confirm(actor=offer.passport.holder, booking=offer)


def test_an_expired_offer_passes_to_the_next_once(coordinator, shift):
    booked, waiting = _full_shift_with_waiting_list(coordinator, shift)
    services.booking_cancel(actor=booked[0].passport.holder, booking=booked[0])
    later = timezone.now() + datetime.timedelta(hours=25)
    with time_machine.travel(later):
        with pytest.raises(ValidationError, match="run out"):
            services.booking_offer_confirm(actor=waiting[0].passport.holder,
                                           booking=Booking.objects.get(pk=waiting[0].pk))
    assert services.bookings_expire_offers(now=later) == 1
    assert services.bookings_expire_offers(now=later) == 0
    assert Booking.objects.get(pk=waiting[0].pk).status == S.CANCELLED
    assert Booking.objects.get(pk=waiting[1].pk).status == S.OFFERED
    assert Booking.objects.filter(shift=shift, status__in=("accepted", "offered")).count() == 2


def test_offers_not_yet_expired_stay(coordinator, shift):
    booked, waiting = _full_shift_with_waiting_list(coordinator, shift)
    services.booking_cancel(actor=booked[0].passport.holder, booking=booked[0])
    assert services.bookings_expire_offers(now=timezone.now() + datetime.timedelta(hours=23)) == 0


def test_the_periodic_tasks_pass_offers_on_and_remind(coordinator):
    from volunteers import tasks_bookings

    shift = ShiftFactory(starts_at=timezone.now() + datetime.timedelta(hours=20), places=1)
    booked = BookingFactory(shift=shift, status=S.ACCEPTED)
    assert tasks_bookings.bookings_send_reminders_task.delay().get() == 1
    assert tasks_bookings.bookings_send_reminders_task.delay().get() == 0
    assert messages_to(booked.passport.holder, "volunteers.booking_reminder").count() == 1


def test_reminders_go_once_a_day_ahead(shift):
    booking = BookingFactory(shift=shift, status=S.ACCEPTED)
    BookingFactory(shift=shift, status=S.APPLIED)
    two_days_before = shift.starts_at - datetime.timedelta(days=2)
    assert services.bookings_send_reminders(now=two_days_before) == 0
    day_before = shift.starts_at - datetime.timedelta(hours=23)
    assert services.bookings_send_reminders(now=day_before) == 1
    assert services.bookings_send_reminders(now=day_before + datetime.timedelta(hours=1)) == 0
    booking.refresh_from_db()
    assert booking.reminder_sent_at == day_before
    assert messages_to(booking.passport.holder, "volunteers.booking_reminder").count() == 1


def test_messages_reach_everyone_with_a_place(shift, coordinator):
    booked = BookingFactory(shift=shift, status=S.ACCEPTED)
    applied = BookingFactory(shift=shift)
    assert services.shift_message(actor=coordinator, shift=shift, subject="Parking", message="Use the back gate") == 1
    assert messages_to(booked.passport.holder, "volunteers.booking_message").count() == 1
    assert not messages_to(applied.passport.holder, "volunteers.booking_message").exists()
    with pytest.raises(ValidationError) as error:
        services.shift_message(actor=coordinator, shift=shift, subject=" ", message="")
    assert error.value.message_dict == {"subject": ["Enter a subject"], "message": ["Enter your message"]}
    with pytest.raises(PermissionDenied):
        services.shift_message(actor=booked.passport.holder, shift=shift, subject="Hi", message="Hi")


def _started_shift(**kwargs):
    start = timezone.now() - datetime.timedelta(minutes=30)
    return ShiftFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2, minutes=30), **kwargs)


def test_check_in_with_the_venue_code(coordinator):
    shift = _started_shift(need=NeedFactory(organisation=coordinator.memberships.get().organisation))
    booking = BookingFactory(shift=shift, status=S.ACCEPTED)
    code = services.shift_check_in_code(actor=coordinator, shift=shift)
    assert len(code) == 6 and services.shift_check_in_code(actor=coordinator, shift=shift) == code
    holder = booking.passport.holder
    with pytest.raises(ValidationError) as error:
        services.booking_check_in(actor=holder, booking=booking, code="WRONG1")
    assert error.value.message_dict["code"] == [
        "The check-in code is not right. Check the code shown at the venue and try again"]
    booking = services.booking_check_in(actor=holder, booking=booking, code=f" {code.lower()} ")
    assert booking.status == S.ATTENDED and booking.proposed_hours == Decimal("2.50")


def test_check_in_is_refused_before_it_opens(coordinator, shift):
    booking = BookingFactory(shift=shift, status=S.ACCEPTED)
    code = services.shift_check_in_code(actor=coordinator, shift=shift)
    with pytest.raises(ValidationError, match="opens an hour before"):
        services.booking_check_in(actor=booking.passport.holder, booking=booking, code=code)


def test_attended_hours_flow_into_the_passport(coordinator):
    shift = _started_shift(need=NeedFactory(organisation=coordinator.memberships.get().organisation))
    booking = BookingFactory(shift=shift, status=S.ACCEPTED)
    no_show = BookingFactory(shift=shift, status=S.ACCEPTED)
    services.booking_mark_attendance(actor=coordinator, booking=no_show, attended=False)
    booking = services.booking_mark_attendance(actor=coordinator, booking=booking, attended=True)
    assert booking.proposed_hours == Decimal("2.50")
    with pytest.raises(ValidationError, match="Only hours for a volunteer who attended"):
        services.booking_confirm_hours(actor=coordinator, booking=no_show)
    with pytest.raises(ValidationError) as error:
        services.booking_confirm_hours(actor=coordinator, booking=booking, hours="30")
    assert "24 or fewer" in str(error.value)
    booking = services.booking_confirm_hours(actor=coordinator, booking=booking, hours="2")
    entry = booking.hours_entry
    assert (entry.passport, entry.hours, entry.status, entry.source) == (
        booking.passport, Decimal("2.00"), HoursStatus.CONFIRMED, HoursSource.SHIFT)
    with pytest.raises(ValidationError, match="already been confirmed"):
        services.booking_confirm_hours(actor=coordinator, booking=booking)
    with pytest.raises(ValidationError, match="already confirmed"):
        services.booking_mark_attendance(actor=coordinator, booking=booking, attended=False)


def test_attendance_waits_for_the_shift_to_start(coordinator, shift):
    booking = BookingFactory(shift=shift, status=S.ACCEPTED)
    with pytest.raises(ValidationError, match="once the shift has started"):
        services.booking_mark_attendance(actor=coordinator, booking=booking, attended=True)


def test_the_organisation_is_reminded_once_a_shift_however_many_are_booked(shift):
    coordinator = coordinator_of(shift.need.organisation)
    BookingFactory(shift=shift, status=S.ACCEPTED)
    BookingFactory(shift=shift, status=S.ACCEPTED)
    day_before = shift.starts_at - datetime.timedelta(hours=23)
    assert services.bookings_send_reminders(now=day_before) == 2
    reminders = messages_to(coordinator, "volunteers.shift_reminder")
    assert reminders.count() == 1
    assert "2 volunteers booked" in reminders.get().body
