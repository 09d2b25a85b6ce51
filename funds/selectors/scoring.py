"""Assessment scores: per criterion the mean of the assessors' scores (never a conflicted or removed assessor's)
or the moderator's score in its place, the weighted score out of 5, and each round's applications ranked by it
(with the round's priority for deprived areas) against the budget left to commit."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from ..models import (
    Application,
    ApplicationStatus,
    Criterion,
    DeprivationRule,
    Moderation,
    Round,
    Score,
)
from .money import round_position

HUNDREDTH = Decimal("0.01")
RANKED_STATES = (ApplicationStatus.IN_ASSESSMENT, ApplicationStatus.RECOMMENDED, ApplicationStatus.NOT_RECOMMENDED)


@dataclass(frozen=True)
class CriterionScore:
    criterion: Criterion
    scores: tuple[int, ...]  # each counted assessor's score
    mean: Decimal | None
    moderated: Decimal | None

    @property
    def final(self) -> Decimal | None:
        return self.moderated if self.moderated is not None else self.mean


@dataclass(frozen=True)
class ApplicationScore:
    application: Application
    criteria: tuple[CriterionScore, ...]
    assessors: int  # assessors whose scores count
    weighted: Decimal | None  # out of 5; None until every criterion has a score
    priority: bool  # helps a deprived area (or a left-behind neighbourhood, where the round counts them)
    ranking: Decimal | None  # weighted, plus the round's priority weight where it applies

    @property
    def complete(self) -> bool:
        return self.weighted is not None


def _is_priority(round_: Round, application: Application) -> bool:
    decile = application.most_deprived_decile
    return bool((decile is not None and decile <= round_.deprivation_max_decile)
                or (round_.left_behind_counts and application.in_left_behind_neighbourhood))


def _score(round_: Round, criteria: list[Criterion], application: Application, raw: dict, moderated: dict,
           assessors: int) -> ApplicationScore:
    results = []
    for criterion in criteria:
        values = tuple(raw.get(criterion.pk, ()))
        mean = (Decimal(sum(values)) / len(values)).quantize(HUNDREDTH) if values else None
        results.append(CriterionScore(criterion=criterion, scores=values, mean=mean,
                                      moderated=moderated.get(criterion.pk)))
    weighted = None
    if criteria and all(result.final is not None for result in results):
        total_weight = sum((c.weight for c in criteria), Decimal(0))
        weighted = (sum((r.final * r.criterion.weight for r in results), Decimal(0)) / total_weight).quantize(
            HUNDREDTH)
    priority = round_.deprivation_rule != DeprivationRule.NONE and _is_priority(round_, application)
    ranking = weighted
    if weighted is not None and priority and round_.deprivation_rule == DeprivationRule.WEIGHT:
        ranking = weighted + round_.deprivation_weight
    return ApplicationScore(application=application, criteria=tuple(results), assessors=assessors,
                            weighted=weighted, priority=priority, ranking=ranking)


def _scores_for(round_: Round, applications: list[Application]) -> dict[int, ApplicationScore]:
    criteria = list(round_.criteria.order_by("position", "id"))
    ids = [application.pk for application in applications]
    raw: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    assessors: dict[int, set[int]] = defaultdict(set)
    counted = (Score.objects.filter(assignment__application_id__in=ids, assignment__removed_at__isnull=True,
                                    assignment__declaration__has_conflict=False)
               .values_list("assignment__application_id", "assignment_id", "criterion_id", "score"))
    for application_id, assignment_id, criterion_id, score in counted:
        raw[application_id][criterion_id].append(score)
        assessors[application_id].add(assignment_id)
    moderated: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for application_id, criterion_id, score in Moderation.objects.filter(application_id__in=ids).values_list(
            "application_id", "criterion_id", "score"):
        moderated[application_id][criterion_id] = score
    return {application.pk: _score(round_, criteria, application, raw[application.pk], moderated[application.pk],
                                   len(assessors[application.pk]))
            for application in applications}


def application_score(application: Application) -> ApplicationScore:
    """The weighted and moderated score of one application, conflicted assessors left out."""
    return _scores_for(application.round, [application])[application.pk]


@dataclass(frozen=True)
class Ranked:
    position: int
    score: ApplicationScore
    amount: Decimal  # the panel's suggested amount, else the amount asked for
    running_total: Decimal
    within_budget: bool


@dataclass(frozen=True)
class Ranking:
    round: Round
    uncommitted: Decimal  # the round's budget left to commit
    rows: list[Ranked] = field(default_factory=list)


def round_ranking(round_: Round) -> Ranking:
    """The round's applications in assessment or awaiting a decision, best first (by ranking score, then the
    earliest submitted; those not fully scored last), each marked whether it fits in the budget left to commit
    once those ranked above it are funded."""
    applications = list(Application.objects.filter(round=round_, status__in=RANKED_STATES)
                        .select_related("organisation").prefetch_related("recommendations"))
    scores = _scores_for(round_, applications)
    ordered = sorted(applications, key=lambda a: (scores[a.pk].ranking is None, -(scores[a.pk].ranking or 0),
                                                  a.submitted_at, a.pk))
    uncommitted = round_position(round_).uncommitted
    rows, total = [], Decimal(0)
    for position, application in enumerate(ordered, start=1):
        latest = max(application.recommendations.all(), key=lambda r: (r.recorded_at, r.pk), default=None)
        amount = latest.amount if latest is not None and latest.amount else application.amount_requested
        total += amount
        rows.append(Ranked(position=position, score=scores[application.pk], amount=amount, running_total=total,
                           within_budget=total <= uncommitted))
    return Ranking(round=round_, uncommitted=uncommitted, rows=rows)


def round_scores(round_: Round, applications: list[Application]) -> dict[int, ApplicationScore]:
    """The weighted and moderated scores of some of a round's applications at once, by application id."""
    return _scores_for(round_, list(applications))
