"""The statutory petition threshold at each boundary of the 2015 rule."""

import pytest

from parishes.thresholds import petition_is_met, petition_threshold


@pytest.mark.parametrize(
    ("electors", "threshold"),
    [
        (0, 0),
        (1, 1),  # 37.5% of one person rounds up to one
        (8, 3),  # exactly 37.5%
        (9, 4),  # 3.375 rounds up
        (499, 188),  # 187.125 rounds up, one more than the middle band asks
        (500, 187),
        (1200, 187),
        (2500, 187),
        (2501, 188),  # 187.575 rounds up
        (2520, 189),  # exactly 7.5%
        (10000, 750),
    ],
)
def test_threshold_at_each_boundary(electors, threshold):
    assert petition_threshold(electors) == threshold


@pytest.mark.parametrize("bad", [-1, 1.5, "500", None, True])
def test_threshold_refuses_what_is_not_a_count_of_people(bad):
    with pytest.raises(ValueError):
        petition_threshold(bad)


def test_met_exactly_at_the_threshold_and_not_one_below():
    assert petition_is_met(signatures=187, electors=500)
    assert not petition_is_met(signatures=186, electors=500)
    assert petition_is_met(signatures=188, electors=499)
    assert not petition_is_met(signatures=187, electors=499)


def test_never_met_without_electors():
    assert not petition_is_met(signatures=5, electors=0)
