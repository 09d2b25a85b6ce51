"""The Right to Challenge's dates: the 30-day decision deadline from receipt or the window's close, the days left
or overdue at each boundary, and the procurement exercise's earliest and latest start."""

import datetime

import pytest

from services.challenge import dates

D = datetime.date


@pytest.mark.parametrize(("received", "window_closes", "due"), [
    (D(2027, 3, 1), None, D(2027, 3, 31)),
    (D(2027, 2, 1), None, D(2027, 3, 3)),  # February's 28 days
    (D(2028, 2, 1), None, D(2028, 3, 2)),  # a leap year
    (D(2027, 12, 15), None, D(2028, 1, 14)),  # over the year's end
    # Submitted in a window: the 30 days run from its closing day.
    (D(2027, 3, 1), D(2027, 3, 20), D(2027, 4, 19)),
    # Received on the window's last day: the same either way.
    (D(2027, 3, 20), D(2027, 3, 20), D(2027, 4, 19)),
])
def test_the_decision_is_due_30_days_after_receipt_or_the_window_closing(received, window_closes, due):
    assert dates.decision_due(received_on=received, window_closes_on=window_closes) == due


def test_the_number_of_days_is_a_setting(settings):
    settings.CHALLENGE_DECISION_DAYS = 45
    assert dates.decision_due(received_on=D(2027, 3, 1)) == D(2027, 4, 15)
    settings.CHALLENGE_DECISION_DAYS = 0
    with pytest.raises(ValueError):
        dates.decision_due(received_on=D(2027, 3, 1))


@pytest.mark.parametrize(("today", "days_left", "overdue", "days_overdue", "text"), [
    (D(2027, 3, 30), 1, False, 0, "Decision due by 31 March 2027 — 1 day left"),
    (D(2027, 3, 31), 0, False, 0, "Decision due by 31 March 2027 — due today"),
    (D(2027, 4, 1), -1, True, 1, "Decision due by 31 March 2027 — overdue by 1 day"),
    (D(2027, 4, 3), -3, True, 3, "Decision due by 31 March 2027 — overdue by 3 days"),
    (D(2027, 3, 19), 12, False, 0, "Decision due by 31 March 2027 — 12 days left"),
])
def test_deadline_the_day_before_on_and_after(today, days_left, overdue, days_overdue, text):
    deadline = dates.Deadline(due_on=D(2027, 3, 31), today=today)
    assert (deadline.days_left, deadline.overdue, deadline.days_overdue, deadline.text) == (
        days_left, overdue, days_overdue, text)


def test_a_decided_deadline_is_not_overdue_and_says_whether_it_was_late():
    on_time = dates.Deadline(due_on=D(2027, 3, 31), today=D(2027, 5, 1), decided_on=D(2027, 3, 31))
    late = dates.Deadline(due_on=D(2027, 3, 31), today=D(2027, 5, 1), decided_on=D(2027, 4, 1))
    assert not on_time.overdue and not on_time.decided_late
    assert not late.overdue and late.decided_late
    assert on_time.text == "Decision due by 31 March 2027"


@pytest.mark.parametrize(("decided", "minimum", "maximum", "earliest", "latest"), [
    (D(2027, 3, 15), 3, 6, D(2027, 6, 15), D(2027, 9, 15)),
    (D(2027, 1, 31), 1, 13, D(2027, 2, 28), D(2028, 2, 29)),  # month ends and a leap day
    (D(2027, 3, 15), 0, 0, D(2027, 3, 15), D(2027, 3, 15)),
])
def test_procurement_begins_between_the_published_periods(decided, minimum, maximum, earliest, latest):
    assert dates.procurement_dates(decided_on=decided, minimum_months=minimum, maximum_months=maximum) == (
        earliest, latest)
