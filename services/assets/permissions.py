"""Who may do what in assets of community value, as rules permissions named services_assets.<verb>_<thing>.

A nomination is public once it reaches the council (its members' names and postcodes and the owner's details
only to the nominator and the council). A draft is its nominator's alone. The council's officers (as the
catalogue knows them, services.catalogue.selectors.manages) decide, record reviews and owners' notices.
Views fetch assets through get_object_or_404_for, so what a person may not see answers the same 404 as what does
not exist.
"""

import rules

from covenant.organisations.predicates import is_resident, is_signed_in
from services.catalogue import selectors as catalogue

from . import selectors
from .models import AssetStatus


@rules.predicate
def is_public(user, asset) -> bool:
    return asset is not None and asset.status != AssetStatus.DRAFT


@rules.predicate
def is_draft(user, asset) -> bool:
    return asset is not None and asset.status == AssetStatus.DRAFT


@rules.predicate
def is_nominated(user, asset) -> bool:
    return asset is not None and asset.status == AssetStatus.NOMINATED


@rules.predicate
def is_listed(user, asset) -> bool:
    return asset is not None and asset.status == AssetStatus.LISTED


@rules.predicate
def speaks_for_nominator(user, asset) -> bool:
    return is_signed_in(user) and selectors.speaks_for(user, asset)


@rules.predicate
def manages_council(user, asset) -> bool:
    return asset is not None and is_signed_in(user) and catalogue.manages(user, asset.council)


@rules.predicate
def manages_any(user) -> bool:
    return bool(is_signed_in(user) and catalogue.managed_organisations(user).exists())


# On an Asset.
rules.add_perm("services_assets.view_asset", is_public | speaks_for_nominator)
rules.add_perm("services_assets.view_private", speaks_for_nominator | (is_public & manages_council))
rules.add_perm("services_assets.change_asset", is_draft & speaks_for_nominator & is_resident)
rules.add_perm("services_assets.review_asset", is_public & manages_council)
rules.add_perm("services_assets.decide_asset", is_nominated & manages_council)
rules.add_perm("services_assets.record_notice", is_listed & manages_council)
rules.add_perm("services_assets.record_review", is_listed & manages_council)
# Whether the request is in time is the service's to say, with the dates.
rules.add_perm("services_assets.request_bid", is_listed & is_resident)
# No object: nominating, and the officers' queue.
rules.add_perm("services_assets.add_asset", is_resident)
rules.add_perm("services_assets.view_queue", manages_any)
