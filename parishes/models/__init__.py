"""Models of the parishes app, one module per part of the domain."""

from .active import (
    DelegatedBudget,
    Evaluation,
    Meeting,
    MemberVia,
    Office,
    OfficeHolder,
    Outcome,
    ParishDecision,
    ParishMember,
    RenewalRequest,
    RenewalStatus,
    Spending,
    TermEnd,
    Vote,
    VoteChoice,
)
from .petitions import Electorate, Signature
from .powers import Power
from .proposals import (
    APPROVED_STATES,
    IN_REVIEW_STATES,
    PUBLIC_STATES,
    FoundingMember,
    Proposal,
    ProposalStatus,
    Proposer,
    ProposerRole,
    RequestedPower,
)
from .reviews import (
    DEFAULT_CHECKLIST,
    ChangeRequest,
    ChecklistItem,
    ConsultationComment,
    ConsultationResponse,
    Review,
)

__all__ = [
    "APPROVED_STATES", "DEFAULT_CHECKLIST", "IN_REVIEW_STATES", "ChangeRequest", "ChecklistItem",
    "ConsultationComment", "ConsultationResponse", "Review", "PUBLIC_STATES", "Electorate", "FoundingMember", "Power", "Proposal",
    "ProposalStatus", "Proposer", "ProposerRole", "RequestedPower", "Signature",
    # The active parish
    "DelegatedBudget", "Evaluation", "Meeting", "MemberVia", "Office", "OfficeHolder", "Outcome", "ParishDecision",
    "ParishMember", "RenewalRequest", "RenewalStatus", "Spending", "TermEnd", "Vote",
    "VoteChoice",
]
