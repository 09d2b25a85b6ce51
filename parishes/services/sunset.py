"""The end of a pop-up parish's term: reminders 90 and 30 days before its sunset date, and its powers lapsing."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from covenant.audit.services import audit_record

from ..models import APPROVED_STATES, Proposal, ProposalStatus
from .common import locked, notify_proposers

# Days before the sunset date on which proposers are reminded, furthest first.
REMINDER_DAYS = (90, 30)


def _due_reminder(sunset_on: datetime.date, today: datetime.date) -> int | None:
    """The reminder whose window today falls in: 90 from 90 days before, 30 from 30 days before the sunset date.

    A parish approved with under 90 days left gets only the nearer reminder, and a day the task missed is made up
    the next day, because the window stays open until the next reminder's begins.
    """
    days_left = (sunset_on - today).days
    if days_left < 0:
        return None
    due = None
    for days in REMINDER_DAYS:
        if days_left <= days:
            due = days
    return due


def parishes_send_sunset_reminders(*, today: datetime.date | None = None) -> int:
    """Remind the proposers of every active parish whose sunset date is 90 or 30 days away; once each.

    The notification key names the parish, the reminder and the sunset date, so running again (or twice a day) sends nothing new.
    Returns how many parishes were reminded on this run, counting repeats that notify() then drops.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    reminded = 0
    parishes = Proposal.objects.filter(status__in=APPROVED_STATES, sunset_on__gte=today, sunset_on__lte=horizon)
    for parish in parishes.order_by("sunset_on", "pk"):
        days = _due_reminder(parish.sunset_on, today)
        if days is None:
            continue
        notify_proposers(parish, "parishes.sunset_reminder",
                         {"days": (parish.sunset_on - today).days,
                          "sunset_on": date_format(parish.sunset_on, "j F Y")},
                         # The date is in the key because a renewal moves it, and the new date earns its own.
                         key=f"sunset_reminder_{days}:{parish.pk}:{parish.sunset_on:%Y%m%d}")
        reminded += 1
    return reminded


def parishes_end_expired(*, today: datetime.date | None = None) -> list[int]:
    """End every approved parish whose sunset date has passed; returns the ids ended on this run.

    The sunset date is the last day a parish holds its powers (as selectors.active_parishes counts it), so a
    parish ends on the first run after it. Each parish ends in its own transaction under a row lock, so a second
    run, or two workers at once, change nothing more.
    """
    today = today or timezone.localdate()
    ended = []
    candidates = Proposal.objects.filter(status__in=APPROVED_STATES, sunset_on__lt=today)
    for pk in candidates.order_by("sunset_on", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            parish = locked(Proposal(pk=pk))
            if parish.status not in APPROVED_STATES or parish.sunset_on >= today:
                continue
            before = parish.status
            parish.status, parish.ended_at = ProposalStatus.ENDED, timezone.now()
            parish.save(update_fields=["status", "ended_at", "updated_at"])
            granted = sorted(parish.requested_powers.filter(granted=True).values_list("power__slug", flat=True))
            # No one acted: the term simply ran out, so the system is the actor.
            audit_record(actor=None, action="parishes.ended", target=parish,
                         changes={"status": [before, ProposalStatus.ENDED]},
                         metadata={"sunset_on": parish.sunset_on.isoformat(), "lapsed_powers": granted})
            notify_proposers(parish, "parishes.ended", {"sunset_on": date_format(parish.sunset_on, "j F Y")},
                             key=f"ended:{parish.pk}")
            ended.append(parish.pk)
    return ended
