"""Factories for hours entries: unconfirmed informal hours by default, `confirmed` for an organisation's confirmation."""

import datetime

import factory
from django.utils import timezone

from tests.organisations.factories import VerifiedOrganisationFactory
from tests.volunteers.factories import PassportFactory
from volunteers.models import HoursEntry, HoursSource, HoursStatus


class HoursEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HoursEntry

    passport = factory.SubFactory(PassportFactory)
    organisation = factory.SubFactory(VerifiedOrganisationFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    hours = "2.50"
    description = "Sorted donations"
    source = HoursSource.INFORMAL
    status = HoursStatus.UNCONFIRMED

    class Params:
        confirmed = factory.Trait(status=HoursStatus.CONFIRMED, confirmed_at=factory.LazyFunction(timezone.now))


def pending_hours_for(organisation) -> HoursEntry:
    """Hours waiting for the organisation's confirmation (made once), for the permission matrix."""
    existing = HoursEntry.objects.filter(organisation=organisation, status=HoursStatus.UNCONFIRMED).first()
    return existing or HoursEntryFactory(organisation=organisation)
