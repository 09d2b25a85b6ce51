"""Matching runs: the national batch, and the incremental runs for a need just published or places just freed.

Each run is recorded (MatchingRun) with its figures. Runs take one database-wide lock on PostgreSQL, so two
never offer the same free place at once; a run repeated changes nothing, since a volunteer is offered a shift
once and places held by open offers are not offered again.
"""

import logging

from django.db import connection, transaction
from django.utils import timezone

from ..matching.engine import run_matching
from ..models import MatchingKind, MatchingRun, RunStatus

logger = logging.getLogger(__name__)

# Any constant will do: it names the lock that matching runs share.
MATCHING_LOCK = 5_406_2026


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [MATCHING_LOCK])


def _run(*, kind: str, scope: str = "", **scope_arguments) -> MatchingRun:
    """One run, all or nothing: if it fails (or its worker dies) no offer of it stays, and the next run does the
    work. A failure is recorded, in a transaction of its own, and raised again for the task to retry."""
    try:
        with transaction.atomic():
            _lock()
            run = MatchingRun.objects.create(kind=kind, scope=scope)
            stats = run_matching(run=run, now=timezone.now(), **scope_arguments)
            run.status, run.finished_at, run.stats = RunStatus.FINISHED, timezone.now(), stats
            run.save(update_fields=["status", "finished_at", "stats"])
    except Exception as error:
        MatchingRun.objects.create(kind=kind, scope=scope, status=RunStatus.FAILED, finished_at=timezone.now(),
                                   error=f"{type(error).__name__}: {error}"[:2000])
        logger.exception("matching %s %s failed", kind, scope)
        raise
    logger.info("matching %s %s: %s", kind, scope, stats)
    return run


def matching_batch_run() -> MatchingRun:
    """Every open place within the horizon, nationally."""
    return _run(kind=MatchingKind.BATCH)


def matching_need_run(*, need_id: int) -> MatchingRun:
    """A need just published: its shifts' places offered at once, without waiting for the batch."""
    return _run(kind=MatchingKind.NEED, scope=f"need {need_id}", need_ids=[need_id])


def matching_shift_run(*, shift_id: int) -> MatchingRun:
    """A place freed on a shift (an offer declined or run out): offered to the next best volunteer."""
    return _run(kind=MatchingKind.NEED, scope=f"shift {shift_id}", shift_ids=[shift_id])


def matching_passport_run(*, passport_id: int) -> MatchingRun:
    """A passport just completed: the open places that suit this volunteer."""
    return _run(kind=MatchingKind.PASSPORT, scope=f"passport {passport_id}", passport_ids=[passport_id])
