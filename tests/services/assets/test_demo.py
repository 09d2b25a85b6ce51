"""The assets demo: the Blue Bell listed with its owner's notice and the Friends' request to bid (so the full
moratorium runs), an unsuccessful car park, made through the services, and nothing more when it runs again."""

import datetime

import pytest
from django.utils import timezone

from covenant.core.demo import DemoWorld
from services.assets import export, selectors
from services.assets.models import Asset, AssetStatus

pytestmark = pytest.mark.django_db


def _seed() -> DemoWorld:
    from covenant.accounts import demo as accounts
    from covenant.organisations import demo as organisations
    from covenant.places import demo as places
    from services.assets import demo

    world = DemoWorld()
    for module in (accounts, places, organisations, demo):
        module.seed(world)
    return world


def test_the_pub_is_listed_with_a_notice_and_a_bidder():
    _seed()
    today = timezone.localdate()
    pub = Asset.objects.get(name="The Blue Bell")
    assert pub.status == AssetStatus.LISTED and pub.members.count() == 21
    assert pub.listed_on == today - datetime.timedelta(days=35)
    moratorium = selectors.moratorium_of(selectors.latest_notice(pub))
    assert moratorium.notified_on == today - datetime.timedelta(days=21)
    assert moratorium.bid_requested and moratorium.stage(today) == "full"
    assert moratorium.interim_ends_on == moratorium.notified_on + datetime.timedelta(days=41)
    car_park = Asset.objects.get(name="Tatham Street car park")
    assert car_park.status == AssetStatus.NOT_LISTED and list(selectors.unsuccessful()) == [car_park]
    rows = {row["name"]: row for row in export.entities()}
    assert rows["The Blue Bell"]["interested-group"] == "Friends of the Blue Bell"


def test_running_the_demo_again_changes_nothing():
    _seed()
    world = _seed()
    assert Asset.objects.count() == 2 and not world.created["assets of community value"]
