"""Factories for pop-up parishes, and a neighbourhood: a council, its ward and LSOA, postcodes in and out of an
area, an officer and residents."""

import datetime
from dataclasses import dataclass, field

import factory
from django.utils import timezone

from covenant.organisations.models import Role
from parishes.models import (
    Electorate,
    FoundingMember,
    Power,
    Proposal,
    ProposalStatus,
    Proposer,
    ProposerRole,
    RequestedPower,
    Signature,
)
from parishes.services import add_months
from tests.accounts.factories import UserFactory
from tests.organisations.factories import LocalAuthorityFactory as CouncilFactory
from tests.organisations.factories import MembershipFactory
from tests.places.factories import LocalAuthorityFactory, LSOAFactory, PostcodeFactory, WardFactory

# A square of about 1.4 km² in Sunderland, corners as GeoJSON [longitude, latitude].
SQUARE = [[-1.39, 54.90], [-1.37, 54.90], [-1.37, 54.91], [-1.39, 54.91], [-1.39, 54.90]]
AREA = {"type": "Polygon", "coordinates": [SQUARE]}
INSIDE = (54.905, -1.38)
OUTSIDE = (54.95, -1.38)


def shifted(dx: float = 0.0, dy: float = 0.0) -> dict:
    return {"type": "Polygon", "coordinates": [[[x + dx, y + dy] for x, y in SQUARE]]}


def in_a_year() -> datetime.date:
    return add_months(timezone.localdate(), 12)


def standard_power(slug: str = "green-spaces") -> Power:
    return Power.objects.get(slug=slug)


class PowerFactory(factory.django.DjangoModelFactory):
    """A council's own power."""

    class Meta:
        model = Power

    slug = factory.Sequence(lambda n: f"council-power-{n}")
    name = factory.Sequence(lambda n: f"Run the council's power {n}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)


class ProposalFactory(factory.django.DjangoModelFactory):
    """A draft with the Sunderland square as its area and a sunset date a year away; its creator proposes it."""

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hendon Pop-up Parish {n}")
    slug = factory.Sequence(lambda n: f"hendon-pop-up-parish-{n}")
    purpose = "Look after the park and run the summer fair."
    area = factory.LazyFunction(lambda: AREA)
    min_longitude, min_latitude, max_longitude, max_latitude = -1.39, 54.90, -1.37, 54.91
    sunset_on = factory.LazyFunction(in_a_year)
    constitution = "Our constitution."
    created_by = factory.SubFactory(UserFactory)
    status = ProposalStatus.DRAFT
    published_at = factory.LazyAttribute(lambda o: None if o.status == ProposalStatus.DRAFT else timezone.now())

    @factory.post_generation
    def proposers(obj, create, extracted, **kwargs):
        if create:
            Proposer.objects.create(proposal=obj, user=obj.created_by, role=ProposerRole.CREATOR)
            FoundingMember.objects.create(proposal=obj, user=obj.created_by)

    @factory.post_generation
    def powers(obj, create, extracted, **kwargs):
        """Pass powers=[Power, ...] to request them, each with a justification."""
        if create:
            for power in extracted or []:
                RequestedPower.objects.create(proposal=obj, power=power, justification="The park needs care.")


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    proposal = factory.SubFactory(ProposalFactory, status=ProposalStatus.PUBLISHED)
    signer = factory.SubFactory(UserFactory)
    postcode = "SR2 8AA"


@dataclass
class Neighbourhood:
    """A council covering the square: its ward and LSOA, a postcode inside and one outside, and an officer."""

    local_authority: object
    council: object
    officer: object
    ward: object
    lsoa: object
    inside: object
    outside: object
    residents: list = field(default_factory=list)

    def resident(self, **kwargs):
        """A resident with a confirmed email address whose postcode lies inside the area."""
        kwargs.setdefault("postcode", self.inside.postcode)
        return UserFactory(**kwargs)

    def outsider(self, **kwargs):
        return UserFactory(postcode=self.outside.postcode, **kwargs)

    def electors(self, count: int, *, as_of=None) -> Electorate:
        return Electorate.objects.create(ward=self.ward, electors=count,
                                         as_of=as_of or timezone.localdate() - datetime.timedelta(days=30))


def neighbourhood(code: str = "E08000024", name: str = "Sunderland", *, inside: str = "SR2 8AA",
                  outside: str = "SR5 1AA") -> Neighbourhood:
    local_authority = LocalAuthorityFactory(code=code, name=name)
    ward = WardFactory(local_authority=local_authority)
    lsoa = LSOAFactory(local_authority=local_authority)
    # Both postcodes sit where the Sunderland ones do; a second neighbourhood needs other postcodes only.
    inside = PostcodeFactory(postcode=inside, latitude=INSIDE[0], longitude=INSIDE[1], ward=ward, lsoa=lsoa,
                             local_authority=local_authority)
    outside_ward = WardFactory(local_authority=local_authority)
    outside = PostcodeFactory(postcode=outside, latitude=OUTSIDE[0], longitude=OUTSIDE[1], ward=outside_ward,
                              lsoa=LSOAFactory(local_authority=local_authority), local_authority=local_authority)
    council = CouncilFactory(name=f"{name} City Council", ons_code=code)
    officer = MembershipFactory(organisation=council, roles=[Role.OFFICER], user=UserFactory()).user
    return Neighbourhood(local_authority=local_authority, council=council, officer=officer, ward=ward, lsoa=lsoa,
                         inside=inside, outside=outside)
