"""Celery tasks of public value commissioning: telling followers when an exercise's bids open and close."""

from celery import shared_task

from covenant.core.tasks import database_retry

from .services import exercises_announce

RETRY = database_retry()


@shared_task(**RETRY)
def exercises_announce_task() -> int:
    return exercises_announce()
