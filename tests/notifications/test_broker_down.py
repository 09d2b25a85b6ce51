"""A broker that is down when a notification is committed: the delivery waits, and the sweep sends it once."""

import datetime
import logging

import pytest
import redis.exceptions
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from covenant.celery import app
from covenant.notifications.models import Channel, Delivery, DeliveryStatus
from covenant.notifications.services import deliveries_requeue_pending, notify
from covenant.notifications.tasks import deliver, deliveries_requeue_pending_task

from .factories import DeliveryFactory, UserFactory

DELIVER = "covenant.notifications.tasks.deliver"
BROKER_DOWN = [
    OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
    redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
]


def _age(delivery: Delivery, *, minutes: float) -> Delivery:
    """As if nothing had happened to the delivery for `minutes` (update() leaves auto_now alone)."""
    Delivery.objects.filter(pk=delivery.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=minutes))
    delivery.refresh_from_db()
    return delivery


@pytest.mark.parametrize("error", BROKER_DOWN, ids=["kombu", "redis"])
def test_a_broker_down_at_commit_leaves_the_deliveries_pending_and_the_caller_committed(
    transactional_db, broker, caplog, error
):
    broker.watch(deliver).go_down(error)

    # No exception reaches the code that committed.
    with caplog.at_level(logging.WARNING, logger="covenant.core.queueing"), transaction.atomic():
        person = UserFactory(email="sam@example.org")
        notify(event="tests.greeting", recipient=person, context={"group": "Hill Street"}, key="join-1")

    assert type(person).objects.filter(pk=person.pk).exists()
    deliveries = Delivery.objects.filter(recipient=person)
    assert {delivery.channel for delivery in deliveries} == {Channel.EMAIL, Channel.IN_APP}
    assert {(delivery.status, delivery.attempts) for delivery in deliveries} == {(DeliveryStatus.PENDING, 0)}
    # Each delivery was tried, not given up after the first failure.
    assert sorted(broker.enqueued) == sorted((DELIVER, (delivery.pk,)) for delivery in deliveries)
    assert mail.outbox == []
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert all("Could not enqueue covenant.notifications.tasks.deliver" in record.getMessage() for record in warnings)


def test_the_sweep_requeues_exactly_the_pending_deliveries_whose_task_was_lost(db, broker):
    broker.watch(deliver).run = False
    never_tried = _age(DeliveryFactory(), minutes=6)
    retry_lost = _age(DeliveryFactory(attempts=2), minutes=21)
    _age(DeliveryFactory(), minutes=1)  # just made: its task is most likely still queued
    _age(DeliveryFactory(attempts=1), minutes=10)  # tried, and waiting for its retry
    for status in (DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.SKIPPED):
        _age(DeliveryFactory(status=status, attempts=1), minutes=60)

    requeued = deliveries_requeue_pending()

    # Oldest first.
    assert requeued == [retry_lost.pk, never_tried.pk]
    assert broker.enqueued == [(DELIVER, (retry_lost.pk,)), (DELIVER, (never_tried.pk,))]


def test_the_sweep_waits_as_long_as_the_setting_says(db, broker, settings):
    settings.NOTIFICATIONS_REQUEUE_AFTER_MINUTES = 15
    broker.watch(deliver).run = False
    _age(DeliveryFactory(), minutes=10)
    old = _age(DeliveryFactory(), minutes=16)

    assert deliveries_requeue_pending() == [old.pk]


def test_running_the_sweep_twice_sends_nothing_twice(db, broker, django_capture_on_commit_callbacks):
    broker.watch(deliver).go_down()
    people = [UserFactory(email="sam@example.org"), UserFactory(email="ali@example.org")]
    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            notify(event="tests.greeting", recipient=person, context={"group": "A"}, key="join-1")
    deliveries = list(Delivery.objects.all())
    assert len(deliveries) == 4
    for delivery in deliveries:
        _age(delivery, minutes=10)
    broker.come_back()
    broker.enqueued.clear()

    # Two sweeps before any worker gets to the tasks enqueue every delivery twice...
    broker.run = False
    assert sorted(deliveries_requeue_pending()) == sorted(delivery.pk for delivery in deliveries)
    assert sorted(deliveries_requeue_pending()) == sorted(delivery.pk for delivery in deliveries)
    assert len(broker.enqueued) == 8
    # ...and the workers running all eight send each once.
    for _name, args in list(broker.enqueued):
        deliver.apply(args)

    assert sorted(message.to[0] for message in mail.outbox) == ["ali@example.org", "sam@example.org"]
    for delivery in Delivery.objects.all():
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
    # Sent deliveries are not swept again.
    assert deliveries_requeue_pending() == []
    assert len(mail.outbox) == 2


def test_the_sweep_through_its_task_sends_what_was_left_pending(db, broker):
    broker.watch(deliver)
    delivery = _age(DeliveryFactory(channel=Channel.IN_APP, address=""), minutes=10)

    assert deliveries_requeue_pending_task.delay().get() == 1
    assert deliveries_requeue_pending_task.delay().get() == 0

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 1


def test_a_sweep_while_the_broker_is_still_down_stops_and_the_next_carries_on(db, broker, caplog):
    broker.watch(deliver).go_down()
    broker.run = False
    deliveries = [_age(DeliveryFactory(), minutes=10 + n) for n in range(3)]

    with caplog.at_level(logging.WARNING, logger="covenant.core.queueing"):
        assert deliveries_requeue_pending() == []
    # One try, not one for every delivery against a broker known to be down.
    assert len(broker.enqueued) == 1
    assert "the broker is unreachable" in caplog.text

    broker.come_back()
    assert deliveries_requeue_pending() == [delivery.pk for delivery in reversed(deliveries)]


def test_the_sweep_runs_every_five_minutes():
    entry = next(entry for entry in settings.CELERY_BEAT_SCHEDULE.values()
                 if entry["task"] == deliveries_requeue_pending_task.name)
    assert entry["schedule"] == crontab(minute="*/5")
    assert entry["task"] in app.tasks
