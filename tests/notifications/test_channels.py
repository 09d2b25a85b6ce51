"""Sending through GOV.UK Notify (mocked at the HTTP boundary) and through Django's email backend."""

import smtplib
import uuid
from unittest import mock

import pytest
import responses
from django.core import mail

from covenant.notifications.models import Channel, Delivery, DeliveryStatus
from covenant.notifications.services import notify
from covenant.notifications.tasks import MAX_RETRIES, deliver

from .factories import DeliveryFactory, UserFactory

pytestmark = pytest.mark.django_db

NOTIFY = "https://notify.test"
EMAIL_URL = f"{NOTIFY}/v2/notifications/email"
SMS_URL = f"{NOTIFY}/v2/notifications/sms"
EMAIL_TEMPLATE = str(uuid.uuid4())
SMS_TEMPLATE = str(uuid.uuid4())


@pytest.fixture
def notify_configured(settings):
    settings.NOTIFY_API_KEY = f"covenant_test-{uuid.uuid4()}-{uuid.uuid4()}"
    settings.NOTIFY_BASE_URL = NOTIFY
    settings.NOTIFY_EMAIL_TEMPLATE_ID = EMAIL_TEMPLATE
    settings.NOTIFY_SMS_TEMPLATE_ID = SMS_TEMPLATE


@pytest.fixture
def no_backoff():
    """Let eager retries run in-process, as a worker would run them after the back-off delay.

    With eager propagation on, Celery raises Retry to the caller instead of running the retry.
    """
    from covenant.celery import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous


def _json(call):
    import json

    return json.loads(call.request.body)


@responses.activate
def test_email_and_sms_go_through_notify_with_the_generic_templates(notify_configured, django_capture_on_commit_callbacks):
    responses.post(EMAIL_URL, json={"id": "notify-email-1"}, status=201)
    responses.post(SMS_URL, json={"id": "notify-sms-1"}, status=201)
    person = UserFactory(contact_by_sms=True, phone="+447700900123", contact_in_app=False)

    with django_capture_on_commit_callbacks(execute=True):
        notify(event="tests.greeting", recipient=person, context={"group": "Hill Street"})

    assert mail.outbox == []  # Notify replaces Django's email backend
    assert len(responses.calls) == 2
    email_call = next(c for c in responses.calls if c.request.url == EMAIL_URL)
    sms_call = next(c for c in responses.calls if c.request.url == SMS_URL)
    email = _json(email_call)
    assert email["email_address"] == person.email
    assert email["template_id"] == EMAIL_TEMPLATE
    assert email["personalisation"]["subject"].startswith("Hello ")
    assert "You joined Hill Street & friends." in email["personalisation"]["body"]
    assert email_call.request.headers["Authorization"].startswith("Bearer ")
    sms = _json(sms_call)
    assert sms["phone_number"] == "+447700900123"
    assert sms["template_id"] == SMS_TEMPLATE
    assert sms["personalisation"]["body"] == "Covenant: you joined Hill Street."

    deliveries = {d.channel: d for d in Delivery.objects.all()}
    assert deliveries[Channel.EMAIL].status == DeliveryStatus.SENT
    assert deliveries[Channel.EMAIL].provider_reference == "notify-email-1"
    assert deliveries[Channel.SMS].provider_reference == "notify-sms-1"
    assert deliveries[Channel.SMS].sent_at is not None


@responses.activate
def test_no_sms_for_an_event_without_an_sms_template(notify_configured, django_capture_on_commit_callbacks):
    responses.post(EMAIL_URL, json={"id": "e"}, status=201)
    person = UserFactory(contact_by_sms=True, phone="+447700900123")
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="tests.nosms", recipient=person, context={"thing": "x"})
    assert not Delivery.objects.filter(channel=Channel.SMS).exists()
    assert [c.request.url for c in responses.calls] == [EMAIL_URL]


@responses.activate
def test_no_sms_without_a_phone_number(notify_configured, django_capture_on_commit_callbacks):
    responses.post(EMAIL_URL, json={"id": "e"}, status=201)
    person = UserFactory(contact_by_sms=True, phone="")
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="tests.greeting", recipient=person, context={"group": "x"})
    assert not Delivery.objects.filter(channel=Channel.SMS).exists()


@responses.activate
def test_a_transient_notify_error_is_retried_then_sent(notify_configured, no_backoff):
    responses.post(EMAIL_URL, json={"errors": [{"error": "Server", "message": "try later"}]}, status=500)
    responses.post(EMAIL_URL, json={"errors": [{"error": "RateLimit", "message": "slow down"}]}, status=429)
    responses.post(EMAIL_URL, json={"id": "third-time"}, status=201)
    delivery = DeliveryFactory()

    deliver.delay(delivery.pk)

    delivery.refresh_from_db()
    assert len(responses.calls) == 3
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 3
    assert delivery.provider_reference == "third-time"
    assert delivery.last_error == ""


@responses.activate
def test_a_connection_failure_is_retried_until_the_last_try_then_marked_failed(notify_configured, no_backoff):
    # No registered response: responses raises a connection error, as an unreachable Notify would.
    delivery = DeliveryFactory()

    deliver.delay(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == MAX_RETRIES + 1
    assert "GOV.UK Notify" in delivery.last_error


@responses.activate
def test_a_permanent_notify_error_fails_at_once(notify_configured):
    responses.post(
        EMAIL_URL,
        json={"errors": [{"error": "ValidationError", "message": "email_address Not a valid email address"}]},
        status=400,
    )
    delivery = DeliveryFactory()

    deliver.delay(delivery.pk)

    delivery.refresh_from_db()
    assert len(responses.calls) == 1
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 1
    assert "Not a valid email address" in delivery.last_error


@responses.activate
def test_a_failed_delivery_is_not_sent_again(notify_configured):
    delivery = DeliveryFactory(status=DeliveryStatus.FAILED)
    deliver.delay(delivery.pk)
    assert len(responses.calls) == 0


def test_notify_without_an_email_template_id_fails_clearly(notify_configured, settings):
    settings.NOTIFY_EMAIL_TEMPLATE_ID = ""
    delivery = DeliveryFactory()
    deliver.delay(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "NOTIFY_EMAIL_TEMPLATE_ID" in delivery.last_error


def test_sms_is_skipped_when_notify_is_switched_off_before_sending(settings):
    settings.NOTIFY_API_KEY = ""
    delivery = DeliveryFactory(channel=Channel.SMS, address="+447700900123")
    deliver.delay(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SKIPPED
    assert "GOV.UK Notify" in delivery.last_error


def test_smtp_trouble_is_retried(no_backoff):
    delivery = DeliveryFactory()
    calls = []

    def flaky(self, messages):
        calls.append(1)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return len(messages)

    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", flaky):
        deliver.delay(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 2


def test_a_refused_address_fails_without_retrying():
    delivery = DeliveryFactory()
    refused = smtplib.SMTPRecipientsRefused({delivery.address: (550, b"no such user")})
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=refused) as send:
        deliver.delay(delivery.pk)
    delivery.refresh_from_db()
    assert send.call_count == 1
    assert delivery.status == DeliveryStatus.FAILED
    assert "refused" in delivery.last_error


def test_an_unexpected_error_is_retried_and_recorded_never_left_pending(no_backoff):
    delivery = DeliveryFactory()
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=RuntimeError("disk full")
    ) as send:
        deliver.delay(delivery.pk)
    delivery.refresh_from_db()
    assert send.call_count == MAX_RETRIES + 1
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == "RuntimeError: disk full"
