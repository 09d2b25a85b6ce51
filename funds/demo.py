"""Demo community funds, run by the Community Funds Administration, made once through the services:

- the Community Recovery Fund (£500m of capital), with a programme of crisis grants and an open fast-track round
  whose applications are at each stage: Hendon Community Pantry's grant is active with its first tranche paid,
  Sunderland Warm Spaces' is recommended by the panel and Blackpool Food Bank's is submitted;
- the Levelling Up Communities Fund, an endowment (£2bn of capital, three years of valuations and a return, this
  year's drawdown within its rule), with a programme of long-term grants in left-behind neighbourhoods and an open
  round: Pallion Community Partnership's large grant approved by one administrator and confirmed by a second,
  and Hendon Community Pantry's draft.

Logins: Dan (funds@example.org) administers the funds; Ruth (funds2@example.org) is the second administrator;
Kwame (assessor@example.org) assesses; Chloe (applicant@example.org) runs Hendon Community Pantry. The
organisations' charity numbers, the bank details and the left-behind list (two demo wards) are invented.
"""

import datetime

from django.utils import timezone

from covenant.accounts.models import User
from covenant.core.demo import DEMO_PASSWORD
from covenant.organisations import identifiers
from covenant.organisations.models import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationType,
    Role,
    VerificationStatus,
)

from . import services
from .models import Fund, FundKind

CRF_PREFIX = "covenant-crf"
LUCF_PREFIX = "covenant-lucf"

# key, email, full name, preferred name, postcode, role in the logins table
PEOPLE = [
    ("fund_admin2", "funds2@example.org", "Ruth Adeyemi", "Ruth", "SR4 1EG",
     "Second fund administrator (Community Funds Administration): confirms large awards"),
    ("assessor", "assessor@example.org", "Kwame Mensah", "Kwame", "SR1 1AD",
     "Grant assessor (Community Funds Administration)"),
    ("applicant", "applicant@example.org", "Chloe Robson", "Chloe", "SR2 1AB",
     "Charity administrator applying for grants (Hendon Community Pantry): an active grant with a tranche paid "
     "and a draft to finish"),
]

# key, type, name, charity number, postcode, description, administrator (a person's key, or None)
APPLICANTS = [
    ("pantry", OrganisationType.REGISTERED_CHARITY, "Hendon Community Pantry", "1190002", "SR2 1AB",
     "A community pantry and kitchen for families in Hendon.", "applicant"),
    ("warm_spaces", OrganisationType.CIO, "Sunderland Warm Spaces CIO", "1190003", "SR4 2AB",
     "Warm, welcoming rooms with hot food through the winter.", None),
    ("partnership", OrganisationType.CIO, "Pallion Community Partnership", "1190004", "SR4 1AB",
     "Residents of Pallion working together for the long term.", None),
]


def _person(world, key, email, full_name, preferred, postcode, role):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name,
                                         preferred_name=preferred, postcode=postcode)
        world.created["people"] += 1
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    world.users[key] = user
    world.add_login(email, role)
    return user


def _member(world, organisation, user, roles) -> None:
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation)
    world.created["memberships"] += created
    for role in roles:
        MembershipRole.objects.get_or_create(membership=membership, role=role)


def _organisation(world, key, org_type, name, charity_number, postcode, description) -> Organisation:
    organisation = Organisation.objects.filter(name=name).first()
    if organisation is None:
        staff = world.users.get("staff")
        organisation = Organisation.objects.create(
            type=org_type, name=name, charity_number=charity_number, postcode=postcode, description=description,
            contact_email=f"hello@{key.replace('_', '')}.example.org", verification_status=VerificationStatus.VERIFIED,
            verification_changed_at=timezone.now(), verification_changed_by=staff, created_by=staff)
        organisation.org_id = identifiers.derive_org_id(pk=organisation.pk, charity_number=charity_number)
        organisation.save(update_fields=["org_id"])
        world.created["organisations"] += 1
    world.organisations[key] = organisation
    return organisation


