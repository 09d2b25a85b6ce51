"""Accountability: the selected proposals and accepted ideas followed up with a status, progress and dated
updates, each told to followers; bad updates refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from covenant.notifications.models import Delivery
from services.codesign.models import ContributionKind, FollowUp, FollowUpUpdate
from services.codesign.services import (
    follow_up_update,
    follow_ups_start,
    response_publish,
    result_compute,
    result_publish,
)
from services.following import follow_add

from .factories import ContributionFactory, ballot_for, budget_process, proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(service, town, officer):
    """A process whose vote selected two proposals, and whose council accepted an idea."""
    process = budget_process(service, open_kind=None, ended="vote", budget="1000")
    first, second, third = (proposal(process, cost=c, title=t) for c, t in (
        ("600", "Skate park"), ("300", "Bus shelter"), ("900", "New pool")))
    ballot_for(process, town.resident(), [first, second])
    ballot_for(process, town.resident(), [first])
    result_compute(actor=officer, process=process)
    result_publish(actor=officer, process=process)
    idea = ContributionFactory(process=process, kind=ContributionKind.IDEA, title="Longer opening hours")
    response_publish(actor=officer, contribution=idea, status="accepted", body="We will try it.")
    return process


def test_results_are_followed_up_once_each(decided, officer):
    assert follow_ups_start(actor=officer, process=decided) == 3
    assert sorted(FollowUp.objects.values_list("title", flat=True)) == ["Bus shelter", "Longer opening hours",
                                                                        "Skate park"]
    with pytest.raises(ValidationError, match="Every result is followed up already"):
        follow_ups_start(actor=officer, process=decided)


def test_nothing_to_follow_up_before_a_result_or_an_acceptance(service, officer):
    process = budget_process(service, open_kind="vote")
    with pytest.raises(ValidationError, match="There is nothing to follow up yet"):
        follow_ups_start(actor=officer, process=process)


def test_an_update_sets_status_and_progress_and_tells_followers(decided, officer, town):
    follow_ups_start(actor=officer, process=decided)
    follower = town.resident()
    follow_add(actor=follower, target=decided)
    skate = FollowUp.objects.get(title="Skate park")
    follow_up_update(actor=officer, follow_up=skate, status="in_progress", progress="40", body="Ramps ordered.",
                     posted_on=timezone.localdate() - datetime.timedelta(days=2))
    skate.refresh_from_db()
    assert (skate.status, skate.progress) == ("in_progress", 40)
    told = Delivery.objects.get(event="services.followed_moved", recipient=follower, channel="email")
    assert "an update on “Skate park”" in told.subject and "In progress, 40%. Ramps ordered." in told.body
    follow_up_update(actor=officer, follow_up=skate, status="dropped", progress=40, body="Site unsafe.",
                     dropped_reason="The ground is contaminated")
    skate.refresh_from_db()
    assert skate.dropped_reason == "The ground is contaminated"
    assert FollowUpUpdate.objects.filter(follow_up=skate).count() == 2


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"status": "finished"}, "status", "Choose the status of the result"),
    ({"progress": "lots"}, "progress", "Enter the progress as a whole number from 0 to 100"),
    ({"progress": "101"}, "progress", "Enter the progress as a whole number from 0 to 100"),
    ({"progress": "-1"}, "progress", "Enter the progress as a whole number from 0 to 100"),
    ({"status": "done", "progress": "90"}, "progress", "Progress must be 100% when the work is done"),
    ({"status": "not_started", "progress": "5"}, "progress", "Progress must be 0% when the work has not started"),
    ({"status": "dropped"}, "dropped_reason", "Enter why the result was dropped"),
    ({"body": ""}, "body", "Say what has happened since the last update"),
    ({"posted_on": timezone.localdate() + datetime.timedelta(days=1)}, "posted_on",
     "The date of the update must be today or in the past"),
])
def test_bad_updates_are_refused_and_nothing_changes(decided, officer, data, field, message):
    follow_ups_start(actor=officer, process=decided)
    skate = FollowUp.objects.get(title="Skate park")
    values = {"status": "in_progress", "progress": "50", "body": "Going well.", **data}
    with pytest.raises(ValidationError) as error:
        follow_up_update(actor=officer, follow_up=skate, **values)
    assert error.value.message_dict[field] == [message]
    skate.refresh_from_db()
    assert (skate.status, skate.progress) == ("not_started", 0) and not skate.updates.exists()


def test_only_the_councils_officers_follow_up(decided, officer, other_officer, resident):
    for person in (other_officer, resident):
        with pytest.raises(PermissionDenied):
            follow_ups_start(actor=person, process=decided)
    follow_ups_start(actor=officer, process=decided)
    with pytest.raises(PermissionDenied):
        follow_up_update(actor=resident, follow_up=FollowUp.objects.first(), status="done", progress=100, body="x")
