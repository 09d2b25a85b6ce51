"""Celery tasks of co-design: telling followers, each morning, of phases the dates have opened."""

from celery import shared_task

from covenant.core.tasks import database_retry

from .services import phases_announce

RETRY = database_retry()


@shared_task(**RETRY)
def codesign_phases_announce_task() -> int:
    return phases_announce()