def _midday(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def _round(admin, fund, programme, *, name, description, min_amount, max_amount, budget, months, questions,
           criteria, **rules):
    round_ = services.round_create(
        actor=admin, programme=programme, name=name, description=description,
        opens_at=timezone.now() - datetime.timedelta(days=7), closes_at=_midday(timezone.localdate()
                                                                                 + datetime.timedelta(days=42)),
        min_amount=min_amount, max_amount=max_amount, budget=budget, max_months=months, **rules)
    for question in questions:
        services.question_add(actor=admin, round=round_, **question)
    for criterion, weight, description_ in criteria:
        services.criterion_add(actor=admin, round=round_, name=criterion, weight=weight, description=description_)
    return services.round_publish(actor=admin, round=round_)


def _apply(round_, organisation, person, *, title, summary, amount, months, area, answers, account, submit=True):
    """An application made complete through the applicants' services, then submitted."""
    application = services.application_start(actor=person, round=round_, organisation=organisation, title=title)
    start = timezone.localdate() + datetime.timedelta(days=30)
    services.application_update(actor=person, application=application, summary=summary, amount_requested=amount,
                                organisation_income="85000", project_start=start,
                                project_end=start + datetime.timedelta(days=int(months * 30.4)))
    for question in round_.questions.all():
        if question.key in answers:
            services.answer_save(actor=person, application=application, question=question,
                                 value=answers[question.key])
    services.budget_set(actor=person, application=application, lines=[
        {"item": "Staff and volunteers' costs", "cost": amount, "requested": amount, "match_funding": "0"}])
    services.beneficiary_areas_set(actor=person, application=application, codes=[area])
    services.bank_details_set(actor=person, application=application, account_name=organisation.name,
                              sort_code="30-94-30", account_number=account)
    if submit:
        application = services.application_submit(actor=person, application=application)
    return application


def _assess(admin, assessor, application, *, score: int, notes: str) -> None:
    services.assessor_assign(actor=admin, application=application, assessor=assessor)
    services.conflict_declare(actor=assessor, application=application, has_conflict=False)
    services.scores_record(actor=assessor, application=application, scores=[
        {"criterion": criterion, "score": score, "comment": "Clear need, and a sound plan to meet it."}
        for criterion in application.round.criteria.all()])
    services.application_recommend(actor=admin, application=application, recommended=True, notes=notes)


CRF_QUESTIONS = [
    {"label": "What will the grant pay for, and who will it help?", "kind": "text", "max_length": 1500,
     "section": "Your project"},
    {"label": "How urgent is the need?", "kind": "choice", "section": "Your project",
     "choices": ["People need help this week", "People need help this month", "People need help this winter"]},
    {"label": "Your budget", "kind": "budget", "section": "Money"},
    {"label": "Your latest accounts", "kind": "file", "required": False, "allowed_types": ["pdf", "xlsx"],
     "max_file_bytes": 5 * 1024 * 1024, "section": "Money"},
]
LUCF_QUESTIONS = [
    {"label": "What long-term change will your community lead?", "kind": "text", "max_length": 5000,
     "section": "Your plan"},
    {"label": "How many residents have helped shape the plan?", "kind": "number", "section": "Your plan"},
    {"label": "When did residents first meet about it?", "kind": "date", "required": False, "section": "Your plan"},
    {"label": "Match funding already promised", "kind": "money", "required": False, "section": "Money"},
    {"label": "Your budget", "kind": "budget", "section": "Money"},
    {"label": "Your plan as a document", "kind": "file", "required": False, "allowed_types": ["pdf", "docx", "odt"],
     "max_file_bytes": 10 * 1024 * 1024, "section": "Your plan"},
]


def seed(world) -> None:
    people = {key: _person(world, key, *rest) for key, *rest in PEOPLE}
    funder = world.organisations.get("funder")
    admin = world.users.get("fund_admin")
    if funder is None or admin is None:
        return
    _member(world, funder, people["fund_admin2"], [Role.FUND_ADMINISTRATOR])
    _member(world, funder, people["assessor"], [Role.ASSESSOR])
    organisations = {}
    for key, org_type, name, number, postcode, description, person in APPLICANTS:
        organisations[key] = _organisation(world, key, org_type, name, number, postcode, description)
        if person:
            _member(world, organisations[key], people[person], [Role.ADMIN])
    # Everything below is made once: the funds' ledgers cannot be made again.
    if Fund.objects.filter(identifier_prefix__in=[CRF_PREFIX, LUCF_PREFIX]).exists():
        return
    _recovery_fund(world, admin, people, organisations)
    _endowment(world, admin, people, organisations)


def _recovery_fund(world, admin, people, organisations) -> None:
    fund = services.fund_create(
        actor=admin, organisation=world.organisations["funder"], name="Community Recovery Fund",
        kind=FundKind.RECOVERY, source="The dormant National Fund", identifier_prefix=CRF_PREFIX,
        description="Crisis grants to charities and community groups, made fast.")
    services.fund_capital_record(actor=admin, fund=fund, amount="500000000",
                                 received_on=timezone.localdate() - datetime.timedelta(days=90),
                                 note="From the dormant National Fund")
    programme = services.programme_create(actor=admin, fund=fund, name="Crisis grants", code="CRF-CRISIS",
                                          description="Small grants, decided within 10 working days.")
    round_ = _round(admin, fund, programme, name="Winter crisis grants", fast_track=True,
                    description="Up to £10,000 for food, warmth and advice this winter.", min_amount="1000",
                    max_amount="10000", budget="250000", months=6, questions=CRF_QUESTIONS,
                    criteria=[("Need", "2", "How urgent and how great is the need?"),
                              ("Reach", "1", "How many people will it help?"),
                              ("Delivery", "1", "Can the group do what it says, soon?")])
    world.created["fund rounds"] += 1
    answers = {"what-will-the-grant-pay-for-and-who-will-it-help": "Food parcels, a warm room and energy advice.",
               "how-urgent-is-the-need": "People need help this week"}
    pantry = _apply(round_, organisations["pantry"], people["applicant"], title="Winter food and warmth in Hendon",
                    summary="Weekly food parcels and a warm, open kitchen for 120 families.", amount="8000",
                    months=5, area="SR2 1AB", answers=answers, account="11223344")
    _assess(admin, people["assessor"], pantry, score=4, notes="Strong need, ready to start.")
    services.application_approve(actor=admin, application=pantry, amount="8000", reasons="Meets the need well.",
                                 conditions="Tell us how many families you helped each month.")
    services.agreement_accept(actor=people["applicant"], application=pantry, full_name="Chloe Robson",
                              role="Chair of trustees")
    pantry.refresh_from_db()
    first, _second = services.tranches_schedule(actor=admin, application=pantry, tranches=[
        {"amount": "4000", "due_on": timezone.localdate()},
        {"amount": "4000", "due_on": pantry.project_start + datetime.timedelta(days=60)}])
    services.tranche_release(actor=admin, tranche=first, reference="BACS 0001")

    warm_spaces_admin = _applicant_admin(world, organisations["warm_spaces"], "warm.spaces")
    warm = _apply(round_, organisations["warm_spaces"], warm_spaces_admin, title="Warm spaces in Pallion",
                  summary="Three warm rooms open six days a week with hot lunches.", amount="9500", months=4,
                  area="SR4 2AB", answers=answers, account="22334455")
    _assess(admin, people["assessor"], warm, score=3, notes="A good plan; the panel recommends it.")

    charity_admin = world.users.get("charity_admin")
    food_bank = world.organisations.get("food_bank")
    if charity_admin is not None and food_bank is not None:
        _apply(round_, food_bank, charity_admin, title="Emergency food parcels this winter",
               summary="Food parcels for 300 households referred by local agencies.", amount="6000", months=5,
               area="FY1 1AB", answers=answers, account="33445566")
    world.created["fund applications"] += 3


def _applicant_admin(world, organisation, key):
    """An invented administrator of an applicant organisation, with no password: nobody signs in as them."""
    email = f"{key}@example.org"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, full_name=f"{organisation.name} administrator")
        user.set_unusable_password()
        user.save()
        world.created["people"] += 1
    _member(world, organisation, user, [Role.ADMIN])
    return user


