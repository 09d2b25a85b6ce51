"""The references API: the holder's own requests (confidential answers hidden) and an organisation's view."""

import pytest
from rest_framework.test import APIClient

from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory, VerifiedOrganisationFactory
from volunteers.models import PassportView, Reference, ReferenceStatus, Section

from .conftest import share
from .factories import ReferenceFactory

URL = "/api/v1/passport/references/"


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_holder_lists_their_requests_without_confidential_answers(holder, passport):
    ReferenceFactory(passport=passport, secret=True)
    open_reference = ReferenceFactory(passport=passport, answered=True)
    ReferenceFactory()  # someone else's
    response = api(holder).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    by_id = {row["id"]: row for row in body["results"]}
    assert by_id[open_reference.pk]["answer"]["comments"] == "Reliable and kind with everyone."
    [secret] = [row for row in body["results"] if row["confidential"]]
    assert secret["status"] == "answered" and secret["answer"] is None
    assert "SECRET" not in response.content.decode()


def test_create_withdraw_and_resend(holder, passport):
    response = api(holder).post(URL, {"referee_name": "Jo", "referee_email": "jo@example.org",
                                      "relationship": "Manager"}, format="json")
    assert response.status_code == 201 and response.json()["status"] == "requested"
    pk = response.json()["id"]
    assert "token" not in response.json() and "token_hash" not in response.json()
    assert api(holder).post(f"{URL}{pk}/resend/").status_code == 200
    response = api(holder).post(f"{URL}{pk}/withdraw/")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    again = api(holder).post(f"{URL}{pk}/withdraw/")
    assert again.status_code == 400 and again.json()["errors"][0]["message"] == "You have already withdrawn this request"


@pytest.mark.parametrize(("data", "field"), [
    ({}, "referee_name"),
    ({"referee_name": "Jo", "referee_email": "bad", "relationship": "x"}, "referee_email"),
    ({"referee_name": "Jo", "referee_email": "jo@example.org", "relationship": ""}, "relationship"),
    ({"referee_name": "x" * 201, "referee_email": "jo@example.org", "relationship": "x"}, "referee_name"),
])
def test_create_bad_input(holder, data, field):
    response = api(holder).post(URL, data, format="json")
    assert response.status_code == 400
    assert field in {error["field"] for error in response.json()["errors"]}
    assert not Reference.objects.exists()


def test_who_may_not_use_it(db, passport):
    reference = ReferenceFactory(passport=passport)
    assert api().get(URL).status_code == 403
    assert api().post(URL, {}).status_code == 403
    stranger = UserFactory()
    assert api(stranger).get(URL).json()["count"] == 0
    assert api(stranger).post(f"{URL}{reference.pk}/withdraw/").status_code == 404
    assert api(stranger).post(f"{URL}{reference.pk}/resend/").status_code == 404
    unconfirmed = UserFactory(verified=False)
    response = api(unconfirmed).post(URL, {"referee_name": "Jo", "referee_email": "jo@example.org",
                                           "relationship": "Manager"}, format="json")
    assert response.status_code == 403 and "Confirm your email address" in response.json()["message"]
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.REQUESTED


def test_organisation_view_needs_the_references_section_shared(passport, organisation, coordinator):
    ReferenceFactory(passport=passport, secret=True)
    url = f"/api/v1/volunteering/organisations/{organisation.pk}/passports/{passport.pk}/references/"
    assert api(coordinator).get(url).status_code == 404
    share(passport, organisation, sections=[Section.PROFILE])
    assert api(coordinator).get(url).status_code == 404
    share(passport, organisation)
    response = api(coordinator).get(url)
    assert response.status_code == 200 and response.json()["results"][0]["comments"].startswith("SECRET")
    assert PassportView.objects.get().channel == "api"
    outsider = MembershipFactory(organisation=VerifiedOrganisationFactory(), roles=["coordinator"]).user
    assert api(outsider).get(url).status_code == 404
    assert api().get(url).status_code == 403
    assert PassportView.objects.count() == 1
