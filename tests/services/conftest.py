"""Fixtures for services/: a council with its area, officer and residents, and a service it runs."""

import pytest

from .factories import ServiceFactory, council


@pytest.fixture
def town(db):
    return council()


@pytest.fixture
def service(town):
    return ServiceFactory(owner=town.organisation, local_authority=town.local_authority, name="Youth services",
                          reference="youth")
