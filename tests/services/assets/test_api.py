"""The assets of community value API: public records with every date but never the owner or the members, the
planning data's dataset, the officers' queue, and the council's and groups' writes with the API's error body."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient

from services.assets import export, services
from services.assets.models import AssetStatus
from tests.services.factories import council

from .factories import ANSWERS, draft, listed, nominated

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo("Europe/London")),
                               tick=False)


def api(person=None) -> APIClient:
    client = APIClient()
    if person is not None:
        client.force_authenticate(person)
    return client


def test_public_records_with_their_dates_never_the_owner(town):
    with at(D(2026, 12, 1)):
        asset = listed(town)
        draft(town)
    with at(D(2027, 3, 1)):
        services.notice_record(actor=town.officer, asset=asset, notified_on=D(2027, 3, 1))
        body = api().get("/api/v1/assets-of-community-value/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["reference"] == asset.reference and row["expires_on"] == "2031-11-30"
    assert row["moratorium"]["interim_ends_on"] == "2027-04-11" and row["moratorium"]["bid_requested"] is False
    assert row["moratorium"]["protected_ends_on"] == "2028-08-31"
    assert ANSWERS["owner_name"] not in str(body) and "members" not in row


def test_filters_and_their_bad_values(town):
    listed(town)
    assert api().get("/api/v1/assets-of-community-value/?status=listed&council=E08000024").json()["count"] == 1
    assert api().get("/api/v1/assets-of-community-value/?status=not_listed").json()["count"] == 0
    bad = api().get("/api/v1/assets-of-community-value/?status=draft")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "status"


def test_a_draft_is_nobodys_through_the_api(town):
    asset = draft(town)
    for person in (None, asset.created_by, town.officer):
        assert api(person).get(f"/api/v1/assets-of-community-value/{asset.pk}/").status_code == 404


def test_the_dataset_has_exactly_the_planning_fields(town):
    listed(town)
    body = api().get("/api/v1/assets-of-community-value/dataset/").json()
    assert body["dataset"] == "asset-of-community-value"
    assert [list(entity) for entity in body["entities"]] == [list(export.FIELDS)]


def test_the_queue_is_the_officers(town):
    nominated(town)
    assert api(town.officer).get("/api/v1/assets-of-community-value/queue/").json()["count"] == 1
    assert api(council("E08000021", "Newcastle").officer).get(
        "/api/v1/assets-of-community-value/queue/").json()["count"] == 0
    assert api(town.resident()).get("/api/v1/assets-of-community-value/queue/").status_code == 404


def test_the_council_lists_records_a_notice_and_a_group_asks_to_bid(town):
    with at(D(2027, 3, 1)):
        asset = nominated(town)
        base = f"/api/v1/assets-of-community-value/{asset.pk}"
        response = api(town.officer).post(f"{base}/decision/", {"listed": True, "reasons": "A pub."}, format="json")
        assert response.status_code == 200 and response.json()["status"] == AssetStatus.LISTED
        response = api(town.officer).post(f"{base}/notices/", {"notified_on": "2027-03-01"}, format="json")
        assert response.json()["moratorium"]["notified_on"] == "2027-03-01"
        response = api(town.resident()).post(f"{base}/bid-requests/", {"group_name": "Friends"}, format="json")
    assert response.status_code == 200
    assert response.json()["moratorium"]["ends_on"] == "2027-08-31"
    assert response.json()["moratorium"]["interested_groups"] == ["Friends"]


@pytest.mark.parametrize(("path", "data", "field"), [
    ("decision", {"reasons": "A pub."}, "listed"),
    ("decision", {"listed": True, "reasons": ""}, "reasons"),
    ("notices", {"notified_on": "yesterday"}, "notified_on"),
])
def test_bad_council_writes_answer_400_with_the_field(town, path, data, field):
    asset = nominated(town) if path == "decision" else listed(town)
    response = api(town.officer).post(f"/api/v1/assets-of-community-value/{asset.pk}/{path}/", data, format="json")
    assert response.status_code == 400
    assert field in {error["field"] for error in response.json()["errors"]}


def test_a_late_request_to_bid_answers_400(town):
    with at(D(2026, 12, 1)):
        asset = listed(town)
    with at(D(2027, 3, 1)):
        services.notice_record(actor=town.officer, asset=asset, notified_on=D(2027, 3, 1))
    with at(D(2027, 4, 12)):
        response = api(town.resident()).post(f"/api/v1/assets-of-community-value/{asset.pk}/bid-requests/",
                                             {"group_name": "Friends"}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "received_on"
    assert "out of time" in response.json()["errors"][0]["message"]


def test_only_the_council_writes_its_decisions(town):
    asset = nominated(town)
    path = f"/api/v1/assets-of-community-value/{asset.pk}/decision/"
    assert api().post(path, {"listed": True, "reasons": "A pub."}, format="json").status_code == 403
    for person in (town.resident(), asset.created_by, council("E08000021", "Newcastle").officer):
        assert api(person).post(path, {"listed": True, "reasons": "A pub."}, format="json").status_code == 404
