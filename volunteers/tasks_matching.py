"""Celery tasks for matching: the periodic national batch, incremental runs, and offers that run out."""

from celery import shared_task
from django.db import OperationalError

from .services.matching import (
    matching_batch_run,
    matching_need_run,
    matching_passport_run,
    matching_shift_run,
)
from .services.offers import offers_expire, offers_send_digests

RETRY = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "retry_backoff_max": 10 * 60,
    "retry_jitter": True,
    "max_retries": 5,
    "acks_late": True,
}


@shared_task(**RETRY)
def matching_batch_task() -> int:
    return matching_batch_run().pk


@shared_task(**RETRY)
def matching_need_task(need_id: int) -> int:
    return matching_need_run(need_id=need_id).pk


@shared_task(**RETRY)
def matching_shift_task(shift_id: int) -> int:
    return matching_shift_run(shift_id=shift_id).pk


@shared_task(**RETRY)
def matching_passport_task(passport_id: int) -> int:
    return matching_passport_run(passport_id=passport_id).pk


@shared_task(**RETRY)
def offers_expire_task() -> int:
    """Close offers past their time and offer their places again, one task a shift."""
    shift_ids = offers_expire()
    for shift_id in shift_ids:
        matching_shift_task.delay(shift_id)
    return len(shift_ids)


@shared_task(**RETRY)
def offers_send_digests_task() -> int:
    return offers_send_digests()
