"""The daily task that tells followers of a new phase is on the beat schedule and does its work."""

import pytest
from celery.schedules import crontab

from covenant.celery import app
from covenant.notifications.models import Delivery
from services.codesign.apps import BEAT_ENTRY
from services.codesign.tasks import codesign_phases_announce_task
from services.following import follow_add

from .factories import budget_process


def test_the_announcement_runs_just_after_midnight_every_day():
    entry = app.conf.beat_schedule[BEAT_ENTRY]
    assert entry["task"] == codesign_phases_announce_task.name
    assert entry["schedule"] == crontab(hour=0, minute=5)


@pytest.mark.django_db
def test_the_task_tells_followers_of_the_open_phase_once(service, town):
    process = budget_process(service, open_kind="proposals")
    follow_add(actor=town.resident(), target=process)
    assert codesign_phases_announce_task.delay().get() == 1
    assert codesign_phases_announce_task.delay().get() == 0
    assert Delivery.objects.filter(event="services.followed_moved", channel="email").count() == 1
