"""Telling people things: `notify` records one delivery per channel, and tasks send each once.

Using it from any app::

    from covenant.notifications.services import notify
    notify(event="organisations.invitation", email="sam@example.org",
           context={"organisation": organisation}, key=str(invitation.pk))

The words live in templates/notifications/<event>/: subject.txt (one line), body.txt (email and
in-app) and optionally sms.txt (no SMS is sent for an event without one). Templates get the
`context` plus `recipient` (None for email-only), `site_url`, `service_name`, `url` and `link`
(the absolute form of `url`).

Contact preferences are honoured: email if `contact_by_email`, SMS if `contact_by_sms` and the
person has a phone number (and GOV.UK Notify is configured), in-app if `contact_in_app`.

Essential events (security messages, invitations) are emailed whatever the person's email
preference. Mark an event essential once, at import time of the module that sends it::

    from covenant.notifications.services import mark_essential
    mark_essential("organisations.invitation")
"""

import datetime
import hashlib
import json
import logging
import smtplib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import models, transaction
from django.template import Context, TemplateDoesNotExist, engines
from django.template.loader import render_to_string
from django.utils import timezone, translation

from covenant.core.queueing import enqueue, enqueue_on_commit

from .models import Channel, Delivery, DeliveryStatus, Notification

logger = logging.getLogger(__name__)

ESSENTIAL_EVENTS: set[str] = set()
KEY_MAX_LENGTH = 128
# The longest the deliver task waits between tries (its retry_backoff_max).
RETRY_BACKOFF_MAX_SECONDS = 15 * 60


class TransientDeliveryError(Exception):
    """Sending failed in a way that may succeed later (network, 5xx, rate limit)."""


class PermanentDeliveryError(Exception):
    """Sending failed in a way that retrying will not fix (bad address, bad configuration)."""


def mark_essential(*events: str) -> None:
    """Email these events even to people who have turned email off."""
    ESSENTIAL_EVENTS.update(events)


def is_essential(event: str) -> bool:
    return event in ESSENTIAL_EVENTS


def _template(name: str):
    return engines["django"].engine.get_template(name)


def _render(event: str, part: str, context: dict, *, required: bool) -> str | None:
    name = f"notifications/{event}/{part}"
    try:
        template = _template(name)
    except TemplateDoesNotExist:
        if required:
            raise ValueError(f"Notification event {event!r} has no template {name}") from None
        return None
    # Plain text goes out as written: HTML escaping would show "&amp;" in emails and SMS.
    return template.render(Context(context, autoescape=False)).strip()


def _key_default(value: Any) -> str:
    if isinstance(value, models.Model):
        return f"{value._meta.label}:{value.pk}"
    return str(value)


def _derive_key(context: dict, url: str) -> str:
    material = json.dumps({"context": context, "url": url}, sort_keys=True, default=_key_default)
    return hashlib.sha256(material.encode()).hexdigest()


def _normalise_key(key: str) -> str:
    key = str(key)
    if len(key) > KEY_MAX_LENGTH:
        return hashlib.sha256(key.encode()).hexdigest()
    return key


def _absolute(url: str) -> str:
    if url.startswith("/"):
        return f"{settings.SITE_URL}{url}"
    return url


@dataclass(frozen=True)
class _Rendered:
    subject: str
    body: str
    sms: str | None


