"""The daily run: credentials expire by date, and each reminder goes out once however often it runs."""

import datetime

import pytest

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from tests.volunteers.factories import CredentialFactory
from volunteers.models import CredentialStatus
from volunteers.services.credentials import credentials_expire_and_remind, reminder_due
from volunteers.tasks import credentials_daily

pytestmark = pytest.mark.django_db
START = datetime.date(2026, 1, 1)


def reminders(credential):
    return list(Delivery.objects.filter(event="volunteers.credential_reminder", recipient=credential.passport.holder,
                                        channel="email").order_by("id").values_list("subject", flat=True))


def test_reminders_at_60_30_and_7_days_each_once_even_when_run_twice(passport):
    credential = CredentialFactory(passport=passport, verified=True, issued_on=START,
                                   expires_on=START + datetime.timedelta(days=100))
    sent_on = []
    for offset in range(0, 102):
        day = START + datetime.timedelta(days=offset)
        before = len(reminders(credential))
        credentials_daily.delay(day.isoformat())
        credentials_daily.delay(day.isoformat())
        if len(reminders(credential)) > before:
            sent_on.append((credential.expires_on - day).days)
    assert sent_on == [60, 30, 7]
    assert reminders(credential) == [
        "Your Safeguarding adults expires in 60 days",
        "Your Safeguarding adults expires in 30 days",
        "Your Safeguarding adults expires in 7 days",
    ]
    credential.refresh_from_db()
    assert credential.reminders_sent == [60, 30, 7]
    assert credential.status == CredentialStatus.EXPIRED
    assert Delivery.objects.filter(event="volunteers.credential_expired", channel="email").count() == 1
    assert AuditEntry.objects.filter(action="volunteers.credential_expire", actor=None).count() == 1


def test_a_credential_added_late_gets_only_the_nearest_reminder(passport):
    credential = CredentialFactory(passport=passport, issued_on=START, expires_on=START + datetime.timedelta(days=20))
    assert reminder_due(credential, on=START) == 30
    assert credentials_expire_and_remind(on=START) == {"expired": 0, "reminded": 1}
    assert credentials_expire_and_remind(on=START + datetime.timedelta(days=1)) == {"expired": 0, "reminded": 0}
    assert credentials_expire_and_remind(on=START + datetime.timedelta(days=13)) == {"expired": 0, "reminded": 1}
    credential.refresh_from_db()
    assert credential.reminders_sent == [60, 30, 7]


def test_expiry_is_by_date_and_leaves_others_alone(passport):
    expired = CredentialFactory(passport=passport, verified=True, issued_on=START,
                                expires_on=START + datetime.timedelta(days=10))
    today_last_day = CredentialFactory(passport=passport, verified=True, issued_on=START,
                                       expires_on=START + datetime.timedelta(days=11))
    no_expiry = CredentialFactory(passport=passport, verified=True, issued_on=START)
    withdrawn = CredentialFactory(passport=passport, status=CredentialStatus.REVOKED, issued_on=START,
                                  expires_on=START + datetime.timedelta(days=1))
    result = credentials_expire_and_remind(on=START + datetime.timedelta(days=11))
    assert result["expired"] == 1
    for credential in (expired, today_last_day, no_expiry, withdrawn):
        credential.refresh_from_db()
    assert expired.status == CredentialStatus.EXPIRED
    assert today_last_day.status == CredentialStatus.VERIFIED
    assert no_expiry.status == CredentialStatus.VERIFIED
    assert withdrawn.status == CredentialStatus.REVOKED
    assert credentials_expire_and_remind(on=START + datetime.timedelta(days=11))["expired"] == 0


def test_changing_the_expiry_date_restarts_the_reminders(passport, holder):
    from volunteers.services.credentials import credential_update
    credential = CredentialFactory(passport=passport, issued_on=START, provider="Council",
                                   expires_on=START + datetime.timedelta(days=7))
    credentials_expire_and_remind(on=START)
    credential.refresh_from_db()
    assert credential.reminders_sent == [60, 30, 7]
    credential_update(actor=holder, credential=credential, on=START, details={
        "title": credential.title, "provider": "Council", "issued_on": START,
        "expires_on": START + datetime.timedelta(days=365)})
    credential.refresh_from_db()
    assert credential.reminders_sent == []


def test_the_daily_task_is_in_the_beat_schedule(settings):
    entries = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "volunteers.tasks.credentials_daily" in entries
