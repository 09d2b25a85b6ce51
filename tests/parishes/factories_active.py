"""Active parishes for tests: an approved proposal started as the council's approval starts it, and its people."""

import datetime

from django.utils import timezone

from parishes.models import (
    Meeting,
    Office,
    OfficeHolder,
    ParishMember,
    Power,
    ProposalStatus,
    Review,
)
from parishes.services.active import parish_activate
from parishes.services.common import add_months
from tests.accounts.factories import UserFactory

from .factories import ProposalFactory


def green_spaces() -> Power:
    # Tests that commit (the races) empty the tables afterwards, the seeded powers with them.
    return Power.objects.get_or_create(slug="green-spaces", defaults={"name": "Look after green spaces"})[0]


def active_parish(hood=None, *, budget_cap=None, months: int = 12, status=ProposalStatus.APPROVED, **kwargs):
    """A parish approved today by `hood`'s council (or by a council covering nothing, without a hood), started
    by parish_activate: the lead proposer its interim chair and only member."""
    now = timezone.now()
    if hood is not None:
        kwargs.setdefault("created_by", hood.resident())
    parish = ProposalFactory(
        status=status, published_at=now - datetime.timedelta(days=90), valid_at=now - datetime.timedelta(days=60),
        sunset_on=add_months(timezone.localdate(now), months), powers=[green_spaces()], **kwargs)
    parish.requested_powers.update(granted=True)
    if hood is not None:
        parish.covering_authorities.set([hood.local_authority])
        local_authority, officer = hood.local_authority, hood.officer
    else:
        from tests.places.factories import LocalAuthorityFactory

        local_authority, officer = LocalAuthorityFactory(), None
    Review.objects.create(proposal=parish, local_authority=local_authority, decided_at=now, decision=status,
                          reasons="A good plan.", budget_cap=budget_cap)
    parish_activate(actor=officer, parish=parish)
    return parish


def chair_of(parish):
    return OfficeHolder.objects.get(parish=parish, office=Office.CHAIR, ended_at__isnull=True).user


def add_member(parish, person=None, **kwargs):
    """A member added directly (joining through the service checks the postcode; see test_active_members)."""
    person = person or UserFactory(**kwargs)
    ParishMember.objects.create(parish=parish, user=person)
    return person


def add_officer(parish, office: str, person=None):
    person = person or add_member(parish)
    OfficeHolder.objects.create(parish=parish, user=person, office=office)
    return person


def meeting_of(parish, *, days: float = 7, **kwargs) -> Meeting:
    """A meeting `days` from now (negative for one that has taken place), at the village hall."""
    kwargs.setdefault("title", "Annual meeting")
    kwargs.setdefault("place", "The village hall")
    return Meeting.objects.create(parish=parish, starts_at=timezone.now() + datetime.timedelta(days=days), **kwargs)
