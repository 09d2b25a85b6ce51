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


class TestImport:
    def csv(self, hood, *lines):
        return "\n".join(["code,electors,as_of", *lines]) + "\n"

    def test_imports_wards_and_lsoas_of_the_council(self, hood):
        from parishes.services import electorate_import

        text = self.csv(hood, f"{hood.ward.code},1200,2025-12-01", f"{hood.lsoa.code.lower()},800,2025-12-01")
        assert electorate_import(actor=hood.officer, local_authority=hood.local_authority, text=text) == 2
        assert Electorate.objects.get(ward=hood.ward).electors == 1200
        assert Electorate.objects.get(lsoa=hood.lsoa).electors == 800
        assert AuditEntry.objects.get(action="parishes.electorate_imported").metadata == {"rows": 2}

    def test_one_bad_row_imports_nothing_and_every_problem_is_listed(self, hood):
        from parishes.services import electorate_import

        text = self.csv(hood, f"{hood.ward.code},1200,2025-12-01", "E05999999,10,2025-12-01",
                        f"{hood.ward.code},many,2025-12-01", f"{hood.lsoa.code},5,1 Dec 2025",
                        f"{hood.lsoa.code},5,2999-01-01")
        with pytest.raises(ValidationError) as caught:
            electorate_import(actor=hood.officer, local_authority=hood.local_authority, text=text)
        assert caught.value.message_dict["file"] == [
            "Line 3: E05999999 is not a ward or LSOA of Sunderland (E08000024)",
            "Line 4: enter the electors as a whole number, like 1250",
            "Line 5: enter the date as YYYY-MM-DD, like 2025-12-01",
            "Line 6: the date must be today or in the past",
        ]
        assert not Electorate.objects.exists()

    @pytest.mark.parametrize("text", ["", "ward,count\nE05,1\n", "code,electors,as_of\n"])
    def test_wrong_columns_or_empty(self, hood, text):
        from parishes.services import electorate_import

        with pytest.raises(ValidationError):
            electorate_import(actor=hood.officer, local_authority=hood.local_authority, text=text)

    def test_only_the_councils_officers(self, hood):
        from parishes.services import electorate_import

        with pytest.raises(PermissionDenied):
            electorate_import(actor=hood.resident(), local_authority=hood.local_authority,
                              text=self.csv(hood, f"{hood.ward.code},1,2025-12-01"))
