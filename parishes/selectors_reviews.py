"""Reads for the council review: a proposal's review, its deadline, the public consultation and the timeline."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from covenant.organisations.models import Organisation, OrganisationType, Role

from .models import (
    ChangeRequest,
    ConsultationComment,
    ConsultationResponse,
    Proposal,
    ProposalStatus,
    RequestedPower,
    Review,
)


def review_of(proposal: Proposal) -> Review | None:
    return (Review.objects.select_related("local_authority", "case_officer")
            .prefetch_related("checklist").filter(proposal=proposal).first())


def case_officer_choices(review: Review) -> QuerySet:
    """The officers of the reviewing council's verified organisations: who may be the case officer."""
    councils = Organisation.objects.verified().filter(type=OrganisationType.LOCAL_AUTHORITY,
                                                      ons_code=review.local_authority_id)
    return (get_user_model().objects.filter(memberships__organisation__in=councils,
                                            memberships__roles__role=Role.OFFICER, is_active=True)
            .distinct().order_by("pk"))


@dataclass(frozen=True)
class ReviewDeadline:
    """How long the council has left to complete its review, 12 months from the petition's validity."""

    deadline: datetime.date | None
    days_left: int | None
    completed: bool

    @property
    def overdue(self) -> bool:
        return not self.completed and self.days_left is not None and self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.overdue else 0


def review_deadline(proposal: Proposal, *, today: datetime.date | None = None) -> ReviewDeadline:
    """Days left (negative once overdue) until the review deadline; a decided review is no longer counted."""
    today = today or timezone.localdate()
    completed = proposal.status not in {ProposalStatus.VALID, ProposalStatus.UNDER_REVIEW,
                                        ProposalStatus.CONSULTATION}
    if proposal.review_deadline is None or completed:
        return ReviewDeadline(deadline=proposal.review_deadline, days_left=None, completed=completed)
    return ReviewDeadline(deadline=proposal.review_deadline, days_left=(proposal.review_deadline - today).days,
                          completed=False)


def consultation_comments(review: Review, *, include_hidden: bool = False) -> QuerySet[ConsultationComment]:
    """The consultation's comments, oldest first, with their published responses. Hidden comments are left out
    of the public list; officers pass include_hidden to see them with who hid them and why."""
    comments = review.comments.select_related("author").prefetch_related(
        Prefetch("responses", queryset=ConsultationResponse.objects.order_by("published_at", "id")))
    return comments if include_hidden else comments.filter(hidden_at__isnull=True)


def general_responses(review: Review) -> QuerySet[ConsultationResponse]:
    """The council's responses to the consultation as a whole rather than to one comment."""
    return review.responses.filter(comment__isnull=True)


def decision_conditions(review: Review) -> list[str]:
    """The conditions of an approval with conditions, in words, for the public page and the proposers."""
    if review.decision != ProposalStatus.APPROVED_WITH_CONDITIONS:
        return []
    conditions = []
    requested = list(RequestedPower.objects.filter(proposal=review.proposal_id).select_related("power"))
    refused = [rp.power.name for rp in requested if rp.granted is False]
    if refused:
        granted = [rp.power.name for rp in requested if rp.granted]
        conditions.append(_("Powers granted: %(granted)s. Not granted: %(refused)s")
                          % {"granted": ", ".join(granted), "refused": ", ".join(refused)})
    sunset_on = review.proposal.sunset_on
    if review.requested_sunset_on and sunset_on and sunset_on < review.requested_sunset_on:
        conditions.append(_("A shorter term: the powers end on %(day)s, not %(asked)s as asked")
                          % {"day": date_format(sunset_on, "j F Y"),
                             "asked": date_format(review.requested_sunset_on, "j F Y")})
    if review.budget_cap is not None:
        conditions.append(_("A budget cap of £%(cap)s") % {"cap": f"{review.budget_cap:,.2f}"})
    return conditions


@dataclass(frozen=True)
class TimelineStep:
    """One dated public step of a proposal: `kind` names it for templates, `title` and `detail` say it."""

    at: datetime.datetime
    kind: str
    title: str
    detail: str = ""
    items: list[str] = field(default_factory=list)


def proposal_timeline(proposal: Proposal) -> list[TimelineStep]:
    """The proposal's public steps, oldest first.

    Officers are named by their council, never personally: a case officer is a council employee doing their job,
    and the public page is indexed, so the timeline says that a case officer of the council was assigned. What
    residents said in the consultation is on the consultation's own list, not in the timeline.
    """
    steps: list[TimelineStep] = []
    if proposal.published_at:
        steps.append(TimelineStep(proposal.published_at, "published", _("Petition opened")))
    if proposal.valid_at:
        detail = ""
        if proposal.threshold_at_validity is not None:
            detail = _("%(threshold)s signatures needed from %(electors)s electors") % {
                "threshold": proposal.threshold_at_validity, "electors": proposal.electors_at_validity}
        steps.append(TimelineStep(proposal.valid_at, "valid", _("Petition valid, sent to the council"), detail))
    if proposal.declined_at:
        steps.append(TimelineStep(proposal.declined_at, "declined",
                                  _("Declined: the area was reviewed recently"), proposal.decline_reason))
    review = Review.objects.select_related("local_authority", "proposal").filter(proposal=proposal).first()
    if review is None:
        return steps
    council = review.local_authority.name or review.local_authority.code
    steps.append(TimelineStep(review.started_at, "review_started", _("Review started by %(council)s")
                              % {"council": council}))
    if review.case_officer_assigned_at:
        steps.append(TimelineStep(review.case_officer_assigned_at, "case_officer_assigned",
                                  _("Case officer of %(council)s assigned") % {"council": council}))
    for change in ChangeRequest.objects.filter(review=review):
        steps.append(TimelineStep(change.requested_at, "changes_requested", _("Council asked for changes"),
                                  change.message))
        if change.answered_at:
            steps.append(TimelineStep(change.answered_at, "changes_answered", _("Proposers answered"),
                                      change.answer))
    if review.consultation_opened_at:
        steps.append(TimelineStep(review.consultation_opened_at, "consultation_opened",
                                  _("Public consultation opened"),
                                  _("Until %(day)s") % {"day": date_format(review.consultation_closes_on,
                                                                           "j F Y")}))
    if review.consultation_closed_at:
        steps.append(TimelineStep(review.consultation_closed_at, "consultation_closed",
                                  _("Public consultation closed")))
    if review.decided_at:
        steps.append(TimelineStep(review.decided_at, "decided", str(ProposalStatus(review.decision).label),
                                  review.reasons, decision_conditions(review)))
    return sorted(steps, key=lambda step: step.at)
