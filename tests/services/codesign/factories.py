"""Factories for co-design: processes with phases placed around today, ideas, proposals and ballots."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from services.codesign.models import (
    PHASE_ORDER,
    Ballot,
    BallotChoice,
    Contribution,
    ContributionKind,
    Phase,
    Process,
    ProcessStatus,
)
from tests.accounts.factories import UserFactory
from tests.services.factories import ServiceFactory

PHASE_DAYS = 10


class ProcessFactory(factory.django.DjangoModelFactory):
    """A published process (without phases: see `phases_around`)."""

    class Meta:
        model = Process

    service = factory.SubFactory(ServiceFactory)
    slug = factory.Sequence(lambda n: f"process-{n}")
    title = factory.Sequence(lambda n: f"Shape the service {n}")
    description = "Tell the council how the service should change."
    status = ProcessStatus.PUBLISHED
    created_by = factory.SubFactory(UserFactory)
    published_at = factory.LazyFunction(timezone.now)


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    process = factory.SubFactory(ProcessFactory)
    kind = ContributionKind.PROPOSAL
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Proposal {n}")
    body = "What it would do, and for whom."


def phases_around(process: Process, open_kind: str | None, *, kinds=PHASE_ORDER, ended: str | None = None) -> dict:
    """Give `process` phases of `kinds` in order, PHASE_DAYS each: `open_kind`'s phase contains today (5 days in);
    or, with `ended`, that phase ended yesterday and the next starts today. Returns the phases by kind."""
    today = timezone.localdate()
    kinds = list(kinds)
    if ended is not None:
        anchor, anchor_end = kinds.index(ended), today - datetime.timedelta(days=1)
    else:
        anchor, anchor_end = kinds.index(open_kind), today + datetime.timedelta(days=PHASE_DAYS // 2)
    phases = {}
    for index, kind in enumerate(kinds):
        ends_on = anchor_end + datetime.timedelta(days=(index - anchor) * PHASE_DAYS)
        phases[kind] = Phase.objects.create(process=process, kind=kind, ends_on=ends_on,
                                            starts_on=ends_on - datetime.timedelta(days=PHASE_DAYS - 1))
    return phases


def budget_process(service, *, open_kind: str | None = "proposals", ended: str | None = None, budget="1000",
                   method="knapsack", limit=None, **kwargs) -> Process:
    process = ProcessFactory(service=service, budget=Decimal(budget), voting_method=method,
                             approval_limit=limit if method == "approval" else None, **kwargs)
    phases_around(process, open_kind, ended=ended)
    return process


def proposal(process: Process, *, cost="100", **kwargs) -> Contribution:
    return ContributionFactory(process=process, kind=ContributionKind.PROPOSAL,
                               cost=Decimal(cost) if cost is not None else None, **kwargs)


def ballot_for(process: Process, voter, proposals) -> Ballot:
    """A ballot as the service stores it, without its checks (for counts and pages)."""
    import secrets

    ballot = Ballot.objects.create(process=process, voter=voter, reference=secrets.token_hex(8))
    BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, proposal=p) for p in proposals])
    return ballot
