"""Demo of Assets of Community Value in Sunderland: the Blue Bell, a pub that the Friends of the Blue Bell (21
neighbours, with Tom) nominated and the council listed; its owner has since given notice of intention to sell,
and the Friends asked in writing to be treated as potential bidders, so the full moratorium runs. A second
nomination, a car park, was not listed and stands on the list of unsuccessful nominations.

Everything goes through the services, so the audit log and each page tell the story. A demo cannot wait weeks,
so the story's days are then moved back (received 9 weeks ago, listed 5 weeks ago, the notice 3 weeks ago, the
Friends' letter 10 days ago); the dates that follow from them are computed the same way the services compute
them. Running it twice creates nothing more.
"""

import datetime

from django.utils import timezone

from covenant.places.models import Postcode

from . import dates, services
from .models import Asset, NominatorKind

GROUP = "Friends of the Blue Bell"
MEMBERS = ["Amira Armstrong", "Ben Bell", "Chloe Charlton", "Dev Dodds", "Ellie Elliott", "Farid Forster",
           "Grace Gray", "Harry Hall", "Imogen Iqbal", "Jack Jobling", "Kiran Kerr", "Leah Lowes", "Mo Milburn",
           "Nia Nixon", "Owen Ord", "Pooja Pattinson", "Rhys Robson", "Sadia Scott", "Theo Thompson", "Una Walton",
           "Vikram Armstrong"]

PUB = {
    "name": "The Blue Bell", "description": "A public house with a function room and a beer garden",
    "address": "14 Villette Road\nHendon\nSunderland", "postcode": "SR2 1AB",
    "owner_known": True, "owner_name": "Northern Inns Property Ltd", "owner_address": "1 Quayside, Newcastle",
    "current_use": "The only pub left in Hendon. Its function room hosts the residents' association, a weekly "
                   "quiz for the food bank and the darts league; older neighbours meet there every morning.",
    "future_use": "It traded profitably until last year, and the Friends have a plan to run it as a community "
                  "pub with a café, backed by pledges from 300 neighbours.",
}
CAR_PARK = {
    "name": "Tatham Street car park", "description": "A surface car park", "address": "Tatham Street\nSunderland",
    "postcode": "SR2 1AD", "owner_known": False,
    "current_use": "People park here for the Saturday market.",
    "future_use": "It could host a market of its own.",
}


def _nomination(tom, council, answers: dict, postcodes: list) -> Asset:
    asset = services.asset_start(actor=tom, council=council)
    services.asset_set_nominator(actor=tom, asset=asset, kind=NominatorKind.GROUP, group_name=GROUP,
                                 not_for_profit=True, local_connection=True)
    services.asset_set_members(actor=tom, asset=asset, members=[
        {"name": name, "postcode": postcodes[n % len(postcodes)].postcode} for n, name in enumerate(MEMBERS)])
    services.asset_update(actor=tom, asset=asset, **answers)
    located = next((p for p in postcodes if p.postcode == answers["postcode"]), postcodes[0])
    services.asset_set_location(actor=tom, asset=asset, latitude=located.latitude, longitude=located.longitude)
    return services.asset_submit(actor=tom, asset=asset)


def _move_back(asset: Asset, *, received_days: int, decided_days: int | None = None) -> None:
    """Move the story's days back by as many days as the demo cannot wait."""
    today = timezone.localdate()
    received = today - datetime.timedelta(days=received_days)
    values = {"received_on": received, "decision_due_on": dates.decision_due(received)}
    if decided_days is not None:
        decided = today - datetime.timedelta(days=decided_days)
        values.update(decided_on=decided)
        if asset.listed_on:
            values.update(listed_on=decided, expires_on=dates.listing_expires(decided))
    Asset.objects.filter(pk=asset.pk).update(**values)


def seed(world) -> None:
    officer, tom, council = world.users.get("officer"), world.users.get("resident2"), world.organisations.get(
        "sunderland")
    if officer is None or tom is None or council is None or Asset.objects.filter(group_name=GROUP).exists():
        return
    postcodes = list(Postcode.objects.filter(local_authority_id=council.ons_code, latitude__isnull=False)
                     .order_by("postcode"))
    if not postcodes:
        return
    pub = _nomination(tom, council, PUB, postcodes)
    pub = services.asset_decide(actor=officer, asset=pub, listed=True, reasons=(
        "The pub's main use furthers the social wellbeing and social interests of the community of Hendon, and it "
        "is realistic to think it can go on doing so."))
    _move_back(pub, received_days=63, decided_days=35)
    pub.refresh_from_db()
    today = timezone.localdate()
    services.notice_record(actor=officer, asset=pub, notified_on=today - datetime.timedelta(days=21))
    services.bid_request(actor=officer, asset=pub, group_name=GROUP,
                         received_on=today - datetime.timedelta(days=10))
    world.created["assets of community value"] += 1

    car_park = _nomination(tom, council, CAR_PARK, postcodes)
    car_park = services.asset_decide(actor=officer, asset=car_park, listed=False, reasons=(
        "Parking for a market is an ancillary use; the car park's main use does not further the social wellbeing "
        "or social interests of the local community."))
    _move_back(car_park, received_days=70, decided_days=30)
    world.created["assets of community value"] += 1
