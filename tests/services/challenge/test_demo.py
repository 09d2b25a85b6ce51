"""The Right to Challenge's demo: a charity's expression of interest awaiting the Sunderland officer's decision,
made through the services, and nothing more when it runs again."""

import pytest

from covenant.core.demo import DemoWorld
from services.challenge.models import Challenge, ChallengeStatus
from services.challenge.selectors import queue_rows

pytestmark = pytest.mark.django_db


def _seed() -> DemoWorld:
    from covenant.accounts import demo as accounts
    from covenant.organisations import demo as organisations
    from covenant.places import demo as places
    from services.challenge import demo

    world = DemoWorld()
    for module in (accounts, places, organisations, demo):
        module.seed(world)
    return world


def test_the_demo_challenge_awaits_the_officers_decision():
    world = _seed()
    challenge = Challenge.objects.get()
    assert challenge.status == ChallengeStatus.SUBMITTED
    assert challenge.organisation.name == "Hendon Young People's Trust" and challenge.organisation.is_verified
    assert challenge.window_closes_on is not None
    rows = queue_rows(world.users["officer"])
    assert [row["challenge"] for row in rows.open] == [challenge]
    assert rows.open[0]["deadline"].days_left == 46  # 30 days after the window closes in 16


def test_running_the_demo_again_changes_nothing():
    _seed()
    world = _seed()
    assert Challenge.objects.count() == 1 and not world.created["expressions of interest"]
