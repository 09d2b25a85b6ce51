"""Through a real Celery worker on Redis and PostgreSQL: publishing a need offers its place, and a 'no' passes it on."""

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
