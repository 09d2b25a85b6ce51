"""The Right to Challenge's dates in one place: when a decision is due, how far off or overdue it is, and when
the procurement exercise an acceptance starts may begin.

A council must decide on an expression of interest in writing within 30 days (the setting
CHALLENGE_DECISION_DAYS) of receiving it or, when it was submitted in one of the council's submission windows,
of that window closing. "Within 30 days of" a day counts from the day after it, so an expression of interest
received on 1 March is due by 31 March.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from covenant.core.dates import add_months


def decision_days() -> int:
    days = int(settings.CHALLENGE_DECISION_DAYS)
    if days < 1:
        raise ValueError("CHALLENGE_DECISION_DAYS must be at least 1")
    return days


def decision_due(*, received_on: datetime.date, window_closes_on: datetime.date | None = None) -> datetime.date:
    """The last day for the decision: 30 days after receipt, or after the window closes when one applies."""
    start = received_on
    if window_closes_on is not None and window_closes_on > received_on:
        start = window_closes_on
    return start + datetime.timedelta(days=decision_days())


def procurement_dates(*, decided_on: datetime.date, minimum_months: int,
                      maximum_months: int) -> tuple[datetime.date, datetime.date]:
    """The earliest and latest days the procurement exercise may begin, after the published periods."""
    return add_months(decided_on, minimum_months), add_months(decided_on, maximum_months)


@dataclass(frozen=True)
class Deadline:
    """A decision's due date seen from `today`: days left (0 on the day itself), or days overdue."""

    due_on: datetime.date
    today: datetime.date
    decided_on: datetime.date | None = None

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days

    @property
    def overdue(self) -> bool:
        return self.decided_on is None and self.today > self.due_on

    @property
    def days_overdue(self) -> int:
        return max(0, (self.today - self.due_on).days)

    @property
    def decided_late(self) -> bool:
        return self.decided_on is not None and self.decided_on > self.due_on

    @property
    def text(self) -> str:
        """ "Decision due by 14 March 2027 — 12 days left", "… — due today" or "… — overdue by 3 days". """
        due = _("Decision due by %(date)s") % {"date": date_format(self.due_on, "j F Y")}
        if self.decided_on is not None:
            return due
        if self.overdue:
            return _("%(due)s — overdue by %(count)s") % {
                "due": due, "count": ngettext("%(n)s day", "%(n)s days", self.days_overdue) % {"n": self.days_overdue}}
        if self.days_left == 0:
            return _("%(due)s — due today") % {"due": due}
        return _("%(due)s — %(count)s left") % {
            "due": due, "count": ngettext("%(n)s day", "%(n)s days", self.days_left) % {"n": self.days_left}}