def _endowment(world, admin, people, organisations) -> None:
    fund = services.fund_create(
        actor=admin, organisation=world.organisations["funder"], name="Levelling Up Communities Fund",
        kind=FundKind.ENDOWMENT, source="Dormant insurance and pension accounts", identifier_prefix=LUCF_PREFIX,
        description="Long-term, community-led change in left-behind neighbourhoods.")
    today = timezone.localdate()
    services.fund_capital_record(actor=admin, fund=fund, amount="2000000000",
                                 received_on=datetime.date(today.year - 3, 4, 1),
                                 note="From dormant insurance and pension accounts")
    for years_ago, value in ((3, "2010000000"), (2, "2065000000"), (1, "2120000000")):
        services.endowment_valuation_record(actor=admin, fund=fund, valued_on=datetime.date(today.year - years_ago,
                                                                                             12, 31), value=value)
    services.endowment_return_record(actor=admin, fund=fund, amount="64000000",
                                     received_on=datetime.date(today.year - 1, 12, 31), note="Dividends and interest")
    services.endowment_drawdown(actor=admin, fund=fund, amount="5000000", note=f"First drawdown of {today.year}")
    services.left_behind_import(actor=admin, list_name="Demo list (invented)",
                                csv_text="ward code,ward name\nE05009011,Hendon\nE05009012,Pallion\n")
    programme = services.programme_create(
        actor=admin, fund=fund, name="Community-led change", code="LUCF-CHANGE",
        description="Grants over several years for change that residents lead.")
    round_ = _round(admin, fund, programme, name="Community-led change 2027", fast_track=False,
                    description="Grants of £20,000 to £250,000 over up to three years, in the most deprived and "
                                "left-behind neighbourhoods.",
                    min_amount="20000", max_amount="250000", budget="2000000", months=36,
                    questions=LUCF_QUESTIONS, deprivation_rule="require", deprivation_max_decile=3,
                    left_behind_counts=True, organisation_types=["registered_charity", "cio", "cic"],
                    criteria=[("Led by residents", "3", "Did residents shape the plan, and will they lead it?"),
                              ("Long-term change", "2", "Will it still make a difference in ten years?"),
                              ("Delivery", "1", "Can the group do what it says?")])
    world.created["fund rounds"] += 1
    answers = {"what-long-term-change-will-your-community-lead": "A community hub run by residents.",
               "how-many-residents-have-helped-shape-the-plan": "140"}
    partnership_admin = _applicant_admin(world, organisations["partnership"], "pallion.partnership")
    partnership = _apply(round_, organisations["partnership"], partnership_admin,
                         title="Pallion community hub", amount="120000", months=36, area="SR4 1AB",
                         summary="Residents take on the old library as a hub they run together.",
                         answers=answers, account="44556677")
    _assess(admin, people["assessor"], partnership, score=5, notes="Led by residents from the start.")
    services.application_approve(actor=admin, application=partnership, amount="120000",
                                 reasons="Residents lead it, and the plan will last.")
    services.decision_confirm(actor=people["fund_admin2"], application=partnership)

    pantry = services.application_start(actor=people["applicant"], round=round_, organisation=organisations["pantry"],
                                         title="A community kitchen for Hendon")
    services.application_update(actor=people["applicant"], application=pantry, amount_requested="60000",
                                summary="A kitchen that residents run, training cooks and feeding neighbours.")
    world.created["fund applications"] += 2
