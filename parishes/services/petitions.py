"""Writes for petitions: signing and withdrawing, the threshold making a petition valid, and a council declining
one for an area it reviewed recently."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.notifications.services import notify
from covenant.organisations.models import Organisation, OrganisationType, Role
from covenant.organisations.selectors import people_with_roles
from covenant.places.models import LocalAuthority

from .. import selectors
from ..models import Proposal, ProposalStatus, Signature
from ..thresholds import petition_is_met, petition_threshold
from .common import (
    REASON_MAX,
    RECENT_REVIEW_YEARS,
    REVIEW_MONTHS,
    SIGNING,
    add_months,
    locked,
    notify_proposers,
    proposal_url,
    require,
    resident_postcode_inside,
)


@transaction.atomic
def petition_sign(*, actor, proposal: Proposal) -> Signature:
    """A resident of the area signs; the signature that reaches the threshold makes the petition valid."""
    proposal = locked(proposal)
    require(actor, "parishes.sign_petition", proposal)
    if Signature.objects.active().filter(proposal=proposal, signer=actor).exists():
        raise ValidationError(_("You have already signed this petition"))
    postcode = resident_postcode_inside(actor, proposal, doing=SIGNING)
    try:
        # A savepoint, so a signature racing past the check above fails alone, not the whole transaction.
        with transaction.atomic():
            signature = Signature.objects.create(proposal=proposal, signer=actor, postcode=postcode)
    except IntegrityError:
        raise ValidationError(_("You have already signed this petition")) from None
    audit_record(actor=actor, action="parishes.petition_signed", target=proposal,
                 metadata={"signature_id": signature.pk})
    _make_valid_if_met(actor=actor, proposal=proposal)
    return signature


def _make_valid_if_met(*, actor, proposal: Proposal) -> bool:
    area = selectors.proposal_area(proposal)
    electors = selectors.electors_in_area(area)
    signatures = selectors.active_signature_count(proposal)
    if not petition_is_met(signatures=signatures, electors=electors):
        return False
    now = timezone.now()
    threshold = petition_threshold(electors)
    proposal.status = ProposalStatus.VALID
    proposal.valid_at = now
    proposal.review_deadline = add_months(timezone.localdate(now), REVIEW_MONTHS)
    proposal.electors_at_validity = electors
    proposal.threshold_at_validity = threshold
    proposal.save(update_fields=["status", "valid_at", "review_deadline", "electors_at_validity",
                                 "threshold_at_validity", "updated_at"])
    authorities = list(selectors.local_authorities_for_area(area))
    proposal.covering_authorities.set(authorities)
    audit_record(actor=actor, action="parishes.petition_valid", target=proposal,
                 changes={"status": [ProposalStatus.PUBLISHED, ProposalStatus.VALID]},
                 metadata={"signatures": signatures, "electors": electors, "threshold": threshold,
                           "review_deadline": proposal.review_deadline.isoformat(),
                           "covering_authorities": [a.code for a in authorities]})
    context = {"signatures": signatures, "electors": electors,
               "review_deadline": date_format(proposal.review_deadline, "j F Y"),
               "councils": ", ".join(a.name or a.code for a in authorities) or _("the council")}
    notify_proposers(proposal, "parishes.petition_valid", context, key=f"valid:{proposal.pk}")
    councils = Organisation.objects.verified().filter(type=OrganisationType.LOCAL_AUTHORITY,
                                                      ons_code__in=[a.code for a in authorities])
    for council in councils:
        for officer in people_with_roles(council, [Role.OFFICER]):
            notify(event="parishes.petition_received", recipient=officer, key=f"received:{proposal.pk}:{officer.pk}",
                   context={"proposal_name": proposal.name, **context}, url=proposal_url(proposal))
    return True


def petitions_recheck(*, actor, local_authority) -> list[Proposal]:
    """Make valid the open petitions in a council's area that new electorate figures show have reached their
    threshold already (figures may arrive after the signatures). Called inside the electorate's transaction."""
    made_valid = []
    for proposal in Proposal.objects.select_for_update().filter(status=ProposalStatus.PUBLISHED,
                                                                covering_authorities=local_authority):
        if _make_valid_if_met(actor=actor, proposal=proposal):
            made_valid.append(proposal)
    return made_valid


@transaction.atomic
def petition_withdraw(*, actor, proposal: Proposal) -> Signature:
    """Withdraw the actor's signature while the petition is open; the row stays, dated."""
    proposal = locked(proposal)
    require(actor, "parishes.withdraw_signature", proposal)
    signature = Signature.objects.active().select_for_update().filter(proposal=proposal, signer=actor).first()
    if signature is None:
        raise ValidationError(_("You have not signed this petition"))
    signature.withdrawn_at = timezone.now()
    signature.save(update_fields=["withdrawn_at"])
    audit_record(actor=actor, action="parishes.petition_withdrawn", target=proposal,
                 metadata={"signature_id": signature.pk})
    return signature


@transaction.atomic
def petition_decline_recent_review(*, actor, proposal: Proposal, reviewed_on: datetime.date,
                                   reason: str) -> Proposal:
    """A covering council declines a valid petition because it reviewed the area within the last 2 years."""
    proposal = locked(proposal)
    require(actor, "parishes.decline_petition", proposal)
    errors: dict[str, str] = {}
    if proposal.status != ProposalStatus.VALID:
        raise ValidationError(_("Only a valid petition waiting for its review can be declined"))
    today = timezone.localdate()
    if not isinstance(reviewed_on, datetime.date) or isinstance(reviewed_on, datetime.datetime):
        errors["reviewed_on"] = _("Enter the date of the last review, like 14 3 2025")
    elif reviewed_on > today:
        errors["reviewed_on"] = _("The date of the last review must be today or in the past")
    elif reviewed_on < add_months(today, -12 * RECENT_REVIEW_YEARS):
        errors["reviewed_on"] = _("A petition can be declined only if the area was reviewed in the last "
                                  "%(years)s years. Start the review instead") % {"years": RECENT_REVIEW_YEARS}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Enter the reason for declining the petition")
    elif len(reason) > REASON_MAX:
        errors["reason"] = _("Reason must be %(max)s characters or fewer") % {"max": f"{REASON_MAX:,}"}
    if errors:
        raise ValidationError(errors)
    previous = proposal.status
    proposal.status = ProposalStatus.DECLINED
    proposal.declined_at = timezone.now()
    proposal.declined_by = actor
    proposal.decline_reason = reason
    proposal.save(update_fields=["status", "declined_at", "declined_by", "decline_reason", "updated_at"])
    codes = selectors.officer_authority_codes(actor) & selectors.covering_authority_codes(proposal)
    council = LocalAuthority.objects.filter(code__in=codes).order_by("code").first()
    audit_record(actor=actor, action="parishes.petition_declined", target=proposal,
                 changes={"status": [previous, ProposalStatus.DECLINED]},
                 metadata={"reviewed_on": reviewed_on.isoformat(), "reason": reason,
                           "local_authority": council.code if council else ""})
    notify_proposers(proposal, "parishes.petition_declined",
                      {"council": (council.name or council.code) if council else _("The council"),
                       "reviewed_on": date_format(reviewed_on, "j F Y"), "reason": reason},
                      key=f"declined:{proposal.pk}")
    return proposal
