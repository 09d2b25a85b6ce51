"""Writes for the council review: starting it, the case officer, the checklist, changes asked of proposers,
the public consultation and the decision."""

from __future__ import annotations

import datetime
import decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.notifications.services import notify
from covenant.places.models import LocalAuthority

from .. import selectors, selectors_reviews
from ..models import (
    DEFAULT_CHECKLIST,
    ChangeRequest,
    ChecklistItem,
    ConsultationComment,
    ConsultationResponse,
    Proposal,
    ProposalStatus,
    RequestedPower,
    Review,
)
from .active import parish_activate
from .common import REASON_MAX, locked, notify_proposers, proposal_url, require

MESSAGE_MAX = 5000
NOTE_MAX = 2000
# The government's consultation principles put a proportionate consultation at 2 to 12 weeks; the review
# itself must end within 12 months, so a longer consultation would eat the time left to decide.
CONSULTATION_MAX_WEEKS = 12
# The decisions an officer may take, each ending the review.
DECISIONS = frozenset({ProposalStatus.APPROVED, ProposalStatus.APPROVED_WITH_CONDITIONS, ProposalStatus.REJECTED})


def consultation_weeks() -> int:
    return int(getattr(settings, "PARISH_CONSULTATION_WEEKS", 6))


def checklist_items() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in getattr(settings, "PARISH_REVIEW_CHECKLIST", DEFAULT_CHECKLIST)]


def _text(value, field: str, *, empty: str, maximum: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: empty})
    if len(value) > maximum:
        raise ValidationError({field: _("This must be %(max)s characters or fewer") % {"max": f"{maximum:,}"}})
    return value


def _status(proposal: Proposal, allowed, message: str) -> None:
    if proposal.status not in allowed:
        raise ValidationError(message)


def _review(proposal: Proposal) -> Review:
    return Review.objects.select_for_update().get(proposal=proposal)


def _council_name(review: Review) -> str:
    return review.local_authority.name or review.local_authority.code


def _is_officer_of(user, local_authority) -> bool:
    return local_authority.pk in selectors.officer_authority_codes(user)


@transaction.atomic
def review_start(*, actor, proposal: Proposal) -> Review:
    """An officer of a covering council starts the review of a valid petition, with the default checklist."""
    proposal = locked(proposal)
    require(actor, "parishes.start_review", proposal)
    # The permission holds only while valid; a review already started is said plainly to officers who may.
    codes = selectors.officer_authority_codes(actor) & selectors.covering_authority_codes(proposal)
    local_authority = LocalAuthority.objects.filter(code__in=codes).order_by("code").first()
    review = Review.objects.create(proposal=proposal, local_authority=local_authority, started_by=actor)
    ChecklistItem.objects.bulk_create(
        ChecklistItem(review=review, key=key, label=label, position=position)
        for position, (key, label) in enumerate(checklist_items())
    )
    proposal.status = ProposalStatus.UNDER_REVIEW
    proposal.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="parishes.review_started", target=proposal,
                 changes={"status": [ProposalStatus.VALID, ProposalStatus.UNDER_REVIEW]},
                 metadata={"local_authority": local_authority.code})
    notify_proposers(proposal, "parishes.review_started",
                     {"council": _council_name(review),
                      "review_deadline": date_format(proposal.review_deadline, "j F Y")
                      if proposal.review_deadline else ""},
                     key=f"review_started:{proposal.pk}")
    return review


def _reviewing(actor, proposal: Proposal, allowed=(ProposalStatus.UNDER_REVIEW, ProposalStatus.CONSULTATION),
               message: str | None = None) -> tuple[Proposal, Review]:
    """The proposal and its review locked, the actor checked as an officer of a covering council."""
    proposal = locked(proposal)
    require(actor, "parishes.review_proposal", proposal)
    _status(proposal, allowed, message or _("This can be done only while the proposal is under review"))
    return proposal, _review(proposal)


@transaction.atomic
def review_assign_case_officer(*, actor, proposal: Proposal, officer) -> Review:
    proposal, review = _reviewing(actor, proposal)
    if officer is None or not _is_officer_of(officer, review.local_authority):
        raise ValidationError({"officer": _("Choose an officer of %(council)s as the case officer")
                               % {"council": _council_name(review)}})
    previous = review.case_officer_id
    review.case_officer = officer
    review.case_officer_assigned_at = timezone.now()
    review.save(update_fields=["case_officer", "case_officer_assigned_at"])
    audit_record(actor=actor, action="parishes.case_officer_assigned", target=proposal,
                 changes={"case_officer": [previous, officer.pk]})
    # Proposers hear that someone has the case, not who: they reach the council through requests for changes.
    notify_proposers(proposal, "parishes.case_officer_assigned", {"council": _council_name(review)},
                     key=f"case_officer:{proposal.pk}:{review.case_officer_assigned_at.isoformat()}")
    return review


