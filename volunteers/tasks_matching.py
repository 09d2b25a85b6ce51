"""Celery tasks for matching: the periodic national batch, incremental runs, and offers that run out."""

from celery import shared_task
from django.db import transaction

from covenant.core.queueing import enqueue, enqueue_on_commit
from covenant.core.tasks import database_retry

from .services.matching import (
    matching_batch_plan,
    matching_need_run,
    matching_passport_run,
    matching_region_run,
    matching_shift_run,
)
from .services.offers import offers_expire, offers_send_digests, offers_tell, offers_tell_untold

RETRY = database_retry()


@shared_task(**RETRY)
def matching_batch_task() -> int:
    """Plan the national batch and hand each region to a task of its own, for as many workers as there are."""
    with transaction.atomic():
        plan, regions = matching_batch_plan()
        every = [region.as_dict() for region in regions]
        for region in every:
            enqueue_on_commit(matching_region_task, plan.pk, region, every)
    return plan.pk


@shared_task(**RETRY)
def matching_region_task(plan_id: int, region: dict, regions: list[dict]) -> int:
    return matching_region_run(plan_id=plan_id, region=region, regions=regions).pk


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
        enqueue(matching_shift_task, shift_id)
    return len(shift_ids)


@shared_task(**RETRY)
def offers_send_digests_task() -> int:
    return offers_send_digests()


# Telling volunteers of a batch's offers waits behind matching itself: on Redis a lower number goes first, so the
# rest of a batch (the next regions) is not held up by hundreds of parts of messages.
TELL_PRIORITY = 9


@shared_task(**RETRY, priority=TELL_PRIORITY)
def offers_tell_task(offer_ids: list[int]) -> int:
    return offers_tell(offer_ids=offer_ids)


@shared_task(**RETRY)
def offers_tell_untold_task() -> int:
    return offers_tell_untold()
