"""Factories for passports and what they hold; each area's tests build on these."""

import datetime

import factory
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory, VerifiedOrganisationFactory
from volunteers.models import (
    ActivityType,
    BarredLists,
    Cause,
    Credential,
    CredentialKind,
    CredentialStatus,
    DBSLevel,
    LocationKind,
    Need,
    NeedStatus,
    Passport,
    Shift,
    Skill,
    TaxonomySource,
    Workforce,
)


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"skill-{n}")
    name = factory.Sequence(lambda n: f"Skill {n}")
    group = "General"
    source = TaxonomySource.COVENANT


class CauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cause
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"cause-{n}")
    name = factory.Sequence(lambda n: f"Cause {n}")
    source = TaxonomySource.COVENANT


class PassportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Passport
        django_get_or_create = ("holder",)

    holder = factory.SubFactory(UserFactory)
    max_travel_km = 10


class CredentialFactory(factory.django.DjangoModelFactory):
    """A self-declared training credential; use the traits for other kinds and states."""

    class Meta:
        model = Credential

    passport = factory.SubFactory(PassportFactory)
    kind = CredentialKind.TRAINING
    title = "Safeguarding adults"
    provider = "Volunteer Centre"
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    expires_on = None

    class Params:
        dbs = factory.Trait(
            kind=CredentialKind.DBS,
            title="Enhanced DBS check",
            provider="Disclosure and Barring Service",
            dbs_level=DBSLevel.ENHANCED_BARRED,
            dbs_barred_lists=BarredLists.ADULTS,
            dbs_workforce=Workforce.ADULT,
            certificate_number=factory.Sequence(lambda n: f"{n:012d}"),
        )
        verified = factory.Trait(
            status=CredentialStatus.VERIFIED,
            verified_at=factory.LazyFunction(timezone.now),
            evidence_seen="Original certificate",
            evidence_seen_on=factory.LazyFunction(timezone.localdate),
        )


def verifier_of(organisation=None, **user_kwargs):
    """A member with the verifier role in a verified organisation (made if not given)."""
    from covenant.organisations.models import Role

    organisation = organisation or VerifiedOrganisationFactory()
    return MembershipFactory(organisation=organisation, roles=[Role.VERIFIER], user=UserFactory(**user_kwargs)).user


class NeedFactory(factory.django.DjangoModelFactory):
    """A published need at a Sunderland postcode, run by a verified organisation."""

    class Meta:
        model = Need

    organisation = factory.SubFactory(VerifiedOrganisationFactory)
    title = factory.Sequence(lambda n: f"Food bank helper {n}")
    description = "Sort donations and pack food parcels."
    activity_type = ActivityType.PRACTICAL
    location_kind = LocationKind.POSTCODE
    postcode = "SR1 1AD"
    latitude = 54.9061
    longitude = -1.3811
    status = NeedStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    created_by = factory.SubFactory(UserFactory)


class ShiftFactory(factory.django.DjangoModelFactory):
    """A three-hour shift a week from now with two places."""

    class Meta:
        model = Shift

    need = factory.SubFactory(NeedFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda shift: shift.starts_at + datetime.timedelta(hours=3))
    places = 2
