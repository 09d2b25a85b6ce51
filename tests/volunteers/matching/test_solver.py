"""Tests of the matching solver: limits hold, the optimum is optimal, and splitting changes nothing."""

from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from volunteers.matching import solver
from volunteers.matching.solver import Problem, components, gini, solve, solve_greedy, solve_split


def make(capacity, places, edges) -> Problem:
    """A problem from (volunteer, shift, score) triples."""
    volunteer, shift, score = (
        (list(column) for column in zip(*edges, strict=True)) if edges else ([], [], [])
    )
    return Problem(
        volunteer_capacity=np.array(capacity, dtype=np.int64),
        shift_places=np.array(places, dtype=np.int64),
        edge_volunteer=np.array(volunteer, dtype=np.int64),
        edge_shift=np.array(shift, dtype=np.int64),
        edge_score=np.array(score, dtype=np.int64),
    )


def assert_within_limits(problem: Problem, solution) -> None:
    chosen = solution.edge_indices
    assert np.unique(chosen).size == chosen.size
    assert np.all((chosen >= 0) & (chosen < problem.edges))
    assert np.all(solution.offers_per_shift(problem) <= problem.shift_places)
    assert np.all(solution.offers_per_volunteer(problem) <= problem.volunteer_capacity)
    assert solution.offers == chosen.size
    assert solution.total_score == int(problem.edge_score[chosen].sum())


def brute_force(problem: Problem) -> tuple[int, int]:
    """The best (offers, total score) over every subset of edges that keeps within the limits."""
    best = (0, 0)
    for size in range(1, problem.edges + 1):
        for subset in combinations(range(problem.edges), size):
            chosen = np.array(subset)
            per_volunteer = np.bincount(
                problem.edge_volunteer[chosen], minlength=problem.volunteers
            )
            per_shift = np.bincount(problem.edge_shift[chosen], minlength=problem.shifts)
            if np.all(per_volunteer <= problem.volunteer_capacity) and np.all(
                per_shift <= problem.shift_places
            ):
                best = max(best, (size, int(problem.edge_score[chosen].sum())))
    return best


SOLVERS = [solve, solve_split, solve_greedy]


@pytest.mark.parametrize("method", SOLVERS)
def test_a_shift_never_gets_more_offers_than_places(method):
    problem = make([1, 1, 1, 1], [2], [(0, 0, 5), (1, 0, 9), (2, 0, 7), (3, 0, 1)])
    solution = method(problem)
    assert solution.offers == 2
    assert solution.total_score == 16
    assert_within_limits(problem, solution)


@pytest.mark.parametrize("method", SOLVERS)
def test_a_volunteer_never_gets_more_offers_than_capacity(method):
    problem = make([2], [1, 1, 1, 1], [(0, 0, 5), (0, 1, 9), (0, 2, 7), (0, 3, 1)])
    solution = method(problem)
    assert solution.offers == 2
    assert_within_limits(problem, solution)


@pytest.mark.parametrize("method", SOLVERS)
def test_volunteers_with_no_capacity_get_nothing(method):
    problem = make([0, 1], [3, 3], [(0, 0, 100), (0, 1, 100), (1, 0, 1)])
    solution = method(problem)
    assert solution.offers_per_volunteer(problem).tolist() == [0, 1]
    assert solution.total_score == 1


@pytest.mark.parametrize("method", SOLVERS)
def test_an_empty_problem_has_an_empty_solution(method):
    for problem in (make([], [], []), make([3, 1], [2], [])):
        solution = method(problem)
        assert solution.offers == 0
        assert solution.total_score == 0
        assert solution.edge_indices.size == 0


def test_the_optimum_beats_greedy_where_greedy_takes_the_wrong_person():
    # Shift 0 comes first and greedily takes volunteer 0 (score 10), leaving shift 1 with no one it can use;
    # the optimum gives shift 0 volunteer 1 (score 9) and shift 1 volunteer 0 (score 8).
    problem = make([1, 1], [1, 1], [(0, 0, 10), (1, 0, 9), (0, 1, 8)])
    greedy = solve_greedy(problem)
    assert (greedy.offers, greedy.total_score) == (1, 10)
    optimum = solve(problem)
    assert (optimum.offers, optimum.total_score) == (2, 17)
    assert sorted(optimum.edge_indices.tolist()) == [1, 2]


def test_the_optimum_beats_greedy_on_score_with_the_same_fill():
    # Both fill both places; greedy's first shift takes the person the second shift values far more.
    problem = make([1, 1], [1, 1], [(0, 0, 6), (1, 0, 5), (0, 1, 50), (1, 1, 1)])
    greedy = solve_greedy(problem)
    optimum = solve(problem)
    assert (greedy.offers, greedy.total_score) == (2, 7)
    assert (optimum.offers, optimum.total_score) == (2, 55)


def test_more_offers_come_before_a_higher_score():
    # One offer of 100 or two of 1 each: filling places comes first.
    problem = make([1, 1], [1, 1], [(0, 0, 100), (0, 1, 1), (1, 0, 1)])
    solution = solve(problem)
    assert (solution.offers, solution.total_score) == (2, 2)


