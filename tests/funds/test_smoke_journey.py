"""The main journey through the services: apply, assess (one assessor declaring a conflict), approve a large
award that a second administrator confirms, accept, pay the first tranche, report and close."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from funds import services
from funds.models import ApplicationStatus, LedgerLine, ReportStatus
from funds.selectors.money import award_money, fund_position, round_position

from .factories import assessed, submitted

pytestmark = pytest.mark.django_db


def test_a_charity_is_funded_from_application_to_closing(round_, admin, admin2, assessor, assessor2, finance):
    application, applicant = submitted(round_, amount="60000")
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.due_diligence.rating in ("green", "amber")

    services.assessor_assign(actor=admin, application=application, assessor=assessor2)
    services.conflict_declare(actor=assessor2, application=application, has_conflict=True,
                              details="I am a trustee of the charity.")
    assessed(application, admin, [assessor])
    services.application_recommend(actor=admin, application=application, recommended=True, notes="Strong need.")

    services.application_approve(actor=admin, application=application, amount="60000", reasons="Meets the need.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_SECOND_APPROVAL
    services.decision_confirm(actor=admin2, application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED

    services.agreement_accept(actor=applicant, application=application, full_name="Sam Jones", role="Chair")
    today = timezone.localdate()
    first, second = services.tranches_schedule(actor=admin, application=application, tranches=[
        {"amount": "40000", "due_on": today},
        {"amount": "20000", "due_on": today + datetime.timedelta(days=200), "condition": "previous_report_approved"},
    ])
    interim, final = services.reports_schedule(actor=admin, application=application, due_dates=[
        today + datetime.timedelta(days=150), today + datetime.timedelta(days=330)])
    services.tranche_release(actor=finance, tranche=first, reference="BACS-1")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE

    services.report_submit(actor=applicant, report=interim, progress="Open three days a week.", spent_to_date="35000")
    services.report_approve(actor=admin, report=interim)
    services.tranche_release(actor=finance, tranche=second)
    services.report_submit(actor=applicant, report=final, progress="Done.", spent_to_date="60000")
    services.report_approve(actor=admin, report=final)
    application.refresh_from_db()
    final.refresh_from_db()
    assert final.status == ReportStatus.APPROVED
    assert application.status == ApplicationStatus.CLOSED

    money = award_money(application)
    assert money.paid == Decimal("60000") and money.committed == 0
    assert round_position(round_).uncommitted == Decimal("140000")
    assert fund_position(round_.programme.fund).available == Decimal("800000")
    assert sum(LedgerLine.objects.values_list("amount", flat=True)) == 0
