"""The soft score of offering a shift to a volunteer: nearness, skill fit, cause, reliability and fairness.

Weights and caps are settings (MATCHING_WEIGHTS, MATCHING_MAX_OPEN_OFFERS, MATCHING_MAX_OFFERS_PER_WEEK …) so that
a platform can tune them without code; every part is between 0 and 1, so a weight says how much that part counts.
"""

from dataclasses import dataclass

import numpy as np
from django.conf import settings

DEFAULT_WEIGHTS = {
    # Nearer volunteers are likelier to say yes and to turn up.
    "nearness": 3.0,
    # Holding more of the skills the need lists (all required ones are a hard constraint already).
    "skill_fit": 1.0,
    # The need serves a cause the volunteer said they care about.
    "cause": 1.5,
    # Attended shifts against cancelled and missed ones, with a prior so newcomers start at two thirds.
    "reliability": 1.0,
    # Volunteers offered less in the last 30 days come first: offers spread across everyone willing.
    "fairness": 3.0,
}
# Scores go to the solver as integers: this many points for a score of 1.
SCALE = 1_000


@dataclass(frozen=True)
class Limits:
    max_open_offers: int
    max_offers_per_week: int
    candidates_per_place: int
    min_candidates: int
    offer_hours: int
    horizon_days: int


def weights() -> dict[str, float]:
    return {**DEFAULT_WEIGHTS, **getattr(settings, "MATCHING_WEIGHTS", {})}


def limits() -> Limits:
    return Limits(
        max_open_offers=getattr(settings, "MATCHING_MAX_OPEN_OFFERS", 3),
        max_offers_per_week=getattr(settings, "MATCHING_MAX_OFFERS_PER_WEEK", 5),
        candidates_per_place=getattr(settings, "MATCHING_CANDIDATES_PER_PLACE", 20),
        min_candidates=getattr(settings, "MATCHING_MIN_CANDIDATES", 60),
        offer_hours=getattr(settings, "MATCHING_OFFER_HOURS", 48),
        horizon_days=getattr(settings, "MATCHING_HORIZON_DAYS", 28),
    )


def reliability(attended: np.ndarray, let_down: np.ndarray) -> np.ndarray:
    """(attended + 2) / (attended + cancelled or missed + 3): 2/3 with no history, towards 1 or 0 with more."""
    return (attended + 2.0) / (attended + let_down + 3.0)


def fairness(offers_30_days: np.ndarray) -> np.ndarray:
    """1 for someone offered nothing lately, halving with each offer."""
    return 1.0 / (1.0 + offers_30_days)


def scores(*, distance_km: np.ndarray, reach_km: np.ndarray, skill_fit: np.ndarray, cause: np.ndarray,
           reliability_: np.ndarray, fairness_: np.ndarray, weighting: dict[str, float] | None = None) -> np.ndarray:
    """Integer scores for candidates (arrays of one length); remote candidates have NaN distance. Callers scoring
    many places pass the weights, read once."""
    weight = weighting or weights()
    near = np.where(np.isnan(distance_km), 0.5, 1.0 - np.clip(distance_km / np.maximum(reach_km, 1.0), 0.0, 1.0))
    total = (weight["nearness"] * near + weight["skill_fit"] * skill_fit + weight["cause"] * cause
             + weight["reliability"] * reliability_ + weight["fairness"] * fairness_)
    return np.rint(total * SCALE).astype(np.int64)
