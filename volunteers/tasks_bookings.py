"""Periodic tasks for bookings: offers that ran out pass down the waiting list, and reminders a day ahead."""

from celery import shared_task
from django.utils import timezone

from covenant.core.tasks import database_retry

from .selectors.bookings import offers_expired, reminders_due
from .services.bookings import booking_offer_expire, booking_remind

RETRY = database_retry(backoff_max_minutes=30)


@shared_task(**RETRY)
def bookings_expire_offers_task() -> int:
    """Pass on every offer past its time limit, one task each. Safe to run twice: an offer passes on once."""
    ids = list(offers_expired(now=timezone.now()).values_list("pk", flat=True))
    for booking_id in ids:
        booking_offer_expire_task.delay(booking_id)
    return len(ids)


@shared_task(**RETRY)
def booking_offer_expire_task(booking_id: int) -> bool:
    return booking_offer_expire(booking_id=booking_id) is not None


@shared_task(**RETRY)
def bookings_send_reminders_task() -> int:
    """Remind volunteers of shifts in the next 24 hours, one task each. Safe to run twice: each is reminded once."""
    ids = list(reminders_due(now=timezone.now()).values_list("pk", flat=True))
    for booking_id in ids:
        booking_remind_task.delay(booking_id)
    return len(ids)


@shared_task(**RETRY)
def booking_remind_task(booking_id: int) -> bool:
    return booking_remind(booking_id=booking_id)
