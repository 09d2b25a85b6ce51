"""Through a real Celery worker on Redis and PostgreSQL: publishing a need offers its place, a 'no' passes it on, and a
worker killed mid-batch leaves nothing behind for the next run to finish."""

import datetime
import time
import uuid

import pytest
from django.conf import settings
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.integration.test_celery_worker import WAIT_SECONDS, services, worker  # noqa: F401  (fixtures)
from tests.organisations.factories import admin_of
from tests.places.factories import PostcodeFactory
from tests.volunteers.factories import NeedFactory, PassportFactory, ShiftFactory
from volunteers.models import BookingStatus, NeedStatus, Offer, OfferStatus
from volunteers.services.needs import need_publish
from volunteers.services.offers import offer_accept, offer_decline

pytestmark = [pytest.mark.integration]


@pytest.fixture
def queue(services):  # noqa: F811  (this test's own queue, for matching's tasks as well as deliveries)
    from covenant.celery import app

    name = f"covenant-matching-{uuid.uuid4().hex[:12]}"
    previous = app.conf.task_routes
    app.conf.task_routes = {"covenant.notifications.tasks.deliver": {"queue": name},
                            "volunteers.tasks_matching.*": {"queue": name}}
    app.amqp.flush_routes()
    # The router is cached with the routes it was made with: a later test's routes need a new one.
    app.amqp.router = app.amqp.Router()
    yield name
    app.conf.task_routes = previous
    app.amqp.flush_routes()
    # The router is cached with the routes it was made with: a later test's routes need a new one.
    app.amqp.router = app.amqp.Router()
    import redis

    redis.Redis.from_url(settings.REDIS_URL).delete(name)


def _wait_for_offer(worker, **lookup) -> Offer:  # noqa: F811
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        offer = Offer.objects.filter(**lookup).first()
        if offer is not None:
            return offer
        if worker["process"].poll() is not None:
            break
        time.sleep(0.2)
    pytest.fail(f"No offer {lookup} within {WAIT_SECONDS}s. Worker log:\n"
                f"{worker['log'].read_text(errors='replace')[-4000:]}")


def _wait_until_ready(worker) -> None:  # noqa: F811
    """The worker imports the solver's libraries before it listens: wait for that, not for the first task."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and worker["process"].poll() is None:
        if " ready." in worker["log"].read_text(errors="replace"):
            return
        time.sleep(0.2)
    pytest.fail(f"The worker did not start. Log:\n{worker['log'].read_text(errors='replace')[-4000:]}")


def test_publishing_offers_through_the_worker_and_declining_passes_it_on(worker):  # noqa: F811
    _wait_until_ready(worker)
    PostcodeFactory(postcode="SR2 7AA", outward_code="SR2", latitude=54.915, longitude=-1.3811)
    PostcodeFactory(postcode="SR3 1AA", outward_code="SR3", latitude=54.93, longitude=-1.3811)
    first = PassportFactory(holder=UserFactory(postcode="SR2 7AA"))
    second = PassportFactory(holder=UserFactory(postcode="SR3 1AA"))
    need = NeedFactory(status=NeedStatus.DRAFT)
    starts = timezone.now() + datetime.timedelta(days=5)
    shift = ShiftFactory(need=need, places=1, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))

    need_publish(actor=admin_of(need.organisation), need=need)
    offer = _wait_for_offer(worker, shift=shift, status=OfferStatus.OFFERED)
    assert offer.passport == first  # the nearer of two

    offer_decline(actor=first.holder, offer=offer)
    passed_on = _wait_for_offer(worker, shift=shift, passport=second)
    assert Offer.objects.filter(shift=shift).count() == 2

    accepted = offer_accept(actor=second.holder, offer=passed_on)
    assert accepted.booking.status == BookingStatus.ACCEPTED
    log = worker["log"].read_text(errors="replace")
    assert "volunteers.tasks_matching.matching_need_task" in log and "matching_shift_task" in log


def _advisory_waiters() -> int:
    from django.db import connection

    from volunteers.services.matching import MATCHING_LOCK

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = %s",
                       [MATCHING_LOCK & 0xFFFFFFFF])
        return cursor.fetchone()[0]


def test_a_worker_killed_mid_batch_leaves_nothing_and_the_next_run_completes_it(worker):  # noqa: F811
    import os
    import signal

    from django.db import connection

    from volunteers.models import MatchingRun, RunStatus
    from volunteers.services.matching import MATCHING_LOCK, matching_batch_plan, matching_batch_run
    from volunteers.tasks_matching import matching_region_task

    _wait_until_ready(worker)
    for number, latitude in enumerate((54.912, 54.915, 54.92)):
        postcode = f"SR{number + 2} 7AA"
        PostcodeFactory(postcode=postcode, outward_code=postcode.split()[0], latitude=latitude, longitude=-1.3811)
        PassportFactory(holder=UserFactory(postcode=postcode))
    starts = timezone.now() + datetime.timedelta(days=5)
    shift = ShiftFactory(need=NeedFactory(), places=2, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))

    # Matching's lock held here: the worker's region run waits inside its transaction, and is killed there.
    holder = connection.get_new_connection(connection.get_connection_params())
    holder.autocommit = True
    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MATCHING_LOCK])
        # A batch's region handed to the worker (sent from here: the worker's own sends would not know this
        # test's queue).
        plan, regions = matching_batch_plan()
        every = [region.as_dict() for region in regions]
        matching_region_task.delay(plan.pk, every[0], every)
        deadline = time.monotonic() + WAIT_SECONDS
        while _advisory_waiters() == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _advisory_waiters() > 0, worker["log"].read_text(errors="replace")[-4000:]
        os.killpg(worker["process"].pid, signal.SIGKILL)
        worker["process"].wait(timeout=15)
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [MATCHING_LOCK])
    finally:
        holder.close()

    # The killed run's transaction died with its connection: no offer, no region run recorded.
    deadline = time.monotonic() + WAIT_SECONDS
    while _advisory_waiters() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not Offer.objects.exists()
    assert not MatchingRun.objects.filter(scope__startswith=f"plan {plan.pk},").exists()
    # The next run does the work, and a run after it changes nothing.
    matching_batch_run()
    assert Offer.objects.filter(shift=shift).count() == 2
    matching_batch_run()
    assert Offer.objects.filter(shift=shift).count() == 2
    assert not MatchingRun.objects.filter(status=RunStatus.FAILED).exists()
