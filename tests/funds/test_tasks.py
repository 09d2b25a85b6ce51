"""The funds' tasks: monitoring report reminders on the configured days, once each, and beat running them."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from covenant.notifications.models import Delivery
from funds import services
from funds.tasks import monitoring_reports_remind_task

from .factories import recommended

pytestmark = pytest.mark.django_db


@pytest.fixture
def active_grant(round_, admin, assessor, finance):
    application, applicant = recommended(round_, admin, assessor)
    services.application_approve(actor=admin, application=application, amount="5000", reasons="Good")
    services.agreement_accept(actor=applicant, application=application, full_name="Sam", role="Chair")
    (tranche,) = services.tranches_schedule(actor=admin, application=application,
                                            tranches=[{"amount": "5000", "due_on": timezone.localdate()}])
    services.tranche_release(actor=finance, tranche=tranche)
    return application, applicant


def test_grantees_are_reminded_on_the_configured_days_once_each(active_grant, admin, settings):
    settings.FUNDS_REPORT_REMINDER_DAYS = (14, 3, 0)
    application, applicant = active_grant
    today = timezone.localdate()
    report, = services.reports_schedule(actor=admin, application=application,
                                        due_dates=[today + datetime.timedelta(days=14)])
    assert services.monitoring_reports_remind(today=today - datetime.timedelta(days=1)) == 0
    assert monitoring_reports_remind_task.delay().get() == 1
    assert monitoring_reports_remind_task.delay().get() == 1  # run again: nothing new is sent
    reminders = Delivery.objects.filter(event="funds.report_due", recipient=applicant)
    assert reminders.count() == reminders.values("channel").distinct().count() >= 1
    assert services.monitoring_reports_remind(today=today + datetime.timedelta(days=11)) == 1
    assert Delivery.objects.filter(event="funds.report_due", recipient=applicant).count() == 2 * reminders.values(
        "channel").distinct().count()
    services.report_submit(actor=applicant, report=report, progress="Done", spent_to_date="5000")
    assert services.monitoring_reports_remind(today=today + datetime.timedelta(days=14)) == 0


def test_beat_runs_the_funds_tasks():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"funds.tasks.monitoring_reports_remind_task", "funds.tasks.open_data_republish_task"} <= scheduled
