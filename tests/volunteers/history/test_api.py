"""The hours API: the holder's hours, and the organisation's queue for its coordinators."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.accounts.factories import UserFactory
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    VerifiedOrganisationFactory,
)
from tests.volunteers.factories import CauseFactory
from volunteers.models import HoursEntry, HoursStatus

from .factories import HoursEntryFactory

URL = "/api/v1/passport/hours/"
YESTERDAY = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def queue_url(organisation):
    return f"/api/v1/volunteering/organisations/{organisation.pk}/hours/"


def test_the_holder_logs_and_lists_hours(holder, organisation):
    cause = CauseFactory(slug="food-poverty")
    response = api(holder).post(URL, {"date": YESTERDAY, "hours": "1.75", "organisation": organisation.pk,
                                      "cause": "food-poverty", "description": "Sorting"}, format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "unconfirmed" and response.json()["cause"] == cause.slug
    HoursEntryFactory()  # someone else's
    listed = api(holder).get(URL).json()
    assert listed["count"] == 1 and listed["results"][0]["organisation"]["name"] == organisation.name


@pytest.mark.parametrize(("data", "field"), [
    ({"hours": "2"}, "date"),
    ({"date": "27/03/2025", "hours": "2"}, "date"),
    ({"date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(), "hours": "2"}, "date"),
    ({"date": YESTERDAY}, "hours"),
    ({"date": YESTERDAY, "hours": "0.1"}, "hours"),
    ({"date": YESTERDAY, "hours": "24.5"}, "hours"),
    ({"date": YESTERDAY, "hours": "1.125"}, "hours"),
    ({"date": YESTERDAY, "hours": "many"}, "hours"),
    ({"date": YESTERDAY, "hours": "2", "organisation": 999999}, "organisation"),
    ({"date": YESTERDAY, "hours": "2", "organisation": "abc"}, "organisation"),
    ({"date": YESTERDAY, "hours": "2", "cause": "no-such-cause"}, "cause"),
    ({"date": YESTERDAY, "hours": "2", "description": "x" * 301}, "description"),
])
def test_log_bad_input(holder, data, field):
    response = api(holder).post(URL, data, format="json")
    assert response.status_code == 400
    assert field in {error["field"] for error in response.json()["errors"]}
    assert not HoursEntry.objects.exists()


def test_an_unverified_organisation_is_refused(holder):
    response = api(holder).post(URL, {"date": YESTERDAY, "hours": "2", "organisation": OrganisationFactory().pk},
                                format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "organisation"


def test_who_may_not_log(db):
    assert api().get(URL).status_code == 403
    assert api().post(URL, {"date": YESTERDAY, "hours": "2"}, format="json").status_code == 403
    response = api(UserFactory(verified=False)).post(URL, {"date": YESTERDAY, "hours": "2"}, format="json")
    assert response.status_code == 403 and "Confirm your email address" in response.json()["message"]
    assert not HoursEntry.objects.exists()


def test_coordinators_list_confirm_and_decline(organisation, coordinator, passport):
    first = HoursEntryFactory(passport=passport, organisation=organisation, hours="3")
    second = HoursEntryFactory(passport=passport, organisation=organisation)
    HoursEntryFactory()  # another organisation's
    listed = api(coordinator).get(queue_url(organisation)).json()
    assert {row["id"] for row in listed["results"]} == {first.pk, second.pk}
    assert listed["results"][0]["volunteer"] == "Amira Khan"
    bad = api(coordinator).post(f"{queue_url(organisation)}{first.pk}/confirm/", {"hours": "0"}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "hours"
    done = api(coordinator).post(f"{queue_url(organisation)}{first.pk}/confirm/", {"hours": "2.5"}, format="json")
    assert done.status_code == 200 and done.json()["hours"] == "2.50" and done.json()["status"] == "confirmed"
    declined = api(coordinator).post(f"{queue_url(organisation)}{second.pk}/decline/", {"reason": "Not us"},
                                     format="json")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    # Decided entries are no longer in the queue.
    again = api(coordinator).post(f"{queue_url(organisation)}{first.pk}/confirm/", {}, format="json")
    assert again.status_code == 404
    assert api(coordinator).get(queue_url(organisation)).json()["count"] == 0


def test_confirm_without_hours_keeps_the_logged_hours(organisation, org_admin):
    entry = HoursEntryFactory(organisation=organisation, hours="4")
    response = api(org_admin).post(f"{queue_url(organisation)}{entry.pk}/confirm/", {}, format="json")
    assert response.status_code == 200 and response.json()["hours"] == "4.00"


def test_who_may_not_see_or_decide(organisation, passport):
    entry = HoursEntryFactory(passport=passport, organisation=organisation)
    outsiders = [
        MembershipFactory(organisation=VerifiedOrganisationFactory(), roles=["coordinator"]).user,
        MembershipFactory(organisation=organisation, roles=["verifier"]).user,
        passport.holder, UserFactory(),
    ]
    for person in outsiders:
        assert api(person).get(queue_url(organisation)).status_code == 404
        for action in ("confirm", "decline"):
            assert api(person).post(f"{queue_url(organisation)}{entry.pk}/{action}/", {}, format="json"
                                    ).status_code == 404
    assert api().get(queue_url(organisation)).status_code == 403
    assert api(outsiders[0]).get("/api/v1/volunteering/organisations/999999/hours/").status_code == 404
    entry.refresh_from_db()
    assert entry.status == HoursStatus.UNCONFIRMED


def test_the_queue_endpoint_does_not_grow_queries_with_rows(organisation, coordinator, django_assert_max_num_queries):
    HoursEntryFactory(organisation=organisation)
    api_client = api(coordinator)
    api_client.get(queue_url(organisation))
    with django_assert_max_num_queries(10) as few:
        api_client.get(queue_url(organisation))
    HoursEntryFactory.create_batch(15, organisation=organisation, cause=CauseFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api_client.get(queue_url(organisation)).json()["count"] == 16


def test_the_holders_list_does_not_grow_queries_with_rows(holder, passport, django_assert_max_num_queries):
    HoursEntryFactory(passport=passport)
    api_client = api(holder)
    api_client.get(URL)
    with django_assert_max_num_queries(10) as few:
        api_client.get(URL)
    for _ in range(10):
        HoursEntryFactory(passport=passport, organisation=VerifiedOrganisationFactory(), cause=CauseFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api_client.get(URL).json()["count"] == 11
