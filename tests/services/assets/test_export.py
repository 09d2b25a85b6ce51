"""The register as the planning data's asset-of-community-value dataset: exactly the specification's fields, the
dates of listings and moratoria, unsuccessful nominations with their reasons, and the stable download addresses."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from services.assets import export, services

from .factories import listed, nominated

pytestmark = pytest.mark.django_db
D = datetime.date

# The specification's fields, in its order (digital-land/specification, asset-of-community-value 1.0.0).
SPECIFICATION_FIELDS = ["reference", "name", "address-text", "description", "point", "geometry", "organisation",
                        "nomination-date", "nominating-group", "decision", "decision-date", "expiry-date",
                        "notification-to-sell-date", "interested-group", "protected-period-start-date", "notes",
                        "entry-date", "start-date", "end-date"]


def at(day):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo("Europe/London")),
                               tick=False)


def test_the_fields_are_exactly_the_specifications():
    assert list(export.FIELDS) == SPECIFICATION_FIELDS


def test_a_listed_pub_with_a_notice_and_a_bidder(town):
    with at(D(2027, 1, 4)):
        asset = nominated(town)
    with at(D(2027, 2, 1)):
        services.asset_decide(actor=town.officer, asset=asset, listed=True, reasons="The heart of Hendon.")
    with at(D(2027, 3, 1)):
        services.notice_record(actor=town.officer, asset=asset, notified_on=D(2027, 3, 1))
        services.bid_request(actor=town.officer, asset=asset, group_name="Friends of the Bell",
                             received_on=D(2027, 3, 1))
    with at(D(2027, 5, 1)):
        rows = export.entities()
    assert rows == [{
        "reference": asset.reference, "name": "The Blue Bell", "address-text": "14 Villette Road Sunderland",
        "description": "A pub with a function room", "point": "POINT (-1.3714 54.8961)", "geometry": "",
        "organisation": "statistical-geography:E08000024", "nomination-date": "2027-01-04",
        "nominating-group": asset.organisation.name, "decision": "successful", "decision-date": "2027-02-01",
        "expiry-date": "2032-01-31", "notification-to-sell-date": "2027-03-01",
        "interested-group": "Friends of the Bell", "protected-period-start-date": "2027-03-01", "notes": "",
        "entry-date": "2027-01-04", "start-date": "2027-01-04", "end-date": "",
    }]


def test_unsuccessful_nominations_carry_the_reasons_and_pending_ones_are_left_out(town):
    asset = nominated(town)
    nominated(town)
    services.asset_decide(actor=town.officer, asset=asset, listed=False, reasons="Its main use is parking.")
    [row] = export.entities()
    assert (row["decision"], row["notes"], row["expiry-date"], row["end-date"]) == (
        "unsuccessful", "Its main use is parking.", "", "")


def test_an_entry_ends_when_removed_or_when_its_five_years_are_over(town):
    with at(D(2027, 1, 4)):
        removed, expired = listed(town), listed(town)
        services.review_request_record(actor=town.officer, asset=removed, requested_on=D(2027, 1, 4))
    with at(D(2027, 2, 1)):
        services.review_decide(actor=town.officer, asset=removed, upheld=False, reasons="It closed years ago.")
    with at(D(2032, 1, 3)):
        rows = {row["reference"]: row for row in export.entities()}
        assert rows[expired.reference]["end-date"] == ""
    with at(D(2032, 1, 4)):
        rows = {row["reference"]: row for row in export.entities()}
    assert (rows[removed.reference]["end-date"], rows[removed.reference]["notes"]) == ("2027-02-01",
                                                                                      "It closed years ago.")
    assert rows[expired.reference]["end-date"] == "2032-01-03"


def test_a_boundary_is_a_multipolygon_and_the_register_code_names_the_council(town):
    town.organisation.register_code = "snd"
    town.organisation.save()
    asset = listed(town)
    square = {"type": "Polygon", "coordinates": [[[-1.372, 54.896], [-1.371, 54.896], [-1.371, 54.897],
                                                            [-1.372, 54.896]]]}
    from services.assets.models import Asset

    Asset.objects.filter(pk=asset.pk).update(boundary=square)
    [row] = export.entities()
    assert row["geometry"] == "MULTIPOLYGON (((-1.372 54.896, -1.371 54.896, -1.371 54.897, -1.372 54.896)))"
    assert row["organisation"] == "local-authority:SND"


def test_the_downloads_at_their_stable_addresses(client, town):
    listed(town)
    response = client.get("/services/assets-of-community-value/asset-of-community-value.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == SPECIFICATION_FIELDS and rows[0]["name"] == "The Blue Bell"
    body = client.get(reverse("services:asset-export-json")).json()
    assert body["dataset"] == "asset-of-community-value"
    assert list(body["entities"][0]) == SPECIFICATION_FIELDS
