"""enqueue and enqueue_on_commit: a broker that is down is logged and tolerated; anything else is raised."""

import logging

import pytest
from celery import shared_task
from django.db import transaction

from covenant.core import queueing
from covenant.core.queueing import enqueue, enqueue_on_commit

pytestmark = pytest.mark.django_db

RAN: list[int] = []


@shared_task(name="tests.core.remember")
def remember(number: int) -> int:
    RAN.append(number)
    return number


@shared_task(name="tests.core.broken")
def broken(number: int) -> int:
    raise ValueError(f"A bug, not the broker: {number}")


@pytest.fixture(autouse=True)
def _nothing_ran():
    RAN.clear()


def test_enqueue_sends_the_task(broker):
    broker.watch(remember)
    assert enqueue(remember, 1) is True
    assert RAN == [1]
    assert broker.enqueued == [("tests.core.remember", (1,))]


def test_enqueue_on_commit_waits_for_the_commit_and_drops_with_a_rollback(broker, django_capture_on_commit_callbacks):
    broker.watch(remember)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(remember, 1)
        assert RAN == []
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_on_commit(remember, 2)
            raise RuntimeError("rolled back")
    assert RAN == [1]


def test_a_broker_down_is_logged_and_the_next_tasks_fail_fast_until_it_is_back(broker, caplog):
    broker.watch(remember).go_down()
    with caplog.at_level(logging.WARNING, logger="covenant.core.queueing"):
        assert enqueue(remember, 1) is False
        assert enqueue(remember, 2) is False
    assert "Could not enqueue tests.core.remember(1,), the broker is unreachable: Error 111" in caplog.text
    # The first try has the publisher's retries; later ones, while the broker is known to be down, do not.
    assert broker.options == [{}, {"retry_policy": {"max_retries": 0}}]

    broker.come_back()
    assert enqueue(remember, 3) is True
    assert enqueue(remember, 4) is True
    assert broker.options[2:] == [{"retry_policy": {"max_retries": 0}}, {}]
    assert RAN == [3, 4]


def test_a_broker_failure_long_ago_does_not_make_enqueues_fail_fast(broker, monkeypatch):
    broker.watch(remember).go_down()
    enqueue(remember, 1)
    monkeypatch.setattr(queueing, "_failed_at", queueing._failed_at - queueing.FAIL_FAST_SECONDS - 1)
    broker.come_back()
    enqueue(remember, 2)
    assert broker.options == [{}, {}]


def test_an_error_that_is_not_the_brokers_is_raised(broker, django_capture_on_commit_callbacks):
    broker.watch(broken)
    # Tasks run in-process here, so the task's own bug surfaces as it would have before.
    with pytest.raises(ValueError, match="A bug"), django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(broken, 1)
