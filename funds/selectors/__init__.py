"""Reads for community funds, one module per part of the domain; every name is importable from here."""

from .applications import (
    MaskedBankDetails,
    application_for_page,
    applications_of_organisations,
    assignments_of,
    awaiting_second_approval,
    funds_administered_by,
    masked_bank_details,
    open_rounds,
    round_applications,
)
from .awards import (
    AwardSearch,
    award_local_authorities,
    award_programmes,
    award_search,
    public_funds,
)
from .dashboard import (
    DASHBOARD_SECTIONS,
    Dashboard,
    dashboard_csv,
    dashboard_section_csv,
    decision_times,
    fund_dashboard,
    rounds_money,
    working_days_between,
)
from .money import (
    AwardMoney,
    FundPosition,
    RoundPosition,
    award_money,
    drawdown_left,
    drawn_down,
    fund_position,
    round_position,
    spending_limit,
    yearly_valuations,
)
from .scoring import (
    ApplicationScore,
    CriterionScore,
    Ranked,
    Ranking,
    application_score,
    round_ranking,
)

__all__ = [
    "DASHBOARD_SECTIONS", "AwardSearch", "award_local_authorities", "award_programmes", "award_search",
    "dashboard_section_csv", "public_funds", "rounds_money",
    "ApplicationScore", "AwardMoney", "CriterionScore", "Dashboard", "FundPosition", "MaskedBankDetails", "Ranked",
    "Ranking", "RoundPosition", "application_for_page", "application_score", "applications_of_organisations",
    "assignments_of", "award_money", "awaiting_second_approval", "dashboard_csv", "decision_times",
    "drawdown_left", "drawn_down", "fund_dashboard", "fund_position", "funds_administered_by",
    "masked_bank_details", "open_rounds", "round_applications", "round_position", "round_ranking",
    "spending_limit", "working_days_between", "yearly_valuations",
]
