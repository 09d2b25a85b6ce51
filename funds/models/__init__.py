"""Models of the funds app, one module per part of the domain."""

from .applications import (
    AWARDED_STATES,
    COMMITTED_STATES,
    DECIDABLE_STATES,
    Answer,
    Application,
    ApplicationStatus,
    AreaKind,
    BankDetails,
    BeneficiaryArea,
    BudgetLine,
    DueDiligence,
    RiskRating,
)
from .assessment import (
    SCORE_MAX,
    SCORE_MIN,
    AssessorAssignment,
    ConflictDeclaration,
    Moderation,
    Recommendation,
    Score,
)
from .awards import (
    Clawback,
    Decision,
    DecisionOutcome,
    GrantAgreement,
    MonitoringReport,
    Payment,
    ReportStatus,
    Tranche,
    TrancheCondition,
    Underspend,
    Variation,
    VariationStatus,
)
from .funds import (
    MONEY,
    EndowmentEvent,
    EndowmentEventKind,
    Fund,
    FundKind,
    LeftBehindNeighbourhood,
    Valuation,
)
from .ledger import (
    CREDIT_ACCOUNTS,
    ROUND_ACCOUNTS,
    AccountKind,
    AppendOnlyError,
    LedgerAccount,
    LedgerLine,
    LedgerTransaction,
    TransactionKind,
)
from .rounds import Criterion, DeprivationRule, IncomeBand, Programme, Question, QuestionKind, Round

__all__ = [
    "AWARDED_STATES", "COMMITTED_STATES", "CREDIT_ACCOUNTS", "DECIDABLE_STATES", "MONEY", "ROUND_ACCOUNTS",
    "SCORE_MAX", "SCORE_MIN",
    "AccountKind", "Answer", "AppendOnlyError", "Application", "ApplicationStatus", "AreaKind",
    "AssessorAssignment", "BankDetails", "BeneficiaryArea", "BudgetLine", "Clawback", "ConflictDeclaration",
    "Criterion", "Decision", "DecisionOutcome", "DeprivationRule", "DueDiligence", "EndowmentEvent",
    "EndowmentEventKind", "Fund", "FundKind", "GrantAgreement", "IncomeBand", "LedgerAccount", "LedgerLine",
    "LedgerTransaction", "LeftBehindNeighbourhood", "Moderation", "MonitoringReport", "Payment", "Programme",
    "Question", "QuestionKind", "Recommendation", "ReportStatus", "RiskRating", "Round", "Score",
    "TransactionKind", "Tranche", "TrancheCondition", "Underspend", "Valuation", "Variation", "VariationStatus",
]
