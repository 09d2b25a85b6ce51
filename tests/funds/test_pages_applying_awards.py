"""The applicants' pages after the decision, through the real views: the decision and its reasons (approved in
full, reduced with conditions, or rejected), accepting the grant agreement online, the payment schedule,
monitoring reports (sent back with the reviewer's comments) and asking for a variation."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.organisations.models import Role
from funds import services
from funds.models import ApplicationStatus, BankDetails, ReportStatus, Variation
from tests.organisations.factories import VerifiedOrganisationFactory

from .factories import member_of, recommended

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def url(name: str, application, **kwargs) -> str:
    return reverse(f"funds:{name}", kwargs={"pk": application.pk, **kwargs})


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def day(value) -> str:
    return f"{value.day} {value:%B %Y}"


@pytest.fixture
def approved(round_, admin, assessor):
    """£20,000 asked for, £15,000 approved with a condition; not yet accepted."""
    application, applicant = recommended(round_, admin, assessor, amount="20000")
    services.application_approve(actor=admin, application=application, amount="15000",
                                 reasons="A strong plan; the rent is met elsewhere.",
                                 conditions="Send us your safeguarding policy.")
    application.refresh_from_db()
    return application, applicant


@pytest.fixture
def active(approved, admin, finance):
    """Accepted, scheduled in two tranches with two reports, and the first tranche paid."""
    application, applicant = approved
    services.agreement_accept(actor=applicant, application=application, full_name="Sam Jones", role="Chair")
    first, _second = services.tranches_schedule(actor=admin, application=application, tranches=[
        {"amount": "10000", "due_on": TODAY()},
        {"amount": "5000", "due_on": TODAY() + datetime.timedelta(days=120),
         "condition": "previous_report_approved"}])
    services.reports_schedule(actor=admin, application=application, due_dates=[
        TODAY() + datetime.timedelta(days=90), TODAY() + datetime.timedelta(days=300)])
    services.tranche_release(actor=finance, tranche=first, reference="BACS 1")
    application.refresh_from_db()
    return application, applicant


def test_an_approval_for_less_shows_the_amount_reasons_and_conditions(client, approved):
    application, applicant = approved
    client.force_login(applicant)
    page = text(client.get(url("application", application)))
    assert "Your application has been approved for £15,000, less than the £20,000 you asked for" in page
    assert "A strong plan; the rent is met elsewhere." in page and "Send us your safeguarding policy." in page
    assert "Approved" in page and url("application-agreement", application) in page
    assert "To accept" in page


def test_a_full_approval_says_so(client, round_, admin, assessor):
    application, applicant = recommended(round_, admin, assessor, amount="5000")
    services.application_approve(actor=admin, application=application, amount="5000", reasons="Good")
    client.force_login(applicant)
    assert "approved for the full £5,000" in text(client.get(url("application", application)))


def test_a_rejection_shows_its_reasons(client, round_, admin, assessor):
    application, applicant = recommended(round_, admin, assessor)
    services.application_reject(actor=admin, application=application, reasons="Outside the round's priorities.")
    client.force_login(applicant)
    page = text(client.get(url("application", application)))
    assert "Your application has not been funded" in page and "Outside the round&#x27;s priorities." in page
    assert "Not funded" in page and "Withdraw this application" not in page
    assert client.get(url("application-agreement", application)).status_code == 404


def test_nothing_is_said_while_a_large_award_waits_for_its_second_approval(client, round_, admin, assessor):
    application, applicant = recommended(round_, admin, assessor, amount="60000")
    services.application_approve(actor=admin, application=application, amount="60000", reasons="Good")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_SECOND_APPROVAL
    client.force_login(applicant)
    page = text(client.get(url("application", application)))
    assert "Being assessed" in page and "approved" not in page.lower().split("<main")[1].split("</main>")[0]


def test_the_agreement_is_accepted_online_by_an_administrator(client, approved):
    application, applicant = approved
    client.force_login(applicant)
    agreement_url = url("application-agreement", application)
    page = text(client.get(agreement_url))
    assert "£15,000" in page and "Send us your safeguarding policy." in page and "Accept the grant agreement" in page
    response = client.post(agreement_url, {"full_name": "", "role": ""})
    page = text(response)
    assert "Enter your full name" in page and "Confirm that you accept the grant agreement" in page
    response = client.post(agreement_url, {"full_name": "Sam Jones", "role": "Chair of trustees", "confirm": "on"})
    assert response.status_code == 302 and response.url == url("application", application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.agreement.accepted_by == applicant and application.agreement.accepted_name == "Sam Jones"
    assert AuditEntry.objects.filter(action="funds.agreement_accepted", actor=applicant).exists()
    page = text(client.get(agreement_url))
    assert "Accepted by Sam Jones (Chair of trustees)" in page and "Accept the grant agreement" not in page
    assert client.post(agreement_url, {"full_name": "Again", "role": "Chair", "confirm": "on"}).status_code == 404


def test_the_agreement_needs_bank_details_first(client, approved):
    application, applicant = approved
    BankDetails.objects.filter(application=application).delete()
    client.force_login(applicant)
    agreement_url = url("application-agreement", application)
    assert "bank details</a> before you accept" in text(client.get(agreement_url))
    response = client.post(agreement_url, {"full_name": "Sam Jones", "role": "Chair", "confirm": "on"})
    assert "Add your organisation&#x27;s bank details before you accept the grant" in text(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED


def test_a_member_who_is_not_an_administrator_reads_but_cannot_accept(client, approved):
    application, _applicant = approved
    client.force_login(member_of(application.organisation, Role.COORDINATOR))
    page = text(client.get(url("application-agreement", application)))
    assert "must accept the agreement online" in page and "Accept the grant agreement" not in page
    response = client.post(url("application-agreement", application),
                           {"full_name": "C", "role": "Coordinator", "confirm": "on"})
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED


def test_the_payment_schedule_shows_each_tranche_and_what_it_waits_for(client, active):
    application, applicant = active
    client.force_login(applicant)
    page = text(client.get(url("application-payments", application)))
    assert "Paid so far</dt><dd class=\"govuk-summary-list__value\">£10,000" in page
    assert "Still to be paid</dt><dd class=\"govuk-summary-list__value\">£5,000" in page
    assert f"Paid on {day(TODAY())}" in page and "Paid once monitoring report 1 is approved" in page
    page = text(client.get(url("application", application)))
    assert "Grant active" in page and "Payment schedule" in page


def test_the_payments_page_is_only_for_awards(client, round_, admin, assessor):
    application, applicant = recommended(round_, admin, assessor)
    client.force_login(applicant)
    assert client.get(url("application-payments", application)).status_code == 404


def test_a_monitoring_report_is_submitted_then_sent_back_with_comments_and_resubmitted(client, active, admin):
    application, applicant = active
    client.force_login(applicant)
    report = application.reports.get(number=1)
    report_url = url("application-report", application, number=1)
    page = text(client.get(url("application", application)))
    assert report_url in page and f"Submit monitoring report 1, due on {day(report.due_on)}" in page
    response = client.post(report_url, {"progress": "", "spent_to_date": "-5"})
    page = text(response)
    assert "Enter what the project has done so far" in page and "of £0 or more" in page
    report.refresh_from_db()
    assert report.status == ReportStatus.DUE
    response = client.post(report_url, {"progress": "Forty families a week", "spent_to_date": "8000"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.spent_to_date, report.submitted_by) == (ReportStatus.SUBMITTED,
                                                                         Decimal("8000"), applicant)
    assert client.post(report_url, {"progress": "Again", "spent_to_date": "1"}).status_code == 404
    services.report_send_back(actor=admin, report=report, note="Say how many people you reached.")
    assert "Monitoring report 1 was sent back for changes" in text(client.get(url("application", application)))
    page = text(client.get(report_url))
    assert "Sent back for changes" in page and "Say how many people you reached." in page
    assert 'Forty families a week' in page
    client.post(report_url, {"progress": "Forty families, 160 people", "spent_to_date": "8000"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.progress == "Forty families, 160 people"


def test_a_report_cannot_be_submitted_before_the_first_payment(client, approved, admin):
    application, applicant = approved
    services.reports_schedule(actor=admin, application=application, due_dates=[TODAY()])
    client.force_login(applicant)
    report_url = url("application-report", application, number=1)
    assert "once the grant's first payment has been made" in text(client.get(report_url))
    assert client.post(report_url, {"progress": "Early", "spent_to_date": "0"}).status_code == 404
    assert client.get(url("application-report", application, number=9)).status_code == 404


def test_a_variation_is_asked_for_and_waits(client, active):
    application, applicant = active
    client.force_login(applicant)
    variation_url = url("application-variation", application)
    response = client.post(variation_url, {"new_amount": "", "reason": ""})
    page = text(response)
    assert "Enter why the grant needs to change" in page
    response = client.post(variation_url, {"new_amount": "", "reason": "Things change"})
    assert "Enter a new amount or new dates" in text(response)
    response = client.post(variation_url, {"new_amount": "15000", "reason": "More"})
    assert "The new amount is the same as the award" in text(response)
    assert not Variation.objects.exists()
    end = application.project_end + datetime.timedelta(days=60)
    response = client.post(variation_url, {"new_end_0": end.day, "new_end_1": end.month, "new_end_2": end.year,
                                           "reason": "The venue opens later"})
    assert response.status_code == 302
    variation = Variation.objects.get()
    assert (variation.new_end, variation.requested_by, variation.new_amount) == (end, applicant, None)
    page = text(client.get(variation_url))
    assert "It is waiting for the fund's decision" in page and "Ask for the change" not in page
    assert client.post(variation_url, {"new_amount": "1000", "reason": "x"}).status_code == 404
    assert Variation.objects.count() == 1
    assert "The venue opens later" in text(client.get(url("application", application)))


def test_variations_are_only_for_running_grants(client, round_, admin, assessor):
    application, applicant = recommended(round_, admin, assessor)
    client.force_login(applicant)
    assert client.get(url("application-variation", application)).status_code == 404


def test_withdrawing_an_award_returns_its_money(client, approved):
    from funds.selectors import award_money

    application, applicant = approved
    client.force_login(applicant)
    page = text(client.get(url("application-withdraw", application)))
    assert "The grant offered will be cancelled" in page
    client.post(url("application-withdraw", application), {"reason": ""})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN and award_money(application).committed == 0


@pytest.mark.parametrize("name", ["application-agreement", "application-payments", "application-variation"])
def test_other_organisations_get_404_after_the_award_too(client, active, name):
    application, _applicant = active
    client.force_login(member_of(VerifiedOrganisationFactory()))
    assert client.get(url(name, application)).status_code == 404
    assert client.get(url("application-report", application, number=1)).status_code == 404
    client.logout()
    response = client.get(url(name, application))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
