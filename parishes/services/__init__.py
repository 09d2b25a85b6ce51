"""Writes for pop-up parishes, one module per part of the domain; every name is importable from here.

Every function is keyword-only and atomic, checks the actor's permission itself (views check first and answer
404; this guards tasks and the shell), raises ValidationError with messages that say what to do, and writes
an audit entry for each change of state.
"""

from .active import (
    officer_appoint,
    officer_stand_down,
    parish_activate,
    parish_join,
    parish_leave,
)
from .budget import budget_delegate, spending_record
from .common import (
    MIN_FOUNDING_MEMBERS,
    RECENT_REVIEW_YEARS,
    REVIEW_MONTHS,
    add_months,
    max_months,
    min_months,
)
from .electorate import ELECTORATE_CSV_COLUMNS, electorate_import, electorate_record
from .meetings import (
    decision_record,
    meeting_cancel,
    meeting_notify_members,
    meeting_publish_agenda,
    meeting_publish_minutes,
    meeting_schedule,
)
from .petitions import (
    petition_decline_recent_review,
    petition_sign,
    petition_withdraw,
    petitions_recheck,
)
from .privacy import parishes_erase, parishes_export
from .proposals import (
    founding_member_join,
    founding_member_leave,
    power_add,
    proposal_add_coproposer,
    proposal_create,
    proposal_publish,
    proposal_set_powers,
    proposal_update,
    sunset_error,
)
from .renewal import evaluation_publish, renewal_decide, renewal_request
from .reviews import (
    change_request_answer,
    consultation_close,
    consultation_comment,
    consultation_comment_hide,
    consultation_open,
    consultation_respond,
    consultation_weeks,
    review_assign_case_officer,
    review_check,
    review_conditions_check,
    review_decide,
    review_request_changes,
    review_start,
)
from .sunset import REMINDER_DAYS, parishes_end_expired, parishes_send_sunset_reminders

__all__ = [
    "ELECTORATE_CSV_COLUMNS", "MIN_FOUNDING_MEMBERS", "RECENT_REVIEW_YEARS", "REMINDER_DAYS", "REVIEW_MONTHS",
    "add_months",
    "change_request_answer", "consultation_close", "consultation_comment", "consultation_comment_hide",
    "consultation_open", "consultation_respond", "consultation_weeks",
    "electorate_import", "electorate_record", "founding_member_join", "founding_member_leave", "max_months",
    "min_months", "parishes_end_expired", "parishes_erase", "parishes_export",
    "parishes_send_sunset_reminders", "petition_decline_recent_review", "petition_sign",
    "petition_withdraw", "petitions_recheck", "power_add", "proposal_add_coproposer", "proposal_create",
    "proposal_publish", "proposal_set_powers", "proposal_update", "review_assign_case_officer", "review_check",
    "review_conditions_check", "review_decide", "review_request_changes", "review_start", "sunset_error",
    # The active parish
    "budget_delegate", "decision_record", "evaluation_publish", "meeting_cancel", "meeting_notify_members",
    "meeting_publish_agenda", "meeting_publish_minutes", "meeting_schedule", "officer_appoint", "officer_stand_down",
    "parish_activate", "parish_join", "parish_leave", "renewal_decide", "renewal_request", "spending_record",
]
