"""Reads for the councils' pages on pop-up parishes: the officers' queue, their authorities, the electorate they
have recorded, and every parish in a council's area."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from covenant.places.models import LSOA, LocalAuthority, Ward

from . import selectors, selectors_pages, selectors_reviews
from .models import IN_REVIEW_STATES, PUBLIC_STATES, Electorate, Proposal, ProposalStatus, Review


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


# Electorate -----------------------------------------------------------------------------------------------------

def electorate_figures(local_authority: LocalAuthority) -> QuerySet[Electorate]:
    """Every figure recorded for the council's wards and LSOAs, by area then newest first."""
    return (Electorate.objects
            .filter(Q(ward__local_authority=local_authority) | Q(lsoa__local_authority=local_authority))
            .select_related("ward", "lsoa", "entered_by")
            .order_by("ward_id", "lsoa_id", "-as_of", "-id"))


def electorate_summary(local_authority: LocalAuthority) -> dict:
    """How many figures the council has recorded and the date of the newest."""
    return electorate_figures(local_authority).order_by().aggregate(figures=Count("id"), newest=Max("as_of"))


def council_areas(local_authority: LocalAuthority) -> tuple[list[Ward], list[LSOA]]:
    """The council's wards and LSOAs, which its electorate figures are recorded against."""
    return (list(Ward.objects.filter(local_authority=local_authority).order_by("name", "code")),
            list(LSOA.objects.filter(local_authority=local_authority).order_by("name", "code")))


def open_petition_ids(local_authority: LocalAuthority) -> set[int]:
    """Petitions still gathering signatures in the council's area: new figures may make them valid."""
    return set(Proposal.objects.filter(status=ProposalStatus.PUBLISHED, covering_authorities=local_authority)
               .values_list("pk", flat=True))


def made_valid(ids) -> list[Proposal]:
    """Which of these petitions are valid now, so the officer hears what their figures did."""
    return list(Proposal.objects.filter(pk__in=list(ids), status=ProposalStatus.VALID).order_by("name"))


# A council's area on the public map ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CouncilParishes:
    """Every public proposal in a council's area, as the map page groups them."""

    active: list[Proposal]
    proposed: list[Proposal]
    past: list[Proposal]

    def areas(self) -> list[dict]:
        """The active and proposed parishes as areas of `{% areas_map %}`; past ones are only listed."""
        return [selectors_pages.map_area(p, description=p.get_status_display()) for p in self.active + self.proposed
                if p.area]


# Still on the way to a decision: on the map beside the active parishes.
_PROPOSED_STATES = {ProposalStatus.PUBLISHED, *IN_REVIEW_STATES}


def council_parishes(local_authority: LocalAuthority) -> CouncilParishes:
    proposals = list(selectors.public_proposals().filter(covering_authorities=local_authority))
    active = [p for p in proposals if selectors_pages.is_active(p)]
    proposed = [p for p in proposals if p.status in _PROPOSED_STATES]
    past = [p for p in proposals if p not in active and p not in proposed]
    return CouncilParishes(active=active, proposed=proposed, past=past)


def councils_with_parishes() -> QuerySet[LocalAuthority]:
    """The councils whose area holds a public proposal or parish: each has its own map page."""
    return (LocalAuthority.objects.filter(parish_proposals__status__in=PUBLIC_STATES)
            .annotate(parishes=Count("parish_proposals", distinct=True)).order_by("name", "code"))
