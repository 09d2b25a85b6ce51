"""Needs API: charities' own systems post needs and shifts (one, a list or CSV), with errors and 404s."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from covenant.audit.models import AuditEntry
from tests.accounts.factories import UserFactory
from tests.volunteers.factories import NeedFactory, PassportFactory, ShiftFactory, SkillFactory
from volunteers.models import Booking, BookingStatus, Need, NeedStatus, Shift

from .helpers import coordinator_of, known_postcode

pytestmark = pytest.mark.django_db


@pytest.fixture
def need():
    return NeedFactory(status=NeedStatus.DRAFT)


@pytest.fixture
def api(need):
    client = APIClient()
    client.force_authenticate(coordinator_of(need.organisation))
    return client


def _url(name, need, *extra):
    args = [need.organisation.pk] if name == "list" else [need.organisation.pk, need.pk, *extra]
    return reverse(f"api:needs-api-{name}", args=args)


def _iso(days=3, hour=9):
    return (timezone.now() + datetime.timedelta(days=days)).replace(hour=hour, minute=0, second=0,
                                                                    microsecond=0).isoformat()


def test_list_and_create(api, need):
    known_postcode()
    skill = SkillFactory(slug="first-aid")
    assert api.get(_url("list", need)).json()["count"] == 1
    response = api.post(_url("list", need), {
        "title": "Driver", "description": "Deliver parcels", "activity_type": "driving", "location_kind": "postcode",
        "postcode": "sr1 1ad", "skills": ["first-aid"], "checks": [{"kind": "identity"}], "minimum_age": 21,
    }, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["postcode"] == "SR1 1AD" and body["skills"] == [skill.slug]
    assert body["checks"][0]["kind"] == "identity"


@pytest.mark.parametrize("data, field, message", [
    ({"skills": ["first-aid", "juggling"]}, "skills",
     "These are not skills we know: juggling. Use skill slugs from the list of skills"),
    ({"postcode": "SW1A 2AB"}, "postcode", "We cannot find that postcode. Check it and enter it again, like SW1A 1AA"),
    ({"activity_type": "nothing"}, "activity_type", "Give a type of activity from the list, like practical"),
    ({"checks": [{"kind": "dbs"}]}, "checks", "Check 1: select the level of DBS check"),
    ({"minimum_age": 5}, "minimum_age", "Minimum age must be 14 or more"),
])
def test_create_bad_input(api, need, data, field, message):
    known_postcode()
    SkillFactory(slug="first-aid")
    base = {"title": "Driver", "description": "Deliver parcels", "activity_type": "driving",
            "location_kind": "postcode", "postcode": "SR1 1AD"}
    response = api.post(_url("list", need), {**base, **data}, format="json")
    assert response.status_code == 400
    assert {"field": field, "message": message} in [
        {"field": error["field"], "message": error["message"]} for error in response.json()["errors"]]
    assert Need.objects.count() == 1


def test_read_and_patch(api, need):
    assert api.get(_url("detail", need)).json()["title"] == need.title
    response = api.patch(_url("detail", need), {"title": "Renamed", "location_kind": "remote",
                                                "checks": [{"kind": "training", "title": "Manual handling"}]},
                         format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Renamed" and response.json()["latitude"] is None
    assert response.json()["checks"][0]["title"] == "Manual handling"
    assert api.patch(_url("detail", need), {"title": ""}, format="json").status_code == 400


def test_what_volunteers_get(api, need):
    known_postcode()
    response = api.patch(_url("detail", need), {"expenses_reimbursed": True, "training_provided": True}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["expenses_reimbursed"] is True and response.json()["training_provided"] is True
    response = api.patch(_url("detail", need), {"expenses_reimbursed": "perhaps"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "expenses_reimbursed"
    need.refresh_from_db()
    assert need.expenses_reimbursed is True


def test_transitions(api, need):
    response = api.post(_url("publish", need))
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "Add at least one shift in the future before you publish the need"
    ShiftFactory(need=need)
    assert api.post(_url("publish", need)).json()["status"] == "published"
    assert api.post(_url("pause", need)).json()["status"] == "paused"
    assert api.post(_url("close", need)).json()["status"] == "closed"
    assert api.post(_url("close", need)).status_code == 400
    assert api.post(_url("reopen", need)).json()["status"] == "draft"


def test_add_one_shift(api, need):
    response = api.post(_url("shifts", need), {"starts_at": _iso(), "ends_at": _iso(hour=12), "places": 3},
                        format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["places"] == 3 and response.json()["booked"] == 0
    assert api.get(_url("shifts", need)).json()["count"] == 1


@pytest.mark.parametrize("data, field, message", [
    ({"starts_at": _iso(hour=12), "ends_at": _iso(hour=9), "places": 3}, "ends_at", "The end must be after the start"),
    ({"starts_at": _iso(days=-3), "ends_at": _iso(days=-3, hour=12), "places": 3}, "starts_at",
     "The start must be in the future"),
    ({"starts_at": _iso(), "ends_at": _iso(hour=12), "places": -2}, "places", "Places must be between 1 and 1,000"),
    ({"starts_at": "tomorrow", "ends_at": _iso(hour=12), "places": 2}, "starts_at",
     "Give the start as a date and time, like 2026-12-01T09:00:00Z"),
])
def test_add_one_shift_bad_input(api, need, data, field, message):
    response = api.post(_url("shifts", need), data, format="json")
    assert response.status_code == 400
    assert {"field": field, "message": message} in [
        {"field": error["field"], "message": error["message"]} for error in response.json()["errors"]]
    assert not Shift.objects.exists()


def test_bulk_list_all_or_nothing(api, need):
    good = {"starts_at": _iso(), "ends_at": _iso(hour=12), "places": 3}
    bad = {"starts_at": _iso(hour=12), "ends_at": _iso(hour=9), "places": 3}
    response = api.post(_url("shifts", need), [good, bad], format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "Row 2: The end must be after the start"
    assert not Shift.objects.exists()
    response = api.post(_url("shifts", need), [good, {**good, "places": "x"}], format="json")
    assert response.json()["errors"][0]["field"] == "[1].places"
    response = api.post(_url("shifts", need), [good, good], format="json")
    assert response.status_code == 201 and len(response.json()) == 2


def test_bulk_csv(api, need):
    year = timezone.localdate().year + 1
    body = f"start,end,places\n{year}-05-01 09:00,{year}-05-01 12:00,2\n{year}-05-02 09:00,{year}-05-02 12:00,4\n"
    response = api.generic("POST", _url("shifts", need), body.encode(), content_type="text/csv")
    assert response.status_code == 201, response.json()
    assert [shift["places"] for shift in response.json()] == [2, 4]


@pytest.mark.parametrize("body, message", [
    (b"begin,end,places\n", "The first line must name the columns start, end, places (missing start; not expected begin)"),
    ("start,end,places\n".encode("utf-16"), "The file must be saved as UTF-8"),
    (b"start,end,places\n2030-01-01 09:00,2030-01-01 12:00,lots\n", "Line 2: places must be a whole number, like 4, not “lots”"),
])
def test_bulk_csv_bad_input(api, need, body, message):
    response = api.generic("POST", _url("shifts", need), body, content_type="text/csv; charset=utf-8")
    assert response.status_code == 400
    assert message in response.json()["errors"][0]["message"]
    assert not Shift.objects.exists()


def test_patch_and_delete_shift(api, need):
    shift = ShiftFactory(need=need, places=4)
    Booking.objects.create(shift=shift, passport=PassportFactory(), status=BookingStatus.ACCEPTED)
    Booking.objects.create(shift=shift, passport=PassportFactory(), status=BookingStatus.OFFERED)
    response = api.patch(_url("shift", need, shift.pk), {"places": 1}, format="json")
    assert response.status_code == 400
    assert "Places must be 2 or more" in response.json()["errors"][0]["message"]
    assert api.patch(_url("shift", need, shift.pk), {"places": 2}, format="json").json()["places"] == 2
    assert api.delete(_url("shift", need, shift.pk)).status_code == 400
    Booking.objects.update(status=BookingStatus.CANCELLED)
    assert api.delete(_url("shift", need, shift.pk)).status_code == 204
    assert AuditEntry.objects.filter(action="volunteers.shift_removed").exists()


@pytest.mark.parametrize("who", ["anonymous", "stranger", "other_coordinator"])
def test_who_may_not(need, who):
    client = APIClient()
    if who != "anonymous":
        client.force_authenticate(UserFactory() if who == "stranger" else coordinator_of())
    shift = ShiftFactory(need=need)
    expected = 403 if who == "anonymous" else 404
    assert client.get(_url("list", need)).status_code == expected
    assert client.post(_url("list", need), {"title": "x"}, format="json").status_code == expected
    assert client.get(_url("detail", need)).status_code == expected
    assert client.patch(_url("detail", need), {"title": "x"}, format="json").status_code == expected
    assert client.post(_url("publish", need)).status_code == expected
    assert client.post(_url("shifts", need), {}, format="json").status_code == expected
    assert client.delete(_url("shift", need, shift.pk)).status_code == expected
    need.refresh_from_db()
    assert need.status == NeedStatus.DRAFT and Shift.objects.exists()


def test_need_of_another_organisation_is_404(api, need):
    other = NeedFactory()
    url = reverse("api:needs-api-detail", args=[need.organisation.pk, other.pk])
    assert api.get(url).status_code == 404
    assert api.get(_url("shift", need, ShiftFactory().pk)).status_code == 404
