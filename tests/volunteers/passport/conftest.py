"""Fixtures for the passport profile tests: the real taxonomies, loaded once per test that asks."""

import pytest

from volunteers.services.passport import taxonomies_load


@pytest.fixture
def taxonomies(db):
    taxonomies_load(actor=None)