@transaction.atomic
def review_check(*, actor, proposal: Proposal, key: str, done: bool, note: str = "") -> ChecklistItem:
    """Tick (or untick) one checklist item with a note; who and when are kept."""
    proposal, review = _reviewing(actor, proposal)
    item = review.checklist.select_for_update().filter(key=key).first()
    if item is None:
        raise ValidationError({"key": _("Choose an item of the review checklist")})
    note = (note or "").strip()
    if done and not note:
        raise ValidationError({"note": _("Add a note saying how %(item)s was checked") % {"item": item.label}})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("This must be %(max)s characters or fewer") % {"max": f"{NOTE_MAX:,}"}})
    item.done, item.note, item.checked_at, item.checked_by = bool(done), note, timezone.now(), actor
    item.save(update_fields=["done", "note", "checked_at", "checked_by"])
    audit_record(actor=actor, action="parishes.checklist_checked", target=proposal,
                 metadata={"key": key, "done": item.done, "note": note})
    return item


@transaction.atomic
def review_request_changes(*, actor, proposal: Proposal, message: str) -> ChangeRequest:
    proposal, review = _reviewing(actor, proposal, (ProposalStatus.UNDER_REVIEW,),
                                  _("Changes can be asked for only while the proposal is under review and not in "
                                    "consultation"))
    message = _text(message, "message", empty=_("Enter the changes you are asking the proposers for"),
                    maximum=MESSAGE_MAX)
    change = ChangeRequest.objects.create(review=review, message=message, requested_by=actor)
    audit_record(actor=actor, action="parishes.changes_requested", target=proposal,
                 metadata={"change_request_id": change.pk, "message": message})
    notify_proposers(proposal, "parishes.changes_requested", {"council": _council_name(review), "message": message},
                     key=f"changes_requested:{change.pk}")
    return change


@transaction.atomic
def change_request_answer(*, actor, change: ChangeRequest, answer: str) -> ChangeRequest:
    """A proposer answers a request for changes, once."""
    proposal = locked(change.review.proposal)
    require(actor, "parishes.answer_changes", proposal)
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.answered_at is not None:
        raise ValidationError(_("This request has been answered already"))
    change.answer = _text(answer, "answer", empty=_("Enter your answer to the council"), maximum=MESSAGE_MAX)
    change.answered_at, change.answered_by = timezone.now(), actor
    change.save(update_fields=["answer", "answered_at", "answered_by"])
    audit_record(actor=actor, action="parishes.changes_answered", target=proposal,
                 metadata={"change_request_id": change.pk, "answer": change.answer})
    # The case officer hears, or the officer who asked when no case officer is assigned yet.
    review = change.review
    officer = review.case_officer or change.requested_by
    if officer is not None:
        notify(event="parishes.changes_answered", recipient=officer, key=f"changes_answered:{change.pk}",
               context={"proposal_name": proposal.name, "answer": change.answer}, url=proposal_url(proposal))
    return change


@transaction.atomic
def consultation_open(*, actor, proposal: Proposal, weeks: int | None = None) -> Review:
    """Open the public consultation for `weeks` (PARISH_CONSULTATION_WEEKS by default, 1 to 12)."""
    proposal, review = _reviewing(actor, proposal, (ProposalStatus.UNDER_REVIEW,),
                                  _("A consultation can be opened only while the proposal is under review"))
    if review.consultation_opened_at is not None:
        raise ValidationError(_("The consultation has been held already"))
    weeks = consultation_weeks() if weeks is None else weeks
    if not isinstance(weeks, int) or isinstance(weeks, bool) or weeks < 1:
        raise ValidationError({"weeks": _("A consultation must run for at least 1 week")})
    if weeks > CONSULTATION_MAX_WEEKS:
        raise ValidationError({"weeks": _("A consultation can run for at most %(max)s weeks")
                               % {"max": CONSULTATION_MAX_WEEKS}})
    now = timezone.now()
    review.consultation_opened_at = now
    review.consultation_closes_on = timezone.localdate(now) + datetime.timedelta(weeks=weeks)
    review.save(update_fields=["consultation_opened_at", "consultation_closes_on"])
    proposal.status = ProposalStatus.CONSULTATION
    proposal.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="parishes.consultation_opened", target=proposal,
                 changes={"status": [ProposalStatus.UNDER_REVIEW, ProposalStatus.CONSULTATION]},
                 metadata={"weeks": weeks, "closes_on": review.consultation_closes_on.isoformat()})
    notify_proposers(proposal, "parishes.consultation_opened",
                     {"council": _council_name(review),
                      "closes_on": date_format(review.consultation_closes_on, "j F Y")},
                     key=f"consultation_opened:{proposal.pk}")
    return review


