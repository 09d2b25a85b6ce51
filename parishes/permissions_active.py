"""Who may do what in an active pop-up parish: join it, hold office, meet, decide and spend.

Every permission here is on the parish (its approved Proposal). Whatever acts needs the parish active, holding its
powers today; once its sunset date passes its record stays public and nothing changes it. Where a resident lives is
the services' check, which says why someone outside the area cannot join.
"""

import rules

from covenant.organisations.predicates import is_platform_staff, is_resident, is_signed_in

from . import selectors_active
from .models import Office
from .permissions import is_officer_of_covering_authority


@rules.predicate
def is_parish(user, parish) -> bool:
    return selectors_active.is_parish(parish)


@rules.predicate
def is_active_parish(user, parish) -> bool:
    return selectors_active.is_active(parish)


@rules.predicate
def is_parish_member(user, parish) -> bool:
    return selectors_active.is_member(user, parish)


@rules.predicate
def is_parish_chair(user, parish) -> bool:
    return Office.CHAIR in selectors_active.offices_of(user, parish)


@rules.predicate
def runs_the_parish(user, parish) -> bool:
    """The chair or the clerk: they call meetings and record what the meetings decide."""
    return bool(selectors_active.offices_of(user, parish) & selectors_active.RUNNING_OFFICES)


@rules.predicate
def keeps_the_accounts(user, parish) -> bool:
    """The chair, the clerk or the treasurer."""
    return bool(selectors_active.offices_of(user, parish) & selectors_active.SPENDING_OFFICES)


@rules.predicate
def holds_office(user, parish) -> bool:
    return bool(selectors_active.offices_of(user, parish))


# Public: the parish's page, members count and officers, meetings, decisions, budget, renewal and evaluation.
rules.add_perm("parishes.view_parish", is_parish)
# Members' names: for members themselves, the covering councils' officers and platform staff.
rules.add_perm("parishes.view_parish_members",
               is_parish & is_signed_in & (is_parish_member | is_officer_of_covering_authority | is_platform_staff))
rules.add_perm("parishes.join_parish", is_resident & is_active_parish)
rules.add_perm("parishes.leave_parish", is_signed_in & is_active_parish & is_parish_member)
# The chair appoints; the clerk records an appointment members made by a decision (the service checks which).
rules.add_perm("parishes.appoint_officer", is_signed_in & is_active_parish & runs_the_parish)
rules.add_perm("parishes.stand_down", is_signed_in & is_active_parish & holds_office)
rules.add_perm("parishes.run_meetings", is_signed_in & is_active_parish & runs_the_parish)
rules.add_perm("parishes.record_decision", is_signed_in & is_active_parish & runs_the_parish)
rules.add_perm("parishes.record_spending", is_signed_in & is_active_parish & keeps_the_accounts)
# The council delegates the budget (within any cap its decision set) and decides on renewals.
rules.add_perm("parishes.delegate_budget", is_active_parish & is_officer_of_covering_authority)
rules.add_perm("parishes.decide_renewal", is_active_parish & is_officer_of_covering_authority)
rules.add_perm("parishes.request_renewal", is_signed_in & is_active_parish & is_parish_chair)
rules.add_perm("parishes.publish_evaluation", is_signed_in & is_active_parish & is_parish_chair)
