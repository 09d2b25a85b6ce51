"""Celery tasks for pop-up parishes: the daily end of terms and the reminders before them."""

from celery import shared_task
from django.db import OperationalError

from .services.sunset import parishes_end_expired, parishes_send_sunset_reminders

# Retried with backoff when the database is briefly unavailable; both services are safe to run again.
RETRY = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "retry_backoff_max": 10 * 60,
    "retry_jitter": True,
    "max_retries": 5,
    "acks_late": True,
}


@shared_task(**RETRY)
def parishes_end_expired_task() -> int:
    return len(parishes_end_expired())


@shared_task(**RETRY)
def parishes_send_sunset_reminders_task() -> int:
    return parishes_send_sunset_reminders()
