"""Residents' writes in a process (ideas, proposals, co-authors, comments, supports) and the council's on them
(responses, hiding with a reason, showing again what was hidden by mistake). Each checks the open phase and that
the person lives in the area."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.notifications.services import notify
from covenant.organisations.selectors import has_verified_email
from services.catalogue.selectors import residence_in
from services.following import followers_notify

from ..models import (
    Coauthorship,
    Comment,
    Contribution,
    ContributionKind,
    PhaseKind,
    Process,
    Response,
    ResponseStatus,
    Support,
)
from ..selectors import public_name
from .common import (
    COMMENT_MAX,
    MAX_COAUTHORS,
    MAX_COMMENT_DEPTH,
    REASON_MAX,
    TEXT_MAX,
    TITLE_MAX,
    contribution_url,
    pounds,
    require,
    require_open_phase,
    require_resident,
    text,
)
from .moderation import reports_uphold


def _ideas_closed() -> str:
    return _("Ideas can only be posted while the ideas phase is open")


def _proposals_closed() -> str:
    return _("Proposals can only be made and changed while the proposals phase is open")


def _supports_closed() -> str:
    return _("Proposals can only be supported while the proposals phase is open")


def _cost(process: Process, value, errors: dict):
    """A proposal's cost: required, and within the budget, when the process holds a participatory budget."""
    if process.has_budget and value in (None, ""):
        errors["cost"] = _("Enter how much the proposal would cost, in pounds")
        return None
    return pounds(value, field="cost", name=_("The cost"), errors=errors, maximum=process.budget)


@transaction.atomic
def idea_post(*, actor, process: Process, title: str, body: str) -> Contribution:
    require(actor, "services_codesign.take_part", process)
    require_open_phase(process, PhaseKind.IDEAS, _ideas_closed())
    require_resident(actor, process)
    errors: dict = {}
    title = text(title, field="title", required=_("Enter a title for your idea"), maximum=TITLE_MAX, errors=errors)
    body = text(body, field="body", required=_("Describe your idea"), maximum=TEXT_MAX, errors=errors)
    if errors:
        raise ValidationError(errors)
    idea = Contribution.objects.create(process=process, kind=ContributionKind.IDEA, author=actor, title=title,
                                       body=body)
    audit_record(actor=actor, action="services_codesign.idea_posted", target=idea, metadata={"process": process.pk})
    return idea


@transaction.atomic
def proposal_submit(*, actor, process: Process, title: str, body: str, cost=None) -> Contribution:
    require(actor, "services_codesign.take_part", process)
    require_open_phase(process, PhaseKind.PROPOSALS, _proposals_closed())
    require_resident(actor, process)
    errors: dict = {}
    title = text(title, field="title", required=_("Enter a title for your proposal"), maximum=TITLE_MAX,
                 errors=errors)
    body = text(body, field="body", required=_("Describe your proposal"), maximum=TEXT_MAX, errors=errors)
    cost = _cost(process, cost, errors)
    if errors:
        raise ValidationError(errors)
    proposal = Contribution.objects.create(process=process, kind=ContributionKind.PROPOSAL, author=actor,
                                           title=title, body=body, cost=cost)
    audit_record(actor=actor, action="services_codesign.proposal_submitted", target=proposal,
                 metadata={"process": process.pk, "cost": None if cost is None else str(cost)})
    return proposal


@transaction.atomic
def proposal_update(*, actor, proposal: Contribution, title: str, body: str, cost=None) -> Contribution:
    """Its author or a co-author changes a proposal while the proposals phase is open."""
    proposal = Contribution.objects.select_for_update().select_related("process", "process__service").get(
        pk=proposal.pk)
    require(actor, "services_codesign.change_proposal", proposal)
    require_open_phase(proposal.process, PhaseKind.PROPOSALS, _proposals_closed())
    errors: dict = {}
    values = {
        "title": text(title, field="title", required=_("Enter a title for your proposal"), maximum=TITLE_MAX,
                      errors=errors),
        "body": text(body, field="body", required=_("Describe your proposal"), maximum=TEXT_MAX, errors=errors),
        "cost": _cost(proposal.process, cost, errors),
    }
    if errors:
        raise ValidationError(errors)
    changes = {}
    for field, value in values.items():
        before = getattr(proposal, field)
        if before != value:
            changes[field] = [None if before is None else str(before), None if value is None else str(value)]
            setattr(proposal, field, value)
    if changes:
        proposal.updated_at = timezone.now()
        proposal.save()
        audit_record(actor=actor, action="services_codesign.proposal_changed", target=proposal, changes=changes)
    return proposal


