"""The service catalogue: councils add, change and import their services; who counts as a resident of one."""

import datetime
import decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from covenant.audit.models import AuditEntry
from services.catalogue import selectors
from services.catalogue.models import Service
from services.catalogue.services import CSV_COLUMNS, service_create, service_update, services_import
from tests.accounts.factories import UserFactory
from tests.organisations.factories import LocalAuthorityFactory as CouncilFactory
from tests.organisations.factories import MembershipFactory

pytestmark = pytest.mark.django_db

HEADER = ",".join(CSV_COLUMNS)


def _create(town, **overrides):
    data = {"reference": "LIB-01", "name": "Libraries", "description": "Four branch libraries and a mobile one.",
            "annual_budget": "1250000", "delivery": "in_house", "involvement": ["co_design", "volunteering"]}
    data.update(overrides)
    return service_create(actor=town.officer, owner=town.organisation, **data)


def test_an_officer_adds_a_service_to_the_catalogue(town):
    service = _create(town, wards=[town.ward.code], contract_ends_on="2027-03-31")
    assert service.local_authority == town.local_authority and service.reference == "lib-01"
    assert service.annual_budget == decimal.Decimal("1250000")
    assert service.contract_ends_on == datetime.date(2027, 3, 31)
    assert list(service.wards.all()) == [town.ward]
    assert AuditEntry.objects.filter(action="services.service_created", actor=town.officer).count() == 1


@pytest.mark.parametrize(("overrides", "field"), [
    ({"name": ""}, "name"),
    ({"description": "  "}, "description"),
    ({"annual_budget": "lots"}, "annual_budget"),
    ({"annual_budget": "-5"}, "annual_budget"),
    ({"annual_budget": "10.005"}, "annual_budget"),
    ({"delivery": "outsourced"}, "delivery"),
    ({"delivery": "commissioned", "provider": ""}, "provider"),
    ({"contract_ends_on": "31/03/2027"}, "contract_ends_on"),
    ({"involvement": ["co_design", "vote_them_out"]}, "involvement"),
    ({"wards": ["E05999999"]}, "wards"),
    ({"name": "x" * 201}, "name"),
])
def test_bad_values_are_named_and_nothing_is_saved(town, overrides, field):
    with pytest.raises(ValidationError) as error:
        _create(town, **overrides)
    assert field in error.value.message_dict
    assert not Service.objects.exists()


def test_a_reference_is_used_once_per_catalogue(town):
    _create(town)
    with pytest.raises(ValidationError) as error:
        _create(town, name="Mobile library")
    assert "reference" in error.value.message_dict


def test_only_the_councils_own_officers_add_or_change_its_services(town, service):
    other = CouncilFactory()
    stranger = MembershipFactory(organisation=other, roles=["officer"]).user
    for person in (stranger, UserFactory(), town.resident()):
        with pytest.raises(PermissionDenied):
            service_create(actor=person, owner=town.organisation, name="X", description="Y")
        with pytest.raises(PermissionDenied):
            service_update(actor=person, service=service, name="Taken over")
    # A coordinator of the council is not an officer.
    coordinator = MembershipFactory(organisation=town.organisation, roles=["coordinator"]).user
    with pytest.raises(PermissionDenied):
        service_update(actor=coordinator, service=service, name="Taken over")


def test_changes_are_audited_field_by_field(town, service):
    service_update(actor=town.officer, service=service, name="Youth work", annual_budget="300000",
                   wards=[town.other_ward.code])
    entry = AuditEntry.objects.get(action="services.service_changed")
    assert entry.changes["name"] == ["Youth services", "Youth work"]
    assert entry.changes["wards"] == [[], [town.other_ward.code]]
    service_update(actor=town.officer, service=service, name="Youth work")
    assert AuditEntry.objects.filter(action="services.service_changed").count() == 1


class TestImport:
    def test_a_catalogue_is_imported_and_imported_again_updates_it(self, town):
        text = (f"{HEADER}\n"
                f"LIB-01,Libraries,Branch libraries,Everyone,{town.ward.code},1250000,in_house,,,co_design;volunteering,\n"
                "YOUTH,Youth clubs,Evening clubs,Young people aged 11-19,,300000,commissioned,Youth Trust,2027-03-31,"
                "right_to_challenge,Ask at the civic centre\n")
        assert services_import(actor=town.officer, owner=town.organisation, text=text) == {"created": 2, "updated": 0}
        text = text.replace("Youth clubs", "Youth clubs and detached youth work")
        assert services_import(actor=town.officer, owner=town.organisation, text=text) == {"created": 0, "updated": 2}
        assert Service.objects.get(reference="youth").name == "Youth clubs and detached youth work"
        assert list(Service.objects.get(reference="lib-01").wards.all()) == [town.ward]

    def test_every_bad_line_is_named_and_nothing_is_imported(self, town):
        text = (f"{HEADER}\n"
                "LIB-01,Libraries,Branch libraries,,,1250000,in_house,,,,\n"
                ",,No name,,,,,,,,\n"
                "PARKS,Parks,Parks and open spaces,,E05000000,lots,in_house,,2027-13-01,,\n"
                "LIB-01,Libraries again,Branch libraries,,,,in_house,,,,\n")
        with pytest.raises(ValidationError) as error:
            services_import(actor=town.officer, owner=town.organisation, text=text)
        problems = error.value.message_dict["file"]
        assert any(p.startswith("Line 3, name") for p in problems)
        assert any(p.startswith("Line 4, annual_budget") for p in problems)
        assert any(p.startswith("Line 4, contract_ends_on") for p in problems)
        assert any(p.startswith("Line 4, wards") for p in problems)
        assert any(p.startswith("Line 5: the reference lib-01 is also on line 2") for p in problems)
        assert not Service.objects.exists()

    @pytest.mark.parametrize("text", ["", "name,description\nLibraries,Books\n", f"{HEADER}\n"])
    def test_a_file_without_the_columns_or_rows_is_refused(self, town, text):
        with pytest.raises(ValidationError) as error:
            services_import(actor=town.officer, owner=town.organisation, text=text)
        assert "file" in error.value.message_dict


class TestResidence:
    def test_a_resident_with_a_postcode_in_the_councils_area_is_inside(self, town, service):
        assert selectors.residence_in(town.resident(), service)

    def test_outside_the_council_they_are_told_so(self, town, service):
        residence = selectors.residence_in(town.outsider(), service)
        assert not residence and "outside" in residence.reason and town.outside.postcode in residence.reason

    def test_a_service_for_some_wards_only_counts_their_residents(self, town, service):
        service.wards.set([town.other_ward])
        assert not selectors.residence_in(town.resident(), service)
        assert selectors.residence_in(town.resident(postcode=town.other_ward_postcode.postcode), service)

    @pytest.mark.parametrize(("postcode", "words"), [("", "Add your postcode"), ("NOTACODE", "cannot find"),
                                                     ("ZZ1 1ZZ", "cannot find")])
    def test_without_a_usable_postcode_they_are_told_what_to_do(self, town, service, postcode, words):
        residence = selectors.residence_in(town.resident(postcode=postcode), service)
        assert not residence and words in residence.reason

    def test_an_unconfirmed_email_address_is_not_enough(self, town, service):
        person = town.resident()
        person.emailaddress_set.update(verified=False)
        assert "Confirm your email" in selectors.residence_in(person, service).reason
