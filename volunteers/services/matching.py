"""Matching runs: the national batch (whole, or split into regions run as separate tasks), and the incremental
runs for a need just published, places just freed or a passport just completed.

Each run is recorded (MatchingRun) with its figures. Runs take one database-wide lock on PostgreSQL, so two
never offer the same free place at once; the regions of one batch share it, since their places are apart and
each volunteer's remaining offers are shared out between them. A run repeated changes nothing, since a volunteer
is offered a shift once and places held by open offers are not offered again.
"""

import logging

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ..matching.engine import Region, load_places, plan_regions, run_matching
from ..models import MatchingKind, MatchingRun, RunStatus

logger = logging.getLogger(__name__)

# Any constant will do: it names the lock that matching runs share.
MATCHING_LOCK = 5_406_2026


def _lock(*, shared: bool = False) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT pg_advisory_xact_lock{'_shared' if shared else ''}(%s)", [MATCHING_LOCK])


def _run(*, kind: str, scope: str = "", shared: bool = False, **scope_arguments) -> MatchingRun:
    """One run, all or nothing: if it fails (or its worker dies) no offer of it stays, and the next run does the
    work. A failure is recorded, in a transaction of its own, and raised again for the task to retry."""
    try:
        with transaction.atomic():
            _lock(shared=shared)
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
    """Every open place within the horizon, nationally, in one run (in process, or where no worker is running)."""
    return _run(kind=MatchingKind.BATCH)


def region_count() -> int:
    # Fewer, larger regions overlap less (each reads the volunteers within reach of its edges); a few per worker.
    return max(1, int(getattr(settings, "MATCHING_REGIONS", 4)))


@transaction.atomic
def matching_batch_plan(*, now=None) -> tuple[MatchingRun, list[Region]]:
    """The national batch cut into regions with similar numbers of open places, each to be run as its own task
    (matching_region_run), so that more workers finish sooner. The plan is recorded as a run of its own."""
    now = now or timezone.now()
    places = load_places(now=now)
    regions = plan_regions(places, region_count()) if places else []
    run = MatchingRun.objects.create(
        kind=MatchingKind.BATCH, scope=f"national, {len(regions)} regions", status=RunStatus.FINISHED,
        finished_at=timezone.now(), stats={"places": len(places), "regions": [region.as_dict() for region in regions]})
    return run, regions


def matching_region_run(*, plan_id: int, region: dict, regions: list[dict]) -> MatchingRun:
    """One region of a planned batch: its places, the volunteers within reach, their share of offers."""
    chosen, every = Region(**region), [Region(**other) for other in regions]
    return _run(kind=MatchingKind.BATCH, scope=f"plan {plan_id}, region {chosen.index + 1} of {len(every)}",
                shared=True, region=chosen, regions=every)


def matching_need_run(*, need_id: int) -> MatchingRun:
    """A need just published: its shifts' places offered at once, without waiting for the batch."""
    return _run(kind=MatchingKind.NEED, scope=f"need {need_id}", need_ids=[need_id])


def matching_shift_run(*, shift_id: int) -> MatchingRun:
    """A place freed on a shift (an offer declined or run out): offered to the next best volunteer."""
    return _run(kind=MatchingKind.NEED, scope=f"shift {shift_id}", shift_ids=[shift_id])


def matching_passport_run(*, passport_id: int) -> MatchingRun:
    """A passport just completed: the open places that suit this volunteer."""
    return _run(kind=MatchingKind.PASSPORT, scope=f"passport {passport_id}", passport_ids=[passport_id])
