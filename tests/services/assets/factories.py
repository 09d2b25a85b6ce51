"""Helpers for assets of community value tests: nominations at each stage, made through the services as people
make them, and the 21 local members a group names."""

from services.assets import services
from services.assets.models import Asset, NominatorKind
from tests.places.factories import PostcodeFactory
from tests.services.challenge.factories import organisation_admin

ANSWERS = {
    "name": "The Blue Bell", "description": "A pub with a function room", "address": "14 Villette Road\nSunderland",
    "owner_known": True, "owner_name": "Northern Inns Ltd", "owner_address": "1 Quayside",
    "current_use": "The only pub left in Hendon; clubs and the residents' association meet there.",
    "future_use": "It traded well until last year; neighbours would run it as a community pub.",
}
LATITUDE, LONGITUDE = 54.8961, -1.3714


def local_postcodes(town, count: int) -> list[str]:
    """`count` postcodes in the town's council area (its first ward), made here."""
    return [PostcodeFactory(postcode=f"SU3 {n % 10}{'ABDEFGHJLN'[n // 10 % 10]}{'PQRSTUWXYZ'[n // 100 % 10]}",
                            ward=town.ward, local_authority=town.local_authority).postcode for n in range(count)]


def members_in(town, count: int = 21) -> list[dict]:
    return [{"name": f"Neighbour {n}", "postcode": postcode}
            for n, postcode in enumerate(local_postcodes(town, count))]


def draft(town, *, person=None, organisation=None, answers: bool = True) -> Asset:
    """A charity's draft nomination to the town's council (the charity made here unless given)."""
    if person is None:
        person, organisation = organisation_admin()
    asset = services.asset_start(actor=person, council=town.organisation)
    services.asset_set_nominator(actor=person, asset=asset, kind=NominatorKind.ORGANISATION,
                                 organisation=organisation, local_connection=True)
    if answers:
        services.asset_update(actor=person, asset=asset, **ANSWERS)
        services.asset_set_location(actor=person, asset=asset, latitude=LATITUDE, longitude=LONGITUDE)
    asset.refresh_from_db()
    return asset


def nominated(town, **kwargs) -> Asset:
    asset = draft(town, **kwargs)
    return services.asset_submit(actor=asset.created_by, asset=asset)


def listed(town, **kwargs) -> Asset:
    asset = nominated(town, **kwargs)
    return services.asset_decide(actor=town.officer, asset=asset, listed=True, reasons="A pub at the heart of Hendon.")
