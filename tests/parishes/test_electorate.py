"""Councils record the electors of their wards and LSOAs."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from covenant.audit.models import AuditEntry
from parishes.models import Electorate
from parishes.services import electorate_record
from tests.places.factories import WardFactory

from .factories import neighbourhood

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2025, 12, 1)


def test_an_officer_records_and_corrects_a_ward(hood):
    electorate_record(actor=hood.officer, local_authority=hood.local_authority, ward=hood.ward, electors=1200,
                      as_of=AS_OF)
    row = electorate_record(actor=hood.officer, local_authority=hood.local_authority, ward=hood.ward,
                            electors=1210, as_of=AS_OF)
    assert Electorate.objects.get() == row and row.electors == 1210 and row.entered_by == hood.officer
    entries = AuditEntry.objects.filter(action="parishes.electorate_recorded").order_by("id")
    assert [e.metadata["corrected"] for e in entries] == [False, True]


def test_and_an_lsoa(hood):
    row = electorate_record(actor=hood.officer, local_authority=hood.local_authority, lsoa=hood.lsoa, electors=900,
                            as_of=AS_OF)
    assert row.lsoa == hood.lsoa and row.ward is None


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"electors": -1}, "electors"),
    ({"electors": "many"}, "electors"),
    ({"as_of": timezone.localdate() + datetime.timedelta(days=1)}, "as_of"),
    ({"as_of": "yesterday"}, "as_of"),
    ({"ward": None}, "area"),
])
def test_bad_input(hood, kwargs, field):
    values = {"ward": hood.ward, "electors": 100, "as_of": AS_OF, **kwargs}
    with pytest.raises(ValidationError) as caught:
        electorate_record(actor=hood.officer, local_authority=hood.local_authority, **values)
    assert list(caught.value.message_dict) == [field]
    assert not Electorate.objects.exists()


def test_both_a_ward_and_an_lsoa(hood):
    with pytest.raises(ValidationError) as caught:
        electorate_record(actor=hood.officer, local_authority=hood.local_authority, ward=hood.ward, lsoa=hood.lsoa,
                          electors=1, as_of=AS_OF)
    assert caught.value.message_dict["area"] == ["Choose a ward or an LSOA, not both"]


def test_a_ward_of_another_council(hood):
    with pytest.raises(ValidationError) as caught:
        electorate_record(actor=hood.officer, local_authority=hood.local_authority, ward=WardFactory(),
                          electors=1, as_of=AS_OF)
    assert "is not in" in caught.value.message_dict["area"][0]


def test_who_may_not(hood):
    elsewhere = neighbourhood(code="E06000047", name="County Durham", inside="DH1 1AA", outside="DH1 1AB")
    for actor in (elsewhere.officer, hood.resident(), None):
        with pytest.raises(PermissionDenied):
            electorate_record(actor=actor, local_authority=hood.local_authority, ward=hood.ward, electors=1,
                              as_of=AS_OF)
