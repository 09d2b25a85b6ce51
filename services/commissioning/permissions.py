"""Who may do what in public value commissioning, as rules permissions named services_commissioning.<verb>_<thing>.

Officers of the council whose service it is set exercises up and confirm awards; the officers assigned as evaluators
score bids once they have declared no conflict; administrators of verified organisations bid for them. Everyone reads
published exercises, never bids' content.
"""

import rules

from covenant.organisations.models import OrganisationType, Role
from covenant.organisations.predicates import is_signed_in
from covenant.organisations.selectors import organisation_roles
from services.catalogue import selectors as catalogue

from .models import ExerciseStatus


def _exercise_of(obj):
    """The exercise of an exercise, lot or bid."""
    if obj is None:
        return None
    if hasattr(obj, "lot"):
        return obj.lot.exercise
    return getattr(obj, "exercise", obj)


@rules.predicate
def manages_exercise(user, obj) -> bool:
    exercise = _exercise_of(obj)
    return exercise is not None and is_signed_in(user) and catalogue.manages(user, exercise.service.owner)


@rules.predicate
def is_published(user, exercise) -> bool:
    return exercise is not None and exercise.status != ExerciseStatus.DRAFT


@rules.predicate
def is_draft(user, exercise) -> bool:
    return exercise is not None and exercise.status == ExerciseStatus.DRAFT


@rules.predicate
def manages_service(user, service) -> bool:
    return service is not None and is_signed_in(user) and catalogue.manages(user, service.owner)


@rules.predicate
def manages_organisation(user, organisation) -> bool:
    return organisation is not None and is_signed_in(user) and catalogue.manages(user, organisation)


@rules.predicate
def manages_any(user) -> bool:
    return bool(is_signed_in(user) and catalogue.managed_organisations(user).exists())


@rules.predicate
def is_evaluator(user, obj) -> bool:
    """Assigned to evaluate the exercise and not removed by a declared conflict."""
    from .selectors import evaluator_of

    exercise = _exercise_of(obj)
    evaluator = evaluator_of(user, exercise) if exercise is not None and is_signed_in(user) else None
    return evaluator is not None and evaluator.removed_at is None


@rules.predicate
def is_conflicted_evaluator(user, obj) -> bool:
    from .selectors import evaluator_of

    exercise = _exercise_of(obj)
    evaluator = evaluator_of(user, exercise) if exercise is not None and is_signed_in(user) else None
    return bool(evaluator is not None and evaluator.has_conflict)


@rules.predicate
def may_bid_for(user, organisation) -> bool:
    """An administrator of a verified organisation other than a local authority (a council does not bid for its
    own contracts)."""
    return bool(is_signed_in(user) and organisation is not None and organisation.is_verified
                and organisation.type != OrganisationType.LOCAL_AUTHORITY
                and Role.ADMIN in organisation_roles(user=user, organisation=organisation))


@rules.predicate
def is_bidder(user, bid) -> bool:
    return bid is not None and may_bid_for(user, bid.organisation)


@rules.predicate
def bids_unsealed_for_evaluator(user, bid) -> bool:
    """An evaluator who declared no conflict reads a submitted bid once bids have closed."""
    from django.utils import timezone

    from .dates import Phase, bids_phase
    from .models import BidStatus
    from .selectors import evaluator_of

    if bid is None or bid.status != BidStatus.SUBMITTED:
        return False
    exercise = bid.lot.exercise
    evaluator = evaluator_of(user, exercise) if is_signed_in(user) else None
    return bool(evaluator is not None and evaluator.may_score
                and bids_phase(exercise, timezone.localdate()) == Phase.CLOSED)


rules.add_perm("services_commissioning.view_exercise", is_published | manages_exercise)
# On a catalogue Service: setting up an exercise for it.
rules.add_perm("services_commissioning.add_exercise", manages_service)
rules.add_perm("services_commissioning.change_exercise", manages_exercise & is_draft)
# The officers' pages of an exercise: its progress, evaluators and awards.
rules.add_perm("services_commissioning.manage_exercise", manages_exercise)
# On a Lot: confirming its award. Separation of duties: never an evaluator who declared a conflict.
rules.add_perm("services_commissioning.award_lot", manages_exercise & ~is_conflicted_evaluator)
rules.add_perm("services_commissioning.evaluate_exercise", is_evaluator)
rules.add_perm("services_commissioning.score_bid", bids_unsealed_for_evaluator)
# On an Organisation: bidding in its name.
rules.add_perm("services_commissioning.bid_for", may_bid_for)
rules.add_perm("services_commissioning.change_bid", is_bidder)
rules.add_perm("services_commissioning.view_bid", is_bidder | bids_unsealed_for_evaluator)
# No object: the officers' list of exercises.
rules.add_perm("services_commissioning.commission", manages_any)
# On an Organisation (a council): its target for spending with SMEs and VCSEs.
rules.add_perm("services_commissioning.set_spend_target", manages_organisation)