# Co-authors -----------------------------------------------------------------------------------------------------

@transaction.atomic
def coauthor_invite(*, actor, proposal: Contribution, user) -> Coauthorship:
    """The author invites another resident of the area to co-author the proposal; they are told and accept."""
    proposal = Contribution.objects.select_for_update().select_related("process", "process__service").get(
        pk=proposal.pk)
    require(actor, "services_codesign.invite_coauthor", proposal)
    require_open_phase(proposal.process, PhaseKind.PROPOSALS, _proposals_closed())
    if user is None or not has_verified_email(user):
        raise ValidationError({"user": _("A co-author must have a Covenant account with a confirmed email "
                                         "address. Ask them to sign up first")})
    if user.pk == proposal.author_id:
        raise ValidationError({"user": _("You are the proposal's author. Invite someone else")})
    existing = proposal.coauthorships.filter(user=user).first()
    if existing is not None:
        raise ValidationError({"user": _("They are a co-author already") if existing.accepted_at
                               else _("You have invited them already. They need to accept")})
    if proposal.coauthorships.count() >= MAX_COAUTHORS:
        raise ValidationError({"user": _("A proposal can have up to %(max)s co-authors") % {"max": MAX_COAUTHORS}})
    if not residence_in(user, proposal.process.service):
        raise ValidationError({"user": _("Only residents of the area can co-author a proposal, and we cannot "
                                         "confirm that they live in it")})
    coauthorship = Coauthorship.objects.create(contribution=proposal, user=user, invited_by=actor)
    audit_record(actor=actor, action="services_codesign.coauthor_invited", target=proposal,
                 metadata={"user_id": user.pk})
    notify(event="services_codesign.coauthor_invited", recipient=user,
           key=f"services_codesign:coauthor:{coauthorship.pk}", url=contribution_url(proposal),
           context={"proposal_title": proposal.title, "process_title": proposal.process.title,
                    "invited_by": public_name(actor)})
    return coauthorship


@transaction.atomic
def coauthor_answer(*, actor, proposal: Contribution, accept: bool) -> Coauthorship | None:
    """The invited resident accepts (becoming a co-author, named on the proposal) or declines."""
    proposal = Contribution.objects.select_for_update().select_related("process", "process__service").get(
        pk=proposal.pk)
    require(actor, "services_codesign.answer_coauthorship", proposal)
    invitation = proposal.coauthorships.get(user=actor, accepted_at__isnull=True)
    if not accept:
        invitation.delete()
        audit_record(actor=actor, action="services_codesign.coauthor_declined", target=proposal)
        return None
    require_open_phase(proposal.process, PhaseKind.PROPOSALS, _proposals_closed())
    require_resident(actor, proposal.process)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(actor=actor, action="services_codesign.coauthor_accepted", target=proposal)
    return invitation


# Comments -------------------------------------------------------------------------------------------------------

@transaction.atomic
def comment_post(*, actor, contribution: Contribution, body: str, parent: Comment | None = None) -> Comment:
    """A comment on an idea or proposal, or a reply in its thread, while the process is open."""
    process = contribution.process
    require(actor, "services_codesign.take_part", process)
    require_resident(actor, process)
    if contribution.is_hidden:
        raise ValidationError(_("The council has hidden this, so it takes no more comments"))
    depth = 0
    if parent is not None:
        if parent.contribution_id != contribution.pk:
            raise ValidationError(_("Reply to a comment on this page"))
        if parent.is_hidden:
            raise ValidationError(_("The council has hidden this comment, so it takes no replies"))
        if parent.depth >= MAX_COMMENT_DEPTH:
            raise ValidationError(_("Replies go %(levels)s deep at most. Reply to an earlier comment in the thread")
                                  % {"levels": MAX_COMMENT_DEPTH})
        depth = parent.depth + 1
    errors: dict = {}
    body = text(body, field="body", required=_("Enter your comment"), maximum=COMMENT_MAX, errors=errors)
    if errors:
        raise ValidationError(errors)
    comment = Comment.objects.create(contribution=contribution, parent=parent, depth=depth, author=actor, body=body)
    audit_record(actor=actor, action="services_codesign.comment_posted", target=contribution,
                 metadata={"comment": comment.pk, "parent": getattr(parent, "pk", None)})
    return comment


# Supports -------------------------------------------------------------------------------------------------------

