"""Bookings pages: signing up, your shifts, offers, check-in, the calendar feed and the roster."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.accounts.factories import UserFactory
from tests.volunteers.factories import NeedFactory, ShiftFactory
from volunteers.models import Booking, BookingStatus, NeedStatus
from volunteers.selectors.bookings import calendar_token
from volunteers.services import bookings as services

from .factories import BookingFactory, coordinator_of

pytestmark = pytest.mark.django_db
S = BookingStatus


def signed_in(client, user):
    client.force_login(user)
    return client


def test_signing_up_through_the_confirmation_page(client, volunteer, passport, shift):
    url = reverse("volunteers:bookings-sign-up", args=[shift.pk])
    page = signed_in(client, volunteer).get(url)
    assert page.status_code == 200 and "Check the shift before you sign up" in page.text
    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("volunteers:bookings-your-shifts")
    assert Booking.objects.get().status == S.APPLIED
    again = client.post(url)
    assert again.status_code == 400 and "already signed up to this shift" in again.text


def test_the_sign_up_page_says_what_is_missing(client, volunteer, passport):
    need = NeedFactory(minimum_age=18)
    shift = ShiftFactory(need=need)
    page = signed_in(client, volunteer).get(reverse("volunteers:bookings-sign-up", args=[shift.pk]))
    assert "You cannot sign up to this shift yet" in page.text and "date of birth" in page.text
    refused = client.post(reverse("volunteers:bookings-sign-up", args=[shift.pk]))
    assert refused.status_code == 400 and not Booking.objects.exists()


def test_the_sign_up_page_asks_for_a_passport_first(client, volunteer, shift):
    page = signed_in(client, volunteer).get(reverse("volunteers:bookings-sign-up", args=[shift.pk]))
    assert "Start your Volunteer Passport" in page.text


@pytest.mark.parametrize("shift_id", ["draft", "missing"])
def test_unpublished_and_missing_shifts_are_not_found(client, volunteer, passport, shift_id):
    pk = ShiftFactory(need=NeedFactory(status=NeedStatus.DRAFT)).pk if shift_id == "draft" else 999999
    assert signed_in(client, volunteer).post(reverse("volunteers:bookings-sign-up", args=[pk])).status_code == 404


def test_anonymous_people_are_sent_to_sign_in(client, shift):
    response = client.get(reverse("volunteers:bookings-sign-up", args=[shift.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_your_shifts_lists_cancels_and_confirms(client, volunteer, passport, coordinator, shift):
    booked = BookingFactory(shift=shift, passport=passport, status=S.ACCEPTED)
    offered_shift = ShiftFactory(starts_at=shift.starts_at + datetime.timedelta(days=1),
                                 ends_at=shift.ends_at + datetime.timedelta(days=1), places=1)
    other = BookingFactory(shift=offered_shift, status=S.ACCEPTED)
    waiting = BookingFactory(shift=offered_shift, passport=passport, status=S.WAITLISTED)
    services.booking_cancel(actor=other.passport.holder, booking=other)
    page = signed_in(client, volunteer).get(reverse("volunteers:bookings-your-shifts"))
    assert page.status_code == 200 and "Confirm place" in page.text and calendar_token(passport) in page.text
    assert client.post(reverse("volunteers:bookings-confirm", args=[waiting.pk])).status_code == 302
    assert Booking.objects.get(pk=waiting.pk).status == S.ACCEPTED
    assert client.get(reverse("volunteers:bookings-cancel", args=[booked.pk])).status_code == 200
    assert client.post(reverse("volunteers:bookings-cancel", args=[booked.pk])).status_code == 302
    assert Booking.objects.get(pk=booked.pk).status == S.CANCELLED


def test_other_peoples_bookings_are_not_found(client, shift):
    booking = BookingFactory(shift=shift, status=S.ACCEPTED)
    stranger = UserFactory()
    signed_in(client, stranger)
    for name in ("bookings-cancel", "bookings-check-in"):
        assert client.get(reverse(f"volunteers:{name}", args=[booking.pk])).status_code == 404
    assert client.post(reverse("volunteers:bookings-confirm", args=[booking.pk])).status_code == 404


def test_the_offer_link_confirms_once(client, coordinator, shift):
    booked = BookingFactory(shift=shift, status=S.ACCEPTED)
    BookingFactory(shift=shift, status=S.ACCEPTED)
    waiting = BookingFactory(shift=shift, status=S.WAITLISTED)
    services.booking_cancel(actor=coordinator, booking=booked)
    from covenant.notifications.models import Delivery

    url = Delivery.objects.filter(event="volunteers.booking_offered").first().url
    assert signed_in(client, UserFactory()).get(url).status_code == 404
    signed_in(client, waiting.passport.holder)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert client.get(url).status_code == 404
    assert client.get(reverse("volunteers:bookings-offer", args=["x" * 300])).status_code == 404


def test_checking_in_with_a_wrong_code_says_so(client, coordinator):
    start = timezone.now() - datetime.timedelta(minutes=10)
    shift = ShiftFactory(need=NeedFactory(organisation=coordinator.memberships.get().organisation),
                         starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    booking = BookingFactory(shift=shift, status=S.ACCEPTED)
    code = services.shift_check_in_code(actor=coordinator, shift=shift)
    signed_in(client, booking.passport.holder)
    url = reverse("volunteers:bookings-check-in", args=[booking.pk])
    wrong = client.post(url, {"code": "NOPE99"})
    assert wrong.status_code == 400 and "The check-in code is not right" in wrong.text
    empty = client.post(url, {"code": ""})
    assert empty.status_code == 400 and "Enter the check-in code shown at the venue" in empty.text
    assert client.post(url, {"code": code}).status_code == 302
    assert Booking.objects.get(pk=booking.pk).status == S.ATTENDED


def test_the_calendar_feed_is_private(client, passport, shift):
    BookingFactory(shift=shift, passport=passport, status=S.ACCEPTED)
    BookingFactory(shift=ShiftFactory(), passport=passport, status=S.DECLINED)
    token = calendar_token(passport)
    response = client.get(reverse("volunteers:bookings-calendar", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1 and shift.need.title in str(events[0]["SUMMARY"])
    for bad in (f"{passport.pk}-{'0' * 40}", f"{passport.pk + 1}-{token.split('-')[1]}", "nonsense", "-"):
        assert client.get(reverse("volunteers:bookings-calendar", args=[bad])).status_code == 404


def test_the_roster_runs_the_shift(client, coordinator, shift):
    applicant = BookingFactory(shift=shift)
    organisation = shift.need.organisation
    signed_in(client, coordinator)
    page = client.get(reverse("volunteers:bookings-roster", args=[organisation.pk, shift.pk]))
    shift.refresh_from_db()
    assert page.status_code == 200 and shift.check_in_code in page.text
    action = reverse("volunteers:bookings-roster-action", args=[organisation.pk, shift.pk, applicant.pk, "accept"])
    assert client.post(action).status_code == 302
    assert Booking.objects.get(pk=applicant.pk).status == S.ACCEPTED
    bad = reverse("volunteers:bookings-roster-action", args=[organisation.pk, shift.pk, applicant.pk, "explode"])
    assert client.post(bad).status_code == 404
    assert client.get(action).status_code == 405
    message_url = reverse("volunteers:bookings-roster-message", args=[organisation.pk, shift.pk])
    assert client.post(message_url, {"subject": "", "message": ""}).status_code == 400
    assert client.post(message_url, {"subject": "Parking", "message": "Back gate"}).status_code == 302


def test_confirming_hours_from_the_roster(client, coordinator):
    start = timezone.now() - datetime.timedelta(hours=4)
    shift = ShiftFactory(need=NeedFactory(organisation=coordinator.memberships.get().organisation),
                         starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    booking = BookingFactory(shift=shift, status=S.ACCEPTED)
    organisation = shift.need.organisation
    signed_in(client, coordinator)
    hours_url = reverse("volunteers:bookings-roster-hours", args=[organisation.pk, shift.pk, booking.pk])
    assert client.get(hours_url).status_code == 404
    client.post(reverse("volunteers:bookings-roster-action", args=[organisation.pk, shift.pk, booking.pk, "attended"]))
    assert "3" in client.get(hours_url).text
    assert client.post(hours_url, {"hours": "lots"}).status_code == 400
    assert client.post(hours_url, {"hours": "2.5"}).status_code == 302
    assert str(Booking.objects.get(pk=booking.pk).hours_entry.hours) == "2.50"


def test_the_roster_is_not_found_for_others(client, shift):
    organisation = shift.need.organisation
    url = reverse("volunteers:bookings-roster", args=[organisation.pk, shift.pk])
    for person in (UserFactory(), coordinator_of(organisation, "verifier"), coordinator_of(NeedFactory().organisation)):
        assert signed_in(client, person).get(url).status_code == 404
    someone_elses = coordinator_of(NeedFactory().organisation)
    wrong_org = reverse("volunteers:bookings-roster", args=[someone_elses.memberships.get().organisation_id, shift.pk])
    assert signed_in(client, someone_elses).get(wrong_org).status_code == 404
