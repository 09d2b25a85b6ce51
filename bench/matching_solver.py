"""Benchmark: the matching solver on a synthetic national candidate graph, against the exact optimum and greedy.

    python bench/matching_solver.py                                  # 1,000,000 volunteers, 20,000 shifts
    python bench/matching_solver.py --volunteers 200000 --shifts 4000 --top-k 100 --runs 5

No Django and no database: the graph is built in memory. Volunteers and shifts sit around 40 UK towns and
cities in proportion to their population (each spread wider the bigger it is), with a sparse share spread
over the countryside. Each volunteer holds one to three of 30 skills (some far more common than others),
an experience level, a furthest distance they will travel (3 to 30 km), a remaining offer capacity (0 to 3,
the lower of their open-offer and weekly caps) and a count of recent offers. Each shift needs one skill and
has 1 to 50 places and a radius of 10 to 25 km.

A candidate edge joins a shift to a volunteer who has capacity left, holds its skill and is within both the
shift's radius and the volunteer's own travel distance. Its score, from 0 to 1,000, is
    500 x nearness (1 at the shift, 0 at its radius)
  + 100 x experience level (1 to 3)
  + 200 x fairness (1 for no recent offers, 0 for 10 or more), so people seldom asked come first.
The pruned graph keeps each shift's best --top-k candidates by score, as the batch would.

Timings are for the national pruned graph. The unpruned graph has tens of millions of edges nationally, too
many to solve exactly within the time this script allows, so quality is measured on a region (the shifts
nearest to the --exact-cities, with every volunteer who can reach them): its unpruned graph is solved
exactly, and the pruned solve, the split solve and greedy on that region are shown as shares of it.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from volunteers.matching.solver import (  # noqa: E402
    Problem,
    Solution,
    components,
    gini,
    solve,
    solve_greedy,
    solve_split,
)

# (name, latitude, longitude, population in thousands): rough figures, enough to make dense and sparse areas.
CITIES = [
    ("London", 51.507, -0.128, 8800),
    ("Birmingham", 52.486, -1.890, 1150),
    ("Manchester", 53.481, -2.243, 550),
    ("Leeds", 53.801, -1.549, 810),
    ("Glasgow", 55.864, -4.252, 630),
    ("Liverpool", 53.408, -2.992, 490),
    ("Sheffield", 53.381, -1.470, 560),
    ("Bristol", 51.455, -2.588, 470),
    ("Edinburgh", 55.953, -3.188, 520),
    ("Cardiff", 51.481, -3.179, 360),
    ("Newcastle", 54.978, -1.618, 300),
    ("Nottingham", 52.954, -1.158, 330),
    ("Leicester", 52.637, -1.140, 370),
    ("Coventry", 52.407, -1.512, 350),
    ("Bradford", 53.796, -1.759, 550),
    ("Belfast", 54.597, -5.930, 350),
    ("Stoke-on-Trent", 53.003, -2.180, 260),
    ("Wolverhampton", 52.587, -2.129, 265),
    ("Plymouth", 50.376, -4.143, 265),
    ("Southampton", 50.910, -1.404, 250),
    ("Reading", 51.454, -0.978, 175),
    ("Derby", 52.923, -1.476, 260),
    ("Brighton", 50.822, -0.137, 280),
    ("Hull", 53.768, -0.333, 265),
    ("Portsmouth", 50.805, -1.087, 210),
    ("Aberdeen", 57.150, -2.094, 200),
    ("Swansea", 51.621, -3.944, 245),
    ("Norwich", 52.630, 1.297, 145),
    ("Milton Keynes", 52.041, -0.759, 290),
    ("Sunderland", 54.906, -1.381, 275),
    ("Oxford", 51.752, -1.258, 160),
    ("Cambridge", 52.205, 0.122, 145),
    ("York", 53.960, -1.087, 210),
    ("Exeter", 50.718, -3.534, 130),
    ("Dundee", 56.462, -2.971, 150),
    ("Ipswich", 52.057, 1.148, 140),
    ("Lincoln", 53.230, -0.540, 100),
    ("Carlisle", 54.892, -2.932, 110),
    ("Inverness", 57.478, -4.224, 50),
    ("Truro", 50.263, -5.051, 20),
]
KM_PER_DEGREE_LATITUDE = 110.57
# Longitude degrees shrink with latitude; Great Britain's middle is near 54 degrees north.
KM_PER_DEGREE_LONGITUDE = 111.32 * np.cos(np.radians(54.0))
COUNTRYSIDE_SHARE = 0.12
SKILLS = 30
CELL_KM = 25.0  # no edge is longer than the largest radius, so a 3 x 3 block of cells finds every candidate
MAX_RADIUS_KM = 25.0


@dataclass
class People:
    x: np.ndarray
    y: np.ndarray
    city: np.ndarray  # index into CITIES, or -1 for countryside


@dataclass
class World:
    volunteers: People
    skills: np.ndarray  # bit mask of skills held
    level: np.ndarray
    travel_km: np.ndarray
    capacity: np.ndarray
    recent_offers: np.ndarray
    shifts: People
    shift_skill: np.ndarray
    places: np.ndarray
    radius_km: np.ndarray


def city_xy() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    latitude = np.array([city[1] for city in CITIES])
    longitude = np.array([city[2] for city in CITIES])
    population = np.array([city[3] for city in CITIES], dtype=np.float64)
    return longitude * KM_PER_DEGREE_LONGITUDE, latitude * KM_PER_DEGREE_LATITUDE, population


def place(rng: np.random.Generator, count: int) -> People:
    """Points around cities in proportion to population, and a sparse share anywhere in the bounding box."""
    cx, cy, population = city_xy()
    countryside = rng.random(count) < COUNTRYSIDE_SHARE
    city = rng.choice(len(CITIES), size=count, p=population / population.sum())
    # A bigger city sprawls further: spread grows with the square root of its population.
    spread = 2.0 + 4.0 * np.sqrt(population / 1000.0)
    x = cx[city] + rng.normal(0.0, spread[city])
    y = cy[city] + rng.normal(0.0, spread[city])
    rural = np.flatnonzero(countryside)
    x[rural] = rng.uniform(cx.min(), cx.max(), rural.size)
    y[rural] = rng.uniform(cy.min(), cy.max(), rural.size)
    city[rural] = -1
    return People(x=x, y=y, city=city)


def build_world(volunteers: int, shifts: int, seed: int) -> World:
    rng = np.random.default_rng(seed)
    # Some skills (first aid, driving) are far more common than others (sign language, boat handling).
    popularity = 1.0 / np.arange(1, SKILLS + 1) ** 0.8
    popularity /= popularity.sum()
    held = rng.integers(1, 4, volunteers)
    skills = np.zeros(volunteers, dtype=np.int64)
    for extra in range(3):
        pick = rng.choice(SKILLS, size=volunteers, p=popularity)
        skills |= np.where(held > extra, 1 << pick, 0)
    return World(
        volunteers=place(rng, volunteers),
        skills=skills,
        level=rng.integers(1, 4, volunteers),
        travel_km=rng.uniform(3.0, 30.0, volunteers),
        capacity=rng.choice(4, size=volunteers, p=[0.15, 0.45, 0.25, 0.15]),
        recent_offers=np.minimum(rng.poisson(2.0, volunteers), 10),
        shifts=place(rng, shifts),
        shift_skill=rng.choice(SKILLS, size=shifts, p=popularity),
        places=rng.integers(1, 51, shifts),
        radius_km=rng.uniform(10.0, MAX_RADIUS_KM, shifts),
    )


def cell_key(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.floor(x / CELL_KM).astype(np.int64) * 100_000 + np.floor(y / CELL_KM).astype(np.int64)


@dataclass
class Graph:
    volunteer: np.ndarray
    shift: np.ndarray
    score: np.ndarray


def concatenate(parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> Graph:
    if not parts:
        empty = np.empty(0, dtype=np.int64)
        return Graph(empty, empty, empty)
    volunteer, shift, score = zip(*parts, strict=True)
    return Graph(np.concatenate(volunteer), np.concatenate(shift), np.concatenate(score))


def candidates(world: World, top_k: int, full_for: np.ndarray) -> tuple[Graph, Graph]:
    """The pruned graph for every shift, and the unpruned graph for the shifts marked in `full_for`."""
    pruned: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    full: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    people = world.volunteers
    fairness = 200 * (10 - world.recent_offers) // 10
    for skill in range(SKILLS):
        # Skill first: each shift then scans only the nearby people who could do it. Their attributes are
        # copied into cell order once per skill so that each shift reads contiguous slices, not gathers.
        # Someone already at their cap of offers is not eligible, so they take no shift's top-k slot.
        holders = np.flatnonzero(((world.skills & (1 << skill)) != 0) & (world.capacity > 0))
        keys = cell_key(people.x[holders], people.y[holders])
        order = np.argsort(keys, kind="stable")
        holders, keys = holders[order], keys[order]
        hx, hy = people.x[holders], people.y[holders]
        travel = world.travel_km[holders]
        base_score = 100 * world.level[holders] + fairness[holders]
        for shift in np.flatnonzero(world.shift_skill == skill):
            sx, sy, radius = world.shifts.x[shift], world.shifts.y[shift], world.radius_km[shift]
            centre = int(cell_key(np.array([sx]), np.array([sy]))[0])
            found_near, found_distance = [], []
            for dx in (-100_000, 0, 100_000):
                low = np.searchsorted(keys, centre + dx - 1, side="left")
                high = np.searchsorted(keys, centre + dx + 1, side="right")
                distance = np.hypot(hx[low:high] - sx, hy[low:high] - sy)
                keep = np.flatnonzero((distance <= radius) & (distance <= travel[low:high]))
                found_near.append(keep + low)
                found_distance.append(distance[keep])
            near = np.concatenate(found_near)
            if not near.size:
                continue
            distance = np.concatenate(found_distance)
            score = np.rint(500 * (1 - distance / radius)).astype(np.int64) + base_score[near]
            volunteer_ids = holders[near]
            shift_ids = np.full(near.size, shift, dtype=np.int64)
            if full_for[shift]:
                full.append((volunteer_ids, shift_ids, score))
            if near.size > top_k:
                best = np.argpartition(-score, top_k - 1)[:top_k]
                volunteer_ids, shift_ids, score = volunteer_ids[best], shift_ids[best], score[best]
            pruned.append((volunteer_ids, shift_ids, score))
    return concatenate(pruned), concatenate(full)


def problem_of(world: World, graph: Graph) -> Problem:
    return Problem(
        volunteer_capacity=world.capacity,
        shift_places=world.places,
        edge_volunteer=graph.volunteer,
        edge_shift=graph.shift,
        edge_score=graph.score,
    )


def region_problem(world: World, graph: Graph, shifts: np.ndarray) -> Problem:
    """Only the given shifts keep their places, so the region's figures do not count places elsewhere."""
    mask = np.isin(graph.shift, shifts)
    places = np.zeros_like(world.places)
    places[shifts] = world.places[shifts]
    return Problem(
        volunteer_capacity=world.capacity,
        shift_places=places,
        edge_volunteer=graph.volunteer[mask],
        edge_shift=graph.shift[mask],
        edge_score=graph.score[mask],
    )


