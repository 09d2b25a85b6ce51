"""The participatory budget's vote: residents cast and change one ballot each while the vote is open; after it
closes, officers compute the result by the documented method (budgeting.py), then publish it with its data."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from covenant.audit.services import audit_record
from services.following import followers_notify

from .. import budgeting, dates, selectors
from ..models import (
    Ballot,
    BallotChoice,
    BudgetResult,
    BudgetResultRow,
    PhaseKind,
    Process,
    VotingMethod,
)
from .common import locked, require, require_open_phase, require_resident


def _vote_closed_message() -> str:
    return _("Votes can only be cast or changed while the vote is open")


def choices_checked(process: Process, choices) -> list:
    """The proposals a ballot chooses, or a ValidationError on "choices" saying what is wrong with them: none,
    the same twice, one not on the ballot, over the budget (spending it) or more than allowed (approving)."""
    try:
        ids = [int(choice) for choice in (choices or [])]
    except (TypeError, ValueError):
        raise ValidationError({"choices": _("Choose proposals from the ballot")}) from None
    if not ids:
        raise ValidationError({"choices": _("Choose at least one proposal")})
    if len(set(ids)) != len(ids):
        raise ValidationError({"choices": _("Choose each proposal only once")})
    options = {p.pk: p for p in selectors.ballot_options(process).filter(pk__in=ids)}
    if len(options) != len(ids):
        raise ValidationError({"choices": _("Choose proposals from the ballot: one of your choices is not on it")})
    chosen = [options[i] for i in ids]
    if process.voting_method == VotingMethod.KNAPSACK:
        total = sum((p.cost for p in chosen), Decimal("0"))
        if total > process.budget:
            raise ValidationError({"choices": _(
                "Your choices cost £%(total)s, more than the budget of £%(budget)s. Remove some proposals") % {
                "total": f"{total:,.2f}", "budget": f"{process.budget:,.2f}"}})
    elif len(chosen) > process.approval_limit:
        raise ValidationError({"choices": ngettext(
            "Choose up to %(limit)s proposal. You chose %(count)s",
            "Choose up to %(limit)s proposals. You chose %(count)s", process.approval_limit) % {
            "limit": process.approval_limit, "count": len(chosen)}})
    return chosen


def _can_vote(actor, process: Process) -> None:
    require(actor, "services_codesign.take_part", process)
    if not process.has_budget:
        raise ValidationError(_("This process holds no vote"))
    require_open_phase(process, PhaseKind.VOTE, _vote_closed_message())
    require_resident(actor, process)


@transaction.atomic
def ballot_cast(*, actor, process: Process, choices) -> Ballot:
    """A resident's one ballot. The process row is locked so the ballot and the end of the vote never cross."""
    process = locked(process)
    _can_vote(actor, process)
    if Ballot.objects.filter(process=process, voter=actor).exists():
        raise ValidationError(_("You have voted already. You can change your vote until the vote closes"))
    chosen = choices_checked(process, choices)
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(process=process, voter=actor, reference=secrets.token_hex(8))
    except IntegrityError:
        raise ValidationError(_("You have voted already. You can change your vote until the vote closes")) from None
    BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, proposal=p) for p in chosen])
    # Who voted is on record; what they chose is not, so the audit log never undoes the ballot's secrecy.
    audit_record(actor=actor, action="services_codesign.ballot_cast", target=process)
    return ballot


@transaction.atomic
def ballot_change(*, actor, process: Process, choices) -> Ballot:
    process = locked(process)
    _can_vote(actor, process)
    ballot = Ballot.objects.filter(process=process, voter=actor).first()
    if ballot is None:
        raise ValidationError(_("You have not voted yet"))
    chosen = choices_checked(process, choices)
    ballot.choices.all().delete()
    BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, proposal=p) for p in chosen])
    ballot.changed_at = timezone.now()
    ballot.save(update_fields=["changed_at"])
    audit_record(actor=actor, action="services_codesign.ballot_changed", target=process)
    return ballot


@transaction.atomic
def result_compute(*, actor, process: Process) -> BudgetResult:
    """Count the closed vote and store the result with its data and their SHA-256. It may be computed again
    until it is published (say, after hiding a proposal that should not have been on the ballot)."""
    process = locked(process)
    require(actor, "services_codesign.manage_process", process)
    if not process.has_budget:
        raise ValidationError(_("This process holds no vote"))
    vote = process.phases.filter(kind=PhaseKind.VOTE).first()
    if process.is_draft or vote is None:
        raise ValidationError(_("The process has no vote to count"))
    if dates.phase_state(vote, dates.today()) != dates.ENDED:
        raise ValidationError(_("The vote closes at the end of %(date)s. Compute the result after that") % {
            "date": date_format(vote.ends_on, "j F Y")})
    existing = BudgetResult.objects.filter(process=process).first()
    if existing is not None and existing.is_published:
        raise ValidationError(_("The result is published, so it cannot be computed again"))
    data = selectors.vote_data(process)
    rows = budgeting.count_data(data)
    if existing is not None:
        existing.delete()
    total = max((row.running_total for row in rows), default=Decimal("0.00"))
    result = BudgetResult.objects.create(
        process=process, method=process.voting_method, budget=process.budget,
        approval_limit=process.approval_limit, ballots=len(data["ballots"]), total_selected=total,
        data=budgeting.canonical_json(data), data_sha256=budgeting.data_sha256(data), computed_by=actor)
    BudgetResultRow.objects.bulk_create([
        BudgetResultRow(result=result, proposal_id=row.proposal, cost=row.cost, votes=row.votes, rank=row.rank,
                        selected=row.selected, running_total=row.running_total) for row in rows])
    audit_record(actor=actor, action="services_codesign.result_computed", target=process,
                 metadata={"ballots": result.ballots, "data_sha256": result.data_sha256,
                           "selected": [row.proposal for row in rows if row.selected]})
    return result


@transaction.atomic
def result_publish(*, actor, process: Process) -> BudgetResult:
    process = locked(process)
    require(actor, "services_codesign.manage_process", process)
    result = BudgetResult.objects.select_for_update().filter(process=process).first()
    if result is None:
        raise ValidationError(_("Compute the result before publishing it"))
    if result.is_published:
        raise ValidationError(_("The result is published already"))
    if budgeting.data_sha256(selectors.vote_data(process)) != result.data_sha256:
        raise ValidationError(_("The ballot has changed since the result was computed (a proposal was hidden or "
                                "ruled out). Compute the result again, then publish it"))
    result.published_at, result.published_by = timezone.now(), actor
    result.save(update_fields=["published_at", "published_by"])
    audit_record(actor=actor, action="services_codesign.result_published", target=process,
                 metadata={"data_sha256": result.data_sha256})
    selected = result.rows.filter(selected=True).count()
    followers_notify(
        target=process, exclude=actor, url=reverse("services:codesign-results", kwargs={"slug": process.slug}),
        key=f"services_codesign:result:{result.pk}",
        title=_("%(process)s: the result of the vote is published") % {"process": process.title},
        summary=ngettext("%(count)s proposal was selected, costing £%(total)s of the £%(budget)s budget.",
                         "%(count)s proposals were selected, costing £%(total)s of the £%(budget)s budget.",
                         selected) % {"count": selected, "total": f"{result.total_selected:,.2f}",
                                      "budget": f"{result.budget:,.2f}"})
    return result
