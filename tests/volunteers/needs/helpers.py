"""Helpers for needs tests: a coordinator of a verified organisation, and postcodes the local geocoder knows."""

from covenant.organisations.models import Role
from covenant.places.models import Postcode
from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory, VerifiedOrganisationFactory


def coordinator_of(organisation=None, role=Role.COORDINATOR):
    organisation = organisation or VerifiedOrganisationFactory()
    return MembershipFactory(organisation=organisation, roles=[role], user=UserFactory()).user


def known_postcode(postcode: str = "SR1 1AD", latitude: float = 54.9061, longitude: float = -1.3811) -> Postcode:
    row, _ = Postcode.objects.get_or_create(
        postcode=postcode, defaults={"outward_code": postcode.split()[0], "latitude": latitude,
                                     "longitude": longitude})
    return row


def need_of(organisation):
    """A draft need of the organisation with one shift (made once), for the permission matrix."""
    from tests.volunteers.factories import NeedFactory, ShiftFactory
    from volunteers.models import Need, NeedStatus

    need = Need.objects.filter(organisation=organisation, title="Matrix need").first()
    if need is None:
        need = NeedFactory(organisation=organisation, title="Matrix need", status=NeedStatus.DRAFT)
        ShiftFactory(need=need)
    return need
