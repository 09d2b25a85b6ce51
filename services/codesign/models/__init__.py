"""Models of co-design and participatory budgets: processes in phases, what residents contribute, the vote and
its result, and the follow-up of what was decided."""

from .accountability import FollowUp, FollowUpStatus, FollowUpUpdate
from .budgets import Ballot, BallotChoice, BudgetResult, BudgetResultRow
from .contributions import (
    Coauthorship,
    Comment,
    Contribution,
    ContributionKind,
    Response,
    ResponseStatus,
    Support,
)
from .moderation import Report, ReportReason, ReportStatus
from .processes import PHASE_ORDER, Phase, PhaseKind, Process, ProcessStatus, VotingMethod

__all__ = [
    "PHASE_ORDER",
    "Ballot",
    "BallotChoice",
    "BudgetResult",
    "BudgetResultRow",
    "Coauthorship",
    "Comment",
    "Contribution",
    "ContributionKind",
    "FollowUp",
    "FollowUpStatus",
    "FollowUpUpdate",
    "Phase",
    "PhaseKind",
    "Process",
    "ProcessStatus",
    "Report",
    "ReportReason",
    "ReportStatus",
    "Response",
    "ResponseStatus",
    "Support",
    "VotingMethod",
]
