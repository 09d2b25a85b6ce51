"""Factories for services/: a council with two wards, its officer, residents inside and outside, and services."""

from dataclasses import dataclass

import factory

from covenant.organisations.models import Role
from services.catalogue.models import Service
from tests.accounts.factories import UserFactory
from tests.organisations.factories import LocalAuthorityFactory as CouncilFactory
from tests.organisations.factories import MembershipFactory
from tests.places.factories import LocalAuthorityFactory, PostcodeFactory, WardFactory


@dataclass
class Council:
    """A council (organisation and places area) with two wards, a postcode in each, one outside, and an officer."""

    organisation: object
    local_authority: object
    ward: object
    other_ward: object
    inside: object
    other_ward_postcode: object
    outside: object
    officer: object

    def resident(self, **kwargs):
        kwargs.setdefault("postcode", self.inside.postcode)
        return UserFactory(**kwargs)

    def outsider(self, **kwargs):
        return UserFactory(postcode=self.outside.postcode, **kwargs)


def council(code: str = "E08000024", name: str = "Sunderland") -> Council:
    local_authority = LocalAuthorityFactory(code=code, name=name)
    ward, other_ward = WardFactory(local_authority=local_authority), WardFactory(local_authority=local_authority)
    prefix = name[:2].upper()
    inside = PostcodeFactory(postcode=f"{prefix}2 8AA", ward=ward, local_authority=local_authority)
    other = PostcodeFactory(postcode=f"{prefix}4 1AB", ward=other_ward, local_authority=local_authority)
    elsewhere = LocalAuthorityFactory()
    outside = PostcodeFactory(postcode=f"{prefix}9 9ZZ", ward=WardFactory(local_authority=elsewhere),
                              local_authority=elsewhere)
    organisation = CouncilFactory(name=f"{name} City Council", ons_code=code)
    officer = MembershipFactory(organisation=organisation, roles=[Role.OFFICER], user=UserFactory(mfa=True)).user
    return Council(organisation=organisation, local_authority=local_authority, ward=ward, other_ward=other_ward,
                   inside=inside, other_ward_postcode=other, outside=outside, officer=officer)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    owner = factory.SubFactory(CouncilFactory)
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    reference = factory.Sequence(lambda n: f"service-{n}")
    name = factory.Sequence(lambda n: f"Public service {n}")
    description = "A service the council runs for its residents."
    involvement = ["co_design"]
