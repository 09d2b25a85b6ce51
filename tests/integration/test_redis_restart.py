"""Redis restarting while a matching batch runs: its offers stand, telling waits, the sweep tells each volunteer once.

The test runs a redis-server of its own on a free port, so stopping it disturbs no one else's Redis.
"""

import datetime
import re
import shutil
import socket
import subprocess
import time
from collections import Counter

import pytest
import redis
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from kombu import pools
from kombu.utils.collections import eqhash

from covenant.notifications.models import Channel, Delivery, DeliveryStatus, Notification
from tests.accounts.factories import UserFactory
from tests.conftest import need_service
from tests.integration.test_celery_worker import WAIT_SECONDS, _emails, services, worker  # noqa: F401
from tests.integration.test_matching_worker import _wait_until_ready
from tests.places.factories import PostcodeFactory
from tests.volunteers.factories import NeedFactory, PassportFactory, ShiftFactory
from volunteers.models import MatchingRun, Offer, OfferStatus, RunStatus
from volunteers.services.matching import MATCHING_LOCK
from volunteers.tasks_matching import matching_batch_task, offers_tell_untold_task

pytestmark = [pytest.mark.integration]

TELL = "volunteers.tasks_matching.offers_tell_task"
RECEIVED = re.compile(r"Task [\w.]+\[([0-9a-f-]+)\] received")
FINISHED = re.compile(r"Task [\w.]+\[([0-9a-f-]+)\] (?:succeeded in|raised unexpected)")
CONNECTED = "Connected to redis://"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server that keeps nothing on disk: restarted, it is empty, as a Redis that lost its data is."""

    def __init__(self, directory):
        self.directory = directory
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "no", "--dir", str(self.directory)]
        with (self.directory / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        pytest.fail(f"redis-server did not start on port {self.port}: "
                    f"{(self.directory / 'redis.log').read_text(errors='replace')[-2000:]}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def queued(self, queue: str) -> int:
        return redis.Redis.from_url(self.url).llen(queue)


@pytest.fixture
def private_redis(tmp_path):
    need_service("redis-server", shutil.which("redis-server") is not None, "the redis-server program is not on PATH")
    directory = tmp_path / "redis"
    directory.mkdir()
    server = RedisServer(directory)
    server.start()
    yield server
    server.kill()


def _use_broker(app, url: str) -> None:
    app.conf.broker_url = url
    # The app keeps the pools of the broker it used first: it finds the new broker's (or makes them) when next used.
    app._pool = None
    app.amqp._producer_pool = None


def _forget_broker(app) -> None:
    """Close the pools of the broker in use and drop them from kombu's registry, where the app would find them."""
    broker = app.connection_for_write()
    for group in (pools.producers, pools.connections):
        if eqhash(broker) in group:
            group[broker].force_close_all()
            del group[broker]
    broker.release()


@pytest.fixture
def private_broker(private_redis, settings):
    """The private Redis as broker, for this process's Celery app and (through settings.REDIS_URL) the worker's."""
    from covenant.celery import app

    settings.REDIS_URL = private_redis.url
    previous = app.conf.broker_url, app.conf.task_always_eager
    _use_broker(app, private_redis.url)
    app.conf.task_always_eager = False
    yield private_redis
    _forget_broker(app)
    _use_broker(app, previous[0])
    app.conf.task_always_eager = previous[1]


@pytest.fixture
def queue(private_broker, services):  # noqa: F811  (the worker's queue)
    """The default queue, which on a Redis of this test's own is the test's alone: the tasks the worker enqueues
    itself (a batch's regions, the sweep's deliveries) go to it as well as this process's."""
    from covenant.celery import app

    return app.conf.task_default_queue


def _log(worker) -> str:  # noqa: F811
    return worker["log"].read_text(errors="replace")


def _fail(worker, message: str) -> None:  # noqa: F811
    pytest.fail(f"{message} within {WAIT_SECONDS}s. Worker log:\n{_log(worker)[-6000:]}")


def _wait(worker, condition, message: str) -> None:  # noqa: F811
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline and worker["process"].poll() is None:
        if condition():
            return
        time.sleep(0.2)
    _fail(worker, message)


def _wait_until_idle(worker, server: RedisServer | None) -> None:  # noqa: F811
    """Every task the worker received has finished and (if the broker is up) none is waiting in its queue."""
    calm = 0

    def idle() -> bool:
        nonlocal calm
        log = _log(worker)
        busy = set(RECEIVED.findall(log)) - set(FINISHED.findall(log))
        calm = calm + 1 if not busy and (server is None or server.queued(worker["queue"]) == 0) else 0
        return calm >= 3

    _wait(worker, idle, "The worker did not finish its tasks")


