"""Permissions for matching: only the volunteer offered a place answers it; platform staff see the measures."""

import rules

from covenant.organisations.predicates import is_platform_staff, is_resident, is_signed_in

from ..models import Offer


@rules.predicate
def holds_offer(user, offer) -> bool:
    return bool(isinstance(offer, Offer) and user.is_authenticated and offer.passport.holder_id == user.pk)


rules.add_perm("volunteers.view_offer", is_signed_in & holds_offer)
rules.add_perm("volunteers.answer_offer", is_resident & holds_offer)
# Matching's national measures and runs are for platform staff; organisations see theirs with their needs.
rules.add_perm("volunteers.view_matching", is_platform_staff)
