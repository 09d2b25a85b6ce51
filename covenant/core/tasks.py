"""What the apps' Celery tasks share: retrying with backoff while the database is briefly unavailable."""

from django.db import OperationalError


def database_retry(*, backoff_max_minutes: int = 10) -> dict:
    """Options for shared_task: retried with jittered backoff on database errors, acknowledged only when done
    (so a worker lost mid-task hands it on), for tasks that are safe to run again."""
    return {
        "autoretry_for": (OperationalError,),
        "retry_backoff": True,
        "retry_backoff_max": backoff_max_minutes * 60,
        "retry_jitter": True,
        "max_retries": 5,
        "acks_late": True,
    }