def test_split_solves_each_component_and_maps_back():
    problem = make(
        [1, 2, 1, 1],
        [1, 2, 1],
        [(0, 0, 3), (1, 0, 4), (1, 1, 5), (2, 2, 6), (3, 2, 7)],
    )
    parts = components(problem)
    assert sorted(part.shift_ids.tolist() for part in parts) == [[0, 1], [2]]
    for part in parts:
        assert np.array_equal(
            problem.edge_volunteer[part.edge_ids], part.volunteer_ids[part.problem.edge_volunteer]
        )
        assert np.array_equal(
            problem.edge_shift[part.edge_ids], part.shift_ids[part.problem.edge_shift]
        )
    whole, split = solve(problem), solve_split(problem)
    assert (split.offers, split.total_score) == (whole.offers, whole.total_score) == (3, 16)


def test_components_without_scipy_agree_with_scipy():
    rng = np.random.default_rng(7)
    volunteer = rng.integers(0, 300, 400)
    shift = rng.integers(0, 200, 400)
    pairs = np.unique(np.stack([volunteer, shift], axis=1), axis=0)
    problem = Problem(
        np.ones(300, dtype=int),
        np.ones(200, dtype=int),
        pairs[:, 0],
        pairs[:, 1],
        np.ones(len(pairs), dtype=int),
    )
    tails = problem.edge_volunteer.astype(np.int64)
    heads = problem.edge_shift.astype(np.int64) + problem.volunteers
    ours = solver._union_find_labels(problem.volunteers + problem.shifts, tails, heads)
    theirs = solver._component_labels(problem)
    # The same partition: each of our labels maps to exactly one of scipy's and the other way round.
    assert (
        len(set(zip(ours.tolist(), theirs.tolist(), strict=True)))
        == len(set(ours.tolist()))
        == len(set(theirs.tolist()))
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (([1], [1], [0, 0], [0], [1]), "must have the same length, not 2, 1 and 1"),
        (([1], [1], [1], [0], [1]), r"edge_volunteer\[0\] is 1, but there are 1 volunteers"),
        (([1], [1], [0], [-1], [1]), r"edge_shift\[0\] is -1, but there are 1 shifts"),
        (
            ([1, -2], [1], [0], [0], [1]),
            "volunteer_capacity must not be negative, but volunteer 1 has -2",
        ),
        (([1], [-1], [0], [0], [1]), "shift_places must not be negative, but shift 0 has -1"),
        (([1], [1], [0], [0], [-5]), "edge_score must not be negative, but edge 0 has -5"),
        (([1], [1], [0], [0], [1.5]), "edge_score must hold integers, not float64"),
        (([[1]], [1], [0], [0], [1]), "volunteer_capacity must be one-dimensional"),
        (([1], [2], [0, 0], [0, 0], [1, 2]), "edge 1 repeats the pair of volunteer 0 and shift 0"),
    ],
)
def test_bad_input_is_refused(arguments, message):
    with pytest.raises(ValueError, match=message):
        Problem(*(np.array(argument) for argument in arguments))


def test_a_problem_cannot_be_changed_after_it_was_checked():
    problem = make([1], [1], [(0, 0, 1)])
    with pytest.raises(ValueError, match="read-only"):
        problem.edge_score[0] = -1


def test_gini():
    assert gini(np.array([])) == 0.0
    assert gini(np.zeros(5)) == 0.0
    assert gini(np.array([2, 2, 2, 2])) == pytest.approx(0.0)
    assert gini(np.array([0, 0, 0, 4])) == pytest.approx(0.75)
    assert gini(np.array([1, 3])) == pytest.approx(0.25)
    with pytest.raises(ValueError, match="non-negative"):
        gini(np.array([1, -1]))


@st.composite
def problems(draw, max_edges: int = 40) -> Problem:
    volunteers = draw(st.integers(1, 8))
    shifts = draw(st.integers(1, 6))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, volunteers - 1), st.integers(0, shifts - 1)),
            max_size=max_edges,
            unique=True,
        )
    )
    scores = draw(st.lists(st.integers(0, 20), min_size=len(pairs), max_size=len(pairs)))
    return Problem(
        volunteer_capacity=np.array(
            draw(st.lists(st.integers(0, 3), min_size=volunteers, max_size=volunteers))
        ),
        shift_places=np.array(draw(st.lists(st.integers(0, 4), min_size=shifts, max_size=shifts))),
        edge_volunteer=np.array([pair[0] for pair in pairs], dtype=np.int64),
        edge_shift=np.array([pair[1] for pair in pairs], dtype=np.int64),
        edge_score=np.array(scores, dtype=np.int64),
    )


@settings(max_examples=300, deadline=None)
@given(problems())
def test_every_solver_keeps_within_the_limits(problem):
    for method in SOLVERS:
        assert_within_limits(problem, method(problem))


@settings(max_examples=300, deadline=None)
@given(problems())
def test_the_optimum_is_never_worse_than_greedy(problem):
    optimum, greedy = solve(problem), solve_greedy(problem)
    assert optimum.offers >= greedy.offers
    if optimum.offers == greedy.offers:
        assert optimum.total_score >= greedy.total_score


@settings(max_examples=300, deadline=None)
@given(problems())
def test_splitting_into_components_changes_nothing(problem):
    whole, split = solve(problem), solve_split(problem)
    assert (split.offers, split.total_score) == (whole.offers, whole.total_score)


@settings(max_examples=300, deadline=None)
@given(problems(max_edges=8))
def test_the_optimum_matches_brute_force_on_tiny_problems(problem):
    solution = solve(problem)
    assert (solution.offers, solution.total_score) == brute_force(problem)
