"""Fixtures for co-design: the council's officer (with an authenticator app), a resident of the area and an
officer of another council."""

import pytest


@pytest.fixture
def officer(town):
    return town.officer


@pytest.fixture
def resident(town):
    return town.resident(full_name="Asha Patel")


@pytest.fixture
def other_officer(db):
    """An officer of another council, who manages nothing of `town`'s."""
    from tests.services.factories import council

    return council("E08000037", "Gateshead").officer