@transaction.atomic
def support_add(*, actor, proposal: Contribution) -> Support:
    """One support per resident per proposal: the unique constraint decides between two clicks at once."""
    process = proposal.process
    require(actor, "services_codesign.take_part", process)
    if not proposal.is_proposal:
        raise ValidationError(_("Only proposals can be supported"))
    if proposal.is_hidden:
        raise ValidationError(_("The council has hidden this proposal, so it cannot be supported"))
    require_open_phase(process, PhaseKind.PROPOSALS, _supports_closed())
    require_resident(actor, process)
    already = _("You support this proposal already")
    if Support.objects.filter(contribution=proposal, supporter=actor).exists():
        raise ValidationError(already)
    try:
        with transaction.atomic():
            support = Support.objects.create(contribution=proposal, supporter=actor)
    except IntegrityError:
        raise ValidationError(already) from None
    audit_record(actor=actor, action="services_codesign.supported", target=proposal)
    return support


@transaction.atomic
def support_withdraw(*, actor, proposal: Contribution) -> None:
    process = proposal.process
    require(actor, "services_codesign.take_part", process)
    require_open_phase(process, PhaseKind.PROPOSALS,
                       _("Supports can only be withdrawn while the proposals phase is open"))
    deleted, _rows = Support.objects.filter(contribution=proposal, supporter=actor).delete()
    if not deleted:
        raise ValidationError(_("You do not support this proposal"))
    audit_record(actor=actor, action="services_codesign.support_withdrawn", target=proposal)


# The council: responses and moderation -------------------------------------------------------------------------

def _authors(contribution: Contribution) -> list:
    people = [contribution.author]
    people += [c.user for c in contribution.coauthorships.filter(accepted_at__isnull=False).select_related("user")]
    return people


@transaction.atomic
def response_publish(*, actor, contribution: Contribution, status: str, body: str) -> Response:
    """The council's response to an idea or proposal, in public; followers of the process and the authors are
    told. A later response replaces the earlier one as the standing answer; both stay on record."""
    contribution = Contribution.objects.select_for_update().select_related("process", "author").get(
        pk=contribution.pk)
    process = contribution.process
    require(actor, "services_codesign.manage_process", process)
    if process.is_draft:
        raise ValidationError(_("Publish the process before responding"))
    errors: dict = {}
    if status not in ResponseStatus.values:
        errors["status"] = _("Choose the council's response")
    body = text(body, field="body", required=_("Explain the council's response"), maximum=TEXT_MAX, errors=errors)
    if errors:
        raise ValidationError(errors)
    response = Response.objects.create(contribution=contribution, status=status, body=body, author=actor)
    before = contribution.response_status
    contribution.response_status = status
    contribution.save(update_fields=["response_status"])
    audit_record(actor=actor, action="services_codesign.response_published", target=contribution,
                 changes={"response_status": [before, status]}, metadata={"response": response.pk})
    label = ResponseStatus(status).label
    title = _("The council responded to “%(title)s”: %(status)s") % {"title": contribution.title, "status": label}
    url = contribution_url(contribution)
    followers_notify(target=process, title=title, summary=body, url=url, exclude=actor,
                     key=f"services_codesign:response:{response.pk}")
    for person in _authors(contribution):
        notify(event="services_codesign.response_published", recipient=person, url=url,
               key=f"services_codesign:response:{response.pk}:author:{person.pk}",
               context={"title": contribution.title, "status": label, "body": body,
                        "process_title": process.title})
    return response


def _reason(reason: str) -> str:
    errors: dict = {}
    reason = text(reason, field="reason", required=_("Enter why the council is hiding it, for everyone to read"),
                  maximum=REASON_MAX, errors=errors)
    if errors:
        raise ValidationError(errors)
    return reason


@transaction.atomic
def contribution_hide(*, actor, contribution: Contribution, reason: str) -> Contribution:
    """Hide an idea or proposal with a reason shown in its place. Nothing is deleted; its author is told why."""
    contribution = Contribution.objects.select_for_update().select_related("process").get(pk=contribution.pk)
    require(actor, "services_codesign.manage_process", contribution.process)
    if contribution.is_hidden:
        raise ValidationError(_("It is hidden already"))
    reason = _reason(reason)
    contribution.hidden_at, contribution.hidden_by, contribution.hidden_reason = timezone.now(), actor, reason
    contribution.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    upheld = reports_uphold(actor=actor, contribution=contribution, comment=None, reason=reason)
    audit_record(actor=actor, action="services_codesign.contribution_hidden", target=contribution,
                 metadata={"kind": contribution.kind, "reason": reason, "reports_upheld": upheld})
    # Keyed by the moment it was hidden: hidden again after a restore, the author is told again.
    notify(event="services_codesign.hidden", recipient=contribution.author, url=contribution_url(contribution),
           key=f"services_codesign:hidden:contribution:{contribution.pk}:{contribution.hidden_at.isoformat()}",
           context={"what": _your_contribution(contribution), "reason": reason})
    return contribution


