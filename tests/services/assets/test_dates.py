"""Every date of assets of community value at its boundaries: the 8-week decision and review, the 5-year listing,
and the moratorium after an owner's notice (6 weeks, 6 months if a group asks in time, 18 months protected)."""

import datetime

import pytest

from services.assets import dates
from services.assets.dates import Moratorium, MoratoriumStage

D = datetime.date
NOTICE = D(2027, 3, 1)


def test_the_council_decides_within_8_weeks_of_receipt():
    assert dates.decision_due(D(2027, 3, 1)) == D(2027, 4, 26)
    assert dates.decision_due(D(2027, 12, 20)) == D(2028, 2, 14)


@pytest.mark.parametrize(("listed", "last_day"), [
    (D(2027, 3, 15), D(2032, 3, 14)),
    (D(2027, 1, 1), D(2031, 12, 31)),
    (D(2028, 2, 29), D(2033, 2, 28)),  # listed on a leap day: the fifth year has no 29 February
    (D(2027, 3, 1), D(2032, 2, 29)),  # the day before 1 March 2032, a leap year
])
def test_a_listing_lasts_five_years_beginning_with_its_day(listed, last_day):
    assert dates.listing_expires(listed) == last_day


def test_the_owner_may_ask_for_a_review_within_8_weeks_and_it_is_decided_within_8_more():
    assert dates.review_request_deadline(D(2027, 3, 1)) == D(2027, 4, 26)
    assert dates.review_due(D(2027, 4, 26)) == D(2027, 6, 21)


def test_the_periods_after_a_notice():
    moratorium = Moratorium(notified_on=NOTICE)
    assert moratorium.interim_ends_on == D(2027, 4, 11)  # 6 weeks beginning with 1 March
    assert moratorium.bid_requests_close_on == D(2027, 4, 11)
    assert moratorium.full_ends_on == D(2027, 8, 31)  # 6 months beginning with 1 March
    assert moratorium.protected_ends_on == D(2028, 8, 31)  # 18 months beginning with 1 March
    assert moratorium.ends_on == D(2027, 4, 11) and moratorium.may_sell_from == D(2027, 4, 12)
    extended = Moratorium(notified_on=NOTICE, bid_requested=True)
    assert extended.ends_on == D(2027, 8, 31) and extended.may_sell_from == D(2027, 9, 1)
    assert extended.protected_ends_on == moratorium.protected_ends_on


@pytest.mark.parametrize(("notified", "full", "protected"), [
    (D(2027, 8, 31), D(2028, 2, 29), D(2029, 2, 28)),  # no 31 February: the period runs to the month's end
    (D(2027, 8, 29), D(2028, 2, 28), D(2029, 2, 28)),  # 29 February 2028 exists: the day before it
    (D(2027, 12, 15), D(2028, 6, 14), D(2029, 6, 14)),
])
def test_month_periods_at_the_end_of_months(notified, full, protected):
    moratorium = Moratorium(notified_on=notified)
    assert (moratorium.full_ends_on, moratorium.protected_ends_on) == (full, protected)


@pytest.mark.parametrize(("received", "in_time"), [
    (D(2027, 2, 28), False),  # before the notice
    (D(2027, 3, 1), True),  # the notice's own day
    (D(2027, 4, 10), True),  # the day before the interim moratorium ends
    (D(2027, 4, 11), True),  # its last day
    (D(2027, 4, 12), False),  # the day after: out of time
])
def test_a_request_to_bid_is_in_time_only_during_the_interim_moratorium(received, in_time):
    assert Moratorium(notified_on=NOTICE).request_in_time(received) is in_time


@pytest.mark.parametrize(("today", "bid", "stage"), [
    (D(2027, 3, 1), False, MoratoriumStage.INTERIM),
    (D(2027, 4, 11), False, MoratoriumStage.INTERIM),
    (D(2027, 3, 1), True, MoratoriumStage.FULL),  # once a group has asked, the six months bind the owner
    (D(2027, 4, 11), True, MoratoriumStage.FULL),
    (D(2027, 4, 12), False, MoratoriumStage.PROTECTED),
    (D(2027, 4, 12), True, MoratoriumStage.FULL),
    (D(2027, 8, 30), True, MoratoriumStage.FULL),
    (D(2027, 8, 31), True, MoratoriumStage.FULL),
    (D(2027, 9, 1), True, MoratoriumStage.PROTECTED),
    (D(2028, 8, 30), True, MoratoriumStage.PROTECTED),
    (D(2028, 8, 31), False, MoratoriumStage.PROTECTED),
    (D(2028, 9, 1), False, MoratoriumStage.OVER),
])
def test_the_stage_on_each_boundary(today, bid, stage):
    assert Moratorium(notified_on=NOTICE, bid_requested=bid).stage(today) == stage


@pytest.mark.parametrize(("day", "covered"), [
    (D(2027, 2, 28), False), (D(2027, 3, 1), True), (D(2028, 8, 30), True), (D(2028, 8, 31), True),
    (D(2028, 9, 1), False),
])
def test_the_protected_period_covers_from_the_notice_to_its_last_day(day, covered):
    assert Moratorium(notified_on=NOTICE).covers(day) is covered
