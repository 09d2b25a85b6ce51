"""Permissions for matching's offers: only the volunteer offered a place may see and answer the offer."""

import rules

from covenant.organisations.predicates import is_resident, is_signed_in

from ..models import Offer


@rules.predicate
def holds_offer(user, offer) -> bool:
    return bool(isinstance(offer, Offer) and user.is_authenticated and offer.passport.holder_id == user.pk)


rules.add_perm("volunteers.view_offer", is_signed_in & holds_offer)
rules.add_perm("volunteers.answer_offer", is_resident & holds_offer)
