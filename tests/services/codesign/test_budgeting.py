"""The count of a participatory budget as pure functions: the documented rule, its tie-breaks, and properties
that hold for any ballots (never over budget, the same whatever order the ballots come in)."""

import random
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from services.codesign import budgeting
from services.codesign.budgeting import Option


def option(pk, cost, at="2027-01-01T10:00:00.000000Z"):
    return Option(id=pk, cost=Decimal(cost), submitted_at=at)


def selected(rows):
    return [row.proposal for row in rows if row.selected]


def test_proposals_are_funded_by_votes_skipping_what_does_not_fit():
    options = [option(1, "600"), option(2, "500"), option(3, "300"), option(4, "100")]
    ballots = [[1, 3], [1, 2], [1, 2, 4], [2, 3], [3]]
    rows = budgeting.count(options=options, ballots=ballots, budget="1000")
    assert [(r.proposal, r.votes, r.rank) for r in rows] == [(3, 3, 1), (2, 3, 2), (1, 3, 3), (4, 1, 4)]
    # 300 + 500 fit; 600 does not (1,400 > 1,000) and is skipped; 100 still fits after it.
    assert selected(rows) == [3, 2, 4]
    assert [r.running_total for r in rows] == [Decimal("300.00"), Decimal("800.00"), Decimal("800.00"),
                                               Decimal("900.00")]


def test_ties_go_to_lower_cost_then_earlier_submission_then_lower_id():
    options = [option(7, "200", "2027-01-02T00:00:00.000000Z"), option(5, "200", "2027-01-01T00:00:00.000000Z"),
               option(6, "100", "2027-01-03T00:00:00.000000Z"), option(4, "200", "2027-01-01T00:00:00.000000Z")]
    rows = budgeting.count(options=options, ballots=[[4, 5, 6, 7]], budget="10000")
    assert [r.proposal for r in rows] == [6, 4, 5, 7]


def test_a_proposal_without_votes_is_never_selected_even_if_money_is_left():
    rows = budgeting.count(options=[option(1, "100"), option(2, "100")], ballots=[[1]], budget="1000")
    assert selected(rows) == [1]
    assert rows[1].votes == 0 and not rows[1].selected


def test_a_choice_repeated_on_a_ballot_counts_once_and_choices_off_the_ballot_count_for_nothing():
    rows = budgeting.count(options=[option(1, "100")], ballots=[[1, 1, 99]], budget="1000")
    assert [(r.proposal, r.votes) for r in rows] == [(1, 1)]


def test_the_data_are_canonical_so_their_hash_does_not_depend_on_order():
    first = budgeting.ballot_data(method="knapsack", budget=1000, approval_limit=None,
                                  options=[option(2, "5"), option(1, "7.5")], ballots=[("b", [2, 1]), ("a", [1])])
    second = budgeting.ballot_data(method="knapsack", budget="1000.00", approval_limit=None,
                                   options=[option(1, "7.50"), option(2, "5.00")],
                                   ballots=[("a", [1]), ("b", [1, 2])])
    assert budgeting.canonical_json(first) == budgeting.canonical_json(second)
    assert budgeting.data_sha256(first) == budgeting.data_sha256(second)
    assert first["proposals"][0] == {"id": 1, "cost": "7.50", "submitted_at": "2027-01-01T10:00:00.000000Z"}
    assert budgeting.canonical_json(first).startswith('{"approval_limit":null,"ballots":[{"ballot":"a"')


def test_count_data_reads_the_published_shape():
    data = budgeting.ballot_data(method="approval", budget="300", approval_limit=2,
                                 options=[option(1, "200"), option(2, "200")], ballots=[("x", [1]), ("y", [1, 2])])
    assert selected(budgeting.count_data(data)) == [1]


# Properties over any vote ----------------------------------------------------------------------------------------

costs = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2)


@st.composite
def votes(draw):
    count = draw(st.integers(min_value=1, max_value=12))
    options = [Option(id=pk, cost=draw(costs),
                      submitted_at=f"2027-01-{draw(st.integers(1, 28)):02d}T00:00:00.000000Z")
               for pk in range(1, count + 1)]
    ballots = draw(st.lists(st.lists(st.integers(min_value=1, max_value=count), max_size=count), max_size=40))
    budget = draw(st.decimals(min_value=Decimal("1"), max_value=Decimal("20000"), places=2))
    return options, ballots, budget


@settings(max_examples=300, deadline=None)
@given(votes())
def test_the_selected_proposals_never_cost_more_than_the_budget(vote):
    options, ballots, budget = vote
    rows = budgeting.count(options=options, ballots=ballots, budget=budget)
    total = sum((r.cost for r in rows if r.selected), Decimal("0"))
    assert total <= budget
    assert max((r.running_total for r in rows), default=Decimal("0")) == total
    # Greedy: every proposal skipped despite its votes would not have fitted in what was left at its turn.
    spent = Decimal("0")
    for row in rows:
        if row.selected:
            spent += row.cost
        elif row.votes:
            assert spent + row.cost > budget


@settings(max_examples=300, deadline=None)
@given(votes(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_of_ballots_or_proposals(vote, shuffler: random.Random):
    options, ballots, budget = vote
    expected = budgeting.count(options=options, ballots=ballots, budget=budget)
    ballots, options = list(ballots), list(options)
    shuffler.shuffle(ballots)
    shuffler.shuffle(options)
    assert budgeting.count(options=options, ballots=[list(reversed(b)) for b in ballots], budget=budget) == expected


@settings(max_examples=200, deadline=None)
@given(votes())
def test_ranks_are_one_to_n_and_follow_the_votes(vote):
    options, ballots, budget = vote
    rows = budgeting.count(options=options, ballots=ballots, budget=budget)
    assert [r.rank for r in rows] == list(range(1, len(options) + 1))
    assert [r.votes for r in rows] == sorted((r.votes for r in rows), reverse=True)
