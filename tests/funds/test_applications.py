"""Applying: starting, saving and submitting an application, with a specific error for each bad input and
nothing half-saved; withdrawing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.organisations.models import OrganisationType
from funds import bank, services
from funds.models import (
    Answer,
    ApplicationStatus,
    BankDetails,
    BeneficiaryArea,
    BudgetLine,
    LeftBehindNeighbourhood,
)
from tests.organisations.factories import (
    MembershipFactory,
    OrganisationFactory,
    VerifiedOrganisationFactory,
)
from tests.places.factories import LSOAFactory, PostcodeFactory

from .factories import Place, draft, member_of, open_round, submitted

pytestmark = pytest.mark.django_db


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict if hasattr(excinfo.value, "error_dict") else {"": excinfo.value.messages}


# Starting -----------------------------------------------------------------------------------------------------

def test_a_verified_member_starts_a_draft(round_):
    organisation = VerifiedOrganisationFactory()
    person = member_of(organisation, "coordinator")
    application = services.application_start(actor=person, round=round_, organisation=organisation,
                                             title="  Warm   spaces ")
    assert application.status == ApplicationStatus.DRAFT and application.title == "Warm spaces"
    assert AuditEntry.objects.filter(action="funds.application_started", target_id=str(application.pk)).exists()


def test_members_of_unverified_organisations_and_outsiders_cannot_apply(round_):
    unverified = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        services.application_start(actor=member_of(unverified), round=round_, organisation=unverified, title="X")
    organisation = VerifiedOrganisationFactory()
    with pytest.raises(PermissionDenied):
        services.application_start(actor=member_of(VerifiedOrganisationFactory()), round=round_,
                                   organisation=organisation, title="X")
    assert AuditEntry.objects.filter(action="funds.application_start_refused").count() == 2


def test_applying_after_the_round_closes_is_refused_and_audited(round_):
    organisation = VerifiedOrganisationFactory()
    person = member_of(organisation)
    round_.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    round_.save()
    with pytest.raises(ValidationError, match="This round closed at .*: applications can no longer be made"):
        services.application_start(actor=person, round=round_, organisation=organisation, title="Late")
    refusal = AuditEntry.objects.get(action="funds.application_start_refused")
    assert refusal.actor == person and "closed" in str(refusal.metadata["errors"])


def test_a_round_not_yet_open_says_when_it_opens(fund, admin):
    from .factories import funded
    funded(fund, admin)
    round_ = open_round(fund, admin, opens_at=timezone.now() + datetime.timedelta(days=2))
    organisation = VerifiedOrganisationFactory()
    with pytest.raises(ValidationError, match="This round opens at"):
        services.application_start(actor=member_of(organisation), round=round_, organisation=organisation,
                                   title="Early")


def test_an_ineligible_type_of_organisation_is_told_so(fund, admin):
    from .factories import funded
    funded(fund, admin)
    round_ = open_round(fund, admin, organisation_types=[OrganisationType.REGISTERED_CHARITY])
    business = VerifiedOrganisationFactory(type=OrganisationType.BUSINESS, charity_number="",
                                           company_number="09876543")
    with pytest.raises(ValidationError, match=r"does not fund organisations of your type \(Business\)"):
        services.application_start(actor=member_of(business), round=round_, organisation=business, title="X")


def test_one_open_application_per_organisation_and_round(round_):
    application, applicant = draft(round_)
    with pytest.raises(ValidationError, match="already has an application to this round"):
        services.application_start(actor=applicant, round=round_, organisation=application.organisation,
                                   title="Again")


# Details ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("amount", "message"), [
    ("500", "Enter an amount between £1,000 and £100,000"),
    ("100000.01", "Enter an amount between £1,000 and £100,000"),
    ("lots", "Enter the amount you are asking for in pounds, like 1250 or 1250.50"),
    ("10.555", "with no more than 2 decimal places"),
    ("-5", "Enter the amount you are asking for of more than £0"),
])
def test_amounts_outside_the_limits_or_not_money_are_refused(round_, amount, message):
    application, applicant = draft(round_)
    with pytest.raises(ValidationError) as excinfo:
        services.application_update(actor=applicant, application=application, amount_requested=amount,
                                    title="Changed")
    assert message in _errors(excinfo)["amount_requested"][0]
    application.refresh_from_db()
    assert application.amount_requested == Decimal("5000") and application.title != "Changed"


def test_a_fast_track_round_holds_amounts_to_the_funds_limit(fund, admin):
    from .factories import funded
    funded(fund, admin)
    round_ = open_round(fund, admin, fast_track=True, max_amount="10000")
    application, applicant = draft(round_)
    fund.fast_track_limit = Decimal("8000")
    fund.save()
    with pytest.raises(ValidationError, match="between £1,000 and £8,000"):
        services.application_update(actor=applicant, application=application, amount_requested="9000")


def test_project_dates_must_be_in_order_and_within_the_rounds_length(round_):
    application, applicant = draft(round_)
    start = timezone.localdate() + datetime.timedelta(days=10)
    with pytest.raises(ValidationError) as excinfo:
        services.application_update(actor=applicant, application=application, project_start=start,
                                    project_end=start - datetime.timedelta(days=1))
    assert _errors(excinfo)["project_end"] == ["The project must end on or after the day it starts"]
    with pytest.raises(ValidationError, match="can last up to 24 months"):
        services.application_update(actor=applicant, application=application, project_start=start,
                                    project_end=start + datetime.timedelta(days=900))
    with pytest.raises(ValidationError, match="real date"):
        services.application_update(actor=applicant, application=application, project_start="next week")


# Answers and uploads ------------------------------------------------------------------------------------------

def _question(round_, **kwargs):
    from funds.models import Question

    defaults = {"key": f"q{Question.objects.count()}", "label": "A question", "position": 99}
    return Question.objects.create(round=round_, **{**defaults, **kwargs})


@pytest.mark.parametrize(("kind", "extra", "value", "stored", "error"), [
    ("text", {"max_length": 10}, "Short", "Short", None),
    ("text", {"max_length": 10}, "Far too long an answer", None, "must be 10 characters or fewer"),
    ("number", {}, "12.50", "12.5", None),
    ("number", {}, "twelve", None, "Enter a number"),
    ("money", {}, "£1,200", "1200.00", None),
    ("money", {}, "1,2,x", None, "in pounds"),
    ("date", {}, datetime.date(2027, 3, 1), "2027-03-01", None),
    ("date", {}, "31/02/2027", None, "Enter a real date"),
    ("choice", {"choices": ["Yes", "No"]}, "No", "No", None),
    ("choice", {"choices": ["Yes", "No"]}, "Maybe", None, "Select one of the options"),
    ("file", {"allowed_types": ["pdf"]}, "a.pdf", None, "with a file"),
])
def test_answers_are_checked_by_the_kind_of_question(round_, kind, extra, value, stored, error):
    application, applicant = draft(round_)
    question = _question(round_, kind=kind, **extra)
    if error:
        with pytest.raises(ValidationError, match=error):
            services.answer_save(actor=applicant, application=application, question=question, value=value)
        assert not Answer.objects.filter(question=question).exists()
    else:
        answer = services.answer_save(actor=applicant, application=application, question=question, value=value)
        assert answer.value == stored


def test_an_empty_answer_clears_it_and_a_question_of_another_round_is_refused(round_, fund, admin):
    application, applicant = draft(round_)
    question = round_.questions.get(kind="text")
    assert services.answer_save(actor=applicant, application=application, question=question, value="  ") is None
    assert not Answer.objects.filter(application=application, question=question).exists()
    other = _question(open_round(fund, admin), kind="text")
    with pytest.raises(ValidationError, match="Choose a question of this round's form"):
        services.answer_save(actor=applicant, application=application, question=other, value="x")


PDF = b"%PDF-1.7\n" + b"x" * 100


@pytest.mark.parametrize(("name", "content", "message"), [
    ("plan.docx", PDF, "The selected file must be a PDF or PNG"),
    ("plan.pdf", b"", "The selected file is empty"),
    ("plan.pdf", b"%PDF-" + b"x" * 3000, "The selected file must be smaller than 2KB"),
    ("plan.pdf", b"PK\x03\x04 renamed spreadsheet", "The selected file must be a PDF or PNG"),
    ("plan", PDF, "The selected file must be a PDF or PNG"),
])
def test_uploads_of_the_wrong_type_or_size_are_refused(round_, name, content, message):
    application, applicant = draft(round_)
    question = _question(round_, kind="file", allowed_types=["pdf", "png"], max_file_bytes=2048)
    with pytest.raises(ValidationError) as excinfo:
        services.answer_upload(actor=applicant, application=application, question=question,
                               upload=SimpleUploadedFile(name, content))
    assert _errors(excinfo)["upload"] == [message]
    assert not Answer.objects.filter(question=question).exists()
    assert AuditEntry.objects.filter(action="funds.answer_upload_refused").count() == 1


def test_a_good_upload_is_kept_and_a_new_one_replaces_it(round_, django_capture_on_commit_callbacks):
    application, applicant = draft(round_)
    question = _question(round_, kind="file", allowed_types=["pdf"], max_file_bytes=2048)
    first = services.answer_upload(actor=applicant, application=application, question=question,
                                   upload=SimpleUploadedFile("plan.pdf", PDF))
    old_name = first.file.name
    storage = first.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        second = services.answer_upload(actor=applicant, application=application, question=question,
                                        upload=SimpleUploadedFile("plan-v2.pdf", PDF))
    assert second.pk == first.pk and second.file_name == "plan-v2.pdf" and second.file_bytes == len(PDF)
    assert storage.exists(second.file.name) and not storage.exists(old_name)


def test_uploading_to_a_question_that_is_not_a_file_is_refused(round_):
    application, applicant = draft(round_)
    with pytest.raises(ValidationError, match="is not answered with a file"):
        services.answer_upload(actor=applicant, application=application, question=round_.questions.get(kind="text"),
                               upload=SimpleUploadedFile("plan.pdf", PDF))


# Budget -------------------------------------------------------------------------------------------------------

def test_each_budget_line_must_add_up_to_its_cost(round_):
    application, applicant = draft(round_)
    with pytest.raises(ValidationError) as excinfo:
        services.budget_set(actor=applicant, application=application, lines=[
            {"item": "Rent", "cost": "1200", "requested": "1000", "match_funding": "100", "match_source": "Us"},
            {"item": "", "cost": "x", "requested": "1"},
            {"item": "Food", "cost": "500", "requested": "300", "match_funding": "200"},
        ])
    errors = _errors(excinfo)
    assert errors["lines-0-cost"] == ["The grant (£1,000) and match funding (£100) for Rent must add up to its cost "
                                      "of £1,200"]
    assert errors["lines-1-item"] == ["Enter what line 2 of the budget is for"]
    assert "in pounds" in errors["lines-1-cost"][0]
    assert errors["lines-2-match_source"] == ["Enter where the match funding for Food comes from"]
    # The budget saved before is untouched.
    assert list(BudgetLine.objects.filter(application=application).values_list("item", flat=True)) == ["Heating"]


def test_a_budget_that_does_not_add_up_to_the_request_cannot_be_submitted(round_):
    application, applicant = draft(round_, amount="5000")
    services.budget_set(actor=applicant, application=application, lines=[
        {"item": "Rent", "cost": "3000", "requested": "2500", "match_funding": "500", "match_source": "Council"},
        {"item": "Food", "cost": "2000", "requested": "2000"}])
    with pytest.raises(ValidationError) as excinfo:
        services.application_submit(actor=applicant, application=application)
    assert _errors(excinfo)["budget"] == ["Your budget asks for £4,500 from this grant but your application asks "
                                          "for £5,000: make them the same"]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and application.submitted_at is None


# Beneficiary areas --------------------------------------------------------------------------------------------

def test_areas_resolve_to_lsoas_wards_and_authorities_with_their_deciles(round_):
    application, applicant = draft(round_)
    place = Place(decile=1)
    richer = LSOAFactory(local_authority=place.local_authority, imd_decile=9)
    PostcodeFactory(lsoa=richer, ward=place.ward, local_authority=place.local_authority)
    LeftBehindNeighbourhood.objects.create(ward_code=place.ward.code, name="Hendon")
    areas = services.beneficiary_areas_set(actor=applicant, application=application, codes=[
        place.postcode.postcode.lower().replace(" ", ""), richer.code, place.ward.code, place.local_authority.code,
        richer.code])
    by_kind = {area.kind: area for area in areas}
    assert len(areas) == 4
    assert by_kind["postcode"].lsoa == place.lsoa and by_kind["postcode"].imd_decile == 1
    assert by_kind["postcode"].left_behind
    assert by_kind["lsoa"].imd_decile == 9 and by_kind["lsoa"].left_behind
    assert by_kind["ward"].imd_decile == 1 and by_kind["ward"].left_behind
    assert by_kind["local_authority"].imd_decile == 1 and not by_kind["local_authority"].left_behind


def test_unknown_and_malformed_areas_are_named(round_):
    application, applicant = draft(round_)
    gone = PostcodeFactory(terminated_on=datetime.date(2020, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.beneficiary_areas_set(actor=applicant, application=application, codes=[
            "SR9 9ZZ", "not a place", "E01999999", gone.postcode, "E14000530"])
    errors = _errors(excinfo)
    assert errors["areas-0"] == ["We could not find the postcode SR9 9ZZ: check it, or enter an area code"]
    assert errors["areas-1"] == ["Enter a real postcode or an area code, like SR2 8AA or E01008162"]
    assert errors["areas-2"] == ["We could not find the area E01999999"]
    assert "is no longer in use" in errors["areas-3"][0]
    assert "is not the code of an LSOA, ward or local authority" in errors["areas-4"][0]
    assert BeneficiaryArea.objects.filter(application=application).count() == 1


# Bank details -------------------------------------------------------------------------------------------------

def test_bank_details_are_encrypted_at_rest_and_shown_masked(round_):
    from funds.selectors import masked_bank_details

    application, applicant = draft(round_)
    row = BankDetails.objects.get(application=application)
    assert "00733445" not in row.account_number_encrypted and "309430" not in row.sort_code_encrypted
    assert bank.decrypt(row.account_number_encrypted) == "00733445"
    masked = masked_bank_details(application)
    assert (masked.sort_code, masked.account_number) == ("••-••-30", "••••3445")
    entry = AuditEntry.objects.filter(action="funds.bank_details_set").latest("id")
    assert "00733445" not in str(entry.metadata) and entry.metadata["account_number"] == "••••3445"


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"sort_code": "30-94"}, "sort_code", "Enter a valid sort code like 309430"),
    ({"account_number": "12345"}, "account_number", "Enter a valid account number like 00733445"),
    ({"account_number": "1234567a"}, "account_number", "Enter a valid account number like 00733445"),
    ({"account_name": " "}, "account_name", "Enter the name on the account"),
    ({"roll_number": "ROLL*1"}, "roll_number", "Building society roll number must be between 1 and 18"),
])
def test_bad_bank_details_are_refused(round_, fields, field, message):
    application, applicant = draft(round_)
    values = {"account_name": "Trust", "sort_code": "309430", "account_number": "00733445", **fields}
    with pytest.raises(ValidationError) as excinfo:
        services.bank_details_set(actor=applicant, application=application, **values)
    assert _errors(excinfo)[field][0].startswith(message)


def test_only_the_applicants_administrators_set_bank_details(round_):
    application, _applicant = draft(round_)
    coordinator = member_of(application.organisation, "coordinator")
    with pytest.raises(PermissionDenied):
        services.bank_details_set(actor=coordinator, application=application, account_name="X",
                                  sort_code="309430", account_number="00733445")


def test_changing_bank_details_after_submission_reruns_due_diligence(round_, admin):
    application, applicant = submitted(round_)
    other, _ = submitted(round_)
    services.bank_details_set(actor=applicant, application=application, account_name=application.organisation.name,
                              sort_code="11-22-33", account_number="44556677")
    services.bank_details_set(actor=_, application=other, account_name=other.organisation.name,
                              sort_code="112233", account_number="44556677")
    other.due_diligence.refresh_from_db()
    assert other.due_diligence.rating == "red"
    assert any(f["code"] == "R3" for f in other.due_diligence.findings)


# Submitting ---------------------------------------------------------------------------------------------------

def test_a_complete_draft_is_submitted_with_its_deprivation_and_due_diligence(round_):
    application, applicant = submitted(round_, place=Place(decile=3))
    assert application.status == ApplicationStatus.SUBMITTED and application.submitted_by == applicant
    assert application.most_deprived_decile == 3
    assert application.due_diligence.rating in ("green", "amber")
    entry = AuditEntry.objects.get(action="funds.application_submitted")
    assert entry.changes["status"] == ["draft", "submitted"]


def test_submitting_after_the_round_closes_is_refused(round_):
    application, applicant = draft(round_)
    round_.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    round_.save()
    with pytest.raises(ValidationError, match="This round closed at"):
        services.application_submit(actor=applicant, application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert AuditEntry.objects.filter(action="funds.application_submit_refused", actor=applicant).exists()


def test_everything_missing_is_listed_when_submitting(round_):
    organisation = VerifiedOrganisationFactory()
    person = member_of(organisation)
    application = services.application_start(actor=person, round=round_, organisation=organisation, title="Bare")
    with pytest.raises(ValidationError) as excinfo:
        services.application_submit(actor=person, application=application)
    errors = _errors(excinfo)
    assert errors["summary"] == ["Enter what the grant is for"]
    assert errors["amount_requested"] == ["Enter the amount you are asking for"]
    assert errors["project_start"] == ["Enter the project's start date"]
    assert errors["organisation_income"] == ["Enter your organisation's annual income"]
    assert errors["beneficiary_areas"] == ["Add at least one place the grant will help"]
    assert errors["question-your-budget"] == ["Add your budget"]
    assert errors["question-what-difference-will-the-grant-make"] == [
        "Answer ‘What difference will the grant make?’"]


def test_rounds_eligibility_on_places_deprivation_and_income(fund, admin):
    from .factories import funded
    funded(fund, admin)
    here = Place(decile=2)
    round_ = open_round(fund, admin, local_authorities=[here.local_authority.code], deprivation_rule="require",
                        deprivation_max_decile=3, income_bands=["under_10k", "10k_100k"])
    elsewhere, applicant = draft(round_, place=Place(decile=1), income="250000")
    with pytest.raises(ValidationError) as excinfo:
        services.application_submit(actor=applicant, application=elsewhere)
    errors = _errors(excinfo)
    assert "This round funds work only in" in errors["beneficiary_areas"][0]
    assert errors["organisation_income"] == ["This round funds organisations with an annual income of under "
                                             "£10,000 or £10,000 to £100,000"]
    rich_place = Place(decile=8, local_authority=here.local_authority)
    comfortable, applicant2 = draft(round_, place=rich_place)
    with pytest.raises(ValidationError, match=r"most deprived areas \(IMD deciles 1 to 3\)"):
        services.application_submit(actor=applicant2, application=comfortable)
    LeftBehindNeighbourhood.objects.create(ward_code=rich_place.ward.code)
    round_.left_behind_counts = True
    round_.save()
    services.beneficiary_areas_set(actor=applicant2, application=comfortable, codes=[rich_place.postcode.postcode])
    assert services.application_submit(actor=applicant2, application=comfortable).status == "submitted"


def test_an_organisation_suspended_since_it_started_cannot_submit(round_):
    application, applicant = draft(round_)
    organisation = application.organisation
    organisation.verification_status = "suspended"
    organisation.save()
    with pytest.raises(PermissionDenied):
        services.application_submit(actor=applicant, application=application)


def test_a_submitted_application_can_no_longer_be_changed(round_):
    application, applicant = submitted(round_)
    with pytest.raises(PermissionDenied):
        services.application_update(actor=applicant, application=application, title="Sneaky")
    with pytest.raises(PermissionDenied):
        services.application_submit(actor=applicant, application=application)


# Withdrawing --------------------------------------------------------------------------------------------------

def test_withdrawing_an_approved_award_returns_its_money_to_the_round(round_, admin, assessor):
    from funds.selectors import round_position

    from .factories import recommended
    application, applicant = recommended(round_, admin, assessor, amount="20000")
    services.application_approve(actor=admin, application=application, amount="20000", reasons="Good")
    assert round_position(round_).uncommitted == Decimal("180000")
    services.application_withdraw(actor=applicant, application=application, reason="Another funder paid")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN and application.withdrawn_at
    assert round_position(round_).uncommitted == Decimal("200000")


def test_a_grant_whose_agreement_is_accepted_cannot_be_withdrawn(round_, admin, assessor):
    from .factories import recommended
    application, applicant = recommended(round_, admin, assessor)
    services.application_approve(actor=admin, application=application, amount="5000", reasons="Good")
    services.agreement_accept(actor=applicant, application=application, full_name="Sam", role="Chair")
    with pytest.raises(PermissionDenied):
        services.application_withdraw(actor=applicant, application=application)


def test_only_members_of_the_applicant_withdraw(round_):
    application, _applicant = submitted(round_)
    stranger = MembershipFactory(organisation=VerifiedOrganisationFactory(), roles=["admin"]).user
    with pytest.raises(PermissionDenied):
        services.application_withdraw(actor=stranger, application=application)
