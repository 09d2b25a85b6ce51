"""After the award: the agreement accepted online, tranches released only when their conditions are met and
never above what is left of the award, monitoring reports, variations, underspends, clawbacks and closing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from covenant.audit.models import AuditEntry
from funds import services
from funds.models import ApplicationStatus, BankDetails, Payment, ReportStatus, Underspend
from funds.selectors import award_money, round_position
from tests.organisations.factories import MembershipFactory

from .factories import recommended

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict if hasattr(excinfo.value, "error_dict") else {"": excinfo.value.messages}


@pytest.fixture
def award(round_, admin, assessor):
    """An approved award of £20,000 whose agreement is accepted."""
    application, applicant = recommended(round_, admin, assessor, amount="20000")
    services.application_approve(actor=admin, application=application, amount="20000", reasons="Good")
    services.agreement_accept(actor=applicant, application=application, full_name="Sam Jones",
                              role="Chair of trustees")
    application.refresh_from_db()
    return application, applicant


def test_the_agreement_is_accepted_by_an_applicant_administrator_with_bank_details(round_, admin, assessor):
    application, applicant = recommended(round_, admin, assessor)
    with pytest.raises(ValidationError, match="only once the grant is approved"):
        services.agreement_accept(actor=applicant, application=application, full_name="Sam", role="Chair")
    services.application_approve(actor=admin, application=application, amount="5000", reasons="Good")
    BankDetails.objects.filter(application=application).delete()
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_accept(actor=applicant, application=application, full_name="", role="")
    assert _errors(excinfo) == {
        "full_name": ["Enter your full name"],
        "role": ["Enter your role in the organisation, like Chair of trustees"],
        "bank_details": ["Add your organisation's bank details before you accept the grant"]}
    coordinator = MembershipFactory(organisation=application.organisation, roles=["coordinator"]).user
    with pytest.raises(PermissionDenied):
        services.agreement_accept(actor=coordinator, application=application, full_name="C", role="Coordinator")


def test_tranches_must_add_up_to_the_award(award, admin):
    application, _applicant = award
    with pytest.raises(ValidationError) as excinfo:
        services.tranches_schedule(actor=admin, application=application, tranches=[
            {"amount": "15000", "due_on": TODAY()}, {"amount": "4000", "due_on": TODAY()}])
    assert _errors(excinfo)["tranches"] == ["The tranches add up to £19,000 but the award is £20,000: make them the "
                                            "same"]
    with pytest.raises(ValidationError) as excinfo:
        services.tranches_schedule(actor=admin, application=application, tranches=[
            {"amount": "x", "due_on": "soon", "condition": "whenever"}])
    assert set(_errors(excinfo)) == {"tranches-0-amount", "tranches-0-due_on", "tranches-0-condition"}


def test_a_tranche_is_paid_in_order_and_once_its_report_is_approved(award, admin, finance):
    application, applicant = award
    first, second = services.tranches_schedule(actor=admin, application=application, tranches=[
        {"amount": "12000", "due_on": TODAY()},
        {"amount": "8000", "due_on": TODAY() + datetime.timedelta(days=100), "condition": "previous_report_approved"}])
    with pytest.raises(ValidationError, match="Release tranche 1 first"):
        services.tranche_release(actor=finance, tranche=second)
    payment = services.tranche_release(actor=finance, tranche=first, reference="BACS 001")
    assert payment.released_by == finance and payment.transaction.created_by == finance
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE
    with pytest.raises(ValidationError, match="This tranche was paid on"):
        services.tranche_release(actor=finance, tranche=first)
    with pytest.raises(ValidationError, match="no report is due before it"):
        services.tranche_release(actor=finance, tranche=second)
    (report, final) = services.reports_schedule(actor=admin, application=application, due_dates=[
        TODAY() + datetime.timedelta(days=90), TODAY() + datetime.timedelta(days=300)])
    with pytest.raises(ValidationError, match=r"once monitoring report 1 \(due .*\) is approved"):
        services.tranche_release(actor=finance, tranche=second)
    services.report_submit(actor=applicant, report=report, progress="Going well", spent_to_date="11000")
    services.report_approve(actor=admin, report=report)
    services.tranche_release(actor=admin, tranche=second)
    assert award_money(application).paid == Decimal("20000")
    entry = AuditEntry.objects.filter(action="funds.payment_released").earliest("id")
    assert entry.actor == finance and entry.metadata["amount"] == "12000.00"
    assert final.status == ReportStatus.DUE


def test_a_payment_above_what_is_left_of_the_award_is_refused(award, admin, finance):
    application, _applicant = award
    (tranche,) = services.tranches_schedule(actor=admin, application=application,
                                            tranches=[{"amount": "20000", "due_on": TODAY()}])
    services.underspend_record(actor=admin, application=application, amount="5000", reason="Cheaper venue")
    with pytest.raises(ValidationError) as excinfo:
        services.tranche_release(actor=finance, tranche=tranche)
    assert _errors(excinfo)["amount"] == ["This payment of £20,000 is more than the £15,000 left to pay on this "
                                          "award"]
    assert not Payment.objects.exists()
    assert AuditEntry.objects.filter(action="funds.tranche_release_refused", actor=finance).exists()


def test_payments_need_an_accepted_agreement_and_someone_outside_the_applicant(round_, admin, assessor, finance):
    application, applicant = recommended(round_, admin, assessor)
    services.application_approve(actor=admin, application=application, amount="5000", reasons="Good")
    (tranche,) = services.tranches_schedule(actor=admin, application=application,
                                            tranches=[{"amount": "5000", "due_on": TODAY()}])
    with pytest.raises(ValidationError, match="only once the grant agreement is accepted"):
        services.tranche_release(actor=finance, tranche=tranche)
    services.agreement_accept(actor=applicant, application=application, full_name="Sam", role="Chair")
    with pytest.raises(PermissionDenied):
        services.tranche_release(actor=applicant, tranche=tranche)
    MembershipFactory(organisation=application.organisation, user=finance, roles=["coordinator"])
    with pytest.raises(ValidationError, match="You belong to the applicant organisation, so you cannot pay"):
        services.tranche_release(actor=finance, tranche=tranche)


def test_reports_are_sent_back_then_the_final_one_closes_the_grant(award, admin, finance):
    application, applicant = award
    (tranche,) = services.tranches_schedule(actor=admin, application=application,
                                            tranches=[{"amount": "20000", "due_on": TODAY()}])
    (final,) = services.reports_schedule(actor=admin, application=application,
                                         due_dates=[TODAY() + datetime.timedelta(days=30)])
    with pytest.raises(ValidationError, match="once the grant has had its first payment"):
        services.report_submit(actor=applicant, report=final, progress="x", spent_to_date="0")
    services.tranche_release(actor=finance, tranche=tranche)
    with pytest.raises(ValidationError) as excinfo:
        services.report_submit(actor=applicant, report=final, progress="", spent_to_date="lots")
    assert set(_errors(excinfo)) == {"progress", "spent_to_date"}
    services.report_submit(actor=applicant, report=final, progress="Done", spent_to_date="20000")
    with pytest.raises(ValidationError, match="Enter what the grantee needs to change"):
        services.report_send_back(actor=admin, report=final, note="")
    services.report_send_back(actor=admin, report=final, note="Add the attendance figures")
    final.refresh_from_db()
    assert final.status == ReportStatus.SENT_BACK
    with pytest.raises(ValidationError, match="Only a submitted report can be reviewed"):
        services.report_approve(actor=admin, report=final)
    services.report_submit(actor=applicant, report=final, progress="Done, 400 people", spent_to_date="20000")
    services.report_approve(actor=admin, report=final, note="Thank you")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CLOSED and application.closed_at


def test_closing_releases_what_was_never_paid(round_, award, admin, finance):
    application, applicant = award
    first, _second = services.tranches_schedule(actor=admin, application=application, tranches=[
        {"amount": "15000", "due_on": TODAY()}, {"amount": "5000", "due_on": TODAY() + datetime.timedelta(days=60)}])
    (final,) = services.reports_schedule(actor=admin, application=application,
                                         due_dates=[TODAY() + datetime.timedelta(days=30)])
    services.tranche_release(actor=finance, tranche=first)
    services.report_submit(actor=applicant, report=final, progress="Finished early", spent_to_date="15000")
    services.report_approve(actor=admin, report=final)
    assert Underspend.objects.get(application=application).amount == Decimal("5000")
    money = award_money(application)
    assert (money.paid, money.committed) == (Decimal("15000"), 0)
    assert round_position(round_).uncommitted == Decimal("185000")


def test_variations_are_approved_by_a_different_administrator(round_, award, admin, admin2, finance):
    application, applicant = award
    with pytest.raises(ValidationError, match="Enter a new amount or new dates"):
        services.variation_request(actor=applicant, application=application, reason="Change")
    with pytest.raises(ValidationError, match="The new amount is the same as the award"):
        services.variation_request(actor=applicant, application=application, reason="More", new_amount="20000")
    variation = services.variation_request(actor=admin, application=application, reason="Extra demand",
                                           new_amount="26000",
                                           new_end=application.project_end + datetime.timedelta(days=30))
    with pytest.raises(ValidationError, match="already a variation waiting"):
        services.variation_request(actor=applicant, application=application, reason="Also", new_amount="1")
    with pytest.raises(ValidationError, match="A different administrator must decide a variation you asked for"):
        services.variation_approve(actor=admin, variation=variation)
    services.variation_approve(actor=admin2, variation=variation, note="Agreed")
    application.refresh_from_db()
    assert application.amount_awarded == Decimal("26000")
    assert award_money(application).committed == Decimal("26000")
    assert round_position(round_).uncommitted == Decimal("174000")


def test_a_variation_cannot_cut_an_award_below_what_was_paid(award, admin, admin2, finance):
    application, applicant = award
    first, _ = services.tranches_schedule(actor=admin, application=application, tranches=[
        {"amount": "15000", "due_on": TODAY()}, {"amount": "5000", "due_on": TODAY()}])
    services.tranche_release(actor=finance, tranche=first)
    variation = services.variation_request(actor=applicant, application=application, reason="Less needed",
                                           new_amount="10000")
    with pytest.raises(ValidationError, match="can be reduced by £5,000 at most"):
        services.variation_approve(actor=admin, variation=variation)
    services.variation_refuse(actor=admin, variation=variation, note="Talk to us first")
    variation.refresh_from_db()
    assert variation.status == "refused"


def test_a_variation_beyond_the_rounds_budget_is_refused(fund, admin, admin2, assessor):
    from .factories import funded, open_round
    funded(fund, admin)
    round_ = open_round(fund, admin, budget="25000")
    application, applicant = recommended(round_, admin, assessor, amount="20000")
    services.application_approve(actor=admin, application=application, amount="20000", reasons="Good")
    variation = services.variation_request(actor=applicant, application=application, reason="More",
                                           new_amount="30000")
    with pytest.raises(ValidationError, match="The round has £5,000 left to commit"):
        services.variation_approve(actor=admin2, variation=variation)


def test_underspends_and_clawbacks(round_, award, admin, finance):
    application, _applicant = award
    (tranche,) = services.tranches_schedule(actor=admin, application=application,
                                            tranches=[{"amount": "20000", "due_on": TODAY()}])
    services.tranche_release(actor=finance, tranche=tranche)
    with pytest.raises(ValidationError, match="Only £0 of the award is still to be paid"):
        services.underspend_record(actor=admin, application=application, amount="1", reason="x")
    with pytest.raises(ValidationError, match="£20,000 has been paid and £0 asked back already: enter £20,000"):
        services.clawback_request(actor=finance, application=application, amount="20000.01", reason="Misspent")
    clawback = services.clawback_request(actor=finance, application=application, amount="3000",
                                         reason="Equipment not bought")
    assert round_position(round_).uncommitted == Decimal("180000")
    services.clawback_receive(actor=finance, clawback=clawback)
    with pytest.raises(ValidationError, match="This repayment was recorded on"):
        services.clawback_receive(actor=finance, clawback=clawback)
    money = award_money(application)
    assert (money.paid, money.recovered) == (Decimal("20000"), Decimal("3000"))
    assert round_position(round_).uncommitted == Decimal("183000")
