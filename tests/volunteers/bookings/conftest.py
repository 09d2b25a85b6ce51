"""Fixtures for bookings tests: a volunteer with a passport, a shift, and the organisation's coordinator."""

import pytest

from tests.accounts.factories import UserFactory
from tests.volunteers.factories import PassportFactory, ShiftFactory

from .factories import coordinator_of


@pytest.fixture
def volunteer(db):
    return UserFactory(full_name="Amira Khan")


@pytest.fixture
def passport(volunteer):
    return PassportFactory(holder=volunteer)


@pytest.fixture
def shift(db):
    return ShiftFactory(places=2)


@pytest.fixture
def coordinator(shift):
    return coordinator_of(shift.need.organisation)
