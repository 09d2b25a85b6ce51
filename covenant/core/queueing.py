"""Enqueueing Celery tasks so that a broker which is down never fails the change that asked for the work."""

import logging
import time
from functools import partial

import redis.exceptions
from django.db import transaction
from kombu.exceptions import OperationalError as KombuOperationalError

logger = logging.getLogger(__name__)

# What publishing raises when the broker cannot be reached: kombu wraps the transport's errors in its own
# OperationalError once its retries are spent, but redis's errors, or a socket's, can come through unwrapped.
BROKER_ERRORS = (
    KombuOperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
    TimeoutError,
)

# For this long after a failure each task is tried once instead of through the publisher's retries, which
# take over half a second a task: one commit can carry hundreds of tasks (a matching batch's offers).
FAIL_FAST_SECONDS = 30.0

_failed_at: float | None = None


def enqueue(task, *args) -> bool:
    """Send `task(*args)` to the workers; if the broker is unreachable, log a warning and return False.

    Work that was not enqueued must be found again by a periodic job: pending deliveries by the notifications'
    sweep, open places by the matching batch.
    """
    global _failed_at
    recently_failed = _failed_at is not None and time.monotonic() - _failed_at < FAIL_FAST_SECONDS
    options = {"retry_policy": {"max_retries": 0}} if recently_failed else {}
    try:
        task.apply_async(args, **options)
    except BROKER_ERRORS as error:
        _failed_at = time.monotonic()
        logger.warning("Could not enqueue %s%r, the broker is unreachable: %s", task.name, args, error)
        return False
    _failed_at = None
    return True


def enqueue_on_commit(task, *args, using: str | None = None) -> None:
    """Enqueue `task(*args)` once the current transaction commits (at once outside one), tolerating a broker
    that is down: the caller's committed change stands and no exception reaches it."""
    transaction.on_commit(partial(enqueue, task, *args), using=using)
