"""The bookings API: signing up, one's own bookings, cancelling, checking in, and the roster."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.accounts.factories import UserFactory
from tests.volunteers.factories import NeedFactory, ShiftFactory
from volunteers.models import Booking, BookingStatus, NeedStatus
from volunteers.services.bookings import shift_check_in_code

from .factories import BookingFactory, coordinator_of

pytestmark = pytest.mark.django_db
S = BookingStatus


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_sign_up_list_and_cancel(volunteer, passport, shift):
    created = api(volunteer).post(f"/api/v1/volunteering/shifts/{shift.pk}/bookings/")
    assert created.status_code == 201 and created.json()["status"] == "applied"
    listed = api(volunteer).get("/api/v1/volunteering/bookings/").json()
    assert [row["id"] for row in listed["results"]] == [created.json()["id"]]
    cancelled = api(volunteer).post(f"/api/v1/volunteering/bookings/{created.json()['id']}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = api(volunteer).post(f"/api/v1/volunteering/bookings/{created.json()['id']}/cancel/")
    assert again.status_code == 400 and "cannot be changed" in again.json()["errors"][0]["message"]


def test_ineligible_sign_ups_answer_400_with_what_is_missing(volunteer, passport):
    shift = ShiftFactory(need=NeedFactory(minimum_age=18))
    response = api(volunteer).post(f"/api/v1/volunteering/shifts/{shift.pk}/bookings/")
    assert response.status_code == 400
    assert any("date of birth" in error["message"] for error in response.json()["errors"])
    assert not Booking.objects.exists()


def test_who_may_not_sign_up(volunteer, passport, shift):
    assert api().post(f"/api/v1/volunteering/shifts/{shift.pk}/bookings/").status_code == 403
    draft = ShiftFactory(need=NeedFactory(status=NeedStatus.DRAFT))
    assert api(volunteer).post(f"/api/v1/volunteering/shifts/{draft.pk}/bookings/").status_code == 404
    assert api(volunteer).post("/api/v1/volunteering/shifts/999999/bookings/").status_code == 404
    unverified = UserFactory(verified=False)
    assert api(unverified).post(f"/api/v1/volunteering/shifts/{shift.pk}/bookings/").status_code == 404


def test_other_peoples_bookings_are_not_found(shift):
    booking = BookingFactory(shift=shift)
    stranger = api(UserFactory())
    assert stranger.post(f"/api/v1/volunteering/bookings/{booking.pk}/cancel/").status_code == 404
    assert stranger.post(f"/api/v1/volunteering/bookings/{booking.pk}/check-in/", {"code": "X"}).status_code == 404
    assert api(UserFactory()).get("/api/v1/volunteering/bookings/").json()["results"] == []


def test_check_in_by_api(coordinator):
    start = timezone.now() - datetime.timedelta(minutes=5)
    shift = ShiftFactory(need=NeedFactory(organisation=coordinator.memberships.get().organisation),
                         starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    booking = BookingFactory(shift=shift, status=S.ACCEPTED)
    code = shift_check_in_code(actor=coordinator, shift=shift)
    client = api(booking.passport.holder)
    url = f"/api/v1/volunteering/bookings/{booking.pk}/check-in/"
    missing = client.post(url, {}, format="json")
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "code"
    wrong = client.post(url, {"code": "ZZZZZZ"}, format="json")
    assert wrong.status_code == 400 and "not right" in wrong.json()["errors"][0]["message"]
    assert client.post(url, {"code": code}, format="json").json()["status"] == "attended"


def test_the_roster_endpoints(coordinator):
    start = timezone.now() - datetime.timedelta(hours=3)
    organisation = coordinator.memberships.get().organisation
    shift = ShiftFactory(need=NeedFactory(organisation=organisation), starts_at=start,
                         ends_at=start + datetime.timedelta(hours=2))
    booking = BookingFactory(shift=shift, status=S.ACCEPTED)
    base = f"/api/v1/volunteering/organisations/{organisation.pk}/shifts/{shift.pk}/bookings/"
    client = api(coordinator)
    assert [row["id"] for row in client.get(base).json()["results"]] == [booking.pk]
    assert client.post(f"{base}{booking.pk}/attended/").json()["proposed_hours"] == "2.00"
    bad = client.post(f"{base}{booking.pk}/hours/", {"hours": "-1"}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "hours"
    confirmed = client.post(f"{base}{booking.pk}/hours/", {"hours": "1.5"}, format="json")
    assert confirmed.status_code == 200 and confirmed.json()["hours_entry"]
    assert client.post(f"{base}{booking.pk}/launch/").status_code == 404


def test_the_roster_is_not_found_for_others(shift):
    organisation = shift.need.organisation
    booking = BookingFactory(shift=shift)
    base = f"/api/v1/volunteering/organisations/{organisation.pk}/shifts/{shift.pk}/bookings/"
    assert api().get(base).status_code == 403
    for person in (booking.passport.holder, coordinator_of(organisation, "verifier"),
                   coordinator_of(NeedFactory().organisation)):
        assert api(person).get(base).status_code == 404
        assert api(person).post(f"{base}{booking.pk}/accept/").status_code == 404
    assert Booking.objects.get(pk=booking.pk).status == S.APPLIED
