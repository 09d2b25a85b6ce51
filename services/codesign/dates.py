"""Every date rule of co-design in one place: which phase is open on a day, and how long is left, in words.

A phase's first and last days are both part of it, in UK time: a vote whose last day is 14 March closes at the
end of 14 March.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

UPCOMING, OPEN, ENDED = "upcoming", "open", "ended"


def today() -> datetime.date:
    return timezone.localdate()


def phase_state(phase, day: datetime.date) -> str:
    if day < phase.starts_on:
        return UPCOMING
    if day > phase.ends_on:
        return ENDED
    return OPEN


def current_phase(phases: Iterable, day: datetime.date):
    """The phase open on `day`, or None between phases, before the first and after the last."""
    return next((p for p in phases if phase_state(p, day) == OPEN), None)


def next_phase(phases: Iterable, day: datetime.date):
    return next((p for p in sorted(phases, key=lambda p: p.starts_on) if p.starts_on > day), None)


def _long(day: datetime.date) -> str:
    return date_format(day, "j F Y")


@dataclass(frozen=True)
class Timing:
    """How a phase stands on a day, in a sentence for pages ("Closes on 14 March 2027: 12 days left")."""

    state: str
    text: str
    days: int  # days left (open), days to wait (upcoming) or days since it ended (ended)


def phase_timing(phase, day: datetime.date) -> Timing:
    state = phase_state(phase, day)
    if state == UPCOMING:
        days = (phase.starts_on - day).days
        wait = ngettext("starts tomorrow", "starts in %(days)s days", days) % {"days": days}
        return Timing(state, _("Opens on %(date)s: %(wait)s") % {"date": _long(phase.starts_on), "wait": wait}, days)
    if state == ENDED:
        days = (day - phase.ends_on).days
        return Timing(state, _("Ended on %(date)s") % {"date": _long(phase.ends_on)}, days)
    days = (phase.ends_on - day).days
    if days == 0:
        return Timing(state, _("Closes at the end of today, %(date)s") % {"date": _long(phase.ends_on)}, 0)
    left = ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
    return Timing(state, _("Closes on %(date)s: %(left)s") % {"date": _long(phase.ends_on), "left": left}, days)


def overlaps(first_start, first_end, second_start, second_end) -> bool:
    return first_start <= second_end and second_start <= first_end