def _render_event(event: str, context: dict, recipient, url: str) -> _Rendered:
    full = {
        **context,
        "recipient": recipient,
        "site_url": settings.SITE_URL,
        "service_name": settings.SERVICE_NAME,
        "url": url,
        "link": _absolute(url),
    }
    language = getattr(recipient, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = " ".join((_render(event, "subject.txt", full, required=True) or "").split())
        body = _render(event, "body.txt", full, required=True) or ""
        sms = _render(event, "sms.txt", full, required=False)
    return _Rendered(subject=subject[:255], body=body, sms=sms)


@transaction.atomic
def notify(
    *,
    event: str,
    recipient=None,
    email: str | None = None,
    context: dict | None = None,
    key: str | None = None,
    url: str = "",
) -> None:
    """Tell `recipient` (a User) or `email` (someone without an account) about `event`, at most once per key."""
    if not event or len(event) > 100:
        raise ValueError("Give an event name of up to 100 characters, like 'organisations.invitation'")
    if (recipient is None) == (email is None):
        raise ValueError("Pass exactly one of recipient or email")
    if len(url) > 500:
        raise ValueError("The url of a notification must be at most 500 characters")
    context = dict(context or {})
    if email is not None:
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise ValueError(f"{email!r} is not a valid email address") from None
    if recipient is not None and not recipient.is_active:
        return

    key = _normalise_key(key) if key else _derive_key(context, url)
    rendered = _render_event(event, context, recipient, url)

    # (channel, address, subject, body) for each channel this person should hear on.
    wanted: list[tuple[str, str, str, str]] = []
    if recipient is None:
        recipient_key = f"email:{email}"
        wanted.append((Channel.EMAIL, email, rendered.subject, rendered.body))
    else:
        recipient_key = f"user:{recipient.pk}"
        if recipient.email and (recipient.contact_by_email or is_essential(event)):
            wanted.append((Channel.EMAIL, recipient.email, rendered.subject, rendered.body))
        if (
            rendered.sms
            and recipient.contact_by_sms
            and recipient.phone
            and settings.NOTIFY_API_KEY
        ):
            wanted.append((Channel.SMS, recipient.phone, rendered.subject, rendered.sms))
        if recipient.contact_in_app:
            wanted.append((Channel.IN_APP, "", rendered.subject, rendered.body))

    from .tasks import deliver

    for channel, address, subject, body in wanted:
        delivery, created = Delivery.objects.get_or_create(
            event=event,
            key=key,
            recipient_key=recipient_key,
            channel=channel,
            defaults={
                "recipient": recipient,
                "address": address,
                "subject": subject,
                "body": body,
                "url": url,
            },
        )
        if created:
            # A broker that is down leaves the delivery pending for deliveries_requeue_pending to send.
            enqueue_on_commit(deliver, delivery.pk)


@transaction.atomic
def notification_mark_read(*, actor, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read; reading again keeps the first time."""
    if notification.recipient_id != actor.pk:
        raise PermissionError("People can only mark their own notifications as read")
    # Reading a notification is not a consequential change, so it is not audited.
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor) -> int:
    """Mark every unread notification of the actor read; returns how many changed."""
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


def _notify_client():
    from notifications_python_client.notifications import NotificationsAPIClient

    return NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=15)


def _notify_call(send) -> str:
    from notifications_python_client.errors import APIError, TokenError

    try:
        response = send(_notify_client())
    except APIError as exc:
        if exc.status_code >= 500 or exc.status_code == 429:
            raise TransientDeliveryError(f"GOV.UK Notify: {exc}") from exc
        raise PermanentDeliveryError(f"GOV.UK Notify: {exc}") from exc
    except (TokenError, AssertionError) as exc:
        raise PermanentDeliveryError(f"GOV.UK Notify is misconfigured: {exc}") from exc
    return str((response or {}).get("id", ""))[:100]


def _send_email(delivery: Delivery) -> str:
    if settings.NOTIFY_API_KEY:
        if not settings.NOTIFY_EMAIL_TEMPLATE_ID:
            raise PermanentDeliveryError("NOTIFY_EMAIL_TEMPLATE_ID is not set")
        return _notify_call(
            lambda client: client.send_email_notification(
                email_address=delivery.address,
                template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                personalisation={"subject": delivery.subject, "body": delivery.body},
                reference=f"delivery-{delivery.pk}",
            )
        )
    html = render_to_string(
        "notifications/email.html",
        {
            "subject": delivery.subject,
            "body": delivery.body,
            "link": _absolute(delivery.url),
            "service_name": settings.SERVICE_NAME,
            "site_url": settings.SITE_URL,
        },
    )
    message = EmailMultiAlternatives(
        subject=delivery.subject, body=delivery.body, to=[delivery.address]
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        raise PermanentDeliveryError(f"Email refused: {exc}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise TransientDeliveryError(f"Email failed: {exc}") from exc
    return ""


def _send_sms(delivery: Delivery) -> str:
    return _notify_call(
        lambda client: client.send_sms_notification(
            phone_number=delivery.address,
            template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
            personalisation={"subject": delivery.subject, "body": delivery.body},
            reference=f"delivery-{delivery.pk}",
        )
    )


def _send_in_app(delivery: Delivery) -> str:
    notification, _ = Notification.objects.get_or_create(
        delivery=delivery,
        defaults={
            "recipient": delivery.recipient,
            "event": delivery.event,
            "title": delivery.subject,
            "body": delivery.body,
            "url": delivery.url,
        },
    )
    return str(notification.pk)


def _skip_reason(delivery: Delivery) -> str:
    if delivery.recipient_key.startswith("user:") and delivery.recipient is None:
        return "The account no longer exists"
    if delivery.recipient is not None and not delivery.recipient.is_active:
        return "The account is deactivated"
    if delivery.channel == Channel.SMS and not (settings.NOTIFY_API_KEY and settings.NOTIFY_SMS_TEMPLATE_ID):
        return "Text messages need GOV.UK Notify (NOTIFY_API_KEY and NOTIFY_SMS_TEMPLATE_ID)"
    if delivery.channel != Channel.IN_APP and not delivery.address:
        return "There is no address to send to"
    return ""


SENDERS = {Channel.EMAIL: _send_email, Channel.SMS: _send_sms, Channel.IN_APP: _send_in_app}


def delivery_send(*, delivery_id: int, final_attempt: bool = True) -> Delivery | None:
    """Send one pending delivery. Already sent, failed or skipped: nothing happens.

    Raises TransientDeliveryError when the caller should try again later; on the final attempt
    the delivery is marked failed instead.
    """
    retry_error: TransientDeliveryError | None = None
    # The row stays locked while sending so that a second worker running the same delivery
    # waits, then sees it sent: the same message never goes out twice.
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",)).select_related("recipient").filter(pk=delivery_id).first()
        )
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return delivery
        reason = _skip_reason(delivery)
        if reason:
            delivery.status = DeliveryStatus.SKIPPED
            delivery.last_error = reason
            delivery.save(update_fields=["status", "last_error", "updated_at"])
            return delivery
        delivery.attempts += 1
        try:
            delivery.provider_reference = SENDERS[delivery.channel](delivery)
        except TransientDeliveryError as exc:
            delivery.last_error = str(exc)[:2000]
            if final_attempt:
                delivery.status = DeliveryStatus.FAILED
            else:
                retry_error = exc
        except PermanentDeliveryError as exc:
            delivery.last_error = str(exc)[:2000]
            delivery.status = DeliveryStatus.FAILED
        except Exception as exc:
            # Anything unforeseen is retried like a transient error, so the delivery ends sent or
            # failed with the reason recorded, never stuck as pending.
            logger.exception("Delivery %s raised an unexpected error", delivery.pk)
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if final_attempt:
                delivery.status = DeliveryStatus.FAILED
            else:
                retry_error = TransientDeliveryError(delivery.last_error)
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = timezone.now()
            delivery.last_error = ""
        delivery.save()
    if delivery.status == DeliveryStatus.FAILED:
        logger.warning("Delivery %s failed after %s attempts: %s", delivery.pk, delivery.attempts, delivery.last_error)
    if retry_error is not None:
        raise retry_error
    return delivery


def deliveries_requeue_pending(*, now: datetime.datetime | None = None, limit: int = 10_000) -> list[int]:
    """Enqueue again the deliveries left pending because their task was lost (the broker was down at the commit,
    or restarted empty), oldest first; returns their ids. Enqueueing one twice is harmless: delivery_send sends
    a delivery once.

    A delivery never tried is requeued once untouched for settings.NOTIFICATIONS_REQUEUE_AFTER_MINUTES (5 by
    default). One that a worker has tried waits up to RETRY_BACKOFF_MAX_SECONDS for its retry, so it is requeued
    only when that retry is overdue too, never given a second chain of tries beside the first. The sweep stops at
    the first task the broker refuses: the next sweep carries on.
    """
    from .tasks import deliver

    now = now or timezone.now()
    after = datetime.timedelta(minutes=getattr(settings, "NOTIFICATIONS_REQUEUE_AFTER_MINUTES", 5))
    retried_after = after + datetime.timedelta(seconds=RETRY_BACKOFF_MAX_SECONDS)
    stale = Delivery.objects.filter(status=DeliveryStatus.PENDING).filter(
        models.Q(attempts=0, updated_at__lte=now - after) | models.Q(updated_at__lte=now - retried_after)
    )
    requeued = []
    for delivery_id in stale.order_by("updated_at", "pk").values_list("pk", flat=True)[:limit]:
        if not enqueue(deliver, delivery_id):
            break
        requeued.append(delivery_id)
    if requeued:
        logger.info("Requeued %s pending deliveries", len(requeued))
    return requeued
