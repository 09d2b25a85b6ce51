"""The published evaluation method, computed: each bid's weighted score per criterion, its total and its rank in
its lot. Exact fractions throughout, so the result is the same every time and rounding only happens for display.

The method, as every exercise page states it:
- A scored criterion's points are the mean of the scores given by evaluators who declared no conflict, divided by
  the highest score on the scale, times the criterion's weight.
- Price's points are the lowest price bid for the lot divided by the bid's price, times price's weight.
- A lot that favours SMEs and VCSEs adds its extra points to their bids' totals.
- The most advantageous tender has the highest total. Ties go to the higher social value points, then the lower
  price, then the bid submitted first.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .models import Bid, Criterion, CriterionKind, Lot, Score
from .selectors import SME_VCSE_KINDS, active_evaluators, submitted_bids


@dataclass
class CriterionResult:
    criterion: Criterion
    mean: Fraction | None  # the moderated score on the scale; None for price, or until someone scores it
    points: Fraction
    scores: int = 0


@dataclass
class RankedBid:
    bid: Bid
    results: list[CriterionResult]
    bonus: int
    total: Fraction
    social_value: Fraction
    rank: int = 0

    @property
    def price(self):
        return self.bid.price


def _points(mean: Fraction, scale_max: int, weight: int) -> Fraction:
    return mean / scale_max * weight


def lot_ranking(lot: Lot) -> list[RankedBid]:
    """Every submitted bid of the lot with its points, best first by the published method."""
    exercise = lot.exercise
    criteria = list(exercise.criteria.all())
    bids = list(submitted_bids(lot))
    if not bids:
        return []
    evaluator_ids = [e.pk for e in active_evaluators(exercise)]
    given: dict[tuple[int, int], list[int]] = {}
    for bid_id, criterion_id, score in Score.objects.filter(
            bid__in=bids, evaluator_id__in=evaluator_ids).values_list("bid_id", "criterion_id", "score"):
        given.setdefault((bid_id, criterion_id), []).append(score)
    lowest = min(Fraction(bid.price) for bid in bids)
    ranked = []
    for bid in bids:
        results = []
        for criterion in criteria:
            if criterion.kind == CriterionKind.PRICE:
                results.append(CriterionResult(criterion, None, lowest / Fraction(bid.price) * criterion.weight))
                continue
            scores = given.get((bid.pk, criterion.pk), [])
            mean = Fraction(sum(scores), len(scores)) if scores else None
            points = _points(mean, exercise.scale_max, criterion.weight) if mean is not None else Fraction(0)
            results.append(CriterionResult(criterion, mean, points, len(scores)))
        bonus = lot.sme_vcse_bonus if bid.supplier_kind in SME_VCSE_KINDS else 0
        social_value = sum((r.points for r in results if r.criterion.kind == CriterionKind.SOCIAL_VALUE),
                           Fraction(0))
        total = sum((r.points for r in results), Fraction(0)) + bonus
        ranked.append(RankedBid(bid=bid, results=results, bonus=bonus, total=total, social_value=social_value))
    ranked.sort(key=lambda r: (-r.total, -r.social_value, r.bid.price, r.bid.submitted_at, r.bid.pk))
    for position, entry in enumerate(ranked, start=1):
        entry.rank = position
    return ranked


def ranking_record(ranking: list[RankedBid]) -> list[dict]:
    """The ranking as kept with an award and published: figures to 2 decimal places."""
    from .selectors import two_places

    return [{
        "rank": entry.rank, "bid": entry.bid.pk, "organisation": entry.bid.organisation.name,
        "supplier_kind": entry.bid.supplier_kind, "price": f"{entry.bid.price:.2f}",
        "criteria": [{"name": r.criterion.name, "kind": r.criterion.kind, "weight": r.criterion.weight,
                      "mean": None if r.mean is None else str(two_places(r.mean)),
                      "points": str(two_places(r.points))} for r in entry.results],
        "bonus": entry.bonus, "social_value": str(two_places(entry.social_value)),
        "total": str(two_places(entry.total)),
    } for entry in ranking]
