"""Reads for pages and the API: open rounds, the funds a person administers, applications each kind of person
may see, an application with everything its page shows, and bank details masked."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

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
