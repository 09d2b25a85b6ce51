"""Factories for places: areas and postcodes."""

import factory

from covenant.places.models import LSOA, LocalAuthority, Postcode, Ward


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"E06{n:06d}")
    name = factory.Sequence(lambda n: f"Authority {n}")


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"E05{n:06d}")
    name = factory.Sequence(lambda n: f"Ward {n}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)


class LSOAFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LSOA
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"E01{n:06d}")
    name = factory.Sequence(lambda n: f"Somewhere {n:03d}A")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    imd_rank = factory.Sequence(lambda n: n + 1)
    imd_decile = factory.Sequence(lambda n: n % 10 + 1)
    imd_edition = "IoD2019"


class PostcodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Postcode

    postcode = factory.Sequence(lambda n: f"SW1A {n % 10}{'ABDEFGHJLN'[n // 10 % 10]}{'PQRSTUWXYZ'[n // 100 % 10]}")
    outward_code = factory.LazyAttribute(lambda o: o.postcode.split(" ")[0])
    latitude = 51.501009
    longitude = -0.141588
    lsoa = factory.SubFactory(LSOAFactory)
    ward = factory.SubFactory(WardFactory)
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    country_code = "E92000001"
    terminated_on = None
