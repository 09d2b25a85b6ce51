"""Who may do what with pop-up parishes, as rules permissions named parishes.<verb>_<thing>.

Views and the API ask `user.has_perm(...)` and fetch proposals through get_object_or_404_for, so a draft a
person may not see answers the same 404 as one that does not exist.
"""

import rules

from covenant.organisations.predicates import is_platform_staff, is_resident, is_signed_in
from covenant.places.models import LocalAuthority

from . import selectors
from .models import IN_REVIEW_STATES, PUBLIC_STATES, Proposal, ProposalStatus


@rules.predicate
def is_public(user, proposal: Proposal) -> bool:
    return proposal is not None and proposal.status in PUBLIC_STATES


@rules.predicate
def is_draft(user, proposal: Proposal) -> bool:
    return proposal is not None and proposal.status == ProposalStatus.DRAFT


@rules.predicate
def is_petition_open(user, proposal: Proposal) -> bool:
    return proposal is not None and proposal.status == ProposalStatus.PUBLISHED


@rules.predicate
def is_in_review(user, proposal: Proposal) -> bool:
    return proposal is not None and proposal.status in IN_REVIEW_STATES


@rules.predicate
def is_valid_petition(user, proposal: Proposal) -> bool:
    return proposal is not None and proposal.status == ProposalStatus.VALID


@rules.predicate
def is_in_consultation(user, proposal: Proposal) -> bool:
    return proposal is not None and proposal.status == ProposalStatus.CONSULTATION


@rules.predicate
def is_past_petition(user, proposal: Proposal) -> bool:
    """The petition has been valid: the proposal is the council's to review, or has been."""
    return proposal is not None and proposal.status not in {ProposalStatus.DRAFT, ProposalStatus.PUBLISHED}


@rules.predicate
def is_lead_proposer(user, proposal: Proposal) -> bool:
    return proposal is not None and proposal.created_by_id == getattr(user, "pk", None)


@rules.predicate
def is_proposer(user, proposal: Proposal) -> bool:
    return selectors.is_proposer(user, proposal)


@rules.predicate
def is_officer_of_covering_authority(user, proposal: Proposal) -> bool:
    """A council officer of one of the local authorities that cover the proposal's area."""
    if proposal is None or not is_signed_in(user):
        return False
    return bool(selectors.officer_authority_codes(user) & selectors.covering_authority_codes(proposal))


@rules.predicate
def is_officer_of_authority(user, local_authority: LocalAuthority) -> bool:
    """A council officer of this local authority (a places LocalAuthority)."""
    if local_authority is None or not is_signed_in(user):
        return False
    return local_authority.pk in selectors.officer_authority_codes(user)


@rules.predicate
def is_any_council_officer(user) -> bool:
    return bool(is_signed_in(user) and selectors.officer_authority_codes(user))


# On a Proposal: anyone sees it once published; its proposers, and platform staff, see the draft too.
rules.add_perm("parishes.view_proposal", is_public | (is_signed_in & (is_proposer | is_platform_staff)))
rules.add_perm("parishes.add_proposal", is_resident)
# Only a draft changes: once the petition opens, people are signing what they read.
rules.add_perm("parishes.change_proposal", is_resident & is_draft & is_proposer)
rules.add_perm("parishes.publish_proposal", is_resident & is_draft & is_proposer)
# Choosing who proposes is the lead proposer's call.
rules.add_perm("parishes.add_coproposer", is_resident & is_draft & is_lead_proposer)
rules.add_perm("parishes.join_founding_group", is_resident & is_draft)
# Where the signer lives is checked by the service, which says why someone outside the area cannot sign.
rules.add_perm("parishes.sign_petition", is_resident & is_petition_open)
rules.add_perm("parishes.withdraw_signature", is_signed_in & is_petition_open)
rules.add_perm("parishes.review_proposal", is_in_review & is_officer_of_covering_authority)
# The review's own page stays readable to the covering councils' officers after the decision, as their record.
rules.add_perm("parishes.view_review", is_past_petition & is_officer_of_covering_authority)
# The council review (services/reviews.py): officers of a covering council start it and work it through;
# proposers answer requests for changes; any signed-in resident comments in an open consultation.
rules.add_perm("parishes.start_review", is_valid_petition & is_officer_of_covering_authority)
rules.add_perm("parishes.answer_changes", is_signed_in & is_in_review & is_proposer)
rules.add_perm("parishes.comment_consultation", is_resident & is_in_consultation)
# Declining for a recent review comes before the review starts.
rules.add_perm("parishes.decline_petition", is_valid_petition & is_officer_of_covering_authority)
# On a LocalAuthority: its officers extend the catalogue of powers and enter its electorate.
rules.add_perm("parishes.add_power", is_officer_of_authority)
rules.add_perm("parishes.record_electorate", is_officer_of_authority)
# No object: the council queue page.
rules.add_perm("parishes.view_council_queue", is_any_council_officer)

# The active parish's rules live beside its pages; importing them here registers them with everything else.
from . import permissions_active  # noqa: E402, F401
