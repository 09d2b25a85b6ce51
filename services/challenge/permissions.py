"""Who may do what in the Community Right to Challenge, as rules permissions named services_challenge.<verb>_<thing>.

A received expression of interest is public (its body, service, status, dates and decision; its content only to
the body and the council). A draft is its body's alone. The council's officers, as the catalogue knows them
(services.catalogue.selectors.manages), set windows and decide. Views fetch challenges through
get_object_or_404_for, so what a person may not see answers the same 404 as what does not exist.
"""

import rules

from covenant.organisations.predicates import is_resident, is_signed_in
from services.catalogue import selectors as catalogue

from . import selectors
from .models import ChallengeStatus


@rules.predicate
def is_received(user, challenge) -> bool:
    return challenge is not None and challenge.status != ChallengeStatus.DRAFT


@rules.predicate
def is_draft(user, challenge) -> bool:
    return challenge is not None and challenge.status == ChallengeStatus.DRAFT


@rules.predicate
def is_awaiting_decision(user, challenge) -> bool:
    return challenge is not None and challenge.status == ChallengeStatus.SUBMITTED


@rules.predicate
def is_modification_proposed(user, challenge) -> bool:
    return challenge is not None and challenge.status == ChallengeStatus.MODIFICATION_PROPOSED


@rules.predicate
def speaks_for_body(user, challenge) -> bool:
    return is_signed_in(user) and selectors.speaks_for(user, challenge)


@rules.predicate
def manages_challenged_service(user, challenge) -> bool:
    return challenge is not None and is_signed_in(user) and catalogue.manages(user, challenge.service.owner)


@rules.predicate
def manages_service(user, service) -> bool:
    return service is not None and is_signed_in(user) and catalogue.manages(user, service.owner)


@rules.predicate
def manages_any(user) -> bool:
    return bool(is_signed_in(user) and catalogue.managed_organisations(user).exists())


# On a Challenge.
rules.add_perm("services_challenge.view_challenge", is_received | speaks_for_body)
# The whole expression of interest, finances included: the body and the council's officers.
rules.add_perm("services_challenge.view_content", speaks_for_body | (is_received & manages_challenged_service))
rules.add_perm("services_challenge.change_challenge", is_draft & speaks_for_body & is_resident)
rules.add_perm("services_challenge.answer_modification", is_modification_proposed & speaks_for_body)
rules.add_perm("services_challenge.review_challenge", is_received & manages_challenged_service)
rules.add_perm("services_challenge.decide_challenge", is_awaiting_decision & manages_challenged_service)
rules.add_perm("services_challenge.request_modification", is_awaiting_decision & manages_challenged_service)
# No object: starting an expression of interest (eligibility is the service's to check, with its reasons).
rules.add_perm("services_challenge.add_challenge", is_resident)
# On a catalogue Service: its council's submission windows.
rules.add_perm("services_challenge.manage_windows", manages_service)
# No object: the officers' queue and windows pages.
rules.add_perm("services_challenge.view_queue", manages_any)
