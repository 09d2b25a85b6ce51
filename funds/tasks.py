"""Celery tasks for community funds: daily reminders of monitoring reports, and rebuilding the 360Giving export
after awards change (and hourly, in case a change found the broker down)."""

from celery import shared_task

from covenant.core.tasks import database_retry

from .services.reminders import monitoring_reports_remind

RETRY = database_retry()


@shared_task(**RETRY)
def monitoring_reports_remind_task() -> int:
    return monitoring_reports_remind()


@shared_task(**RETRY)
def open_data_republish_task() -> int:
    """Build the 360Giving JSON and CSV into the cache; returns how many grants they hold."""
    from .open_data import republish

    return republish()
