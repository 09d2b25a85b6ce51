"""The administrators' and finance staff's pages after an award, through the real views: the tranche schedule,
releasing payments (never above what is left of the award), monitoring reports reviewed and the grant closed by
its final report, variations, underspends and clawbacks; bad input refused with nothing saved, and the 404 (or
sign-in) for everyone who may not."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from covenant.audit.models import AuditEntry
from funds import services
from funds.models import (
    ApplicationStatus,
    Clawback,
    Payment,
    ReportStatus,
    Tranche,
    Underspend,
    VariationStatus,
)
from funds.selectors import award_money
from tests.accounts.factories import UserFactory

from .factories import FundFactory, administrator_of, recommended

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def url(name, *args):
    return reverse(f"funds:{name}", args=args)


def html_of(response) -> str:
    return response.content.decode()


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@pytest.fixture
def award(round_, admin, assessor):
    """An award of £20,000 whose agreement the applicant has accepted."""
    application, applicant = recommended(round_, admin, assessor, amount="20000")
    services.application_approve(actor=admin, application=application, amount="20000", reasons="Good")
    services.agreement_accept(actor=applicant, application=application, full_name="Sam Jones", role="Chair")
    application.refresh_from_db()
    application.applicant = applicant
    return application


@pytest.fixture
def outsider(db):
    return administrator_of(FundFactory())


def _tranche_rows(*rows) -> dict:
    data = {}
    for index, (amount, day, condition) in enumerate(rows):
        data[f"tranches-{index}-amount"] = amount
        data.update(date_fields(f"tranches-{index}-due_on", day) if day else {})
        data[f"tranches-{index}-condition"] = condition
    return data


def test_tranches_must_add_up_to_the_award(client, admin, award):
    client.force_login(admin)
    path = url("manage-tranches", award.pk)
    assert client.get(path).status_code == 200
    response = client.post(path, _tranche_rows(("15000", TODAY(), "agreement_accepted"),
                                               ("4000", TODAY(), "agreement_accepted")))
    assert "The tranches add up to £19,000 but the award is £20,000: make them the same" in html_of(response)
    response = client.post(path, _tranche_rows(("lots", TODAY(), "agreement_accepted")))
    assert "Enter the amount of tranche 1 in pounds, like 1250 or 1250.50" in html_of(response)
    response = client.post(path, {})
    assert "Add between 1 and 40 tranches" in html_of(response)
    assert not Tranche.objects.exists()
    response = client.post(path, _tranche_rows(
        ("12000", TODAY(), "agreement_accepted"),
        ("8000", TODAY() + datetime.timedelta(days=90), "previous_report_approved")))
    assert response.status_code == 302 and response.url == url("manage-payments", award.pk)
    assert list(Tranche.objects.order_by("number").values_list("amount", flat=True)) == [Decimal("12000"),
                                                                                         Decimal("8000")]


def test_a_tranches_errors_land_on_its_own_row_when_rows_are_skipped(client, admin, award):
    client.force_login(admin)
    data = _tranche_rows(("", None, "agreement_accepted"), ("x", TODAY(), "agreement_accepted"))
    html = html_of(client.post(url("manage-tranches", award.pk), data))
    assert 'href="#id_tranches-1-amount"' in html and 'href="#id_tranches-0-amount"' not in html


@pytest.fixture
def scheduled(admin, award):
    first, second = services.tranches_schedule(actor=admin, application=award, tranches=[
        {"amount": "12000", "due_on": TODAY()},
        {"amount": "8000", "due_on": TODAY() + datetime.timedelta(days=90)}])
    return award, first, second


def test_finance_releases_a_tranche_from_the_payments_page(client, finance, scheduled):
    award, first, second = scheduled
    client.force_login(finance)
    html = html_of(client.get(url("manage-payments", award.pk)))
    assert url("manage-tranche-release", award.pk, first.pk) in html and "••••3445" in html
    # Finance staff release payments but do not see the whole case.
    assert client.get(url("manage-application", award.pk)).status_code == 404
    response = client.post(url("manage-tranche-release", award.pk, second.pk), {"reference": ""})
    assert "Release tranche 1 first" in html_of(response)
    response = client.post(url("manage-tranche-release", award.pk, first.pk), {"reference": "BACS 001"})
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert payment.released_by == finance and payment.reference == "BACS 001"
    award.refresh_from_db()
    assert award.status == ApplicationStatus.ACTIVE
    response = client.post(url("manage-tranche-release", award.pk, first.pk), {})
    assert "This tranche was paid on" in html_of(response)
    assert Payment.objects.count() == 1


def test_a_payment_above_what_is_left_of_the_award_is_refused(client, admin, finance, scheduled):
    award, first, _second = scheduled
    # £10,000 is released as an underspend: the £12,000 tranche is now more than is left to pay.
    services.underspend_record(actor=admin, application=award, amount="10000", reason="Cheaper venue")
    client.force_login(finance)
    response = client.post(url("manage-tranche-release", award.pk, first.pk), {})
    assert response.status_code == 200
    assert "This payment of £12,000 is more than the £10,000 left to pay on this award" in html_of(response)
    assert not Payment.objects.exists()
    assert award_money(award).paid == 0
    assert AuditEntry.objects.filter(action="funds.tranche_release_refused").exists()


def test_payment_pages_are_404_to_applicants_assessors_and_other_funds(client, scheduled, assessor, outsider):
    award, first, _second = scheduled
    assert client.get(url("manage-payments", award.pk)).url.startswith(reverse("account_login"))
    for person in (award.applicant, assessor, outsider, UserFactory()):
        client.force_login(person)
        assert client.get(url("manage-payments", award.pk)).status_code == 404
        assert client.post(url("manage-tranche-release", award.pk, first.pk), {}).status_code == 404
        assert client.get(url("manage-tranches", award.pk)).status_code == 404
    assert not Payment.objects.exists()


def test_finance_cannot_schedule_tranches(client, finance, award):
    client.force_login(finance)
    assert client.get(url("manage-tranches", award.pk)).status_code == 404


def test_a_missing_tranche_is_404(client, admin, scheduled, round_, assessor):
    award, _first, _second = scheduled
    other, _ = recommended(round_, admin, assessor)
    services.application_approve(actor=admin, application=other, amount="5000", reasons="Good")
    client.force_login(admin)
    assert client.get(url("manage-tranche-release", other.pk, _first.pk)).status_code == 404
    assert client.get(url("manage-tranche-release", award.pk, 999999)).status_code == 404


# Reports -------------------------------------------------------------------------------------------------------

@pytest.fixture
def active(finance, scheduled):
    award, first, _second = scheduled
    services.tranche_release(actor=finance, tranche=first)
    award.refresh_from_db()
    return award


def test_reports_are_scheduled_reviewed_sent_back_and_the_final_one_closes_the_grant(client, admin, active):
    client.force_login(admin)
    path = url("manage-reports-schedule", active.pk)
    response = client.post(path, date_fields("due_dates-0", TODAY() - datetime.timedelta(days=3)))
    assert "Report 1 must be due today or in the future" in html_of(response)
    response = client.post(path, {**date_fields("due_dates-0", TODAY() + datetime.timedelta(days=30)),
                                  **date_fields("due_dates-1", TODAY() + datetime.timedelta(days=60))})
    assert response.status_code == 302
    first, final = active.reports.order_by("number")
    assert final.is_final and not first.is_final

    # Not submitted yet: nothing to review.
    assert client.get(url("manage-report-review", active.pk, first.pk)).status_code == 404
    services.report_submit(actor=active.applicant, report=first, progress="Forty families helped.",
                           spent_to_date="9000")
    review = url("manage-report-review", active.pk, first.pk)
    assert "Forty families helped." in html_of(client.get(review))
    response = client.post(review, {"outcome": "refuse", "note": ""})
    assert "Enter what the grantee needs to change" in html_of(response)
    response = client.post(review, {"outcome": "", "note": ""})
    assert "Select whether to approve the report or send it back" in html_of(response)
    first.refresh_from_db()
    assert first.status == ReportStatus.SUBMITTED
    response = client.post(review, {"outcome": "refuse", "note": "Add the spending breakdown."})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == ReportStatus.SENT_BACK and first.review_note == "Add the spending breakdown."

    services.report_submit(actor=active.applicant, report=first, progress="With breakdown.", spent_to_date="9000")
    assert client.post(review, {"outcome": "approve", "note": ""}).status_code == 302
    services.report_submit(actor=active.applicant, report=final, progress="All done.", spent_to_date="12000")
    response = client.post(url("manage-report-review", active.pk, final.pk), {"outcome": "approve", "note": "Thanks"})
    assert response.status_code == 302
    active.refresh_from_db()
    assert active.status == ApplicationStatus.CLOSED
    # The £8,000 never paid is released as an underspend when the grant closes.
    assert Underspend.objects.get(application=active).amount == Decimal("8000")


def test_report_review_is_404_to_finance_and_applicants(client, finance, active):
    (report,) = services.reports_schedule(actor=administrator_of(active.fund), application=active,
                                          due_dates=[TODAY() + datetime.timedelta(days=10)])
    services.report_submit(actor=active.applicant, report=report, progress="Done", spent_to_date="1")
    for person in (finance, active.applicant):
        client.force_login(person)
        assert client.post(url("manage-report-review", active.pk, report.pk), {"outcome": "approve"}).status_code \
            == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


# Variations, underspends and clawbacks -------------------------------------------------------------------------

def test_a_variation_is_approved_or_refused_by_another_administrator(client, admin, admin2, award):
    variation = services.variation_request(actor=admin, application=award, reason="Costs rose",
                                           new_amount="22000")
    client.force_login(admin)
    path = url("manage-variation", award.pk, variation.pk)
    assert "You asked for this variation" in html_of(client.get(path))
    response = client.post(path, {"outcome": "approve", "note": ""})
    assert "A different administrator must decide a variation you asked for" in html_of(response)
    client.force_login(admin2)
    response = client.post(path, {"outcome": "refuse", "note": ""})
    assert "Enter why the variation is refused" in html_of(response)
    variation.refresh_from_db()
    assert variation.status == VariationStatus.REQUESTED
    response = client.post(path, {"outcome": "approve", "note": "Agreed"})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.amount_awarded == Decimal("22000")
    assert client.get(path).status_code == 404  # decided: no longer waiting

    second = services.variation_request(actor=award.applicant, application=award, reason="Later end",
                                        new_end=award.project_end + datetime.timedelta(days=30))
    response = client.post(url("manage-variation", award.pk, second.pk), {"outcome": "refuse",
                                                                          "note": "Keep to the plan."})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == VariationStatus.REFUSED


def test_underspends_are_recorded_within_what_is_unpaid(client, admin, award, outsider):
    client.force_login(admin)
    path = url("manage-underspend", award.pk)
    response = client.post(path, {"amount": "25000", "reason": "Cheaper"})
    assert "Only £20,000 of the award is still to be paid: enter that or less" in html_of(response)
    response = client.post(path, {"amount": "", "reason": ""})
    html = html_of(response)
    assert "Enter the underspend" in html and "Enter the reason for the underspend" in html
    assert not Underspend.objects.exists()
    assert client.post(path, {"amount": "2000", "reason": "Cheaper venue"}).status_code == 302
    assert award_money(award).committed == Decimal("18000")
    client.force_login(outsider)
    assert client.get(path).status_code == 404


def test_a_clawback_is_asked_for_then_recorded_when_it_arrives(client, admin, active):
    client.force_login(admin)
    path = url("manage-clawback", active.pk)
    response = client.post(path, {"amount": "50000", "reason": "Misspent"})
    assert "£12,000 has been paid and £0 asked back already: enter £12,000 or less" in html_of(response)
    assert not Clawback.objects.exists()
    assert client.post(path, {"amount": "1000", "reason": "Spent on a party"}).status_code == 302
    clawback = Clawback.objects.get()
    received = url("manage-clawback-received", active.pk, clawback.pk)
    assert client.get(received).status_code == 405
    assert client.post(received).status_code == 302
    clawback.refresh_from_db()
    assert clawback.received_at is not None
    response = client.post(received)
    assert response.status_code == 200 and "This repayment was recorded on" in html_of(response)
    assert award_money(active).recovered == Decimal("1000")