@transaction.atomic
def consultation_comment(*, actor, proposal: Proposal, body: str) -> ConsultationComment:
    proposal = locked(proposal)
    require(actor, "parishes.comment_consultation", proposal)
    review = _review(proposal)
    if timezone.localdate() > review.consultation_closes_on:
        raise ValidationError(_("The consultation closed on %(day)s")
                              % {"day": date_format(review.consultation_closes_on, "j F Y")})
    body = _text(body, "body", empty=_("Enter your comment"), maximum=MESSAGE_MAX)
    comment = ConsultationComment.objects.create(review=review, author=actor, body=body)
    audit_record(actor=actor, action="parishes.consultation_commented", target=proposal,
                 metadata={"comment_id": comment.pk})
    return comment


@transaction.atomic
def consultation_comment_hide(*, actor, comment: ConsultationComment, reason: str) -> ConsultationComment:
    """Hide a comment from the public with a recorded reason; it is never deleted."""
    proposal, _review_ = _reviewing(actor, comment.review.proposal)
    comment = ConsultationComment.objects.select_for_update().get(pk=comment.pk)
    if comment.hidden_at is not None:
        raise ValidationError(_("This comment is hidden already"))
    comment.hidden_reason = _text(reason, "reason", empty=_("Enter the reason for hiding the comment"),
                                  maximum=REASON_MAX)
    comment.hidden_at, comment.hidden_by = timezone.now(), actor
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit_record(actor=actor, action="parishes.consultation_comment_hidden", target=proposal,
                 metadata={"comment_id": comment.pk, "reason": comment.hidden_reason})
    return comment


@transaction.atomic
def consultation_respond(*, actor, proposal: Proposal, body: str,
                         comment: ConsultationComment | None = None) -> ConsultationResponse:
    proposal, review = _reviewing(actor, proposal, (ProposalStatus.CONSULTATION,),
                                  _("Responses can be published only while the consultation is open"))
    if comment is not None and comment.review_id != review.pk:
        raise ValidationError({"comment": _("Choose a comment of this consultation")})
    body = _text(body, "body", empty=_("Enter the council's response"), maximum=MESSAGE_MAX)
    response = ConsultationResponse.objects.create(review=review, comment=comment, author=actor, body=body)
    audit_record(actor=actor, action="parishes.consultation_responded", target=proposal,
                 metadata={"response_id": response.pk, "comment_id": comment.pk if comment else None})
    return response


@transaction.atomic
def consultation_close(*, actor, proposal: Proposal) -> Review:
    """Close the consultation on or after its closing date, so residents have the whole time promised."""
    proposal, review = _reviewing(actor, proposal, (ProposalStatus.CONSULTATION,),
                                  _("Only an open consultation can be closed"))
    if timezone.localdate() < review.consultation_closes_on:
        raise ValidationError(_("The consultation runs until %(day)s. Close it on or after that day")
                              % {"day": date_format(review.consultation_closes_on, "j F Y")})
    review.consultation_closed_at = timezone.now()
    review.save(update_fields=["consultation_closed_at"])
    proposal.status = ProposalStatus.UNDER_REVIEW
    proposal.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="parishes.consultation_closed", target=proposal,
                 changes={"status": [ProposalStatus.CONSULTATION, ProposalStatus.UNDER_REVIEW]},
                 metadata={"comments": review.comments.count()})
    notify_proposers(proposal, "parishes.consultation_closed",
                     {"council": _council_name(review), "comments": review.comments.filter(hidden_at__isnull=True)
                      .count()}, key=f"consultation_closed:{proposal.pk}")
    return review


