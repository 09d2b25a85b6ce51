"""Dates and times written the GOV.UK way: "10am", "5:30pm", "midday", "Saturday 6 December 2026"."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def govuk_time(value: datetime.datetime | datetime.time | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.time()
    if value.hour == 12 and value.minute == 0:
        return _("midday")
    if value.hour == 0 and value.minute == 0:
        return _("midnight")
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def govuk_date(value: datetime.date | datetime.datetime | None, *, weekday: bool = True) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "l j F Y" if weekday else "j F Y")


def govuk_datetime(value: datetime.datetime | None, *, weekday: bool = True) -> str:
    """ "Saturday 6 December 2026, 10am" """
    if value is None:
        return ""
    return f"{govuk_date(value, weekday=weekday)}, {govuk_time(value)}"


def govuk_time_range(start: datetime.datetime, end: datetime.datetime) -> str:
    """ "Saturday 6 December 2026, 10am to 1pm" (the end's date too when it is another day)."""
    if timezone.localtime(start).date() == timezone.localtime(end).date():
        return _("%(start)s to %(end)s") % {"start": govuk_datetime(start), "end": govuk_time(end)}
    return _("%(start)s to %(end)s") % {"start": govuk_datetime(start), "end": govuk_datetime(end)}
