"""Celery tasks for pop-up parishes: the daily end of terms and the reminders before them, and telling an active
parish's members about its meetings."""

from celery import shared_task

from covenant.core.tasks import database_retry

from .services.meetings import meeting_notify_members
from .services.sunset import parishes_end_expired, parishes_send_sunset_reminders

RETRY = database_retry()


@shared_task(**RETRY)
def parishes_end_expired_task() -> int:
    return len(parishes_end_expired())


@shared_task(**RETRY)
def parishes_send_sunset_reminders_task() -> int:
    return parishes_send_sunset_reminders()


@shared_task(**RETRY)
def parishes_meeting_notify_task(meeting_id: int, event: str) -> int:
    return meeting_notify_members(meeting_id=meeting_id, event=event)
