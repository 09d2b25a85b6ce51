"""Reads for pages and the API: open rounds, the funds a person administers, applications each kind of person
may see, an application with everything its page shows, and bank details masked."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from covenant.core.dates import add_working_days
from covenant.organisations.models import Role, VerificationStatus
from covenant.organisations.selectors import organisations_where_role

from .. import bank
from ..models import (
    Application,
    ApplicationStatus,
    AssessorAssignment,
    BankDetails,
    Decision,
    Fund,
    Round,
)


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def open_rounds(at=None) -> QuerySet[Round]:
    """Published rounds taking applications now, closing soonest first."""
    at = at or timezone.now()
    return (Round.objects.filter(published_at__isnull=False, opens_at__lte=at, closes_at__gt=at)
            .select_related("programme__fund__organisation").order_by("closes_at", "pk"))


def funds_administered_by(user) -> QuerySet[Fund]:
    if not _signed_in(user):
        return Fund.objects.none()
    organisations = organisations_where_role(user, Role.FUND_ADMINISTRATOR)
    return Fund.objects.filter(organisation__in=organisations).select_related("organisation").order_by("name", "pk")


def applications_of_organisations(user) -> QuerySet[Application]:
    """The applications of the verified organisations a person belongs to, newest first."""
    if not _signed_in(user):
        return Application.objects.none()
    return (Application.objects.filter(organisation__memberships__user=user,
                                       organisation__verification_status=VerificationStatus.VERIFIED)
            .select_related("round__programme__fund", "organisation").distinct().order_by("-created_at", "-pk"))


def assignments_of(user) -> QuerySet[AssessorAssignment]:
    """An assessor's current assignments, those still to declare first; conflicted ones are gone."""
    if not _signed_in(user):
        return AssessorAssignment.objects.none()
    return (AssessorAssignment.objects.filter(assessor=user, removed_at__isnull=True)
            .select_related("application__round__programme__fund", "application__organisation", "declaration")
            .order_by("declaration", "assigned_at", "pk"))


def round_applications(round_: Round, *, status: str = "") -> QuerySet[Application]:
    """A round's submitted applications for its administrators, with due diligence and assignments loaded."""
    queryset = (Application.objects.filter(round=round_).exclude(status=ApplicationStatus.DRAFT)
                .select_related("organisation", "due_diligence")
                .prefetch_related(Prefetch("assignments", queryset=AssessorAssignment.objects.select_related(
                    "assessor", "declaration")))
                .order_by("submitted_at", "pk"))
    return queryset.filter(status=status) if status else queryset


def application_for_page(pk: int) -> QuerySet[Application]:
    """One application with what its page shows, as a queryset for get_object_or_404_for."""
    return (Application.objects.filter(pk=pk)
            .select_related("round__programme__fund__organisation", "organisation", "created_by", "due_diligence",
                            "agreement")
            .prefetch_related("answers__question", "budget_lines", "beneficiary_areas", "decisions",
                              "recommendations", "tranches", "payments", "reports", "variations",
                              Prefetch("assignments", queryset=AssessorAssignment.objects.select_related(
                                  "assessor", "declaration"))))


def awaiting_second_approval(user) -> QuerySet[Application]:
    """Large awards waiting for a second administrator, that someone other than `user` approved first."""
    funds = funds_administered_by(user)
    theirs = Decision.objects.filter(decided_by=user, needs_second_approval=True, confirmed_at__isnull=True,
                                     returned_at__isnull=True).values("application_id")
    return (Application.objects.filter(round__programme__fund__in=funds,
                                       status=ApplicationStatus.AWAITING_SECOND_APPROVAL)
            .exclude(pk__in=theirs).select_related("organisation", "round").order_by("updated_at", "pk"))


@dataclass(frozen=True)
class MaskedBankDetails:
    account_name: str
    sort_code: str
    account_number: str
    has_roll_number: bool
    updated_at: object


def masked_bank_details(application: Application) -> MaskedBankDetails | None:
    """Bank details as anyone may be shown them: the name, and the last digits only."""
    details = BankDetails.objects.filter(application=application).first()
    if details is None:
        return None
    return MaskedBankDetails(
        account_name=details.account_name,
        sort_code=bank.mask_sort_code(bank.decrypt(details.sort_code_encrypted)),
        account_number=bank.mask_account_number(bank.decrypt(details.account_number_encrypted)),
        has_roll_number=bool(details.roll_number_encrypted), updated_at=details.updated_at)


# Staff pages on applications after they are submitted ----------------------------------------------------------

def assessor_choices(application: Application) -> QuerySet:
    """The people an administrator may ask to assess an application: assessors and fund administrators of the
    fund's organisation, not yet assigned to it (a conflict's record stays, so they are not offered again) and
    not members of the applicant organisation."""
    from covenant.organisations.selectors import people_with_roles

    fund = application.round.programme.fund
    assigned = AssessorAssignment.objects.filter(application=application).values("assessor_id")
    return (people_with_roles(fund.organisation, [Role.ASSESSOR, Role.FUND_ADMINISTRATOR])
            .exclude(pk__in=assigned).exclude(memberships__organisation=application.organisation)
            .order_by("full_name", "email", "pk"))


def application_audit_trail(application: Application):
    """Every audit entry about an application (its changes and refusals), newest first."""
    from django.contrib.contenttypes.models import ContentType

    from covenant.audit.selectors import audit_entry_list

    return audit_entry_list(target_type=ContentType.objects.get_for_model(Application),
                            target_id=str(application.pk)).select_related("actor")


@dataclass(frozen=True)
class Deadline:
    label: str
    due_on: object  # a date

    @property
    def overdue(self) -> bool:
        return self.due_on < timezone.localdate()


def next_deadline(application: Application) -> Deadline | None:
    """What is due next on an application, for the administrators' queue: a fast-track decision within its
    target of working days, the grant agreement to accept, the next tranche to pay or report to review."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    from ..models import ReportStatus

    status = application.status
    if status in (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_ASSESSMENT, ApplicationStatus.RECOMMENDED,
                  ApplicationStatus.NOT_RECOMMENDED, ApplicationStatus.AWAITING_SECOND_APPROVAL):
        if application.round.fast_track and application.submitted_at:
            due = add_working_days(timezone.localdate(application.submitted_at),
                                   settings.FUNDS_FAST_TRACK_TARGET_WORKING_DAYS)
            return Deadline(_("Fast-track decision"), due)
        return None
    if status in (ApplicationStatus.ACCEPTED, ApplicationStatus.ACTIVE):
        found = []
        tranche = next((t for t in application.tranches.all() if t.released_at is None), None)
        if tranche is not None:
            found.append(Deadline(_("Tranche %(n)s to pay") % {"n": tranche.number}, tranche.due_on))
        report = next((r for r in application.reports.all() if r.status != ReportStatus.APPROVED), None)
        if report is not None:
            found.append(Deadline(_("Report %(n)s") % {"n": report.number}, report.due_on))
        return min(found, key=lambda deadline: deadline.due_on, default=None)
    return None
