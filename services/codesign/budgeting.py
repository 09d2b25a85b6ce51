"""The participatory budget's count, as pure functions anyone can rerun on the published data (no Django here).

The method, "greedy by votes, skipping what does not fit", is the one most participatory budgets use:

1. Each ballot gives one vote to each proposal it chose (a proposal chosen twice on one ballot counts once;
   choices of proposals that are no longer on the ballot count for nothing).
2. Proposals are ranked by votes, most first. Ties are broken by lower cost first (more of the budget left for
   others), then earlier submission, then lower id, so every proposal has its own rank.
3. Going down the ranking, a proposal is selected if it has at least one vote and its cost fits in what is left
   of the budget; a proposal that does not fit is skipped, and the next ones are still tried.

The data are published as canonical JSON (keys sorted, no spaces, ASCII, amounts as strings with pence, times in
UTC with microseconds), and its SHA-256 is stored with the result, so anyone can check they hold the same data.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

PENCE = Decimal("0.01")


@dataclass(frozen=True)
class Option:
    """A proposal on the ballot: its id, cost and when it was submitted (canonical UTC text, see `timestamp`)."""

    id: int
    cost: Decimal
    submitted_at: str


@dataclass(frozen=True)
class Row:
    proposal: int
    cost: Decimal
    votes: int
    rank: int
    selected: bool
    running_total: Decimal


def money(amount) -> str:
    """An amount in pounds as canonical text, always with pence: 1500 -> "1500.00"."""
    return str(Decimal(str(amount)).quantize(PENCE))


def timestamp(moment: datetime) -> str:
    """A moment as canonical text in UTC, of fixed width, so that text order is time order."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def ballot_data(*, method: str, budget, approval_limit: int | None, options: Iterable[Option],
                ballots: Iterable[tuple[str, Iterable[int]]]) -> dict:
    """The published data of a vote: the method and budget, the proposals on the ballot, and every ballot by its
    random reference with the ids it chose, each list sorted so that the same vote always gives the same data."""
    return {
        "method": method,
        "budget": money(budget),
        "approval_limit": approval_limit,
        "proposals": [{"id": o.id, "cost": money(o.cost), "submitted_at": o.submitted_at}
                      for o in sorted(options, key=lambda o: o.id)],
        "ballots": [{"ballot": reference, "choices": sorted(set(choices))}
                    for reference, choices in sorted(ballots, key=lambda b: b[0])],
    }


def canonical_json(data: dict) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def data_sha256(data: dict) -> str:
    return hashlib.sha256(canonical_json(data).encode("ascii")).hexdigest()


def count(*, options: Iterable[Option], ballots: Iterable[Iterable[int]], budget) -> list[Row]:
    """Votes, rank and selection of every option, in rank order (the method above)."""
    options = list(options)
    budget = Decimal(str(budget))
    on_ballot = {o.id for o in options}
    votes: Counter[int] = Counter()
    for choices in ballots:
        votes.update(set(choices) & on_ballot)
    ranked = sorted(options, key=lambda o: (-votes[o.id], o.cost, o.submitted_at, o.id))
    rows, total = [], Decimal("0.00")
    for rank, option in enumerate(ranked, start=1):
        selected = votes[option.id] > 0 and total + option.cost <= budget
        if selected:
            total += option.cost
        rows.append(Row(proposal=option.id, cost=option.cost, votes=votes[option.id], rank=rank, selected=selected,
                        running_total=total.quantize(PENCE)))
    return rows


def count_data(data: dict) -> list[Row]:
    """The result of published data (as `ballot_data` makes it, or as read back from the download)."""
    options = [Option(id=int(p["id"]), cost=Decimal(p["cost"]), submitted_at=p["submitted_at"])
               for p in data["proposals"]]
    return count(options=options, ballots=[b["choices"] for b in data["ballots"]], budget=Decimal(data["budget"]))