def _lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            " AND classid = %s AND objid = %s",
            [MATCHING_LOCK >> 32, MATCHING_LOCK & 0xFFFFFFFF],
        )
        return cursor.fetchone()[0]


def _make_need_and_volunteers():
    """A verified organisation's published need with three places, and four volunteers near it who want offers."""
    volunteers = []
    for number, (postcode, latitude) in enumerate(
        [("SR2 7AA", 54.912), ("SR2 7AB", 54.915), ("SR3 1AA", 54.92), ("SR3 1AB", 54.925)]
    ):
        PostcodeFactory(postcode=postcode, outward_code=postcode.split()[0], latitude=latitude, longitude=-1.3811)
        holder = UserFactory(email=f"volunteer{number}@example.org", postcode=postcode)
        volunteers.append(PassportFactory(holder=holder, offers_wanted=True))
    starts = timezone.now() + datetime.timedelta(days=5)
    need = NeedFactory()
    shift = ShiftFactory(need=need, places=3, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    return shift, volunteers


def test_a_batch_committed_while_redis_restarts_tells_everyone_once_through_the_sweep(worker, private_broker):  # noqa: F811
    server = private_broker
    _wait_until_ready(worker)
    shift, volunteers = _make_need_and_volunteers()

    # Hold matching's lock, so that the batch waits on it inside its transaction.
    holder = connection.get_new_connection(connection.get_connection_params())
    holder.autocommit = True
    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MATCHING_LOCK])
        matching_batch_task.delay()
        _wait(worker, lambda: _lock_waiters() > 0, "No matching run waited for the lock")

        # Redis goes away; then the batch carries on and commits, unable to enqueue its notifications.
        connections_before = _log(worker).count(CONNECTED)
        server.kill()
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [MATCHING_LOCK])
    finally:
        holder.close()
    _wait(worker, lambda: Offer.objects.filter(shift=shift).exists(), "The batch made no offers")
    _wait_until_idle(worker, None)

    offers = list(Offer.objects.filter(shift=shift).select_related("passport__holder"))
    assert len(offers) == shift.places
    assert {offer.status for offer in offers} == {OfferStatus.OFFERED}
    offered = {offer.passport.holder for offer in offers}
    assert offered < {passport.holder for passport in volunteers}
    # Telling them is a worker's task, which could not be enqueued: nobody has been told yet.
    deliveries = Delivery.objects.filter(recipient__in=offered)
    assert not deliveries.exists()
    # The run is recorded as it was: finished, not failed by the broker after its commit.
    assert not MatchingRun.objects.filter(status=RunStatus.FAILED).exists()
    assert f"Could not enqueue {TELL}" in _log(worker)
    assert _emails(worker["mail"]) == []

    # Redis comes back, empty, on the same port; the worker finds it again.
    server.start()
    _wait(worker, lambda: _log(worker).count(CONNECTED) > connections_before, "The worker did not reconnect")

    # Some minutes on, the sweep finds the offers nobody was told of and tells them, through the worker.
    Offer.objects.filter(shift=shift).update(offered_at=timezone.now() - datetime.timedelta(minutes=10))
    offers_tell_untold_task.delay()
    _wait(worker, lambda: deliveries.count() == 2 * len(offered)
          and not deliveries.filter(status=DeliveryStatus.PENDING).exists(), "Nobody was told of their offer")
    assert {(delivery.recipient, delivery.channel) for delivery in deliveries} == {
        (person, channel) for person in offered for channel in (Channel.EMAIL, Channel.IN_APP)
    }
    assert {(delivery.status, delivery.attempts) for delivery in deliveries} == {(DeliveryStatus.SENT, 1)}
    emails = _emails(worker["mail"])
    assert sorted(message["To"] for message in emails) == sorted(person.email for person in offered)
    assert Notification.objects.filter(recipient__in=offered).count() == len(offered)

    # The batch again: nothing is offered twice, and nobody is told twice.
    runs_before = MatchingRun.objects.count()
    matching_batch_task.delay()
    _wait(worker, lambda: MatchingRun.objects.count() > runs_before, "The second batch did not run")
    _wait_until_idle(worker, server)
    assert not MatchingRun.objects.filter(status=RunStatus.FAILED).exists()
    assert Offer.objects.filter(shift=shift).count() == len(offers)
    repeated = Offer.objects.values("shift", "passport").annotate(times=Count("pk")).filter(times__gt=1)
    assert not repeated.exists()
    assert Delivery.objects.count() == len(deliveries)
    assert Counter(message["To"] for message in _emails(worker["mail"])) == Counter(person.email for person in offered)
