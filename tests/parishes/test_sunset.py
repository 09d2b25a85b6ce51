"""The end of a parish's term, with time moved on: reminders 90 and 30 days before, powers lapsing after the
sunset date, and every run safe to repeat."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from covenant.audit.models import AuditEntry
from covenant.notifications.models import Delivery
from parishes import selectors
from parishes.models import ProposalStatus, Proposer, ProposerRole, Review
from parishes.services import (
    add_months,
    consultation_close,
    consultation_open,
    parishes_end_expired,
    parishes_send_sunset_reminders,
    review_decide,
    review_start,
)
from parishes.tasks import parishes_end_expired_task, parishes_send_sunset_reminders_task
from tests.accounts.factories import UserFactory

from .factories import ProposalFactory, standard_power

pytestmark = pytest.mark.django_db


def _approved(hood):
    """A parish taken through the council's services from a valid petition to approval."""
    now = timezone.now()
    proposal = ProposalFactory(
        created_by=hood.resident(), status=ProposalStatus.VALID, valid_at=now,
        published_at=now - datetime.timedelta(days=30), review_deadline=add_months(timezone.localdate(now), 12),
        electors_at_validity=600, threshold_at_validity=187, sunset_on=add_months(timezone.localdate(now), 12),
        powers=[standard_power()],
    )
    proposal.covering_authorities.set([hood.local_authority])
    Proposer.objects.create(proposal=proposal, user=UserFactory(), role=ProposerRole.CO_PROPOSER)
    review_start(actor=hood.officer, proposal=proposal)
    review = consultation_open(actor=hood.officer, proposal=proposal)
    Review.objects.filter(pk=review.pk).update(consultation_closes_on=timezone.localdate())
    consultation_close(actor=hood.officer, proposal=proposal)
    review_decide(actor=hood.officer, proposal=proposal, decision=ProposalStatus.APPROVED, reasons="A good plan.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    return proposal


def reminders(parish) -> list:
    return sorted(Delivery.objects.filter(event="parishes.sunset_reminder", channel="email",
                                          recipient__parish_proposals__proposal=parish)
                  .values_list("recipient_id", "key"))


def days_before(parish, days: int) -> datetime.date:
    return parish.sunset_on - datetime.timedelta(days=days)


def test_a_parish_is_reminded_twice_then_its_powers_end_after_the_sunset_date(hood):
    parish = _approved(hood)
    proposers = sorted(parish.proposers.values_list("user_id", flat=True))
    assert len(proposers) == 2

    # Nothing happens until 90 days before.
    assert parishes_send_sunset_reminders_task.apply().get() == 0
    assert parishes_send_sunset_reminders(today=days_before(parish, 91)) == 0
    assert reminders(parish) == []

    # 90 days before, each proposer is told once, however often the task runs that day or the next.
    for today in (days_before(parish, 90), days_before(parish, 90), days_before(parish, 60)):
        parishes_send_sunset_reminders(today=today)
    assert [key.rsplit(":", 1)[0] for _, key in reminders(parish)] == [f"sunset_reminder_90:{parish.pk}:{parish.sunset_on:%Y%m%d}"] * 2

    # 30 days before, the second reminder, once.
    for today in (days_before(parish, 30), days_before(parish, 29), days_before(parish, 0)):
        parishes_send_sunset_reminders(today=today)
    keys = [key for _, key in reminders(parish)]
    assert len(keys) == 4
    assert sorted({key.rsplit(":", 1)[0] for key in keys}) == [
        f"sunset_reminder_30:{parish.pk}:{parish.sunset_on:%Y%m%d}", f"sunset_reminder_90:{parish.pk}:{parish.sunset_on:%Y%m%d}"]

    # The sunset date is the powers' last day: the parish is still active on it and nothing ends.
    with time_machine.travel(datetime.datetime.combine(parish.sunset_on, datetime.time(12)), tick=False):
        assert parish in selectors.active_parishes()
        assert parishes_end_expired_task.apply().get() == 0
    parish.refresh_from_db()
    assert parish.status == ProposalStatus.APPROVED

    # The day after, its powers end: the system did it, the proposers are told once, and a rerun changes nothing.
    the_day_after = parish.sunset_on + datetime.timedelta(days=1)
    with time_machine.travel(datetime.datetime.combine(the_day_after, datetime.time(0, 10)), tick=False):
        assert parishes_end_expired_task.apply().get() == 1
        assert parishes_end_expired_task.apply().get() == 0
        assert parish not in selectors.active_parishes()
    assert parishes_end_expired(today=the_day_after + datetime.timedelta(days=5)) == []
    parish.refresh_from_db()
    assert parish.status == ProposalStatus.ENDED
    assert parish.ended_at is not None
    entries = AuditEntry.objects.filter(action="parishes.ended")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor is None
    assert entry.changes == {"status": [ProposalStatus.APPROVED, ProposalStatus.ENDED]}
    assert entry.metadata["lapsed_powers"] == ["green-spaces"]
    told = Delivery.objects.filter(event="parishes.ended", channel="email")
    assert sorted(told.values_list("recipient_id", flat=True)) == proposers
    # An ended parish is reminded no more.
    assert parishes_send_sunset_reminders(today=the_day_after) == 0


def test_a_parish_approved_with_under_90_days_left_gets_only_the_30_day_reminder(hood):
    parish = _approved(hood)
    parishes_send_sunset_reminders(today=days_before(parish, 20))
    assert {key.rsplit(":", 1)[0] for _, key in reminders(parish)} == {f"sunset_reminder_30:{parish.pk}:{parish.sunset_on:%Y%m%d}"}


def test_only_approved_parishes_end(hood):
    today = timezone.localdate()
    rejected = ProposalFactory(status=ProposalStatus.REJECTED, sunset_on=today - datetime.timedelta(days=1))
    petition = ProposalFactory(status=ProposalStatus.PUBLISHED, sunset_on=today - datetime.timedelta(days=1))
    conditional = ProposalFactory(status=ProposalStatus.APPROVED_WITH_CONDITIONS,
                                  sunset_on=today - datetime.timedelta(days=1))
    assert parishes_end_expired(today=today) == [conditional.pk]
    for proposal, status in ((rejected, ProposalStatus.REJECTED), (petition, ProposalStatus.PUBLISHED),
                             (conditional, ProposalStatus.ENDED)):
        proposal.refresh_from_db()
        assert proposal.status == status


def test_both_tasks_run_daily_from_the_beat_schedule(settings):
    from covenant.celery import app

    scheduled = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for task in ("parishes.tasks.parishes_end_expired_task", "parishes.tasks.parishes_send_sunset_reminders_task"):
        assert task in app.tasks
        assert scheduled[task].day_of_month == set(range(1, 32)) and len(scheduled[task].hour) == 1