def _conditions(proposal: Proposal, *, granted_powers, sunset_on, budget_cap) -> dict:
    """The conditions checked; a ValidationError naming every field that is wrong."""
    errors: dict[str, str] = {}
    requested = {rp.power_id: rp for rp in proposal.requested_powers.all()}
    granted_ids = set()
    if granted_powers is not None:
        granted_ids = {getattr(p, "pk", p) for p in granted_powers}
        if not granted_ids:
            errors["granted_powers"] = _("Grant at least one of the powers asked for, or reject the proposal")
        elif granted_ids - set(requested):
            errors["granted_powers"] = _("Grant only powers the proposal asked for")
    if sunset_on is not None:
        today = timezone.localdate()
        if not isinstance(sunset_on, datetime.date) or isinstance(sunset_on, datetime.datetime):
            errors["sunset_on"] = _("Enter the sunset date, like 14 3 2027")
        elif sunset_on <= today:
            errors["sunset_on"] = _("The sunset date must be in the future")
        elif sunset_on > proposal.sunset_on:
            errors["sunset_on"] = _("The sunset date can be no later than the one asked for, %(day)s") % {
                "day": date_format(proposal.sunset_on, "j F Y")}
    if budget_cap is not None:
        try:
            budget_cap = decimal.Decimal(str(budget_cap))
        except decimal.InvalidOperation:
            errors["budget_cap"] = _("Enter the budget cap in pounds, like 5000")
        else:
            if not budget_cap.is_finite() or budget_cap < 0:
                errors["budget_cap"] = _("The budget cap must be 0 pounds or more")
            elif budget_cap.as_tuple().exponent < -2 or budget_cap >= 10 ** 10:
                errors["budget_cap"] = _("Enter the budget cap in pounds and pence, under 10,000,000,000")
    if errors:
        raise ValidationError(errors)
    if granted_powers is None and sunset_on is None and budget_cap is None:
        raise ValidationError(_("Set at least one condition (powers granted, a shorter term or a budget cap), or "
                                "approve without conditions"))
    return {"granted_ids": granted_ids if granted_powers is not None else set(requested),
            "sunset_on": sunset_on, "budget_cap": budget_cap}


def review_conditions_check(*, proposal: Proposal, granted_powers=None, sunset_on: datetime.date | None = None,
                            budget_cap=None) -> None:
    """Check an approval's conditions as review_decide will, changing nothing, so officers see what is wrong
    before they are asked to confirm the decision."""
    _conditions(proposal, granted_powers=granted_powers, sunset_on=sunset_on, budget_cap=budget_cap)


@transaction.atomic
def review_decide(*, actor, proposal: Proposal, decision: str, reasons: str, granted_powers=None,
                  sunset_on: datetime.date | None = None, budget_cap=None) -> Review:
    """Approve, approve with conditions (some of the powers, a shorter term, a budget cap) or reject, always with
    reasons. Decided after any consultation has closed."""
    proposal, review = _reviewing(actor, proposal, (ProposalStatus.UNDER_REVIEW,),
                                  _("A decision can be made only while the proposal is under review, after any "
                                    "consultation has closed"))
    # A community governance review consults before it recommends (2007 Act, s93), so no decision without one.
    if review.consultation_closed_at is None:
        raise ValidationError(_("Hold the public consultation and close it before deciding"))
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Choose approve, approve with conditions or reject")})
    reasons = _text(reasons, "reasons", empty=_("Enter the reasons for the decision"), maximum=REASON_MAX)
    conditions = None
    if decision == ProposalStatus.APPROVED_WITH_CONDITIONS:
        conditions = _conditions(proposal, granted_powers=granted_powers, sunset_on=sunset_on, budget_cap=budget_cap)
    elif granted_powers is not None or sunset_on is not None or budget_cap is not None:
        raise ValidationError(_("Conditions go with an approval with conditions"))
    now = timezone.now()
    requested = RequestedPower.objects.filter(proposal=proposal)
    if decision == ProposalStatus.REJECTED:
        requested.update(granted=False)
    elif conditions is None:
        requested.update(granted=True)
    else:
        requested.filter(power_id__in=conditions["granted_ids"]).update(granted=True)
        requested.exclude(power_id__in=conditions["granted_ids"]).update(granted=False)
        review.requested_sunset_on = proposal.sunset_on
        if conditions["sunset_on"] is not None:
            proposal.sunset_on = conditions["sunset_on"]
        review.budget_cap = conditions["budget_cap"]
    review.decision, review.reasons, review.decided_at, review.decided_by = decision, reasons, now, actor
    review.save(update_fields=["decision", "reasons", "decided_at", "decided_by", "requested_sunset_on",
                               "budget_cap"])
    proposal.status = decision
    proposal.save(update_fields=["status", "sunset_on", "updated_at"])
    if decision != ProposalStatus.REJECTED:
        parish_activate(actor=actor, parish=proposal)
    granted = sorted(requested.filter(granted=True).values_list("power__slug", flat=True))
    audit_record(actor=actor, action="parishes.decided", target=proposal,
                 changes={"status": [ProposalStatus.UNDER_REVIEW, decision]},
                 metadata={"reasons": reasons, "granted_powers": granted,
                           "sunset_on": proposal.sunset_on.isoformat() if proposal.sunset_on else None,
                           "budget_cap": str(review.budget_cap) if review.budget_cap is not None else None})
    notify_proposers(proposal, "parishes.decided",
                     {"council": _council_name(review), "decision": str(ProposalStatus(decision).label),
                      "reasons": reasons, "conditions": "; ".join(selectors_reviews.decision_conditions(review))},
                     key=f"decided:{proposal.pk}")
    return review

