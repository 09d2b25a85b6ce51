"""Who may do what with community funds, as rules permissions named funds.<verb>_<thing>.

Three kinds of people: the fund's administrators (the fund_administrator role in the organisation that runs the
fund; the finance role may also release payments), the assessors an administrator assigned (who see an
application only once they have declared they have no conflict), and the members of the applicant
organisation. Object-level permissions take a Fund or anything that belongs to one (a programme, a round, an
application, a tranche, a report...), and views answer 404 to anyone without them.

Separation of duties that needs words (who assessed what, who decided first) is checked by the services, which
say exactly why someone may not; these rules answer the plain "is this their job" question.
"""

import rules

from covenant.organisations.models import Organisation, Role
from covenant.organisations.predicates import (
    has_org_role,
    is_fund_administrator,
    is_platform_staff,
    is_signed_in,
    is_verified_member,
)
from covenant.organisations.selectors import organisation_roles

from .models import (
    Application,
    ApplicationStatus,
    AssessorAssignment,
    Fund,
    Programme,
    Round,
)

FINAL_STATES = frozenset({ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN, ApplicationStatus.CLOSED})
WITHDRAWABLE = frozenset(ApplicationStatus.values) - FINAL_STATES - {ApplicationStatus.ACCEPTED,
                                                                      ApplicationStatus.ACTIVE}


def fund_of(obj) -> Fund | None:
    """The fund an object belongs to: a fund, programme, round, application or anything with an application."""
    if isinstance(obj, Fund):
        return obj
    if isinstance(obj, Programme):
        return obj.fund
    if isinstance(obj, Round):
        return obj.programme.fund
    application = application_of(obj)
    return application.round.programme.fund if application is not None else None


def application_of(obj) -> Application | None:
    if isinstance(obj, Application):
        return obj
    application = getattr(obj, "application", None)
    return application if isinstance(application, Application) else None


def _fund_roles(user, obj) -> frozenset[str]:
    fund = fund_of(obj)
    if fund is None or not is_signed_in(user) or not fund.organisation.is_verified:
        return frozenset()
    return organisation_roles(user=user, organisation=fund.organisation)


@rules.predicate
def is_administrator_of_fund(user, obj) -> bool:
    return Role.FUND_ADMINISTRATOR in _fund_roles(user, obj)


@rules.predicate
def is_finance_of_fund(user, obj) -> bool:
    return Role.FINANCE in _fund_roles(user, obj)


@rules.predicate
def is_applicant_member(user, obj) -> bool:
    """A member of the applicant organisation, which is verified (only then can a member act for it)."""
    application = application_of(obj)
    return application is not None and is_verified_member(user, application.organisation)


@rules.predicate
def is_applicant_admin(user, obj) -> bool:
    application = application_of(obj)
    return application is not None and has_org_role(Role.ADMIN)(user, application.organisation)


def _assignment(user, obj) -> AssessorAssignment | None:
    application = application_of(obj)
    if application is None or not is_signed_in(user):
        return None
    return (AssessorAssignment.objects.select_related("declaration")
            .filter(application=application, assessor=user, removed_at__isnull=True).first())


@rules.predicate
def is_assessor_awaiting_declaration(user, obj) -> bool:
    assignment = _assignment(user, obj)
    return assignment is not None and not hasattr(assignment, "declaration")


@rules.predicate
def is_cleared_assessor(user, obj) -> bool:
    """Assigned, still on it, and has declared no conflict of interest: only then may they see it."""
    assignment = _assignment(user, obj)
    return bool(assignment is not None and hasattr(assignment, "declaration")
                and not assignment.declaration.has_conflict)


@rules.predicate
def is_draft(user, obj) -> bool:
    application = application_of(obj)
    return application is not None and application.status == ApplicationStatus.DRAFT


@rules.predicate
def is_in_assessment(user, obj) -> bool:
    application = application_of(obj)
    return application is not None and application.status == ApplicationStatus.IN_ASSESSMENT


@rules.predicate
def is_withdrawable(user, obj) -> bool:
    application = application_of(obj)
    return application is not None and application.status in WITHDRAWABLE


@rules.predicate
def is_organisation(user, obj) -> bool:
    return isinstance(obj, Organisation)


# Funds, programmes and rounds: run by the fund's administrators.
rules.add_perm("funds.add_fund", is_organisation & has_org_role(Role.FUND_ADMINISTRATOR))
rules.add_perm("funds.administer_fund", is_administrator_of_fund)
rules.add_perm("funds.view_fund_dashboard", is_administrator_of_fund)
# The imported list of left-behind neighbourhoods serves every fund.
rules.add_perm("funds.import_left_behind", is_fund_administrator | is_platform_staff)

# Applying: on an Organisation, its verified members; then on the Application.
rules.add_perm("funds.apply_for_organisation", is_organisation & is_verified_member)
rules.add_perm("funds.view_application", is_applicant_member | is_administrator_of_fund | is_cleared_assessor)
rules.add_perm("funds.change_application", is_applicant_member & is_draft)
rules.add_perm("funds.submit_application", is_applicant_member & is_draft)
rules.add_perm("funds.withdraw_application", is_applicant_member & is_withdrawable)
# Money matters of the applicant are for its administrators.
rules.add_perm("funds.set_bank_details", is_applicant_admin)
rules.add_perm("funds.view_bank_details", is_applicant_admin | is_administrator_of_fund | is_finance_of_fund)
rules.add_perm("funds.accept_agreement", is_applicant_admin)

# Assessing.
rules.add_perm("funds.assign_assessor", is_administrator_of_fund)
rules.add_perm("funds.declare_conflict", is_assessor_awaiting_declaration)
rules.add_perm("funds.assess_application", is_cleared_assessor & is_in_assessment)
rules.add_perm("funds.view_due_diligence", is_administrator_of_fund | is_cleared_assessor)
rules.add_perm("funds.moderate_application", is_administrator_of_fund)
rules.add_perm("funds.recommend_application", is_administrator_of_fund)

# Deciding and after the award.
rules.add_perm("funds.decide_application", is_administrator_of_fund)
rules.add_perm("funds.schedule_payments", is_administrator_of_fund)
rules.add_perm("funds.release_payment", is_administrator_of_fund | is_finance_of_fund)
rules.add_perm("funds.submit_report", is_applicant_member)
rules.add_perm("funds.review_report", is_administrator_of_fund)
rules.add_perm("funds.request_variation", is_applicant_member | is_administrator_of_fund)
rules.add_perm("funds.decide_variation", is_administrator_of_fund)
rules.add_perm("funds.record_underspend", is_administrator_of_fund | is_finance_of_fund)
rules.add_perm("funds.record_clawback", is_administrator_of_fund | is_finance_of_fund)
