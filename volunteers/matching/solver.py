"""The optimisation core of matching: choose offers of shifts' places to volunteers that maximise the total score."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

# Edges are held as parallel arrays rather than one object each, because a national batch has millions
# of candidate edges and a Python object per edge would cost hundreds of bytes and make every pass slow.
INDEX_DTYPE = np.int32
AMOUNT_DTYPE = np.int64

_SOURCE = 0
_SINK = 1
_FIRST_NODE = 2


def _as_integer_array(name: str, values: object, dtype: type[np.integer]) -> np.ndarray:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, not {array.ndim}-dimensional")
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"{name} must hold integers, not {array.dtype}")
    info = np.iinfo(dtype)
    if array.size and (array.min() < info.min or array.max() > info.max):
        raise ValueError(f"{name} holds a value too large for {np.dtype(dtype).name}")
    array = array.astype(dtype, copy=True)
    # The problem is frozen; read-only arrays keep a caller from changing it after it was checked.
    array.flags.writeable = False
    return array


def _check_indices(name: str, indices: np.ndarray, count: int, what: str) -> None:
    if not indices.size:
        return
    bad = np.flatnonzero((indices < 0) | (indices >= count))
    if bad.size:
        raise ValueError(
            f"{name}[{bad[0]}] is {indices[bad[0]]}, but there are {count} {what} (indices 0 to {count - 1})"
        )


def _check_not_negative(name: str, values: np.ndarray, what: str) -> None:
    bad = np.flatnonzero(values < 0)
    if bad.size:
        raise ValueError(f"{name} must not be negative, but {what} {bad[0]} has {values[bad[0]]}")


@dataclass(frozen=True, eq=False)
class Problem:
    """Volunteers with a number of offers they can still take, shifts with open places, and candidate edges.

    Edge i offers a place on shift `edge_shift[i]` to volunteer `edge_volunteer[i]` with score `edge_score[i]`.
    A volunteer's capacity is whatever is left of their caps (open offers, offers this week): the caller
    works it out, so the solver sees one integer.
    """

    volunteer_capacity: np.ndarray
    shift_places: np.ndarray
    edge_volunteer: np.ndarray
    edge_shift: np.ndarray
    edge_score: np.ndarray

    def __post_init__(self) -> None:
        converted = {
            "volunteer_capacity": _as_integer_array(
                "volunteer_capacity", self.volunteer_capacity, AMOUNT_DTYPE
            ),
            "shift_places": _as_integer_array("shift_places", self.shift_places, AMOUNT_DTYPE),
            "edge_volunteer": _as_integer_array("edge_volunteer", self.edge_volunteer, INDEX_DTYPE),
            "edge_shift": _as_integer_array("edge_shift", self.edge_shift, INDEX_DTYPE),
            "edge_score": _as_integer_array("edge_score", self.edge_score, AMOUNT_DTYPE),
        }
        for name, array in converted.items():
            object.__setattr__(self, name, array)

        lengths = (self.edge_volunteer.size, self.edge_shift.size, self.edge_score.size)
        if len(set(lengths)) != 1:
            raise ValueError(
                "edge_volunteer, edge_shift and edge_score must have the same length, "
                f"not {lengths[0]}, {lengths[1]} and {lengths[2]}"
            )
        _check_not_negative("volunteer_capacity", self.volunteer_capacity, "volunteer")
        _check_not_negative("shift_places", self.shift_places, "shift")
        _check_not_negative("edge_score", self.edge_score, "edge")
        _check_indices("edge_volunteer", self.edge_volunteer, self.volunteers, "volunteers")
        _check_indices("edge_shift", self.edge_shift, self.shifts, "shifts")
        if self.edges:
            # A repeated pair would let one volunteer be offered the same shift twice.
            key = self.edge_volunteer.astype(np.int64) * max(self.shifts, 1) + self.edge_shift
            order = np.argsort(key, kind="stable")
            repeated = np.flatnonzero(key[order][1:] == key[order][:-1])
            if repeated.size:
                edge = order[repeated[0] + 1]
                raise ValueError(
                    f"edge {edge} repeats the pair of volunteer {self.edge_volunteer[edge]} "
                    f"and shift {self.edge_shift[edge]}"
                )

    @property
    def volunteers(self) -> int:
        return int(self.volunteer_capacity.size)

    @property
    def shifts(self) -> int:
        return int(self.shift_places.size)

    @property
    def edges(self) -> int:
        return int(self.edge_score.size)


@dataclass(frozen=True, eq=False)
class Solution:
    """The chosen edges (indices into the problem's edge arrays), their total score and how long it took."""

    edge_indices: np.ndarray
    total_score: int
    offers: int
    solve_seconds: float

    def offers_per_volunteer(self, problem: Problem) -> np.ndarray:
        return np.bincount(problem.edge_volunteer[self.edge_indices], minlength=problem.volunteers)

    def offers_per_shift(self, problem: Problem) -> np.ndarray:
        return np.bincount(problem.edge_shift[self.edge_indices], minlength=problem.shifts)


def _solution(problem: Problem, chosen: np.ndarray, started: float) -> Solution:
    chosen = np.sort(chosen.astype(np.int64, copy=False))
    return Solution(
        edge_indices=chosen,
        total_score=int(problem.edge_score[chosen].sum()),
        offers=int(chosen.size),
        solve_seconds=time.perf_counter() - started,
    )


def solve(problem: Problem) -> Solution:
    """The exact optimum: as many offers as can be made, and among those the greatest total score.

    Why offers first, then score (`solve_max_flow_with_min_cost`) rather than one objective with a large
    bonus per offer: an unfilled place is the failure people notice, so no score gain should ever cost a
    place; the lexicographic order says that exactly, while a bonus only says it if the bonus exceeds every
    possible score difference (edges times the top score), which multiplies the cost range the cost-scaling
    algorithm must handle and risks its overflow check on national-size graphs.
    """
    started = time.perf_counter()
    # An edge to a volunteer with no capacity or a shift with no places can never carry an offer, and
    # at national scale dropping them first shrinks the network the solver has to search.
    usable = np.flatnonzero(
        (problem.volunteer_capacity[problem.edge_volunteer] > 0)
        & (problem.shift_places[problem.edge_shift] > 0)
    )
    if not usable.size:
        return _solution(problem, np.empty(0, dtype=np.int64), started)

    # Only volunteers and shifts with a usable edge enter the network; at national scale most
    # volunteers have none, and a node and a source arc each for them would be wasted work.
    volunteers, edge_volunteer_node = np.unique(problem.edge_volunteer[usable], return_inverse=True)
    shifts, edge_shift_node = np.unique(problem.edge_shift[usable], return_inverse=True)
    shift_base = _FIRST_NODE + volunteers.size

    network = min_cost_flow.SimpleMinCostFlow()
    edge_arcs = network.add_arcs_with_capacity_and_unit_cost(
        (edge_volunteer_node + _FIRST_NODE).astype(np.int32),
        (edge_shift_node + shift_base).astype(np.int32),
        np.ones(usable.size, dtype=np.int64),
        -problem.edge_score[usable],
    )
    volunteer_capacity = problem.volunteer_capacity[volunteers]
    network.add_arcs_with_capacity_and_unit_cost(
        np.full(volunteers.size, _SOURCE, dtype=np.int32),
        np.arange(_FIRST_NODE, shift_base, dtype=np.int32),
        volunteer_capacity,
        np.zeros(volunteers.size, dtype=np.int64),
    )
    shift_places = problem.shift_places[shifts]
    network.add_arcs_with_capacity_and_unit_cost(
        np.arange(shift_base, shift_base + shifts.size, dtype=np.int32),
        np.full(shifts.size, _SINK, dtype=np.int32),
        shift_places,
        np.zeros(shifts.size, dtype=np.int64),
    )
    # The supply only bounds the flow; the max-flow variant does not need it to balance exactly.
    bound = int(min(volunteer_capacity.sum(), shift_places.sum(), usable.size))
    network.set_nodes_supplies(
        np.array([_SOURCE, _SINK], dtype=np.int32), np.array([bound, -bound], dtype=np.int64)
    )
    status = network.solve_max_flow_with_min_cost()
    if status != network.OPTIMAL:
        raise RuntimeError(f"the min-cost flow solver stopped with status {status!r}")
    flows = np.asarray(network.flows(np.asarray(edge_arcs, dtype=np.int32)))
    return _solution(problem, usable[flows > 0], started)


def solve_greedy(problem: Problem) -> Solution:
    """The baseline: each shift in turn takes its best-scoring candidates who still have capacity."""
    started = time.perf_counter()
    if not problem.edges:
        return _solution(problem, np.empty(0, dtype=np.int64), started)
    # One sort puts every shift's candidates together, best first; the loop is then per shift, not per edge.
    order = np.lexsort((-problem.edge_score, problem.edge_shift))
    shift_of = problem.edge_shift[order]
    starts = np.searchsorted(shift_of, np.arange(problem.shifts + 1))
    remaining = problem.volunteer_capacity.copy()
    chosen: list[np.ndarray] = []
    for shift in np.flatnonzero((starts[1:] > starts[:-1]) & (problem.shift_places > 0)):
        candidates = order[starts[shift] : starts[shift + 1]]
        free = candidates[remaining[problem.edge_volunteer[candidates]] > 0]
        taken = free[: problem.shift_places[shift]]
        # Pairs are unique, so a volunteer appears at most once among one shift's candidates.
        remaining[problem.edge_volunteer[taken]] -= 1
        chosen.append(taken)
    edges = np.concatenate(chosen) if chosen else np.empty(0, dtype=np.int64)
    return _solution(problem, edges, started)


@dataclass(frozen=True, eq=False)
class SubProblem:
    """One independent part of a problem, with maps from its indices back to the original's."""

    problem: Problem
    volunteer_ids: np.ndarray
    shift_ids: np.ndarray
    edge_ids: np.ndarray = field(repr=False)


def _component_labels(problem: Problem) -> np.ndarray:
    """A component label for every volunteer node, then every shift node."""
    nodes = problem.volunteers + problem.shifts
    tails = problem.edge_volunteer.astype(np.int64)
    heads = problem.edge_shift.astype(np.int64) + problem.volunteers
    try:
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components
    except ImportError:
        return _union_find_labels(nodes, tails, heads)
    graph = coo_matrix((np.ones(tails.size, dtype=np.int8), (tails, heads)), shape=(nodes, nodes))
    _, labels = connected_components(graph, directed=False)
    return labels


def _union_find_labels(nodes: int, tails: np.ndarray, heads: np.ndarray) -> np.ndarray:
    """Connected components without scipy: repeated label propagation along edges, all edges at once."""
    labels = np.arange(nodes, dtype=np.int64)
    while True:
        smaller = np.minimum(labels[tails], labels[heads])
        previous = labels.copy()
        np.minimum.at(labels, tails, smaller)
        np.minimum.at(labels, heads, smaller)
        # Pointer jumping shortens chains so that the number of rounds grows with log of the diameter.
        labels = labels[labels]
        if np.array_equal(labels, previous):
            return labels


def components(problem: Problem) -> list[SubProblem]:
    """Independent sub-problems: the connected parts of the volunteer-shift graph that have edges."""
    if not problem.edges:
        return []
    labels = _component_labels(problem)
    edge_label = labels[problem.edge_volunteer]
    order = np.argsort(edge_label, kind="stable")
    boundaries = np.flatnonzero(np.diff(edge_label[order])) + 1
    parts = []
    for edge_ids in np.split(order, boundaries):
        volunteer_ids, local_volunteer = np.unique(
            problem.edge_volunteer[edge_ids], return_inverse=True
        )
        shift_ids, local_shift = np.unique(problem.edge_shift[edge_ids], return_inverse=True)
        parts.append(
            SubProblem(
                problem=Problem(
                    volunteer_capacity=problem.volunteer_capacity[volunteer_ids],
                    shift_places=problem.shift_places[shift_ids],
                    edge_volunteer=local_volunteer,
                    edge_shift=local_shift,
                    edge_score=problem.edge_score[edge_ids],
                ),
                volunteer_ids=volunteer_ids,
                shift_ids=shift_ids,
                edge_ids=edge_ids,
            )
        )
    return parts


def solve_split(problem: Problem) -> Solution:
    """The same optimum as `solve`, reached one independent component at a time (each could be its own task)."""
    started = time.perf_counter()
    chosen = [part.edge_ids[solve(part.problem).edge_indices] for part in components(problem)]
    edges = np.concatenate(chosen) if chosen else np.empty(0, dtype=np.int64)
    return _solution(problem, edges, started)


def gini(values: np.ndarray) -> float:
    """The Gini coefficient of non-negative amounts: 0 when all are equal, towards 1 when one holds all."""
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1:
        raise ValueError("gini needs a one-dimensional array")
    if np.any(values < 0):
        raise ValueError("gini needs non-negative values")
    total = values.sum()
    if values.size == 0 or total == 0:
        return 0.0
    ordered = np.sort(values)
    ranks = np.arange(1, values.size + 1)
    return float(
        2 * np.dot(ranks, ordered) / (values.size * total) - (values.size + 1) / values.size
    )
