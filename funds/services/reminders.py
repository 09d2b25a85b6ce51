"""Reminding grantees of monitoring reports: on each of FUNDS_REPORT_REMINDER_DAYS before a report falls due
(0 is the day itself), once each, whoever runs it and however often."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from ..models import ApplicationStatus, MonitoringReport, ReportStatus
from .common import day, notify_applicants


def monitoring_reports_remind(*, today: datetime.date | None = None) -> int:
    """Tell the grantees of active grants about reports due in exactly one of the reminder days' time (and
    those sent back, on the same days). Returns how many reports were reminded. Idempotent: each reminder's
    notification key names the report and the day, and a notification is sent once per key."""
    today = today or timezone.localdate()
    days = sorted({int(value) for value in settings.FUNDS_REPORT_REMINDER_DAYS if int(value) >= 0})
    due = {today + datetime.timedelta(days=value): value for value in days}
    reports = (MonitoringReport.objects.filter(status__in=(ReportStatus.DUE, ReportStatus.SENT_BACK),
                                               due_on__in=list(due),
                                               application__status=ApplicationStatus.ACTIVE)
               .select_related("application__organisation", "application__created_by",
                               "application__round__programme__fund"))
    count = 0
    for report in reports:
        notify_applicants(report.application, "funds.report_due",
                          {"number": report.number, "due_on": day(report.due_on), "days": due[report.due_on],
                           "final": report.is_final},
                          key=f"report_due:{report.pk}:{report.due_on.isoformat()}:{due[report.due_on]}")
        count += 1
    return count
