"""The rules of assets of community value, through the services: who may nominate, a group's 21 local members,
where the asset is, the council's decision and the owner's review, and the moratorium after a notice to sell."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from covenant.organisations.models import OrganisationType
from services.assets import selectors, services
from services.assets.models import (
    Asset,
    AssetStatus,
    BidRequest,
    DisposalNotice,
    GroupMember,
    NominatorKind,
)
from services.following import follow_add
from tests.services.challenge.factories import organisation_admin
from tests.services.factories import council

from .factories import ANSWERS, LATITUDE, LONGITUDE, draft, listed, members_in, nominated

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo("Europe/London")),
                               tick=False)


def audited(action: str) -> bool:
    return AuditEntry.objects.filter(action=action).exists()


def group_draft(town, person=None):
    person = person or town.resident()
    asset = services.asset_start(actor=person, council=town.organisation)
    services.asset_set_nominator(actor=person, asset=asset, kind=NominatorKind.GROUP, group_name="Friends of the Bell",
                                 not_for_profit=True, local_connection=True)
    asset.refresh_from_db()
    return asset


# Who nominates -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "extra"), [
    (OrganisationType.PARISH_COUNCIL, {}),  # no local connection needed
    (OrganisationType.REGISTERED_CHARITY, {"local_connection": True}),
    (OrganisationType.CIO, {"local_connection": True}),
    (OrganisationType.CIC, {"local_connection": True}),
    (OrganisationType.COMPANY, {"local_connection": True, "not_for_profit": True}),
    (OrganisationType.SOCIAL_ENTERPRISE, {"local_connection": True, "not_for_profit": True}),
])
def test_eligible_organisations_nominate(town, kind, extra):
    person, organisation = organisation_admin(type=kind)
    asset = services.asset_start(actor=person, council=town.organisation)
    services.asset_set_nominator(actor=person, asset=asset, kind=NominatorKind.ORGANISATION,
                                 organisation=organisation, **extra)
    asset.refresh_from_db()
    assert asset.nominator_name == organisation.name


@pytest.mark.parametrize(("kind", "extra", "message"), [
    (OrganisationType.BUSINESS, {"local_connection": True}, "Only parish councils, charities"),
    (OrganisationType.LOCAL_AUTHORITY, {"local_connection": True}, "Only parish councils, charities"),
    (OrganisationType.PUBLIC_BODY, {"local_connection": True}, "Only parish councils, charities"),
    (OrganisationType.INFORMAL_GROUP, {"local_connection": True}, "nominates as a group of at least 21"),
    (OrganisationType.FAITH_GROUP, {"local_connection": True}, "nominates as a group of at least 21"),
    (OrganisationType.COMPANY, {"local_connection": True}, "does not distribute any surplus"),
    (OrganisationType.REGISTERED_CHARITY, {}, "has a local connection"),
])
def test_who_may_not_nominate_is_told_why_and_the_refusal_audited(town, kind, extra, message):
    person, organisation = organisation_admin(type=kind)
    asset = services.asset_start(actor=person, council=town.organisation)
    with pytest.raises(ValidationError) as error:
        services.asset_set_nominator(actor=person, asset=asset, kind=NominatorKind.ORGANISATION,
                                     organisation=organisation, **extra)
    assert message in error.value.message_dict["organisation"][0]
    asset.refresh_from_db()
    assert asset.nominator_kind == "" and audited("services_assets.nominator_refused")


def test_an_unverified_organisation_cannot_nominate(town):
    person, organisation = organisation_admin(verified=False)
    asset = services.asset_start(actor=person, council=town.organisation)
    with pytest.raises(ValidationError) as error:
        services.asset_set_nominator(actor=person, asset=asset, kind=NominatorKind.ORGANISATION,
                                     organisation=organisation, local_connection=True)
    assert "has not been verified yet" in error.value.message_dict["organisation"][0]


def test_a_group_names_itself_and_makes_both_declarations(town):
    person = town.resident()
    asset = services.asset_start(actor=person, council=town.organisation)
    with pytest.raises(ValidationError) as error:
        services.asset_set_nominator(actor=person, asset=asset, kind=NominatorKind.GROUP, group_name=" ")
    assert error.value.message_dict == {"group_name": ["Enter the name of the group"]}
    with pytest.raises(ValidationError) as error:
        services.asset_set_nominator(actor=person, asset=asset, kind=NominatorKind.GROUP, group_name="Friends")
    assert set(error.value.message_dict) == {"not_for_profit", "local_connection"}


def test_only_councils_with_an_area_keep_a_list(town):
    person = town.resident()
    _admin, charity = organisation_admin()
    with pytest.raises(ValidationError) as error:
        services.asset_start(actor=person, council=charity)
    assert error.value.message_dict == {"council": ["Choose a council from the list"]}
    assert [c.pk for c in selectors.councils()] == [town.organisation.pk]


# The group's members -------------------------------------------------------------------------------------------------

def test_a_group_names_21_members_who_live_in_the_councils_area(town):
    asset = group_draft(town)
    services.asset_set_members(actor=asset.created_by, asset=asset, members=members_in(town))
    assert GroupMember.objects.filter(asset=asset).count() == 21 and audited("services_assets.members_set")


def test_twenty_members_are_not_enough(town):
    asset = group_draft(town)
    with pytest.raises(ValidationError) as error:
        services.asset_set_members(actor=asset.created_by, asset=asset, members=members_in(town, 20))
    assert error.value.message_dict["members"] == [
        "Name at least 21 members who live in Sunderland City Council. You have named 20"]
    assert not GroupMember.objects.exists()


def test_each_bad_line_is_named_and_none_is_saved(town):
    asset = group_draft(town)
    members = members_in(town, 21)
    members += [
        {"name": "Out Side", "postcode": town.outside.postcode},
        {"name": "No Postcode", "postcode": ""},
        {"name": "Bad Postcode", "postcode": "NOT A CODE"},
        {"name": "Unknown Postcode", "postcode": "SU7 7AB"},
        dict(members[0]),
    ]
    with pytest.raises(ValidationError) as error:
        services.asset_set_members(actor=asset.created_by, asset=asset, members=members)
    assert set(error.value.message_dict["members"]) == {
        "Line 22, Out Side: SU9 9ZZ is outside Sunderland",
        "Line 23: enter the member's full name, a comma and their postcode, like Sam Smith, SR2 8AA",
        "Line 24: Enter a full postcode, like SW1A 1AA",
        "Line 25, Unknown Postcode: We cannot find the postcode SU7 7AB. Check it",
        "Line 26: Neighbour 0 is named twice",
    }
    assert not GroupMember.objects.exists() and audited("services_assets.members_refused")


def test_a_member_who_has_moved_away_stops_the_submission(town):
    asset = group_draft(town)
    services.asset_set_members(actor=asset.created_by, asset=asset, members=members_in(town))
    services.asset_update(actor=asset.created_by, asset=asset, **ANSWERS)
    services.asset_set_location(actor=asset.created_by, asset=asset, latitude=LATITUDE, longitude=LONGITUDE)
    from covenant.places.models import Postcode

    Postcode.objects.filter(postcode=GroupMember.objects.first().postcode).update(
        local_authority=town.outside.local_authority)
    with pytest.raises(ValidationError) as error:
        services.asset_submit(actor=asset.created_by, asset=asset)
    assert "is outside Sunderland" in error.value.message_dict["members"][0]
    asset.refresh_from_db()
    assert asset.is_draft and audited("services_assets.nomination_refused")


# The land or building -----------------------------------------------------------------------------------------------

def test_the_postcode_must_be_in_the_councils_area(town):
    asset = draft(town, answers=False)
    with pytest.raises(ValidationError) as error:
        services.asset_update(actor=asset.created_by, asset=asset, postcode=town.outside.postcode)
    assert error.value.message_dict["postcode"] == [
        "SU9 9ZZ is outside Sunderland. Nominate the asset to the council whose area it is in"]
    services.asset_update(actor=asset.created_by, asset=asset, postcode=town.inside.postcode.lower())
    asset.refresh_from_db()
    assert asset.postcode == town.inside.postcode


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"name": ""}, "name", "Enter the name of the land or building"),
    ({"address": "  "}, "address", "Enter the address of the land or building"),
    ({"name": "x" * 201}, "name", "Enter 200 characters or fewer"),
    ({"owner_known": True, "owner_name": ""}, "owner_name", "Enter the owner's name"),
    ({"owner_known": "maybe"}, "owner_known", "Select whether you know who owns it"),
    ({"current_use": ""}, "current_use", "Say how its use furthers"),
])
def test_bad_answers_are_refused(town, data, field, message):
    asset = draft(town, answers=False)
    with pytest.raises(ValidationError) as error:
        services.asset_update(actor=asset.created_by, asset=asset, **data)
    assert message in error.value.message_dict[field][0]


def test_an_unknown_owner_clears_the_owners_details(town):
    asset = draft(town)
    services.asset_update(actor=asset.created_by, asset=asset, owner_known=False)
    asset.refresh_from_db()
    assert (asset.owner_known, asset.owner_name, asset.owner_address) == (False, "", "")


SQUARE = {"type": "Polygon", "coordinates": [[[-1.372, 54.896], [-1.371, 54.896], [-1.371, 54.897],
                                              [-1.372, 54.897], [-1.372, 54.896]]]}


@pytest.mark.parametrize(("location", "field", "message"), [
    ({}, "latitude", "Enter the latitude and longitude of the asset, or draw its boundary"),
    ({"latitude": "north", "longitude": -1.37}, "latitude", "Enter the latitude as a number of degrees"),
    ({"latitude": 54.9, "longitude": "nan"}, "longitude", "Enter the longitude as a number of degrees"),
    ({"latitude": 48.85, "longitude": 2.35}, "latitude", "The point must be in the UK"),
    ({"latitude": -1.37, "longitude": 54.9}, "latitude", "The point must be in the UK"),
    ({"boundary": {"type": "Polygon", "coordinates": [[[-1.372, 54.896], [-1.371, 54.897], [-1.371, 54.896],
                                                        [-1.372, 54.897], [-1.372, 54.896]]]}},
     "boundary", "The boundary crosses itself"),
    ({"boundary": {"type": "Polygon", "coordinates": [[[-2, 54], [-1, 54], [-1, 55], [-2, 55], [-2, 54]]]}},
     "boundary", "The boundary covers more than 25 square kilometres"),
    ({"boundary": {"type": "Point", "coordinates": [-1.37, 54.9]}}, "boundary", "shape with an inside"),
    ({"boundary": {"type": "Polygon", "coordinates": [[[2.35, 48.85], [2.36, 48.85], [2.36, 48.86], [2.35, 48.85]]]}},
     "boundary", "The boundary must be in the UK"),
    ({"latitude": 54.95, "longitude": -1.30, "boundary": SQUARE}, "latitude", "outside the boundary"),
])
def test_bad_locations_are_refused(town, location, field, message):
    asset = draft(town, answers=False)
    with pytest.raises(ValidationError) as error:
        services.asset_set_location(actor=asset.created_by, asset=asset, **location)
    assert message in error.value.message_dict[field][0]
    asset.refresh_from_db()
    assert asset.latitude is None


def test_a_boundary_without_a_point_puts_the_point_inside_it(town):
    asset = draft(town, answers=False)
    services.asset_set_location(actor=asset.created_by, asset=asset, boundary=SQUARE)
    asset.refresh_from_db()
    assert -1.372 < asset.longitude < -1.371 and 54.896 < asset.latitude < 54.897 and asset.boundary


# Submitting and deciding --------------------------------------------------------------------------------------------

def test_a_nomination_missing_answers_names_them(town):
    asset = draft(town, answers=False)
    with pytest.raises(ValidationError) as error:
        services.asset_submit(actor=asset.created_by, asset=asset)
    assert set(error.value.message_dict) == {"name", "address", "location", "owner", "current_use", "future_use"}
    assert audited("services_assets.nomination_refused")


def test_the_council_must_decide_within_8_weeks_and_is_told(town):
    with at(D(2027, 3, 1)):
        asset = nominated(town)
    assert (asset.status, asset.received_on, asset.decision_due_on) == (AssetStatus.NOMINATED, D(2027, 3, 1),
                                                                         D(2027, 4, 26))
    assert Delivery.objects.filter(event="services_assets.to_decide", recipient=town.officer).exists()
    assert Delivery.objects.filter(event="services_assets.received", recipient=asset.created_by).exists()


def test_listing_lasts_five_years_and_followers_are_told(town):
    with at(D(2027, 3, 1)):
        asset = nominated(town)
        follower = town.resident()
        follow_add(actor=follower, target=asset)
    with at(D(2027, 4, 20)):
        services.asset_decide(actor=town.officer, asset=asset, listed=True, reasons="The heart of Hendon.")
    asset.refresh_from_db()
    assert (asset.status, asset.listed_on, asset.expires_on) == (AssetStatus.LISTED, D(2027, 4, 20), D(2032, 4, 19))
    moved = Delivery.objects.get(event="services.followed_moved", recipient=follower, channel="email")
    assert "listed as an asset of community value until 19 April 2032" in moved.body
    assert AuditEntry.objects.get(action="services_assets.listed").metadata["late"] is False


def test_an_unsuccessful_nomination_goes_on_its_own_list_with_reasons(town):
    asset = nominated(town)
    with pytest.raises(ValidationError) as error:
        services.asset_decide(actor=town.officer, asset=asset, listed=False, reasons="")
    assert error.value.message_dict == {"reasons": ["Enter the council's reasons for its decision"]}
    with pytest.raises(ValidationError) as error:
        services.asset_decide(actor=town.officer, asset=asset, listed=None, reasons="Why")
    assert error.value.message_dict == {"listed": ["Select whether the asset is listed"]}
    services.asset_decide(actor=town.officer, asset=asset, listed=False, reasons="Its main use is parking.")
    assert list(selectors.unsuccessful()) == [asset]
    assert selectors.register().listed == []


def test_only_the_council_decides_and_only_once(town):
    asset = nominated(town)
    for person in (council("E08000021", "Newcastle").officer, asset.created_by, town.resident()):
        with pytest.raises(PermissionDenied):
            services.asset_decide(actor=person, asset=asset, listed=True, reasons="Yes")
    services.asset_decide(actor=town.officer, asset=asset, listed=True, reasons="Yes")
    with pytest.raises(ValidationError):
        services.asset_decide(actor=town.officer, asset=asset, listed=False, reasons="No")


# The owner's review ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("requested", "allowed"), [
    (D(2027, 4, 25), True), (D(2027, 4, 26), True), (D(2027, 4, 27), False), (D(2027, 2, 28), False)])
def test_the_owner_may_ask_for_a_review_within_8_weeks_of_listing(town, requested, allowed):
    with at(D(2027, 3, 1)):
        asset = listed(town)
    with at(D(2027, 5, 10)):
        if allowed:
            services.review_request_record(actor=town.officer, asset=asset, requested_on=requested)
            asset.refresh_from_db()
            assert asset.review_due_on == requested + datetime.timedelta(weeks=8)
        else:
            with pytest.raises(ValidationError) as error:
                services.review_request_record(actor=town.officer, asset=asset, requested_on=requested)
            assert "requested_on" in error.value.message_dict


def test_a_review_may_remove_the_asset_from_the_list(town):
    with at(D(2027, 3, 1)):
        asset = listed(town)
    with at(D(2027, 3, 12)):
        services.review_request_record(actor=town.officer, asset=asset, requested_on=D(2027, 3, 10))
        with pytest.raises(ValidationError) as error:
            services.review_request_record(actor=town.officer, asset=asset, requested_on=D(2027, 3, 11))
        assert "already asked for a review" in error.value.message_dict["requested_on"][0]
        with pytest.raises(ValidationError) as error:
            services.review_decide(actor=town.officer, asset=asset, upheld=None, reasons="")
        assert set(error.value.message_dict) == {"upheld", "reasons"}
        services.review_decide(actor=town.officer, asset=asset, upheld=False, reasons="It closed in 2019.")
    asset.refresh_from_db()
    assert (asset.status, asset.removed_on) == (AssetStatus.REMOVED, D(2027, 3, 12))
    assert selectors.register().past == [asset]


# The owner's notice and requests to bid ----------------------------------------------------------------------------

NOTICE = D(2027, 3, 1)


def _listed_with_notice(town):
    with at(D(2026, 12, 1)):
        asset = listed(town)
    with at(NOTICE):
        services.notice_record(actor=town.officer, asset=asset, notified_on=NOTICE)
    return asset


def test_a_notice_starts_the_interim_moratorium_and_tells_followers(town):
    with at(D(2026, 12, 1)):
        asset = listed(town)
        follower = town.resident()
        follow_add(actor=follower, target=asset)
    with at(D(2027, 3, 2)):
        services.notice_record(actor=town.officer, asset=asset, notified_on=D(2027, 3, 1))
    moratorium = selectors.moratorium_of(selectors.latest_notice(asset))
    assert (moratorium.interim_ends_on, moratorium.ends_on, moratorium.protected_ends_on) == (
        D(2027, 4, 11), D(2027, 4, 11), D(2028, 8, 31))
    moved = Delivery.objects.get(event="services.followed_moved", recipient=follower, channel="email")
    assert "bidders until 11 April 2027" in moved.body
    assert Delivery.objects.filter(event="services_assets.notice", recipient=asset.created_by).exists()


@pytest.mark.parametrize(("notified", "message"), [
    (D(2026, 11, 30), "A notice is for an asset while it is listed"),
    (D(2027, 3, 2), "The date must be today or in the past"),
])
def test_bad_notice_dates_are_refused(town, notified, message):
    with at(D(2026, 12, 1)):
        asset = listed(town)
    with at(D(2027, 3, 1)), pytest.raises(ValidationError) as error:
        services.notice_record(actor=town.officer, asset=asset, notified_on=notified)
    assert message in error.value.message_dict["notified_on"][0]
    assert not DisposalNotice.objects.exists()


@pytest.mark.parametrize(("second", "restarts"), [
    (D(2027, 4, 12), False),  # after the interim moratorium, inside the protected period
    (D(2028, 8, 30), False),  # the day before the protected period ends
    (D(2028, 8, 31), False),  # its last day
    (D(2028, 9, 1), True),  # the day after: a new moratorium begins
])
def test_a_new_notice_within_the_protected_period_does_not_restart_it(town, second, restarts):
    asset = _listed_with_notice(town)
    with at(second):
        if restarts:
            services.notice_record(actor=town.officer, asset=asset, notified_on=second)
            assert selectors.latest_notice(asset).notified_on == second
        else:
            with pytest.raises(ValidationError) as error:
                services.notice_record(actor=town.officer, asset=asset, notified_on=second)
            assert error.value.message_dict["notified_on"] == [
                "The owner's notice of 1 March 2027 started a protected period that runs until 31 August 2028. A new "
                "notice in it starts no new moratorium"]
            assert DisposalNotice.objects.count() == 1


@pytest.mark.parametrize(("received", "in_time"), [
    (D(2027, 3, 1), True), (D(2027, 4, 10), True), (D(2027, 4, 11), True), (D(2027, 4, 12), False)])
def test_a_groups_request_extends_the_moratorium_only_within_6_weeks(town, received, in_time):
    asset = _listed_with_notice(town)
    with at(D(2027, 5, 1)):
        if in_time:
            services.bid_request(actor=town.officer, asset=asset, group_name="Friends of the Bell",
                                 received_on=received)
            moratorium = selectors.moratorium_of(selectors.latest_notice(asset))
            assert moratorium.bid_requested and moratorium.ends_on == D(2027, 8, 31)
            assert moratorium.may_sell_from == D(2027, 9, 1)
        else:
            with pytest.raises(ValidationError) as error:
                services.bid_request(actor=town.officer, asset=asset, group_name="Friends of the Bell",
                                     received_on=received)
            assert error.value.message_dict["received_on"] == [
                "The request is out of time: it came on 12 April 2027, after the interim moratorium ended on 11 April "
                "2027. Groups must ask within 6 weeks of the owner's notice of 1 March 2027"]
            assert not BidRequest.objects.exists() and audited("services_assets.bid_request_refused")
            assert selectors.moratorium_of(selectors.latest_notice(asset)).ends_on == D(2027, 4, 11)


def test_residents_ask_online_today_for_a_group_or_their_organisation(town):
    asset = _listed_with_notice(town)
    person, cic = organisation_admin(type=OrganisationType.CIC)
    with at(D(2027, 3, 20)):
        services.bid_request(actor=person, asset=asset, organisation=cic)
        services.bid_request(actor=town.resident(), asset=asset, group_name="Hendon Pub Group")
        with pytest.raises(ValidationError) as error:
            services.bid_request(actor=town.resident(), asset=asset, group_name="hendon pub group")
        assert "has already asked" in error.value.message_dict["group_name"][0]
        _other, stranger_org = organisation_admin()
        with pytest.raises(ValidationError) as error:
            services.bid_request(actor=person, asset=asset, organisation=stranger_org)
        assert error.value.message_dict == {"organisation": ["Choose an organisation you are an administrator of"]}
    requests = list(BidRequest.objects.order_by("pk"))
    assert [(r.group_name, r.received_on, r.made_by) for r in requests] == [
        (cic.name, D(2027, 3, 20), person), ("Hendon Pub Group", D(2027, 3, 20), requests[1].made_by)]
    assert Delivery.objects.filter(event="services_assets.bid_requested", recipient=town.officer).exists()


def test_a_request_needs_a_notice_a_group_and_an_officers_date(town):
    with at(D(2027, 3, 1)):
        asset = listed(town)
        with pytest.raises(ValidationError) as error:
            services.bid_request(actor=town.resident(), asset=asset, group_name="Friends")
        assert "has not given notice of intention to sell" in error.value.message_dict["received_on"][0]
        services.notice_record(actor=town.officer, asset=asset, notified_on=D(2027, 3, 1))
        with pytest.raises(ValidationError) as error:
            services.bid_request(actor=town.resident(), asset=asset, group_name="")
        assert error.value.message_dict == {"group_name": ["Enter the name of the group"]}
        with pytest.raises(ValidationError) as error:
            services.bid_request(actor=town.officer, asset=asset, group_name="Friends")
        assert error.value.message_dict == {"received_on": ["Enter the date the council received the request"]}


def test_nobody_asks_to_bid_for_an_asset_that_is_not_listed(town):
    asset = nominated(town)
    with pytest.raises(PermissionDenied):
        services.bid_request(actor=town.resident(), asset=asset, group_name="Friends")


def test_drafts_are_the_nominators_alone(town):
    asset = draft(town)
    for person in (town.resident(), town.officer):
        with pytest.raises(PermissionDenied):
            services.asset_update(actor=person, asset=asset, name="Mine")
    assert Asset.objects.get().name == ANSWERS["name"]
