"""Keeping the published 360Giving data in step with awards: the cached export is dropped once a change commits
and rebuilt by a worker (and at least hourly by beat, should the broker have been down)."""

from django.core.cache import cache
from django.db import transaction

from covenant.core.queueing import enqueue_on_commit

CACHE_KEYS = ("funds:360giving:json", "funds:360giving:csv")


def open_data_changed() -> None:
    """Call inside the transaction that changes an award (its amount, dates, payments or its being awarded)."""
    transaction.on_commit(lambda: cache.delete_many(CACHE_KEYS))
    from ..tasks import open_data_republish_task

    enqueue_on_commit(open_data_republish_task)
