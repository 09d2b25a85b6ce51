"""The dates of commissioning, computed in one place: when bids are open, the standstill after an award notice,
and the financial years spend is reported in."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from covenant.core.dates import is_working_day

# The Procurement Act 2023 (s51): a standstill of eight working days, beginning with the day the contract award
# notice is published, before the contract may be entered into.
STANDSTILL_WORKING_DAYS = 8



class Phase:
    NOT_PUBLISHED = "not_published"
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


def bids_phase(exercise, today: datetime.date) -> str:
    """Where a published exercise is in its bidding: bids are taken from the first moment of the opening day to
    the last moment of the closing day, UK time. A cancelled exercise takes, and has scored, no bids at all."""
    from .models import ExerciseStatus

    if exercise.status == ExerciseStatus.DRAFT:
        return Phase.NOT_PUBLISHED
    if exercise.status == ExerciseStatus.CANCELLED:
        return Phase.CANCELLED
    if today < exercise.bids_open_on:
        return Phase.UPCOMING
    if today <= exercise.bids_close_on:
        return Phase.OPEN
    return Phase.CLOSED


def standstill_ends_on(notice_on: datetime.date) -> datetime.date:
    """The last day of the standstill: the eighth working day counting the notice's own day if it is one."""
    day, counted = notice_on, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == STANDSTILL_WORKING_DAYS:
                return day
        day += datetime.timedelta(days=1)


def contract_may_start_on(notice_on: datetime.date) -> datetime.date:
    return standstill_ends_on(notice_on) + datetime.timedelta(days=1)


@dataclass(frozen=True)
class Countdown:
    """How far off a day is, in words: "12 days left", "the last day", "3 days ago"."""

    day: datetime.date
    days: int  # negative once past

    @property
    def words(self) -> str:
        if self.days > 0:
            return ngettext("%(n)s day left", "%(n)s days left", self.days) % {"n": self.days}
        if self.days == 0:
            return _("the last day")
        return ngettext("%(n)s day ago", "%(n)s days ago", -self.days) % {"n": -self.days}


def countdown(day: datetime.date, today: datetime.date) -> Countdown:
    return Countdown(day=day, days=(day - today).days)


def financial_year(day: datetime.date) -> int:
    """The year a UK public-sector financial year (1 April to 31 March) starts in."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(start_year: int) -> str:
    return _("April %(start)s to March %(end)s") % {"start": start_year, "end": start_year + 1}