@transaction.atomic
def comment_hide(*, actor, comment: Comment, reason: str) -> Comment:
    comment = Comment.objects.select_for_update().select_related("contribution", "contribution__process").get(
        pk=comment.pk)
    require(actor, "services_codesign.manage_process", comment.contribution.process)
    if comment.is_hidden:
        raise ValidationError(_("It is hidden already"))
    reason = _reason(reason)
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = timezone.now(), actor, reason
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    upheld = reports_uphold(actor=actor, contribution=comment.contribution, comment=comment, reason=reason)
    audit_record(actor=actor, action="services_codesign.comment_hidden", target=comment.contribution,
                 metadata={"comment": comment.pk, "reason": reason, "reports_upheld": upheld})
    notify(event="services_codesign.hidden", recipient=comment.author,
           url=contribution_url(comment.contribution),
           key=f"services_codesign:hidden:comment:{comment.pk}:{comment.hidden_at.isoformat()}",
           context={"what": _your_comment(comment), "reason": reason})
    return comment


def _your_contribution(contribution: Contribution) -> str:
    return (_("your idea “%(title)s”") if contribution.kind == ContributionKind.IDEA
            else _("your proposal “%(title)s”")) % {"title": contribution.title}


def _your_comment(comment: Comment) -> str:
    return _("your comment on “%(title)s”") % {"title": comment.contribution.title}


def _restore_reason(reason: str) -> str:
    errors: dict = {}
    reason = text(reason, field="reason", required=_("Enter why the council is showing it again"),
                  maximum=REASON_MAX, errors=errors)
    if errors:
        raise ValidationError(errors)
    return reason


def _hiding_on_record(item) -> dict:
    """What the audit keeps of the hide being undone: its reason, when and by whom."""
    return {"hidden_reason": item.hidden_reason, "hidden_at": item.hidden_at.isoformat(),
            "hidden_by": item.hidden_by_id}


@transaction.atomic
def contribution_restore(*, actor, contribution: Contribution, reason: str) -> Contribution:
    """Show again an idea or proposal the council hid by mistake, with the reason for undoing it. The audit log
    keeps the earlier hide's reason beside it; the author is told."""
    contribution = Contribution.objects.select_for_update().select_related("process", "author").get(
        pk=contribution.pk)
    require(actor, "services_codesign.manage_process", contribution.process)
    if not contribution.is_hidden:
        raise ValidationError(_("It is not hidden, so there is nothing to restore"))
    reason = _restore_reason(reason)
    earlier = _hiding_on_record(contribution)
    contribution.hidden_at, contribution.hidden_by, contribution.hidden_reason = None, None, ""
    contribution.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit_record(actor=actor, action="services_codesign.contribution_restored", target=contribution,
                 metadata={"kind": contribution.kind, "reason": reason, **earlier})
    notify(event="services_codesign.restored", recipient=contribution.author, url=contribution_url(contribution),
           key=f"services_codesign:restored:contribution:{contribution.pk}:{earlier['hidden_at']}",
           context={"what": _your_contribution(contribution), "reason": reason})
    return contribution


@transaction.atomic
def comment_restore(*, actor, comment: Comment, reason: str) -> Comment:
    """Show again a comment the council hid by mistake; as contribution_restore."""
    comment = Comment.objects.select_for_update().select_related("contribution", "contribution__process",
                                                                 "author").get(pk=comment.pk)
    require(actor, "services_codesign.manage_process", comment.contribution.process)
    if not comment.is_hidden:
        raise ValidationError(_("It is not hidden, so there is nothing to restore"))
    reason = _restore_reason(reason)
    earlier = _hiding_on_record(comment)
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = None, None, ""
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit_record(actor=actor, action="services_codesign.comment_restored", target=comment.contribution,
                 metadata={"comment": comment.pk, "reason": reason, **earlier})
    notify(event="services_codesign.restored", recipient=comment.author,
           url=contribution_url(comment.contribution),
           key=f"services_codesign:restored:comment:{comment.pk}:{earlier['hidden_at']}",
           context={"what": _your_comment(comment), "reason": reason})
    return comment
