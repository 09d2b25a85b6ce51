"""Writes for community funds, one module per part of the domain; every name is importable from here.

Every service is keyword-only, runs in one transaction (`@transaction.atomic`), checks the actor's permission
itself (views check first and answer 404; this guards tasks and the shell), raises ValidationError with
messages that say what to do (a dict keyed by field where there is one), saves nothing when it refuses, and
writes an audit entry for each change and, through `refusals_audited`, for each refusal too.
"""

from .applications import (
    UNSET,
    amount_limits,
    answer_save,
    answer_upload,
    application_start,
    application_submit,
    application_update,
    application_withdraw,
    bank_details_set,
    beneficiary_areas_set,
    budget_set,
    income_band,
    is_deprived,
    submission_problems,
)
from .assessment import (
    application_recommend,
    assessor_assign,
    conflict_declare,
    moderation_record,
    scores_record,
    separation_problem,
)
from .awards import (
    agreement_accept,
    clawback_receive,
    clawback_request,
    report_approve,
    report_send_back,
    report_submit,
    reports_schedule,
    tranche_release,
    tranches_schedule,
    underspend_record,
    variation_approve,
    variation_refuse,
    variation_request,
)
from .decisions import application_approve, application_reject, decision_confirm, decision_return
from .due_diligence import due_diligence_run
from .funds import (
    endowment_drawdown,
    endowment_return_record,
    endowment_valuation_record,
    fund_capital_record,
    fund_create,
    fund_update,
    left_behind_import,
    programme_create,
)
from .reminders import monitoring_reports_remind
from .rounds import (
    criterion_add,
    criterion_remove,
    question_add,
    question_remove,
    round_budget_allocate,
    round_budget_return,
    round_create,
    round_publish,
    round_update,
)
from .transitions import ALLOWED, transition

__all__ = [
    "ALLOWED", "UNSET", "agreement_accept", "amount_limits", "answer_save", "answer_upload",
    "application_approve", "application_recommend", "application_reject", "application_start",
    "application_submit", "application_update", "application_withdraw", "assessor_assign",
    "bank_details_set", "beneficiary_areas_set", "budget_set", "clawback_receive", "clawback_request",
    "conflict_declare", "criterion_add", "criterion_remove", "decision_confirm", "decision_return",
    "due_diligence_run", "endowment_drawdown", "endowment_return_record", "endowment_valuation_record",
    "fund_capital_record", "fund_create", "fund_update", "income_band", "is_deprived", "left_behind_import",
    "moderation_record", "monitoring_reports_remind", "programme_create", "question_add", "question_remove",
    "report_approve", "report_send_back", "report_submit", "reports_schedule", "round_budget_allocate",
    "round_budget_return", "round_create", "round_publish", "round_update", "scores_record",
    "separation_problem", "submission_problems", "tranche_release", "tranches_schedule", "transition",
    "underspend_record", "variation_approve", "variation_refuse", "variation_request",
]
