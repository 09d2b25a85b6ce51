"""The holder's pages and API: sharing, changing, stopping, and reading who has seen the passport."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.organisations.factories import OrganisationFactory
from tests.volunteers.factories import PassportFactory
from volunteers.models import PassportView, Share
from volunteers.services.sharing import passport_view_record

from .helpers import charity, in_days, member, share

pytestmark = pytest.mark.django_db


def _date(day):
    return {"expires_on_0": str(day.day), "expires_on_1": str(day.month), "expires_on_2": str(day.year)}


def test_search_finds_verified_organisations(client):
    organisation = charity()
    client.force_login(PassportFactory().holder)
    response = client.get(reverse("volunteers:sharing-search"), {"q": "harbour"})
    assert response.status_code == 200
    assert reverse("volunteers:sharing-create", args=[organisation.pk]) in response.content.decode()


@pytest.mark.parametrize(("query", "message"), [
    ("", "Enter the name of the organisation"),
    ("Nowhere Trust", "No verified organisation matches"),
    ("Pop-up", "Pop-up Pantry has not been verified yet"),
    ("x" * 101, "100 characters or fewer"),
])
def test_search_explains_what_to_do(client, query, message):
    OrganisationFactory(name="Pop-up Pantry")
    client.force_login(PassportFactory().holder)
    response = client.get(reverse("volunteers:sharing-search"), {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_sharing_through_the_page_starts_a_passport_if_needed(client):
    organisation = charity()
    holder = PassportFactory.build().holder
    holder.save()
    client.force_login(holder)
    response = client.post(reverse("volunteers:sharing-create", args=[organisation.pk]),
                           {"sections": ["profile", "history"], **_date(in_days(60))})
    assert response.status_code == 302
    assert response.url == reverse("volunteers:sharing-check", args=[organisation.pk])
    assert not Share.objects.exists()
    response = client.post(response.url)
    assert response.status_code == 302 and response.url == reverse("volunteers:sharing-list")
    created = Share.objects.get(passport__holder=holder)
    assert created.sections == ["profile", "history"] and created.expires_on == in_days(60)
    listing = client.get(reverse("volunteers:sharing-list")).content.decode()
    assert "Harbour Food Bank" in listing and "Volunteering history" in listing


@pytest.mark.parametrize(("data", "message"), [
    ({"expires_on_0": "1", "expires_on_1": "1", "expires_on_2": "2099"}, "Select at least one part"),
    ({"sections": ["profile"]}, "Enter the date sharing ends"),
    ({"sections": ["profile"], "expires_on_0": "31", "expires_on_1": "2", "expires_on_2": "2027"}, "real date"),
    ({"sections": ["profile"], "expires_on_0": "1", "expires_on_1": "3"}, "must include a year"),
    ({"sections": ["profile"], "expires_on_0": "1", "expires_on_1": "3", "expires_on_2": "27"}, "4 numbers"),
    ({"sections": ["profile"], "expires_on_0": "1", "expires_on_1": "1", "expires_on_2": "2020"}, "in the future"),
    ({"sections": ["profile"], "expires_on_0": "1", "expires_on_1": "1", "expires_on_2": "2099"}, "no later than"),
    ({"sections": ["passwords"], "expires_on_0": "1", "expires_on_1": "1", "expires_on_2": "2099"},
     "Select parts of your passport from the list"),
])
def test_bad_share_input_gets_a_specific_error(client, data, message):
    organisation = charity()
    passport = PassportFactory()
    client.force_login(passport.holder)
    response = client.post(reverse("volunteers:sharing-create", args=[organisation.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Share.objects.exists()


def test_an_unverified_organisation_page_says_why_and_cannot_be_shared_with(client):
    organisation = OrganisationFactory(name="Pop-up Pantry")
    client.force_login(PassportFactory().holder)
    response = client.post(reverse("volunteers:sharing-create", args=[organisation.pk]),
                           {"sections": ["profile"], **_date(in_days(5))})
    assert response.status_code == 200
    assert "Pop-up Pantry has not been verified yet" in response.content.decode()
    assert not Share.objects.exists()
    assert client.get(reverse("volunteers:sharing-create", args=[999999])).status_code == 404


def test_changing_and_stopping_a_share(client):
    passport, organisation = PassportFactory(), charity()
    current = share(passport, organisation, ["profile"])
    client.force_login(passport.holder)
    response = client.post(reverse("volunteers:sharing-change", args=[current.pk]),
                           {"sections": ["dbs"], **_date(in_days(10))})
    assert response.status_code == 302
    current.refresh_from_db()
    assert current.sections == ["dbs"] and current.expires_on == in_days(10)
    assert client.get(reverse("volunteers:sharing-revoke", args=[current.pk])).status_code == 200
    assert client.post(reverse("volunteers:sharing-revoke", args=[current.pk])).status_code == 302
    current.refresh_from_db()
    assert current.revoked_at is not None
    # An ended share cannot be changed or stopped again.
    assert client.get(reverse("volunteers:sharing-change", args=[current.pk])).status_code == 404
    assert client.post(reverse("volunteers:sharing-revoke", args=[current.pk])).status_code == 404


def test_other_people_cannot_change_or_stop_a_share(client):
    passport, organisation = PassportFactory(), charity()
    current = share(passport, organisation, ["profile"])
    for person in (PassportFactory().holder, member(organisation, "admin")):
        client.force_login(person)
        assert client.get(reverse("volunteers:sharing-change", args=[current.pk])).status_code == 404
        assert client.post(reverse("volunteers:sharing-revoke", args=[current.pk])).status_code == 404
    current.refresh_from_db()
    assert current.revoked_at is None


def test_the_access_log_page_lists_who_looked_and_pages(client):
    passport, organisation = PassportFactory(), charity()
    viewer = member(organisation, "coordinator")
    viewer.full_name = "Sam Taylor"
    viewer.save()
    for _ in range(27):
        passport_view_record(viewer=viewer, organisation=organisation, passport=passport, sections=["dbs"],
                             channel="api")
    client.force_login(passport.holder)
    first = client.get(reverse("volunteers:sharing-access-log")).content.decode()
    assert "Sam Taylor" in first and "Harbour Food Bank" in first and "DBS checks" in first
    assert "Through the API" in first and first.count("Sam Taylor") == 25
    second = client.get(reverse("volunteers:sharing-access-log"), {"page": "2"}).content.decode()
    assert second.count("Sam Taylor") == 2
    # A nonsense page number shows a page rather than failing.
    assert client.get(reverse("volunteers:sharing-access-log"), {"page": "x"}).status_code == 200


def test_the_holder_looking_is_not_logged_and_others_logs_are_private(client):
    passport, organisation = PassportFactory(), charity()
    assert passport_view_record(viewer=passport.holder, organisation=None, passport=passport,
                                sections=["profile"]) is None
    passport_view_record(viewer=member(organisation, "admin"), organisation=organisation, passport=passport,
                         sections=["profile"])
    client.force_login(PassportFactory().holder)
    assert "Harbour Food Bank" not in client.get(reverse("volunteers:sharing-access-log")).content.decode()
    with pytest.raises(ValueError):
        passport_view_record(viewer=None, organisation=organisation, passport=passport, sections=[], channel="fax")


class TestSharesAPI:
    def _api(self, user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    def test_create_list_change_and_stop(self):
        passport, organisation = PassportFactory(), charity()
        api = self._api(passport.holder)
        created = api.post("/api/v1/passport/shares/", {"organisation": organisation.pk, "sections": ["dbs"],
                                                        "expires_on": in_days(30).isoformat()}, format="json")
        assert created.status_code == 201, created.json()
        pk = created.json()["id"]
        assert api.get("/api/v1/passport/shares/").json()["results"][0]["organisation"]["name"] == "Harbour Food Bank"
        changed = api.patch(f"/api/v1/passport/shares/{pk}/", {"sections": ["profile", "dbs"]}, format="json")
        assert changed.status_code == 200 and changed.json()["sections"] == ["profile", "dbs"]
        assert api.delete(f"/api/v1/passport/shares/{pk}/").status_code == 204
        assert api.get(f"/api/v1/passport/shares/{pk}/").json()["in_force"] is False
        assert api.delete(f"/api/v1/passport/shares/{pk}/").status_code == 404

    @pytest.mark.parametrize(("payload", "field", "fragment"), [
        ({"organisation": "missing"}, "organisation", "Give the id"),
        ({"organisation": "abc"}, "organisation", "whole number"),
        ({"organisation": 999999}, "organisation", "No organisation has that id"),
        ({"sections": "dbs"}, "sections", "as a list"),
        ({"sections": []}, "sections", "at least one"),
        ({"sections": ["secrets"]}, "sections[0]", "Select parts of the passport from"),
        ({"expires_on": "31/03/2027"}, "expires_on", "YYYY-MM-DD"),
        ({"expires_on": "2001-01-01"}, "expires_on", "in the future"),
        ({"unverified": True}, "organisation", "has not been verified yet"),
    ])
    def test_bad_input(self, payload, field, fragment):
        passport, organisation = PassportFactory(), charity()
        if payload.pop("unverified", False):
            organisation = OrganisationFactory()
        body = {"organisation": organisation.pk, "sections": ["profile"], "expires_on": in_days(9).isoformat()}
        body.update(payload)
        if body["organisation"] == "missing":
            body.pop("organisation")
        response = self._api(passport.holder).post("/api/v1/passport/shares/", body, format="json")
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert any(error["field"] == field and fragment in error["message"] for error in errors), errors
        assert not Share.objects.exists()

    def test_patch_with_nothing_or_bad_values(self):
        passport, organisation = PassportFactory(), charity()
        current = share(passport, organisation, ["profile"])
        api = self._api(passport.holder)
        assert api.patch(f"/api/v1/passport/shares/{current.pk}/", {}, format="json").status_code == 400
        response = api.patch(f"/api/v1/passport/shares/{current.pk}/", {"expires_on": "2001-01-01"}, format="json")
        assert response.status_code == 400 and "in the future" in str(response.json())

    def test_other_people_get_404_and_anonymous_403(self):
        passport, organisation = PassportFactory(), charity()
        current = share(passport, organisation, ["profile"])
        for person in (PassportFactory().holder, member(organisation, "admin")):
            api = self._api(person)
            assert api.get(f"/api/v1/passport/shares/{current.pk}/").status_code == 404
            assert api.patch(f"/api/v1/passport/shares/{current.pk}/", {"sections": ["dbs"]},
                             format="json").status_code == 404
            assert api.delete(f"/api/v1/passport/shares/{current.pk}/").status_code == 404
            assert api.get("/api/v1/passport/shares/").json()["count"] == 0
        for path in ("/api/v1/passport/shares/", "/api/v1/passport/access-log/"):
            assert APIClient().get(path).status_code == 403

    def test_access_log(self):
        passport, organisation = PassportFactory(), charity()
        viewer = member(organisation, "verifier")
        passport_view_record(viewer=viewer, organisation=organisation, passport=passport, sections=["dbs", "profile"])
        data = self._api(passport.holder).get("/api/v1/passport/access-log/").json()
        assert data["count"] == 1
        row = data["results"][0]
        assert row["organisation"]["name"] == "Harbour Food Bank" and row["sections"] == ["profile", "dbs"]
        assert row["channel"] == "page" and row["viewer"] == viewer.display_name
        assert self._api(viewer).get("/api/v1/passport/access-log/").json()["count"] == 0
        assert PassportView.objects.count() == 1
