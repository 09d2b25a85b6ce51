"""Factories for community funds: a fund run by a verified organisation, programmes, open rounds with questions
and criteria, applications, and the people who run, assess and apply."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from covenant.organisations.models import Role
from funds.models import (
    Application,
    ApplicationStatus,
    Criterion,
    Fund,
    FundKind,
    Programme,
    Question,
    QuestionKind,
    Round,
)
from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory, VerifiedOrganisationFactory


class FundFactory(factory.django.DjangoModelFactory):
    """The Community Recovery Fund, run by a verified funder."""

    class Meta:
        model = Fund

    organisation = factory.SubFactory(VerifiedOrganisationFactory, name=factory.Sequence(lambda n: f"Funder {n}"))
    name = factory.Sequence(lambda n: f"Community Recovery Fund {n}")
    slug = factory.Sequence(lambda n: f"community-recovery-fund-{n}")
    kind = FundKind.RECOVERY
    source = "Dormant bank and building society accounts"
    identifier_prefix = factory.Sequence(lambda n: f"covenant-crf-{n}")
    funder_org_id = factory.LazyAttribute(lambda o: o.organisation.org_id)


class EndowmentFactory(FundFactory):
    name = factory.Sequence(lambda n: f"Levelling Up Communities Fund {n}")
    slug = factory.Sequence(lambda n: f"levelling-up-communities-fund-{n}")
    kind = FundKind.ENDOWMENT
    source = "Dormant insurance and pension accounts"
    identifier_prefix = factory.Sequence(lambda n: f"covenant-lucf-{n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    fund = factory.SubFactory(FundFactory)
    name = factory.Sequence(lambda n: f"Crisis Grants {n}")
    slug = factory.Sequence(lambda n: f"crisis-grants-{n}")
    code = factory.Sequence(lambda n: f"CG{n}")
    description = "Quick grants for groups meeting urgent need."


class RoundFactory(factory.django.DjangoModelFactory):
    """A published round, open since yesterday for a month, for £1,000 to £100,000 (its budget is allocated by
    the ledger: see `funded_round`)."""

    class Meta:
        model = Round

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Round {n}")
    slug = factory.Sequence(lambda n: f"round-{n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    min_amount = Decimal("1000")
    max_amount = Decimal("100000")
    max_months = 36
    published_at = factory.LazyFunction(timezone.now)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    round = factory.SubFactory(RoundFactory)
    key = factory.Sequence(lambda n: f"question-{n}")
    position = factory.Sequence(lambda n: n)
    label = factory.Sequence(lambda n: f"Question {n}")
    kind = QuestionKind.TEXT
    max_length = 2000


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    round = factory.SubFactory(RoundFactory)
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = Decimal("1")


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft with its answers to come, asking for £5,000 for a year's project."""

    class Meta:
        model = Application

    round = factory.SubFactory(RoundFactory)
    organisation = factory.SubFactory(VerifiedOrganisationFactory)
    status = ApplicationStatus.DRAFT
    title = factory.Sequence(lambda n: f"Warm spaces this winter {n}")
    summary = "Heated rooms, hot meals and advice for people struggling with bills."
    amount_requested = Decimal("5000")
    project_start = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    project_end = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=395))
    organisation_income = Decimal("80000")
    created_by = factory.SubFactory(UserFactory)


def administrator_of(fund, **user_kwargs):
    """A fund administrator of the organisation that runs `fund`."""
    user = UserFactory(mfa=True, **user_kwargs)
    MembershipFactory(organisation=fund.organisation, user=user, roles=[Role.FUND_ADMINISTRATOR])
    return user


def assessor_of(fund, **user_kwargs):
    user = UserFactory(**user_kwargs)
    MembershipFactory(organisation=fund.organisation, user=user, roles=[Role.ASSESSOR])
    return user


def finance_of(fund, **user_kwargs):
    user = UserFactory(mfa=True, **user_kwargs)
    MembershipFactory(organisation=fund.organisation, user=user, roles=[Role.FINANCE])
    return user


def member_of(organisation, *roles, **user_kwargs):
    user = UserFactory(**user_kwargs)
    MembershipFactory(organisation=organisation, user=user, roles=list(roles or [Role.ADMIN]))
    return user
