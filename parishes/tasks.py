"""Celery tasks for pop-up parishes: the daily end of terms and the reminders before them."""

from celery import shared_task

from covenant.core.tasks import database_retry

from .services.sunset import parishes_end_expired, parishes_send_sunset_reminders

RETRY = database_retry()


@shared_task(**RETRY)
def parishes_end_expired_task() -> int:
    return len(parishes_end_expired())


@shared_task(**RETRY)
def parishes_send_sunset_reminders_task() -> int:
    return parishes_send_sunset_reminders()
