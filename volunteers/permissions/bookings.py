"""Permissions for bookings: volunteers sign up to shifts; the organisation's coordinators run the roster."""

import rules

from covenant.organisations.predicates import is_resident, is_signed_in
from covenant.organisations.selectors import organisation_roles

from ..models import TAKING_SIGN_UPS, Booking, Shift
from .history import CONFIRMING_ROLES


def _organisation_of(obj):
    if isinstance(obj, Booking):
        return obj.shift.need.organisation
    if isinstance(obj, Shift):
        return obj.need.organisation
    return getattr(obj, "organisation", obj)


@rules.predicate
def runs_roster(user, obj) -> bool:
    """Coordinator or administrator of the verified organisation running the shift (or booking, or need)."""
    organisation = _organisation_of(obj)
    if organisation is None or not getattr(organisation, "is_verified", False):
        return False
    return bool(CONFIRMING_ROLES & organisation_roles(user=user, organisation=organisation))


@rules.predicate
def is_booking_holder(user, booking) -> bool:
    return bool(isinstance(booking, Booking) and user.is_authenticated and booking.passport.holder_id == user.pk)


@rules.predicate
def is_open_shift(user, shift) -> bool:
    return bool(isinstance(shift, Shift) and shift.need.status in TAKING_SIGN_UPS
                and shift.need.organisation.is_verified)


rules.add_perm("volunteers.apply_shift", is_resident & is_open_shift)
rules.add_perm("volunteers.view_booking", is_signed_in & is_booking_holder)
rules.add_perm("volunteers.cancel_booking", is_signed_in & (is_booking_holder | runs_roster))
rules.add_perm("volunteers.manage_roster", is_signed_in & runs_roster)
