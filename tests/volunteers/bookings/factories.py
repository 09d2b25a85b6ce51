"""Factories and helpers for bookings tests."""

import factory

from tests.organisations.factories import MembershipFactory
from tests.volunteers.factories import PassportFactory, ShiftFactory
from volunteers.models import Booking, BookingStatus


class BookingFactory(factory.django.DjangoModelFactory):
    """An application waiting for the organisation's decision."""

    class Meta:
        model = Booking

    shift = factory.SubFactory(ShiftFactory)
    passport = factory.SubFactory(PassportFactory)
    status = BookingStatus.APPLIED


def coordinator_of(organisation, role: str = "coordinator"):
    return MembershipFactory(organisation=organisation, roles=[role]).user


def shift_of(organisation):
    """A published shift of the organisation's, a week away."""
    from tests.volunteers.factories import NeedFactory

    return ShiftFactory(need=NeedFactory(organisation=organisation))
