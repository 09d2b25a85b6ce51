"""GOV.UK style for times and dates."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from covenant.core.formats import govuk_datetime, govuk_time, govuk_time_range

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(("hour", "minute", "text"), [
    (10, 0, "10am"), (17, 30, "5:30pm"), (12, 0, "midday"), (0, 0, "midnight"), (0, 15, "12:15am"),
    (12, 5, "12:05pm"), (23, 59, "11:59pm"),
])
def test_times(hour, minute, text):
    assert govuk_time(datetime.time(hour, minute)) == text


def test_aware_datetimes_are_shown_in_uk_time():
    # 09:00 UTC in July is 10am in London (British Summer Time).
    moment = datetime.datetime(2026, 7, 4, 9, 0, tzinfo=datetime.UTC)
    assert govuk_datetime(moment) == "Saturday 4 July 2026, 10am"


def test_ranges_repeat_the_date_only_when_it_changes():
    start = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=LONDON)
    assert govuk_time_range(start, start.replace(hour=13)) == "Saturday 5 December 2026, 10am to 1pm"
    overnight = govuk_time_range(start.replace(hour=22), start.replace(day=6, hour=6))
    assert overnight == "Saturday 5 December 2026, 10pm to Sunday 6 December 2026, 6am"
