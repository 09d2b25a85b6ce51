"""The proof that a shift never holds more volunteers than places, with sign-ups racing on PostgreSQL."""


import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.concurrency import race as _race
from tests.conftest import need_service
from tests.volunteers.factories import NeedFactory, PassportFactory, ShiftFactory
from volunteers.models import PLACE_TAKING_STATES, Booking, BookingStatus
from volunteers.services.bookings import booking_apply

VOLUNTEERS = 12


@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_ups_never_overfill_a_shift():
    need_service("PostgreSQL", connection.vendor == "postgresql", "row locks need a real database server")
    shift = ShiftFactory(need=NeedFactory(auto_accept=True), places=3)
    people = [PassportFactory().holder for _ in range(VOLUNTEERS)]
    results = _race([lambda person=person: booking_apply(actor=person, shift=shift) for person in people])
    assert not [result for result in results if isinstance(result, Exception)], results
    assert Booking.objects.filter(shift=shift, status__in=PLACE_TAKING_STATES).count() == 3
    assert Booking.objects.filter(shift=shift, status=BookingStatus.WAITLISTED).count() == VOLUNTEERS - 3


@pytest.mark.django_db(transaction=True)
def test_one_volunteer_racing_into_overlapping_shifts_gets_one():
    need_service("PostgreSQL", connection.vendor == "postgresql", "row locks need a real database server")
    first = ShiftFactory(places=5)
    second = ShiftFactory(places=5, starts_at=first.starts_at, ends_at=first.ends_at)
    person = PassportFactory().holder
    results = _race([lambda shift=shift: booking_apply(actor=person, shift=shift) for shift in (first, second)] * 2)
    assert sum(isinstance(result, Booking) for result in results) == 1
    assert all(isinstance(result, (Booking, ValidationError)) for result in results), results
