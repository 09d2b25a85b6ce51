"""Where coordinators start: their organisation's needs, one click from the dashboard."""

import pytest
from django.urls import reverse

from covenant.organisations.models import Role
from tests.accounts.factories import UserFactory
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    VerifiedOrganisationFactory,
)

pytestmark = pytest.mark.django_db
START = "/volunteering/your-needs/"


def test_the_dashboard_leads_members_to_their_needs(client):
    organisation = VerifiedOrganisationFactory()
    client.force_login(MembershipFactory(organisation=organisation, roles=[Role.COORDINATOR]).user)
    assert f'href="{START}"' in client.get("/dashboard/").content.decode()


def test_a_coordinator_of_one_organisation_goes_straight_to_its_needs(client):
    organisation = VerifiedOrganisationFactory()
    client.force_login(MembershipFactory(organisation=organisation, roles=[Role.COORDINATOR]).user)
    response = client.get(START)
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:needs-list", args=[organisation.pk])


def test_a_coordinator_of_several_organisations_chooses(client):
    user = UserFactory()
    first = VerifiedOrganisationFactory(name="Aardvark Trust")
    second = VerifiedOrganisationFactory(name="Zebra Club")
    MembershipFactory(user=user, organisation=first, roles=[Role.ADMIN])
    MembershipFactory(user=user, organisation=second, roles=[Role.COORDINATOR])
    client.force_login(user)
    content = client.get(START).content.decode()
    assert content.index("Aardvark Trust") < content.index("Zebra Club")


@pytest.mark.parametrize("membership", ["finance", "unverified", "none"])
def test_people_who_cannot_post_needs_are_told_how_they_could(client, membership):
    user = UserFactory()
    if membership == "finance":
        MembershipFactory(user=user, organisation=VerifiedOrganisationFactory(), roles=[Role.FINANCE])
    elif membership == "unverified":
        MembershipFactory(user=user, organisation=OrganisationFactory(), roles=[Role.COORDINATOR])
    client.force_login(user)
    response = client.get(START)
    assert response.status_code == 200
    assert "once you are its volunteer coordinator or administrator" in response.content.decode()


def test_signed_out_people_are_asked_to_sign_in(client):
    response = client.get(START)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
