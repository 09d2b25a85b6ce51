"""Reads for the councils' pages on pop-up parishes: the officers' queue and their authorities."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from covenant.places.models import LocalAuthority

from . import selectors, selectors_reviews
from .models import IN_REVIEW_STATES, Proposal, ProposalStatus, Review


def officer_authorities(user) -> QuerySet[LocalAuthority]:
    """The places' local authorities the user is a council officer of, by name."""
    return LocalAuthority.objects.filter(code__in=selectors.officer_authority_codes(user)).order_by("name", "code")


@dataclass(frozen=True)
class QueueRow:
    """One proposal in the officers' queue with what they sort and act by."""

    proposal: Proposal
    review: Review | None
    deadline: selectors_reviews.ReviewDeadline


def council_queue_rows(user, *, status: str = "") -> list[QueueRow]:
    """The queue (selectors.council_queue: valid petitions and reviews in the user's councils, soonest deadline
    first), narrowed to one status when given, each with its review, case officer and days left."""
    proposals = selectors.council_queue(user).select_related("review__case_officer")
    if status:
        proposals = proposals.filter(status=status)
    # A valid petition has no review yet: the reverse one-to-one then raises, which getattr turns into None.
    return [QueueRow(proposal=p, review=getattr(p, "review", None), deadline=selectors_reviews.review_deadline(p))
            for p in proposals]


def queue_statuses() -> list[tuple[str, str]]:
    """The statuses a proposal in the queue can have, in the order a review goes through them."""
    return [(s.value, s.label) for s in ProposalStatus if s.value in IN_REVIEW_STATES]