def fairness_gini(problem: Problem, solution: Solution) -> float:
    """Gini of offers among volunteers who could have had one (a candidate edge and capacity left)."""
    eligible = np.zeros(problem.volunteers, dtype=bool)
    eligible[problem.edge_volunteer] = True
    eligible &= problem.volunteer_capacity > 0
    return gini(solution.offers_per_volunteer(problem)[eligible])


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--volunteers", type=int, default=1_000_000)
    parser.add_argument("--shifts", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--top-k", type=int, default=200, help="candidates kept per shift (default 200)"
    )
    parser.add_argument("--runs", type=int, default=3, help="solves of each kind; medians shown")
    parser.add_argument(
        "--exact-cities",
        default="Bristol,Cardiff,Swansea,Plymouth,Exeter,Truro",
        help="the region whose unpruned graph is solved exactly (shifts nearest these cities)",
    )
    arguments = parser.parse_args()

    started = time.perf_counter()
    world = build_world(arguments.volunteers, arguments.shifts, arguments.seed)
    names = [name.strip() for name in arguments.exact_cities.split(",") if name.strip()]
    known = {city[0]: index for index, city in enumerate(CITIES)}
    unknown = [name for name in names if name not in known]
    if unknown:
        parser.error(f"unknown cities in --exact-cities: {', '.join(unknown)}")
    cx, cy, _ = city_xy()
    nearest_city = np.argmin(
        np.hypot(world.shifts.x[:, None] - cx[None, :], world.shifts.y[:, None] - cy[None, :]),
        axis=1,
    )
    region = np.isin(nearest_city, [known[name] for name in names])
    pruned, full = candidates(world, arguments.top_k, region)
    problem = problem_of(world, pruned)
    built = time.perf_counter() - started

    print(
        f"Size: {arguments.volunteers:,} volunteers, {arguments.shifts:,} shifts, "
        f"{int(world.places.sum()):,} places, seed {arguments.seed}, top-k {arguments.top_k}"
    )
    print(
        f"Pruned graph: {problem.edges:,} edges (built in {built:.1f} s, with the region's unpruned graph)"
    )

    results: dict[str, list[Solution]] = {"pruned": [], "split": [], "greedy": []}
    for _ in range(arguments.runs):
        results["pruned"].append(solve(problem))
        results["split"].append(solve_split(problem))
        results["greedy"].append(solve_greedy(problem))

    places = int(problem.shift_places.sum())
    print(f"\nNational pruned graph, medians over {arguments.runs} runs:")
    print(f"  {'method':<28}{'seconds':>9}{'offers':>12}{'fill':>8}{'total score':>16}{'gini':>7}")
    labels = {
        "pruned": "min-cost flow, one solve",
        "split": "min-cost flow, by component",
        "greedy": "greedy, best first",
    }
    for key, solutions in results.items():
        seconds = statistics.median(solution.solve_seconds for solution in solutions)
        solution = solutions[0]
        print(
            f"  {labels[key]:<28}{seconds:>9.2f}{solution.offers:>12,}{solution.offers / places:>8.1%}"
            f"{solution.total_score:>16,}{fairness_gini(problem, solution):>7.3f}"
        )
    parts = components(problem)
    largest = max((part.problem.edges for part in parts), default=0)
    print(f"  {len(parts):,} independent components; the largest has {largest:,} edges")

    # Quality: the region's exact optimum over every candidate, against the pruned graph's answers.
    region_shifts = np.flatnonzero(region)
    exact_problem = region_problem(world, full, region_shifts)
    pruned_region = region_problem(world, pruned, region_shifts)
    exact = solve(exact_problem)
    region_places = int(exact_problem.shift_places.sum())
    print(
        f"\nQuality on the region nearest {', '.join(names)}: {region_shifts.size:,} shifts, "
        f"{region_places:,} places;"
    )
    print(
        f"  unpruned graph {exact_problem.edges:,} edges (exact solve {exact.solve_seconds:.2f} s), "
        f"pruned graph {pruned_region.edges:,} edges"
    )
    print(f"  {'method':<28}{'share of optimum':>18}{'offers':>10}{'fill':>8}{'gini':>7}")
    region_results = {
        "exact, unpruned": exact,
        labels["pruned"]: solve(pruned_region),
        labels["split"]: solve_split(pruned_region),
        labels["greedy"]: solve_greedy(pruned_region),
    }
    for label, solution in region_results.items():
        share = solution.total_score / exact.total_score if exact.total_score else 1.0
        print(
            f"  {label:<28}{share:>18.2%}{solution.offers:>10,}{solution.offers / region_places:>8.1%}"
            f"{fairness_gini(exact_problem, solution):>7.3f}"
        )
    print(f"\nPeak memory: {peak_mib():,.0f} MiB; wall time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
