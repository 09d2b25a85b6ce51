"""The organisations API: directory, registering, one organisation and its members."""

import pytest
from rest_framework.test import APIClient

from covenant.organisations.models import Organisation
from tests.accounts.factories import StaffUserFactory, UserFactory

from .factories import (
    LocalAuthorityFactory,
    MembershipFactory,
    OrganisationFactory,
    VerifiedOrganisationFactory,
    admin_of,
)

pytestmark = pytest.mark.django_db
LIST = "/api/v1/organisations/"


@pytest.fixture
def api():
    return APIClient()


def test_list_shows_verified_organisations_and_filters(api):
    charity = VerifiedOrganisationFactory(name="Alpha Trust", description="A food bank")
    council = LocalAuthorityFactory(name="Beta Council", description="Local services")
    OrganisationFactory(name="Unchecked")
    body = api.get(LIST).json()
    assert [o["name"] for o in body["results"]] == ["Alpha Trust", "Beta Council"]
    assert body["results"][0]["org_id"] == charity.org_id
    assert [o["id"] for o in api.get(LIST, {"type": "local_authority"}).json()["results"]] == [council.pk]
    assert [o["id"] for o in api.get(LIST, {"q": "FOOD"}).json()["results"]] == [charity.pk]


def test_list_rejects_an_unknown_type(api):
    response = api.get(LIST, {"type": "shop"})
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["field"] == "type"
    assert "Choose a type" in body["errors"][0]["message"]


def test_detail_public_only_when_verified(api, staff):
    verified = VerifiedOrganisationFactory()
    waiting = OrganisationFactory()
    assert api.get(f"{LIST}{verified.pk}/").json()["org_id"] == verified.org_id
    assert api.get(f"{LIST}{waiting.pk}/").status_code == 404
    api.force_authenticate(UserFactory())
    assert api.get(f"{LIST}{waiting.pk}/").status_code == 404
    api.force_authenticate(MembershipFactory(organisation=waiting).user)
    assert api.get(f"{LIST}{waiting.pk}/").status_code == 200
    api.force_authenticate(staff)
    assert api.get(f"{LIST}{waiting.pk}/").status_code == 200
    assert api.get(f"{LIST}99999/").status_code == 404


def test_create(api, user):
    api.force_authenticate(user)
    response = api.post(LIST, {"type": "registered_charity", "name": "Hope Trust", "charity_number": "sc 012345",
                               "contact_email": "hope@example.org"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["org_id"] == "GB-SC-SC012345"
    assert response.json()["verification_status"] == "unverified"
    organisation = Organisation.objects.get()
    assert organisation.memberships.get().user == user


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "type", "Select the type of organisation"),
        ({"type": "shop", "name": "X", "contact_email": "a@example.org"}, "type", "from the list"),
        ({"type": "cic", "name": "X", "contact_email": "a@example.org"}, "company_number", "Enter a company number"),
        ({"type": "cic", "name": "X", "contact_email": "a@example.org", "company_number": "!!"}, "company_number",
         "only include letters and numbers"),
        ({"type": "informal_group", "name": "", "contact_email": "a@example.org"}, "name", "Enter the organisation"),
        ({"type": "informal_group", "name": "X", "contact_email": "x"}, "contact_email", "correct format"),
        ({"type": "informal_group", "name": "X", "contact_email": "a@example.org", "postcode": "123"}, "postcode",
         "postcode"),
        ({"type": "local_authority", "name": "X", "contact_email": "a@example.org", "ons_code": "S13000001"},
         "ons_code", "ONS code of a council"),
        ({"type": "informal_group", "name": "X" * 201, "contact_email": "a@example.org"}, "name", "200"),
    ],
)
def test_create_bad_input(api, user, data, field, message):
    api.force_authenticate(user)
    response = api.post(LIST, data, format="json")
    assert response.status_code == 400
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert field in errors and message in errors[field]
    assert not Organisation.objects.exists()


def test_create_refuses_a_duplicate(api, user):
    LocalAuthorityFactory(ons_code="E06000001")
    api.force_authenticate(user)
    response = api.post(LIST, {"type": "local_authority", "name": "Copy", "ons_code": "e06000001",
                               "contact_email": "a@example.org"}, format="json")
    assert response.status_code == 400
    assert "already registered" in response.json()["errors"][0]["message"]


def test_create_is_for_signed_in_people_with_a_confirmed_email(api):
    data = {"type": "informal_group", "name": "X", "contact_email": "a@example.org"}
    assert api.post(LIST, data, format="json").status_code in (401, 403)
    api.force_authenticate(UserFactory(verified=False))
    response = api.post(LIST, data, format="json")
    assert response.status_code == 403
    assert "Confirm your email address" in response.json()["message"]
    assert not Organisation.objects.exists()


def test_members_for_admins_only(api, organisation, admin):
    MembershipFactory(organisation=organisation, roles=["finance", "assessor"])
    members = f"{LIST}{organisation.pk}/members/"
    api.force_authenticate(admin)
    body = api.get(members).json()
    assert sorted(m["roles"] for m in body["results"]) == [["admin"], ["assessor", "finance"]]
    coordinator = MembershipFactory(organisation=organisation, roles=["coordinator"]).user
    for person in (coordinator, UserFactory(), StaffUserFactory(mfa=True), admin_of(VerifiedOrganisationFactory())):
        api.force_authenticate(person)
        assert api.get(members).status_code == 404
    api.force_authenticate(None)
    assert api.get(members).status_code == 404
    api.force_authenticate(admin)
    assert api.get(f"{LIST}99999/members/").status_code == 404


def test_the_api_cannot_change_or_delete_organisations(api, organisation, admin):
    api.force_authenticate(admin)
    assert api.patch(f"{LIST}{organisation.pk}/", {"name": "X"}, format="json").status_code == 405
    assert api.delete(f"{LIST}{organisation.pk}/").status_code == 405
