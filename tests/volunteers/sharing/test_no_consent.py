"""Proof that an organisation without consent sees nothing of a passport, through any page or endpoint."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.accounts.factories import StaffUserFactory
from tests.organisations.factories import OrganisationFactory
from tests.volunteers.factories import CredentialFactory
from volunteers.models import PassportView

from .helpers import charity, member, passport_with_dbs, share

pytestmark = pytest.mark.django_db

CERTIFICATE = "987654321098"


def _never_shared(passport, organisation):
    return organisation, member(organisation, "coordinator")


def _revoked(passport, organisation):
    share(passport, organisation, revoked=True)
    return organisation, member(organisation, "coordinator")


def _expired(passport, organisation):
    share(passport, organisation, days=-1)
    return organisation, member(organisation, "verifier")


def _shared_with_another_organisation(passport, organisation):
    share(passport, charity())
    return organisation, member(organisation, "admin")


def _unverified_organisation(passport, organisation):
    unverified = OrganisationFactory()
    share(passport, unverified)
    return unverified, member(unverified, "admin")


def _member_without_the_right_role(passport, organisation):
    share(passport, organisation)
    return organisation, member(organisation, "finance", "assessor")


def _holder_of_another_passport(passport, organisation):
    share(passport, organisation)
    return organisation, passport_with_dbs().holder


def _platform_staff(passport, organisation):
    share(passport, organisation)
    return organisation, StaffUserFactory(mfa=True)


SCENARIOS = [_never_shared, _revoked, _expired, _shared_with_another_organisation, _unverified_organisation,
             _member_without_the_right_role, _holder_of_another_passport, _platform_staff]


@pytest.fixture
def passport():
    passport = passport_with_dbs(CERTIFICATE)
    CredentialFactory(passport=passport, title="Food hygiene level 2")
    return passport


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__.strip("_"))
def test_without_consent_no_page_or_endpoint_shows_the_passport(client, passport, scenario):
    organisation, person = scenario(passport, charity())
    client.force_login(person)
    api = APIClient()
    api.force_authenticate(person)

    detail_page = reverse("volunteers:sharing-org-passport", args=[organisation.pk, passport.pk])
    assert client.get(detail_page).status_code == 404
    detail_api = f"/api/v1/volunteering/organisations/{organisation.pk}/passports/{passport.pk}/"
    assert api.get(detail_api).status_code == 404

    list_page = client.get(reverse("volunteers:sharing-org-list", args=[organisation.pk]))
    list_api = api.get(f"/api/v1/volunteering/organisations/{organisation.pk}/passports/")
    for response in (list_page, list_api):
        # Either the organisation's list is closed to this person, or the passport is not in it.
        assert response.status_code in (200, 404)
        body = response.content.decode()
        assert passport.holder.full_name not in body
        assert CERTIFICATE not in body
        if response.status_code == 200 and response is list_api:
            assert response.json()["count"] == 0
    assert not PassportView.objects.filter(passport=passport).exists()


def test_a_missing_passport_or_organisation_answers_404(client):
    organisation = charity()
    client.force_login(member(organisation, "coordinator"))
    assert client.get(reverse("volunteers:sharing-org-passport", args=[organisation.pk, 999999])).status_code == 404
    assert client.get(reverse("volunteers:sharing-org-list", args=[999999])).status_code == 404
    api = APIClient()
    api.force_authenticate(member(organisation, "admin"))
    assert api.get(f"/api/v1/volunteering/organisations/{organisation.pk}/passports/999999/").status_code == 404


def test_anonymous_people_are_sent_to_sign_in_and_refused_by_the_api(client, passport):
    organisation = charity()
    share(passport, organisation)
    response = client.get(reverse("volunteers:sharing-org-passport", args=[organisation.pk, passport.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert APIClient().get(f"/api/v1/volunteering/organisations/{organisation.pk}/passports/").status_code == 403


def test_other_sections_only_shows_only_those_sections(client, passport):
    organisation = charity()
    share(passport, organisation, ["training"])
    client.force_login(member(organisation, "coordinator"))
    body = client.get(reverse("volunteers:sharing-org-passport", args=[organisation.pk, passport.pk])).content.decode()
    assert "Food hygiene level 2" in body
    assert CERTIFICATE not in body and "Enhanced DBS check" not in body
    api = APIClient()
    api.force_authenticate(member(organisation, "verifier"))
    data = api.get(f"/api/v1/volunteering/organisations/{organisation.pk}/passports/{passport.pk}/").json()
    assert data["sections"] == ["training"]
    assert set(data["credentials"]) == {"training"}
    assert "profile" not in data and "references" not in data and "history" not in data
    assert CERTIFICATE not in str(data)
    rows = api.get(f"/api/v1/volunteering/organisations/{organisation.pk}/passports/").json()["results"]
    assert rows[0]["dbs"] is None
