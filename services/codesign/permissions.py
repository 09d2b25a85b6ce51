"""Who may do what in co-design and participatory budgets, as rules permissions named services_codesign.<verb>_<thing>.

Officers are the people who manage the service's owner (services.catalogue.selectors.manages). Residents take
part in published, open processes; whether they live in the service's area, and whether the right phase is open,
the services check, because they say why not. Views fetch objects through get_object_or_404_for, so a draft
process, or an officers' page, answers the same 404 to everyone else as something that does not exist.
"""

import rules

from covenant.organisations.predicates import is_resident, is_signed_in
from services.catalogue import selectors as catalogue

from .models import Comment, Contribution, ContributionKind, Process, ProcessStatus


def _process_of(obj) -> Process | None:
    if isinstance(obj, Process):
        return obj
    if isinstance(obj, Contribution):
        return obj.process
    if isinstance(obj, Comment):
        return obj.contribution.process
    return None


@rules.predicate
def manages_process(user, obj) -> bool:
    process = _process_of(obj)
    return process is not None and is_signed_in(user) and catalogue.manages(user, process.service.owner)


@rules.predicate
def is_public(user, obj) -> bool:
    process = _process_of(obj)
    return process is not None and process.status != ProcessStatus.DRAFT


@rules.predicate
def is_taking_part(user, obj) -> bool:
    """Published and not closed: residents may take part, in whichever phase is open."""
    process = _process_of(obj)
    return process is not None and process.status == ProcessStatus.PUBLISHED


@rules.predicate
def is_proposal(user, contribution) -> bool:
    return isinstance(contribution, Contribution) and contribution.kind == ContributionKind.PROPOSAL


@rules.predicate
def is_visible(user, contribution) -> bool:
    return isinstance(contribution, Contribution) and contribution.hidden_at is None


@rules.predicate
def is_author(user, contribution) -> bool:
    return isinstance(contribution, Contribution) and contribution.author_id == getattr(user, "pk", None)


@rules.predicate
def is_coauthor(user, contribution) -> bool:
    return (isinstance(contribution, Contribution) and is_signed_in(user)
            and contribution.coauthorships.filter(user=user, accepted_at__isnull=False).exists())


@rules.predicate
def is_invited(user, contribution) -> bool:
    return (isinstance(contribution, Contribution) and is_signed_in(user)
            and contribution.coauthorships.filter(user=user, accepted_at__isnull=True).exists())


@rules.predicate
def manages_service(user, service) -> bool:
    return service is not None and is_signed_in(user) and catalogue.manages(user, service.owner)


@rules.predicate
def manages_any(user) -> bool:
    return bool(is_signed_in(user) and catalogue.managed_organisations(user).exists())


# On a Process (or anything in one): the public see it once published; officers see their drafts too.
rules.add_perm("services_codesign.view_process", is_public | manages_process)
# On a Process: editing it and its phases, moderating, responding, the result and accountability.
rules.add_perm("services_codesign.manage_process", manages_process)
# On a catalogue Service: opening a process for it.
rules.add_perm("services_codesign.add_process", manages_service)
# No object: the officers' own pages.
rules.add_perm("services_codesign.view_officer_pages", manages_any)
# On a Process: posting ideas and proposals, commenting, supporting and voting (the services check the phase and
# that the person lives in the area, and say which is wrong).
rules.add_perm("services_codesign.take_part", is_resident & is_taking_part)
rules.add_perm("services_codesign.follow_process", is_signed_in & is_public)
# On a Process (or an idea, proposal or comment in one): reporting it to the council for moderation, by anyone
# signed in with a confirmed email, living in the area or not (the service refuses hidden things and one's own).
rules.add_perm("services_codesign.report_content", is_resident & is_public)
# On a Contribution (a proposal): its author and co-authors change it; only its author invites co-authors.
rules.add_perm("services_codesign.change_proposal",
               is_resident & is_taking_part & is_proposal & is_visible & (is_author | is_coauthor))
rules.add_perm("services_codesign.invite_coauthor", is_resident & is_taking_part & is_proposal & is_visible & is_author)
rules.add_perm("services_codesign.answer_coauthorship", is_resident & is_taking_part & is_proposal & is_invited)
