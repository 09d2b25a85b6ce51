"""The statutory petition threshold for a community governance review, as a pure function.

Local Government and Public Involvement in Health Act 2007, s80, as amended in 2015: a petition needs the
signatures of at least 37.5% of the electors of an area with fewer than 500, 187 electors where there are 500
to 2,500, and 7.5% where there are more than 2,500. Percentages round up: a fraction of a person cannot sign.
"""

SMALL_AREA_LIMIT = 500  # fewer electors than this: 37.5%
LARGE_AREA_LIMIT = 2500  # more electors than this: 7.5%
MIDDLE_THRESHOLD = 187


def petition_threshold(electors: int) -> int:
    """The number of signatures that make a petition valid in an area of `electors` electors."""
    if isinstance(electors, bool) or not isinstance(electors, int) or electors < 0:
        raise ValueError(f"electors must be a whole number of zero or more, not {electors!r}")
    if electors < SMALL_AREA_LIMIT:
        return (electors * 3 + 7) // 8  # 37.5% is 3/8; integer arithmetic rounds up without float error
    if electors <= LARGE_AREA_LIMIT:
        return MIDDLE_THRESHOLD
    return (electors * 3 + 39) // 40  # 7.5% is 3/40


def petition_is_met(*, signatures: int, electors: int) -> bool:
    """Whether `signatures` reach the threshold. An area with no known electors cannot have a valid petition:
    the council has not entered its electorate yet, and 37.5% of nobody would make any petition valid."""
    return electors > 0 and signatures >= petition_threshold(electors)
