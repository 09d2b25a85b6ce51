"""Every date rule of co-design at its boundaries: the first and last days are in the phase, in UK time."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import translation

from services.codesign import dates

DAY = datetime.date(2027, 3, 14)


def phase(start=DAY, end=DAY + datetime.timedelta(days=9), kind="ideas"):
    return SimpleNamespace(starts_on=start, ends_on=end, kind=kind)


@pytest.mark.parametrize(("day", "state"), [
    (DAY - datetime.timedelta(days=1), dates.UPCOMING),
    (DAY, dates.OPEN),
    (DAY + datetime.timedelta(days=9), dates.OPEN),
    (DAY + datetime.timedelta(days=10), dates.ENDED),
])
def test_a_phase_is_open_from_its_first_day_to_the_end_of_its_last(day, state):
    assert dates.phase_state(phase(), day) == state


def test_the_current_phase_is_none_between_phases_and_after_the_last():
    first = phase(DAY, DAY + datetime.timedelta(days=2))
    second = phase(DAY + datetime.timedelta(days=5), DAY + datetime.timedelta(days=6), kind="vote")
    assert dates.current_phase([first, second], DAY + datetime.timedelta(days=2)) is first
    assert dates.current_phase([first, second], DAY + datetime.timedelta(days=3)) is None
    assert dates.next_phase([second, first], DAY + datetime.timedelta(days=3)) is second
    assert dates.current_phase([first, second], DAY + datetime.timedelta(days=7)) is None
    assert dates.next_phase([first, second], DAY + datetime.timedelta(days=7)) is None


@pytest.mark.parametrize(("day", "text", "days"), [
    (DAY - datetime.timedelta(days=3), "Opens on 14 March 2027: starts in 3 days", 3),
    (DAY - datetime.timedelta(days=1), "Opens on 14 March 2027: starts tomorrow", 1),
    (DAY, "Closes on 23 March 2027: 9 days left", 9),
    (DAY + datetime.timedelta(days=8), "Closes on 23 March 2027: 1 day left", 1),
    (DAY + datetime.timedelta(days=9), "Closes at the end of today, 23 March 2027", 0),
    (DAY + datetime.timedelta(days=12), "Ended on 23 March 2027", 3),
])
def test_timings_say_how_long_is_left_in_words(day, text, days):
    with translation.override("en-gb"):
        timing = dates.phase_timing(phase(), day)
    assert (timing.text, timing.days) == (text, days)


def test_today_is_the_day_in_the_uk_not_in_utc():
    # 23:30 UTC on 30 June is already 1 July in London (British Summer Time).
    with time_machine.travel(datetime.datetime(2027, 6, 30, 23, 30, tzinfo=datetime.UTC), tick=False):
        assert dates.today() == datetime.date(2027, 7, 1)


@pytest.mark.parametrize(("first", "second", "overlap"), [
    ((1, 5), (5, 9), True),
    ((1, 5), (6, 9), False),
    ((3, 4), (1, 9), True),
])
def test_overlaps_count_a_shared_day(first, second, overlap):
    days = [DAY + datetime.timedelta(days=n) for n in (*first, *second)]
    assert dates.overlaps(*days) is overlap
