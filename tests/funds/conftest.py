"""Fixtures for community funds: a recovery fund with £1m of capital, its administrators, assessors and finance
officer, and an open round with a £200,000 budget."""

import pytest

from .factories import (
    FundFactory,
    administrator_of,
    assessor_of,
    finance_of,
    funded,
    open_round,
)


@pytest.fixture
def fund(db):
    return FundFactory()


@pytest.fixture
def admin(fund):
    return administrator_of(fund)


@pytest.fixture
def admin2(fund):
    return administrator_of(fund)


@pytest.fixture
def assessor(fund):
    return assessor_of(fund)


@pytest.fixture
def assessor2(fund):
    return assessor_of(fund)


@pytest.fixture
def finance(fund):
    return finance_of(fund)


@pytest.fixture
def round_(fund, admin):
    funded(fund, admin)
    return open_round(fund, admin)
