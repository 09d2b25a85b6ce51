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


# Builders that go through the services, as people would -------------------------------------------------------

class Place:
    """A postcode in an LSOA of a given IMD decile, in a ward of a local authority (places core rows)."""

    def __init__(self, decile: int = 2, *, local_authority=None, ward=None):
        from tests.places.factories import (
            LocalAuthorityFactory,
            LSOAFactory,
            PostcodeFactory,
            WardFactory,
        )

        self.local_authority = local_authority or LocalAuthorityFactory()
        self.lsoa = LSOAFactory(local_authority=self.local_authority, imd_decile=decile)
        self.ward = ward or WardFactory(local_authority=self.local_authority)
        self.postcode = PostcodeFactory(lsoa=self.lsoa, ward=self.ward, local_authority=self.local_authority)


def funded(fund, admin, amount="1000000"):
    """Record capital (an endowment's is invested, so this is only for recovery funds' budgets)."""
    from funds.services import fund_capital_record

    fund_capital_record(actor=admin, fund=fund, amount=amount, received_on=timezone.localdate())
    return fund


def open_round(fund, admin, *, budget="200000", criteria=(("Need", 2), ("Delivery", 1)), questions=True,
               **fields):
    """A published round of a new programme, its budget allocated from the fund, with two weighted criteria and
    (unless questions=False) a required text question and the budget table."""
    from funds.services import (
        criterion_add,
        programme_create,
        question_add,
        round_create,
        round_publish,
    )

    number = Programme.objects.count() + 1
    programme = programme_create(actor=admin, fund=fund, name=f"Crisis grants {number}", code=f"CG-{number}")
    values = {"name": "Winter round", "opens_at": timezone.now() - datetime.timedelta(hours=1),
              "closes_at": timezone.now() + datetime.timedelta(days=30), "min_amount": "1000",
              "max_amount": "100000", "budget": budget, "max_months": 24, **fields}
    round_ = round_create(actor=admin, programme=programme, **values)
    if questions:
        question_add(actor=admin, round=round_, label="What difference will the grant make?", kind="text")
        question_add(actor=admin, round=round_, label="Your budget", kind="budget")
    for name, weight in criteria:
        criterion_add(actor=admin, round=round_, name=name, weight=weight)
    return round_publish(actor=admin, round=round_)


def draft(round_, *, organisation=None, applicant=None, amount="5000", place=None, areas=None, match="0",
          income="80000"):
    """A draft made complete through the applicants' services: details, answers, budget, beneficiary areas
    (`areas`, codes; else the postcode of `place`, or of a new place in decile 2) and bank details. Returns
    (application, applicant)."""
    from funds.models import QuestionKind
    from funds.services import (
        answer_save,
        application_start,
        application_update,
        bank_details_set,
        beneficiary_areas_set,
        budget_set,
    )

    organisation = organisation or VerifiedOrganisationFactory()
    applicant = applicant or member_of(organisation)
    application = application_start(actor=applicant, round=round_, organisation=organisation,
                                    title="Warm spaces this winter")
    application_update(actor=applicant, application=application, summary="Heated rooms and hot meals.",
                       amount_requested=amount, organisation_income=income,
                       project_start=timezone.localdate() + datetime.timedelta(days=30),
                       project_end=timezone.localdate() + datetime.timedelta(days=300))
    for question in round_.questions.all():
        if question.kind == QuestionKind.TEXT:
            answer_save(actor=applicant, application=application, question=question, value="A great deal.")
    amount, match = Decimal(amount), Decimal(match)
    budget_set(actor=applicant, application=application,
               lines=[{"item": "Heating", "cost": amount + match, "requested": amount, "match_funding": match,
                       "match_source": "Our reserves" if match else ""}])
    if areas is None:
        areas = [(place or Place()).postcode.postcode]
    beneficiary_areas_set(actor=applicant, application=application, codes=areas)
    bank_details_set(actor=applicant, application=application, account_name=organisation.name,
                     sort_code="30-94-30", account_number="00733445")
    application.refresh_from_db()
    return application, applicant


def submitted(round_, **kwargs):
    from funds.services import application_submit

    application, applicant = draft(round_, **kwargs)
    return application_submit(actor=applicant, application=application), applicant


def assessed(application, admin, assessors, *, score=4):
    """Each assessor assigned, declaring no conflict and scoring every criterion `score`."""
    from funds.services import assessor_assign, conflict_declare, scores_record

    for assessor in assessors:
        assessor_assign(actor=admin, application=application, assessor=assessor)
        conflict_declare(actor=assessor, application=application, has_conflict=False)
        scores_record(actor=assessor, application=application,
                      scores=[{"criterion": c, "score": score, "comment": "Sound plan."}
                              for c in application.round.criteria.all()])
    application.refresh_from_db()
    return application


def recommended(round_, admin, assessor, **kwargs):
    """A submitted application, assessed by `assessor` and recommended by the panel (recorded by `admin`)."""
    from funds.services import application_recommend

    application, applicant = submitted(round_, **kwargs)
    assessed(application, admin, [assessor])
    application_recommend(actor=admin, application=application, recommended=True, notes="Strong need.")
    application.refresh_from_db()
    return application, applicant
