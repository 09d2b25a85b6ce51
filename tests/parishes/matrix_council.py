"""Permission-matrix rows for the councils' pages and API on pop-up parishes (see tests/test_permission_matrix.py).

The world's council officer belongs to a council that covers no proposal: every review page is a 404 to them as to
everyone, while their own council's electorate and powers pages are theirs. Objects are made once per test.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.matrix import LOGIN, NF, OK, Row, expect, public, signed_in

COVERING_CODE = "E08000024"


def covering_council():
    """The places' local authority the matrix's proposals lie in; no one in the world is its officer."""
    from tests.places.factories import LocalAuthorityFactory

    return LocalAuthorityFactory(code=COVERING_CODE, name="Sunderland")


def officers_council(world):
    """The places' local authority of the world's council officer's organisation."""
    from covenant.organisations.models import Membership
    from tests.places.factories import LocalAuthorityFactory

    membership = Membership.objects.select_related("organisation").get(user=world.people["council_officer"])
    return LocalAuthorityFactory(code=membership.organisation.ons_code, name=membership.organisation.name)


def proposal_in(status: str, *, lead=None):
    """A proposal past its petition in the covering council's area, with its review once one has started."""
    from parishes.models import ChecklistItem, Proposal, Review
    from tests.parishes.factories import ProposalFactory, standard_power

    existing = Proposal.objects.filter(status=status, **({"created_by": lead} if lead else {})).first()
    if existing is not None:
        return existing
    council = covering_council()
    kwargs = {"created_by": lead} if lead else {}
    proposal = ProposalFactory(status=status, valid_at=timezone.now(), powers=[standard_power()],
                               review_deadline=timezone.localdate() + datetime.timedelta(days=300), **kwargs)
    proposal.covering_authorities.add(council)
    if status != "valid":
        review = Review.objects.create(proposal=proposal, local_authority=council)
        ChecklistItem.objects.create(review=review, key="area", label="The area is clearly defined")
        if status == "consultation":
            Review.objects.filter(pk=review.pk).update(
                consultation_opened_at=timezone.now(),
                consultation_closes_on=timezone.localdate() + datetime.timedelta(weeks=6))
    return proposal


def comment_on(proposal):
    from parishes.models import ConsultationComment
    from tests.accounts.factories import UserFactory

    return (ConsultationComment.objects.filter(review__proposal=proposal).first()
            or ConsultationComment.objects.create(review=proposal.review, author=UserFactory(), body="A comment"))


def change_asked_of(person):
    """A request for changes on a proposal under review that `person` leads."""
    from parishes.models import ChangeRequest

    proposal = proposal_in("under_review", lead=person)
    return ChangeRequest.objects.filter(review__proposal=proposal).first() or ChangeRequest.objects.create(
        review=proposal.review, message="Name the park.")


def officers_only() -> dict:
    return expect(NF, anonymous=LOGIN, council_officer=OK)


def nobodys() -> dict:
    """Officers' pages of a council no one in the world is an officer of."""
    return expect(NF, anonymous=LOGIN)


def _review(name, status, *args):
    return lambda w: reverse(f"parishes:{name}", args=[proposal_in(status).slug, *args])


PAGES = [
    # The officers' queue and their council's own pages.
    Row("council queue", lambda w: reverse("parishes:council"), officers_only()),
    Row("council queue, filtered", lambda w: reverse("parishes:council") + "?status=consultation", officers_only()),
    Row("council electorate", lambda w: reverse("parishes:council-electorate"), officers_only()),
    Row("council powers", lambda w: reverse("parishes:council-powers"), officers_only()),
    *[Row(f"the officer's council: {name}",
          lambda w, name=name: reverse(f"parishes:{name}", args=[officers_council(w).code]), officers_only())
      for name in ("council-electorate-authority", "council-electorate-record", "council-electorate-import",
                   "council-power-add")],
    *[Row(f"another council: {name}",
          lambda w, name=name: reverse(f"parishes:{name}", args=[covering_council().code]), nobodys())
      for name in ("council-electorate-authority", "council-electorate-record", "council-electorate-import",
                   "council-power-add")],
    # Each council's map is public.
    Row("a council's map of parishes", lambda w: reverse("parishes:council-map", args=[covering_council().code]),
        public()),
    Row("an unknown council's map", lambda w: reverse("parishes:council-map", args=["E99999999"]), expect(NF)),
    # A review: only officers of a council covering the proposal, and the world's officer covers none.
    Row("review of a valid petition", _review("review", "valid"), nobodys()),
    Row("review: decline a valid petition", _review("review-decline", "valid"), nobodys()),
    Row("review of a proposal under review", _review("review", "under_review"), nobodys()),
    Row("review of a decided proposal", _review("review", "approved"), nobodys()),
    *[Row(f"review under way: {name}", _review(name, "under_review"), nobodys())
      for name in ("review-case-officer", "review-changes", "consultation-open", "decision", "decision-conditions",
                   "decision-check")],
    Row("review under way: a checklist item", _review("review-checklist", "under_review", "area"), nobodys()),
    Row("consultation: respond to everyone", _review("consultation-respond", "consultation"), nobodys()),
    *[Row(f"consultation: {name} a comment",
          lambda w, name=name: reverse(f"parishes:consultation-{name}",
                                       args=[proposal_in("consultation").slug, comment_on(proposal_in("consultation")).pk]),
          nobodys())
      for name in ("hide", "respond-to")],
    # Starting a review and closing a consultation act, so they answer only POST.
    Row("review: start", _review("review-start", "valid"), expect(405, anonymous=LOGIN)),
    Row("consultation: close", _review("consultation-close", "consultation"), expect(405, anonymous=LOGIN)),
    # Residents' part: anyone signed in reaches the comment page (it says who may comment); proposers answer.
    Row("comment in a consultation", _review("comment", "consultation"), signed_in()),
    Row("a resident's request for changes: answer",
        lambda w: reverse("parishes:answer-changes", args=[
            proposal_in("under_review", lead=w.people["resident"]).slug, change_asked_of(w.people["resident"]).pk]),
        expect(NF, anonymous=LOGIN, resident=OK)),
]
API: list = []
