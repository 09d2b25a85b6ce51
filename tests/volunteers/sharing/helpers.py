"""Building blocks for the sharing tests: a holder, a charity with people in each role, and shares."""

import datetime

from django.utils import timezone

from tests.organisations.factories import MembershipFactory, VerifiedOrganisationFactory
from tests.volunteers.factories import CredentialFactory, PassportFactory
from volunteers.models import Section, Share


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def member(organisation, *roles):
    return MembershipFactory(organisation=organisation, roles=list(roles)).user


def share(passport, organisation, sections=None, *, days=30, revoked=False) -> Share:
    return Share.objects.create(
        passport=passport, organisation=organisation, sections=sections or list(Section.values),
        expires_on=in_days(days), revoked_at=timezone.now() if revoked else None,
    )


def passport_with_dbs(certificate_number="001122334455"):
    passport = PassportFactory()
    CredentialFactory(passport=passport, dbs=True, verified=True, certificate_number=certificate_number)
    return passport


def charity():
    return VerifiedOrganisationFactory(name="Harbour Food Bank")


def shared_passport_for(organisation):
    """A passport shared in full with the organisation (made once), for the permission matrix."""
    existing = Share.objects.filter(organisation=organisation, revoked_at__isnull=True).first()
    if existing is not None:
        return existing.passport
    passport = passport_with_dbs()
    share(passport, organisation)
    return passport
