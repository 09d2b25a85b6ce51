"""The dates of commissioning at their boundaries: when bids are open, the standstill of eight working days
(weekends and bank holidays apart), countdowns and financial years."""

import datetime
from types import SimpleNamespace

import pytest

from services.commissioning import dates

D = datetime.date


OPENS, CLOSES = D(2027, 3, 1), D(2027, 3, 31)


def _exercise(status="published"):
    return SimpleNamespace(status=status, bids_open_on=OPENS, bids_close_on=CLOSES)


@pytest.mark.parametrize(("today", "phase"), [
    (D(2027, 2, 28), dates.Phase.UPCOMING), (D(2027, 3, 1), dates.Phase.OPEN), (D(2027, 3, 31), dates.Phase.OPEN),
    (D(2027, 4, 1), dates.Phase.CLOSED),
])
def test_bids_are_open_from_the_opening_day_to_the_closing_day_inclusive(today, phase):
    assert dates.bids_phase(_exercise(), today) == phase


def test_a_draft_is_not_taking_bids_whatever_its_dates():
    assert dates.bids_phase(_exercise(status="draft"), D(2027, 3, 10)) == dates.Phase.NOT_PUBLISHED


@pytest.mark.parametrize(("notice", "ends"), [
    # A Monday notice: Mon to Fri, then Mon to Wed of the next week.
    (D(2026, 11, 2), D(2026, 11, 11)),
    # A Saturday notice counts from the Monday.
    (D(2026, 11, 7), D(2026, 11, 18)),
    # Christmas 2026: the 25th (Friday) and the 28th (Boxing Day's substitute) are bank holidays, as is 1 January.
    (D(2026, 12, 22), D(2027, 1, 5)),
    # Easter 2027: Good Friday 26 March and Easter Monday 29 March are skipped.
    (D(2027, 3, 24), D(2027, 4, 6)),
])
def test_the_standstill_is_eight_working_days_counting_the_notice_day(notice, ends):
    assert dates.standstill_ends_on(notice) == ends
    assert dates.contract_may_start_on(notice) == ends + datetime.timedelta(days=1)


@pytest.mark.parametrize(("day", "words"), [
    (D(2027, 3, 13), "3 days left"), (D(2027, 3, 11), "1 day left"), (D(2027, 3, 10), "the last day"),
    (D(2027, 3, 9), "1 day ago"), (D(2027, 3, 1), "9 days ago"),
])
def test_countdowns_say_how_far_off_a_day_is(day, words):
    assert dates.countdown(day, D(2027, 3, 10)).words == words


@pytest.mark.parametrize(("day", "year"), [(D(2027, 3, 31), 2026), (D(2027, 4, 1), 2027), (D(2027, 1, 1), 2026)])
def test_financial_years_start_on_1_april(day, year):
    assert dates.financial_year(day) == year
    assert dates.financial_year_label(2026) == "April 2026 to March 2027"
