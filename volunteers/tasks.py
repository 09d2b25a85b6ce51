"""Periodic tasks of the volunteers app: the daily run that expires credentials and reminds holders."""

import datetime

from celery import shared_task
from django.db import OperationalError

from . import tasks_bookings, tasks_matching  # noqa: F401  (registers their tasks with the worker)
from .services.credentials import credentials_expire_and_remind


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def credentials_daily(on: str | None = None) -> dict:
    """Mark credentials past their expiry date expired and send the 60, 30 and 7 day reminders.

    Safe to run twice: each credential is expired once and each reminder is sent once. `on` (an ISO date) lets
    an operator rerun a missed day.
    """
    return credentials_expire_and_remind(on=datetime.date.fromisoformat(on) if on else None)
