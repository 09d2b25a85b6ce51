"""Assets of community value through the real views: nominating as a group of 21 through the task list, the
public register, map and unsuccessful list, the asset's dates, asking to bid, the council's pages, and 404 for
everyone who may not see them."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from covenant.organisations.models import OrganisationType
from services.assets import services
from services.assets.models import Asset, AssetStatus, BidRequest
from services.following import is_following
from tests.services.factories import council

from .factories import ANSWERS, LATITUDE, LONGITUDE, draft, listed, local_postcodes, nominated

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo("Europe/London")),
                               tick=False)


def url(name, **kwargs):
    return reverse(f"services:asset-{name}", kwargs=kwargs)


def test_a_group_of_21_nominates_a_pub_through_the_task_list(client, town):
    person = town.resident()
    client.force_login(person)
    assert client.get(url("register")).status_code == 200
    response = client.post(url("start"), {"council": town.organisation.pk})
    asset = Asset.objects.get()
    assert response.url == url("tasks", pk=asset.pk)
    response = client.post(url("nominator", pk=asset.pk), {
        "kind": "group", "group_name": "Friends of the Bell", "not_for_profit": "on", "local_connection": "on"})
    assert response.url == url("members", pk=asset.pk)
    lines = "\n".join(f"Neighbour {n}, {postcode}" for n, postcode in enumerate(local_postcodes(town, 21)))
    assert client.post(url("members", pk=asset.pk), {"members": lines}).status_code == 302
    land = {key: ANSWERS[key] for key in ("name", "description", "address")}
    assert client.post(url("land", pk=asset.pk), {**land, "postcode": town.inside.postcode}).status_code == 302
    assert client.post(url("location", pk=asset.pk), {"latitude": str(LATITUDE),
                                                      "longitude": str(LONGITUDE)}).status_code == 302
    assert client.post(url("owner", pk=asset.pk), {"owner_known": "no"}).status_code == 302
    assert client.post(url("reasons", pk=asset.pk), {"current_use": ANSWERS["current_use"],
                                                     "future_use": ANSWERS["future_use"]}).status_code == 302
    page = client.get(url("check", pk=asset.pk)).content.decode()
    assert "21 members living in the area" in page
    response = client.post(url("check", pk=asset.pk))
    assert response.url == url("detail", pk=asset.pk)
    asset.refresh_from_db()
    assert asset.status == AssetStatus.NOMINATED and asset.nominator_name == "Friends of the Bell"


def test_a_member_outside_the_area_is_named_on_the_members_page(client, town):
    person = town.resident()
    client.force_login(person)
    client.post(url("start"), {"council": town.organisation.pk})
    asset = Asset.objects.get()
    client.post(url("nominator", pk=asset.pk), {"kind": "group", "group_name": "Friends", "not_for_profit": "on",
                                                "local_connection": "on"})
    lines = f"Sam Smith, {town.outside.postcode}\nNo Comma Here"
    page = client.post(url("members", pk=asset.pk), {"members": lines}).content.decode()
    assert "Line 1, Sam Smith: SU9 9ZZ is outside Sunderland" in page
    assert "Line 2: enter the member&#x27;s full name" in page


def test_an_ineligible_organisation_is_told_why(client, town):
    from tests.services.challenge.factories import organisation_admin

    person, business = organisation_admin(type=OrganisationType.BUSINESS, name="Pub Chain Ltd")
    asset = services.asset_start(actor=person, council=town.organisation)
    client.force_login(person)
    page = client.post(url("nominator", pk=asset.pk), {"kind": "organisation", "organisation": business.pk,
                                                       "local_connection": "on"}).content.decode()
    assert "Pub Chain Ltd is registered as “Business”" in page


def test_missing_answers_link_to_their_pages(client, town):
    asset = draft(town, answers=False)
    client.force_login(asset.created_by)
    page = client.post(url("check", pk=asset.pk)).content.decode()
    assert f'href="{url("location", pk=asset.pk)}"' in page and "Say where the land or building is" in page


def test_a_bad_location_is_shown_against_its_field(client, town):
    asset = draft(town, answers=False)
    client.force_login(asset.created_by)
    page = client.post(url("location", pk=asset.pk), {"latitude": "48.85", "longitude": "2.35"}).content.decode()
    assert "The point must be in the UK" in page
    page = client.post(url("location", pk=asset.pk), {"boundary": "not json"}).content.decode()
    assert "Enter the area as GeoJSON" in page


def test_the_register_shows_listed_assets_on_the_map_and_the_unsuccessful_on_their_own_list(client, town):
    with at(D(2027, 3, 1)):
        pub = listed(town)
        car_park = nominated(town)
        services.asset_decide(actor=town.officer, asset=car_park, listed=False, reasons="Its main use is parking.")
        page = client.get(url("register")).content.decode()
    assert "The Blue Bell" in page and "Listed until 29 February 2032" in page
    data = json.loads(page.split('type="application/json">')[1].split("</script>")[0])
    assert data[0]["name"] == "The Blue Bell" and data[0]["geometry"]["type"] == "Polygon"
    assert data[0]["url"] == url("detail", pk=pub.pk)
    unsuccessful = client.get(url("unsuccessful")).content.decode()
    assert "Its main use is parking." in unsuccessful


def test_the_asset_page_shows_the_moratorium_dates(client, town):
    with at(D(2026, 12, 1)):
        asset = listed(town)
    with at(D(2027, 3, 1)):
        services.notice_record(actor=town.officer, asset=asset, notified_on=D(2027, 3, 1))
        page = client.get(url("detail", pk=asset.pk)).content.decode()
    assert "Interim moratorium: the owner cannot sell until 11 April 2027" in page
    assert "31 August 2028" in page and "Does not apply unless a community group asks to bid" in page
    assert ANSWERS["owner_name"] not in page  # the owner is not public


def test_a_resident_asks_to_bid_during_the_interim_moratorium_only(client, town):
    with at(D(2026, 12, 1)):
        asset = listed(town)
    with at(D(2027, 3, 1)):
        services.notice_record(actor=town.officer, asset=asset, notified_on=D(2027, 3, 1))
    with at(D(2027, 4, 11)):
        person = town.resident()
        client.force_login(person)
        assert "Ask to bid" in client.get(url("detail", pk=asset.pk)).content.decode()
        assert "Choose an organisation or enter the name" in client.post(url("bid", pk=asset.pk), {}).content.decode()
        response = client.post(url("bid", pk=asset.pk), {"group_name": "Friends of the Bell"})
        assert response.url == url("detail", pk=asset.pk)
        page = client.get(url("detail", pk=asset.pk)).content.decode()
        assert "Full moratorium: the owner cannot sell until 31 August 2027" in page
    with at(D(2027, 4, 12)):
        client.force_login(town.resident())
        assert "Ask to bid" not in client.get(url("detail", pk=asset.pk)).content.decode()
        page = client.post(url("bid", pk=asset.pk), {"group_name": "Late Group"}).content.decode()
        assert "The request is out of time" in page
    assert BidRequest.objects.count() == 1


def test_following_an_asset(client, town):
    asset = nominated(town)
    person = town.resident()
    client.force_login(person)
    client.post(url("follow", pk=asset.pk))
    assert is_following(person, asset)


def test_drafts_are_404_to_everyone_but_their_nominator(client, town):
    asset = draft(town)
    for person in (town.resident(), town.officer):
        client.force_login(person)
        for name in ("detail", "tasks", "land", "location", "owner", "reasons", "check", "nominator"):
            assert client.get(url(name, pk=asset.pk)).status_code == 404, name
    client.force_login(asset.created_by)
    assert client.get(url("members", pk=asset.pk)).status_code == 404  # an organisation names no members


def test_the_council_decides_and_records_through_its_pages(client, town):
    with at(D(2027, 3, 1)):
        asset = nominated(town)
    with at(D(2027, 4, 27)):
        client.force_login(town.officer)
        queue = client.get(url("queue")).content.decode()
        assert "Overdue by 1 day" in queue
        page = client.get(url("council", pk=asset.pk)).content.decode()
        assert ANSWERS["owner_name"] in page
        assert "Select whether the asset is listed" in client.post(url("decide", pk=asset.pk), {
            "reasons": "Yes"}).content.decode()
        client.post(url("decide", pk=asset.pk), {"listed": "yes", "reasons": "The heart of Hendon."})
        asset.refresh_from_db()
        assert asset.status == AssetStatus.LISTED
        page = client.post(url("notice", pk=asset.pk), {"notified_on_0": "28", "notified_on_1": "4",
                                                        "notified_on_2": "2027"}).content.decode()
        assert "The date must be today or in the past" in page
        client.post(url("notice", pk=asset.pk), {"notified_on_0": "27", "notified_on_1": "4", "notified_on_2": "2027"})
        client.post(url("bid-record", pk=asset.pk), {"group_name": "Friends", "received_on_0": "27",
                                                     "received_on_1": "4", "received_on_2": "2027"})
        client.post(url("review-request", pk=asset.pk), {"requested_on_0": "27", "requested_on_1": "4",
                                                         "requested_on_2": "2027"})
        client.post(url("review-decide", pk=asset.pk), {"upheld": "yes", "reasons": "It is still a pub."})
    asset.refresh_from_db()
    assert asset.notices.get().bid_requests.get().group_name == "Friends"
    assert asset.review_upheld is True and asset.status == AssetStatus.LISTED


def test_the_councils_pages_are_404_to_everyone_else(client, town):
    asset = nominated(town)
    other = council("E08000021", "Newcastle")
    for person in (other.officer, asset.created_by, town.resident()):
        client.force_login(person)
        for name in ("council", "decide", "notice", "review-request", "review-decide", "bid-record"):
            assert client.get(url(name, pk=asset.pk)).status_code == 404, (name, person)
    client.force_login(town.resident())
    assert client.get(url("queue")).status_code == 404
    assert client.get(url("bid", pk=asset.pk)).status_code == 404  # not listed, nothing to bid for


def _queries(client, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_more_assets_cost_the_register_the_queue_and_the_export_no_more_queries(client, town):
    with at(D(2027, 3, 1)):
        services.notice_record(actor=town.officer, asset=listed(town), notified_on=D(2027, 3, 1))
        client.force_login(town.officer)
        before = [_queries(client, url(name)) for name in ("register", "queue", "export-json")]
        for _ in range(3):
            asset = listed(town)
            services.notice_record(actor=town.officer, asset=asset, notified_on=D(2027, 3, 1))
            services.bid_request(actor=town.officer, asset=asset, group_name="Friends", received_on=D(2027, 3, 1))
        assert [_queries(client, url(name)) for name in ("register", "queue", "export-json")] == before
