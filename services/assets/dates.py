"""Every date of Assets of Community Value, computed in one place (Localism Act 2011 ss.87–108, SI 2012/2421).

Two kinds of period, as the law words them:

- "within N weeks of" a day (the council's decision on a nomination, the owner's request for a review, the review
  itself): the last day is N weeks after it. A nomination received on Monday 1 March 2027 is decided by Monday
  26 April 2027.
- "N weeks (or months, or years) beginning with" a day (the interim and full moratoria and the protected period,
  all beginning with the day the council receives the owner's notice; the five years a listing lasts, beginning
  with the day it is entered): the day itself is the first day, so the last day is the one before the
  corresponding day N later. A notice received on 1 March 2027 gives an interim moratorium to 11 April 2027, a
  full moratorium to 31 August 2027 and a protected period to 31 August 2028. When the later month has no
  corresponding day (31 August plus 6 months), the period runs to the end of that month (29 February 2028).

Every "ends on" date below is the last day inside the period.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

DECISION_WEEKS = 8
LISTING_YEARS = 5
REVIEW_REQUEST_WEEKS = 8
REVIEW_DECISION_WEEKS = 8
INTERIM_MORATORIUM_WEEKS = 6
FULL_MORATORIUM_MONTHS = 6
PROTECTED_PERIOD_MONTHS = 18


def weeks_after(day: datetime.date, weeks: int) -> datetime.date:
    """The last day of a period "within `weeks` weeks of" `day`."""
    return day + datetime.timedelta(weeks=weeks)


def weeks_beginning_with(day: datetime.date, weeks: int) -> datetime.date:
    """The last day of a period of `weeks` weeks beginning with `day`."""
    return day + datetime.timedelta(weeks=weeks) - datetime.timedelta(days=1)


def months_beginning_with(day: datetime.date, months: int) -> datetime.date:
    """The last day of a period of `months` months beginning with `day`: the day before the corresponding day,
    or the end of the month when that month has no corresponding day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    days_in_month = calendar.monthrange(year, month)[1]
    if day.day > days_in_month:
        return datetime.date(year, month, days_in_month)
    return datetime.date(year, month, day.day) - datetime.timedelta(days=1)


def decision_due(received_on: datetime.date) -> datetime.date:
    return weeks_after(received_on, DECISION_WEEKS)


def listing_expires(listed_on: datetime.date) -> datetime.date:
    """The last day on the list: five years beginning with the day of entry (s.87(3))."""
    return months_beginning_with(listed_on, LISTING_YEARS * 12)


def review_request_deadline(listed_on: datetime.date) -> datetime.date:
    """The last day the owner may ask for a review of the listing."""
    return weeks_after(listed_on, REVIEW_REQUEST_WEEKS)


def review_due(requested_on: datetime.date) -> datetime.date:
    return weeks_after(requested_on, REVIEW_DECISION_WEEKS)


class MoratoriumStage:
    INTERIM = "interim"
    FULL = "full"
    PROTECTED = "protected"
    OVER = "over"


@dataclass(frozen=True)
class Moratorium:
    """The periods that follow an owner's notice of intention to sell (s.95), received on `notified_on`."""

    notified_on: datetime.date
    # Whether a community interest group asked in writing, in time, to be treated as a potential bidder.
    bid_requested: bool = False

    @property
    def interim_ends_on(self) -> datetime.date:
        return weeks_beginning_with(self.notified_on, INTERIM_MORATORIUM_WEEKS)

    @property
    def full_ends_on(self) -> datetime.date:
        return months_beginning_with(self.notified_on, FULL_MORATORIUM_MONTHS)

    @property
    def protected_ends_on(self) -> datetime.date:
        return months_beginning_with(self.notified_on, PROTECTED_PERIOD_MONTHS)

    @property
    def bid_requests_close_on(self) -> datetime.date:
        """The last day a group may ask to be treated as a bidder: the end of the interim moratorium."""
        return self.interim_ends_on

    @property
    def ends_on(self) -> datetime.date:
        """The moratorium's last day: the full moratorium's when a group asked to bid, else the interim's."""
        return self.full_ends_on if self.bid_requested else self.interim_ends_on

    @property
    def may_sell_from(self) -> datetime.date:
        """The first day the owner may sell (to anyone, for the rest of the protected period)."""
        return self.ends_on + datetime.timedelta(days=1)

    def request_in_time(self, received_on: datetime.date) -> bool:
        return self.notified_on <= received_on <= self.bid_requests_close_on

    def covers(self, day: datetime.date) -> bool:
        """Whether `day` falls in the protected period, when a new notice starts no new moratorium."""
        return self.notified_on <= day <= self.protected_ends_on

    def stage(self, today: datetime.date) -> str:
        """Where things stand on `today`. Once a group has asked to bid, the full moratorium is what binds the
        owner, though other groups may still ask until the interim moratorium's last day."""
        if self.bid_requested and today <= self.full_ends_on:
            return MoratoriumStage.FULL
        if today <= self.interim_ends_on:
            return MoratoriumStage.INTERIM
        if today <= self.protected_ends_on:
            return MoratoriumStage.PROTECTED
        return MoratoriumStage.OVER
