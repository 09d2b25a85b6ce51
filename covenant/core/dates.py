"""Calendar arithmetic the domain apps share: terms, deadlines and periods counted in months or working days."""

import calendar
import datetime
from functools import lru_cache

import holidays


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has no such day (31 Jan + 1 = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    # England and Wales share their bank holidays; the holidays library follows GOV.UK's list, including one-off
    # days such as a coronation, and substitute days when a holiday falls at a weekend.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday, and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """The working days after `start` up to and including `end` (none when `end` is not after `start`)."""
    days, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        days += is_working_day(day)
    return days


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day `days` working days after `start` (the inverse of working_days_between)."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        days -= is_working_day(day)
    return day
