"""Assessing and deciding: conflicts declared before seeing an application, scores on the 0 to 5 scale, the
panel's recommendation, decisions with reasons, separation of duties and the second approval of large awards."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from covenant.audit.models import AuditEntry
from funds import services
from funds.models import (
    ApplicationStatus,
    AssessorAssignment,
    ConflictDeclaration,
    Decision,
    GrantAgreement,
    Score,
)
from funds.selectors import round_position
from tests.organisations.factories import MembershipFactory

from .factories import administrator_of, assessed, assessor_of, recommended, submitted

pytestmark = pytest.mark.django_db


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict if hasattr(excinfo.value, "error_dict") else {"": excinfo.value.messages}


def _scores(application, score=4, comment="Fine."):
    return [{"criterion": criterion, "score": score, "comment": comment}
            for criterion in application.round.criteria.all()]


# Assigning and declaring --------------------------------------------------------------------------------------

def test_an_assessor_sees_an_application_only_after_declaring_no_conflict(round_, admin, assessor):
    application, _applicant = submitted(round_)
    services.assessor_assign(actor=admin, application=application, assessor=assessor)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_ASSESSMENT
    assert not assessor.has_perm("funds.view_application", application)
    assert assessor.has_perm("funds.declare_conflict", application)
    with pytest.raises(ValidationError, match="Declare whether you have a conflict of interest before you assess"):
        services.scores_record(actor=assessor, application=application, scores=_scores(application))
    services.conflict_declare(actor=assessor, application=application, has_conflict=False)
    assert assessor.has_perm("funds.view_application", application)
    assert assessor.has_perm("funds.view_due_diligence", application)
    assert not assessor.has_perm("funds.declare_conflict", application)
    with pytest.raises(ValidationError, match="declared your interests in this application already"):
        services.conflict_declare(actor=assessor, application=application, has_conflict=True, details="Oh")


def test_a_declared_conflict_removes_the_assessor_and_leaves_a_record(round_, admin, assessor):
    application, _applicant = submitted(round_)
    services.assessor_assign(actor=admin, application=application, assessor=assessor)
    with pytest.raises(ValidationError, match="Describe your conflict of interest"):
        services.conflict_declare(actor=assessor, application=application, has_conflict=True)
    services.conflict_declare(actor=assessor, application=application, has_conflict=True,
                              details="My sister runs it.")
    assignment = AssessorAssignment.objects.get(application=application, assessor=assessor)
    assert assignment.removed_at is not None
    assert ConflictDeclaration.objects.get(assignment=assignment).details == "My sister runs it."
    assert not assessor.has_perm("funds.view_application", application)
    with pytest.raises(PermissionDenied):
        services.scores_record(actor=assessor, application=application, scores=_scores(application))
    with pytest.raises(ValidationError, match="declared a conflict of interest with this application"):
        services.assessor_assign(actor=admin, application=application, assessor=assessor)
    entry = AuditEntry.objects.get(action="funds.conflict_declared")
    assert entry.metadata["has_conflict"] is True


def test_only_the_funds_assessors_are_assigned_and_never_the_applicants_own(round_, admin, assessor):
    application, applicant = submitted(round_)
    outsider = MembershipFactory().user
    with pytest.raises(ValidationError, match="Choose an assessor of"):
        services.assessor_assign(actor=admin, application=application, assessor=outsider)
    insider = assessor_of(round_.programme.fund)
    MembershipFactory(organisation=application.organisation, user=insider, roles=["coordinator"])
    with pytest.raises(ValidationError, match="belongs to the applicant organisation"):
        services.assessor_assign(actor=admin, application=application, assessor=insider)
    services.assessor_assign(actor=admin, application=application, assessor=assessor)
    with pytest.raises(ValidationError, match="is already assessing this application"):
        services.assessor_assign(actor=admin, application=application, assessor=assessor)
    with pytest.raises(PermissionDenied):
        services.assessor_assign(actor=assessor, application=application, assessor=assessor)


# Scoring ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("score", [6, -1, "5.5", "five", True, None])
def test_scores_outside_the_scale_are_refused(round_, admin, assessor, score):
    application, _applicant = submitted(round_)
    services.assessor_assign(actor=admin, application=application, assessor=assessor)
    services.conflict_declare(actor=assessor, application=application, has_conflict=False)
    criterion = round_.criteria.first()
    with pytest.raises(ValidationError) as excinfo:
        services.scores_record(actor=assessor, application=application,
                               scores=[{"criterion": criterion, "score": score, "comment": "Hmm"}])
    assert _errors(excinfo)[f"criterion-{criterion.pk}-score"] == [f"Enter a score for {criterion.name} from 0 to 5"]
    assert not Score.objects.exists()
    assert AuditEntry.objects.filter(action="funds.scores_record_refused", actor=assessor).count() == 1


def test_every_score_needs_a_comment_and_nothing_is_saved_unless_all_are_right(round_, admin, assessor):
    application, _applicant = submitted(round_)
    services.assessor_assign(actor=admin, application=application, assessor=assessor)
    services.conflict_declare(actor=assessor, application=application, has_conflict=False)
    first, second = round_.criteria.all()
    with pytest.raises(ValidationError) as excinfo:
        services.scores_record(actor=assessor, application=application, scores=[
            {"criterion": first, "score": 3, "comment": "Clear need."},
            {"criterion": second, "score": "2", "comment": " "}])
    assert _errors(excinfo)[f"criterion-{second.pk}-comment"] == [
        f"Enter a comment explaining your score for {second.name}"]
    assert not Score.objects.exists()
    saved = services.scores_record(actor=assessor, application=application, scores=[
        {"criterion": first.pk, "score": "3", "comment": "Clear need."}])
    assert saved[0].score == 3


# Recommending -------------------------------------------------------------------------------------------------

def test_the_panel_recommends_only_once_someone_has_scored_every_criterion(round_, admin, assessor):
    application, _applicant = submitted(round_)
    services.assessor_assign(actor=admin, application=application, assessor=assessor)
    services.conflict_declare(actor=assessor, application=application, has_conflict=False)
    services.scores_record(actor=assessor, application=application, scores=_scores(application)[:1])
    with pytest.raises(ValidationError) as excinfo:
        services.application_recommend(actor=admin, application=application, recommended=True, notes="")
    assert _errors(excinfo) == {
        "notes": ["Enter the panel's reasons"],
        "scores": ["At least one assessor must score every criterion before the panel recommends"]}
    services.scores_record(actor=assessor, application=application, scores=_scores(application))
    services.application_recommend(actor=admin, application=application, recommended=False, notes="Weak plan.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NOT_RECOMMENDED


def test_moderation_is_by_an_administrator_who_did_not_assess(round_, admin, admin2):
    application, _applicant = submitted(round_)
    assessed(application, admin, [admin2])
    criterion = round_.criteria.first()
    with pytest.raises(ValidationError, match="You assessed this application, so you cannot moderate it"):
        services.moderation_record(actor=admin2, application=application, criterion=criterion, score="3",
                                   reason="Agreed")
    with pytest.raises(ValidationError) as excinfo:
        services.moderation_record(actor=admin, application=application, criterion=criterion, score="5.001",
                                   reason="")
    assert set(_errors(excinfo)) == {"score", "reason"}
    moderation = services.moderation_record(actor=admin, application=application, criterion=criterion,
                                            score="3.5", reason="Agreed at panel")
    assert moderation.score == Decimal("3.5")


# Deciding -----------------------------------------------------------------------------------------------------

def test_an_award_under_the_threshold_is_approved_at_once_with_its_agreement(round_, admin, assessor):
    application, _applicant = recommended(round_, admin, assessor, amount="20000")
    decision = services.application_approve(actor=admin, application=application, amount="15000",
                                            reasons="A strong plan; we fund the staff costs only.",
                                            conditions="Quarterly reports.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED and application.amount_awarded == Decimal("15000")
    assert application.decided_at is not None and not decision.needs_second_approval
    agreement = GrantAgreement.objects.get(application=application)
    assert "£15,000" in agreement.terms and "Quarterly reports." in agreement.terms
    assert round_position(round_).uncommitted == Decimal("185000")


def test_an_administrator_cannot_decide_what_they_assessed(round_, admin, admin2):
    application, _applicant = submitted(round_)
    assessed(application, admin, [admin2])
    services.application_recommend(actor=admin, application=application, recommended=True, notes="Good")
    with pytest.raises(ValidationError, match="You assessed this application, so you cannot decide it"):
        services.application_approve(actor=admin2, application=application, amount="5000", reasons="Good")
    with pytest.raises(ValidationError, match="You assessed this application, so you cannot decide it"):
        services.application_reject(actor=admin2, application=application, reasons="No")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECOMMENDED and application.amount_awarded is None
    assert round_position(round_).uncommitted == Decimal("200000")
    assert AuditEntry.objects.filter(action="funds.application_approve_refused", actor=admin2).exists()


def test_an_administrator_who_declared_a_conflict_cannot_decide(round_, admin, admin2, assessor):
    application, _applicant = submitted(round_)
    services.assessor_assign(actor=admin, application=application, assessor=admin2)
    services.conflict_declare(actor=admin2, application=application, has_conflict=True, details="Trustee")
    assessed(application, admin, [assessor])
    services.application_recommend(actor=admin, application=application, recommended=True, notes="Good")
    with pytest.raises(ValidationError, match="You declared a conflict of interest with this application"):
        services.application_approve(actor=admin2, application=application, amount="5000", reasons="Good")


def test_an_administrator_cannot_decide_for_their_own_organisation(round_, admin, assessor):
    application, _applicant = recommended(round_, admin, assessor)
    MembershipFactory(organisation=application.organisation, user=admin, roles=["coordinator"])
    with pytest.raises(ValidationError, match="You belong to the applicant organisation"):
        services.application_approve(actor=admin, application=application, amount="5000", reasons="Good")


@pytest.mark.parametrize(("amount", "message"), [
    ("5000.01", "You cannot award more than the £5,000 asked for"),
    ("0", "Enter the amount awarded of more than £0"),
    ("", "Enter the amount awarded"),
])
def test_bad_award_amounts_are_refused(round_, admin, assessor, amount, message):
    application, _applicant = recommended(round_, admin, assessor)
    with pytest.raises(ValidationError) as excinfo:
        services.application_approve(actor=admin, application=application, amount=amount, reasons="")
    errors = _errors(excinfo)
    assert errors["amount"] == [message]
    assert errors["reasons"] == ["Enter the reasons for the decision, which the applicant will see"]


def test_approvals_beyond_the_rounds_budget_are_refused(fund, admin, assessor):
    from .factories import funded, open_round
    funded(fund, admin)
    round_ = open_round(fund, admin, budget="30000")
    first, _ = recommended(round_, admin, assessor, amount="20000")
    second, _ = recommended(round_, admin, assessor, amount="20000")
    services.application_approve(actor=admin, application=first, amount="20000", reasons="Good")
    with pytest.raises(ValidationError) as excinfo:
        services.application_approve(actor=admin, application=second, amount="20000", reasons="Good")
    assert _errors(excinfo)["amount"] == ["The round has £10,000 left to commit: award that or less, or add to the "
                                          "round's budget"]
    second.refresh_from_db()
    assert second.status == ApplicationStatus.RECOMMENDED and not Decision.objects.filter(application=second)
    services.application_approve(actor=admin, application=second, amount="10000", reasons="Reduced to fit.")
    assert round_position(round_).uncommitted == 0


def test_a_large_award_needs_a_second_different_administrator(round_, admin, admin2, assessor):
    application, _applicant = recommended(round_, admin, assessor, amount="50000")
    services.application_approve(actor=admin, application=application, amount="50000", reasons="Good")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_SECOND_APPROVAL
    assert not GrantAgreement.objects.filter(application=application).exists()
    assert round_position(round_).uncommitted == Decimal("150000")  # held while it waits
    with pytest.raises(ValidationError, match="A different administrator must give the second approval"):
        services.decision_confirm(actor=admin, application=application)
    assert AuditEntry.objects.filter(action="funds.decision_confirm_refused", actor=admin).exists()
    services.decision_confirm(actor=admin2, application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert Decision.objects.get(application=application).confirmed_by == admin2
    with pytest.raises(ValidationError, match="no approval of this application waiting"):
        services.decision_confirm(actor=admin2, application=application)


def test_the_second_approver_is_held_to_separation_of_duties_too(round_, admin, admin2):
    application, _applicant = submitted(round_, amount="60000")
    assessed(application, admin, [admin2])
    services.application_recommend(actor=admin, application=application, recommended=True, notes="Good")
    services.application_approve(actor=admin, application=application, amount="60000", reasons="Good")
    with pytest.raises(ValidationError, match="You assessed this application, so you cannot approve it"):
        services.decision_confirm(actor=admin2, application=application)


def test_a_second_administrator_sends_an_approval_back_and_its_money_returns(round_, admin, admin2, assessor):
    application, _applicant = recommended(round_, admin, assessor, amount="80000")
    services.application_approve(actor=admin, application=application, amount="80000", reasons="Good")
    with pytest.raises(ValidationError, match="Enter why you are sending the approval back"):
        services.decision_return(actor=admin2, application=application, reason="")
    services.decision_return(actor=admin2, application=application, reason="Too much for one group.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECOMMENDED and application.amount_awarded is None
    assert round_position(round_).uncommitted == Decimal("200000")
    # Decided again, by anyone other than its assessors.
    services.application_approve(actor=admin2, application=application, amount="40000", reasons="Reduced.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED


def test_a_rejection_gives_reasons_and_is_final(round_, admin, assessor):
    application, _applicant = recommended(round_, admin, assessor)
    services.application_reject(actor=admin, application=application, reasons="Outside the round's aims.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED and application.decided_at
    with pytest.raises(ValidationError, match="only after the panel's recommendation, and only once"):
        services.application_approve(actor=admin, application=application, amount="5000", reasons="Changed mind")


def test_deciding_before_the_panel_is_refused(round_, admin, assessor):
    application, _applicant = submitted(round_)
    assessed(application, admin, [assessor])
    with pytest.raises(ValidationError, match="only after the panel's recommendation"):
        services.application_approve(actor=admin, application=application, amount="5000", reasons="Quick")


def test_people_who_do_not_run_the_fund_cannot_decide(round_, admin, assessor):
    from .factories import FundFactory

    application, applicant = recommended(round_, admin, assessor)
    for person in (applicant, assessor, administrator_of(FundFactory())):
        with pytest.raises(PermissionDenied):
            services.application_approve(actor=person, application=application, amount="5000", reasons="Yes")
    assert AuditEntry.objects.filter(action="funds.application_approve_refused",
                                     metadata__refused="forbidden").count() == 3
