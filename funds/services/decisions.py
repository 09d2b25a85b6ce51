"""Writes for decisions: approving (the full or a reduced amount, with conditions) or rejecting, with reasons
the applicant sees; the second approval of large awards by a different administrator; and the grant agreement
that an approval issues.

Separation of duties: no one decides an application they assessed or declared a conflict on, or one from an
organisation they belong to; the second approver is never the first. Approving commits the money in the ledger
at once (under the fund and round locks), so an award awaiting its second approval already holds its share of
the round's budget and racing approvals can never overspend it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.audit.services import audit_record

from ..models import (
    DECIDABLE_STATES,
    AccountKind,
    Application,
    ApplicationStatus,
    Decision,
    DecisionOutcome,
    GrantAgreement,
    TransactionKind,
)
from . import ledger
from .applications import release_commitment
from .assessment import separation_problem
from .common import (
    REASONS_MAX,
    clean_text,
    day,
    lock_application,
    lock_for_money,
    notify_administrators,
    notify_applicants,
    notify_person,
    parse_money,
    pounds,
    refusals_audited,
    require,
)
from .publishing import open_data_changed
from .transitions import transition

STANDARD_TERMS = gettext_lazy(
    "The grant is to be spent only on the project described in the application, within the dates agreed. The "
    "organisation will report on its progress when monitoring reports fall due, keep records of how the grant "
    "was spent for 6 years, tell the fund at once of anything that puts the project at risk, and repay any of "
    "the grant not spent on the project or spent in breach of these terms.")


def _deciding(actor, application: Application, *, doing: str) -> None:
    require(actor, "funds.decide_application", application)
    if problem := separation_problem(actor, application, doing=doing):
        raise ValidationError(problem)


def _pending_approval(application: Application) -> Decision:
    decision = (Decision.objects.filter(application=application, outcome=DecisionOutcome.APPROVE,
                                        needs_second_approval=True, confirmed_at__isnull=True,
                                        returned_at__isnull=True).order_by("-decided_at", "-id").first())
    if application.status != ApplicationStatus.AWAITING_SECOND_APPROVAL or decision is None:
        raise ValidationError(_("There is no approval of this application waiting for a second administrator"))
    return decision


def _award(actor, application: Application, decision: Decision) -> GrantAgreement:
    """The approval is final: the applicant is told, the agreement is issued and the award is published."""
    transition(application, ApplicationStatus.APPROVED)
    application.decided_at = timezone.now()
    application.save(update_fields=["decided_at", "updated_at"])
    terms = _("%(organisation)s is awarded %(amount)s from %(fund)s for %(title)s.") % {
        "organisation": application.organisation.name, "amount": pounds(decision.amount),
        "fund": application.round.programme.fund.name, "title": application.title}
    if decision.conditions:
        terms += "\n\n" + _("Conditions: %(conditions)s") % {"conditions": decision.conditions}
    agreement, _created = GrantAgreement.objects.update_or_create(
        application=application, defaults={"terms": f"{terms}\n\n{STANDARD_TERMS}", "issued_at": timezone.now()})
    notify_applicants(application, "funds.application_approved",
                      {"amount": pounds(decision.amount), "requested": pounds(application.amount_requested),
                       "reduced": decision.amount < application.amount_requested,
                       "conditions": decision.conditions, "reasons": decision.reasons},
                      key=f"approved:{decision.pk}")
    open_data_changed()
    return agreement


@refusals_audited("funds.application_approve")
@transaction.atomic
def application_approve(*, actor, application: Application, amount, reasons: str, conditions: str = "") -> Decision:
    """Approve the amount asked for or less (a reduced award), with reasons the applicant sees and any
    conditions. The money is committed from the round's budget now, and refused if the budget has less left.
    At or over the fund's second-approval threshold the award waits for a different administrator's
    `decision_confirm`; under it, it is approved at once and the grant agreement issued."""
    fund, round_, application = lock_for_money(application)
    _deciding(actor, application, doing=_("decide"))
    if application.status not in DECIDABLE_STATES:
        raise ValidationError(_("An application can be decided only after the panel's recommendation, and only "
                                "once"))
    errors: dict[str, str] = {}
    reasons = clean_text(reasons, "reasons", empty=_("Enter the reasons for the decision, which the applicant "
                                                     "will see"), maximum=REASONS_MAX, errors=errors)
    conditions = clean_text(conditions, "conditions", empty="", required=False, maximum=REASONS_MAX, errors=errors)
    amount = parse_money(amount, "amount", label=_("the amount awarded"), errors=errors)
    if amount is not None and amount > application.amount_requested:
        errors["amount"] = _("You cannot award more than the %(requested)s asked for") % {
            "requested": pounds(application.amount_requested)}
    elif amount is not None and round_.fast_track and amount > fund.fast_track_limit:
        errors["amount"] = _("A fast-track grant can be up to %(limit)s") % {"limit": pounds(fund.fast_track_limit)}
    if errors:
        raise ValidationError(errors)
    entry = ledger.transfer(
        actor=actor, fund=fund, kind=TransactionKind.COMMITMENT, application=application,
        description=_("Award to %(organisation)s: %(title)s") % {"organisation": application.organisation.name,
                                                                  "title": application.title},
        debit=ledger.account(fund, AccountKind.COMMITTED, round_),
        credit=ledger.account(fund, AccountKind.ROUND_BUDGET, round_), amount=amount,
        refusal=_("The round has %(available)s left to commit: award that or less, or add to the round's budget"))
    needs_second = amount >= fund.second_approval_threshold
    decision = Decision.objects.create(application=application, outcome=DecisionOutcome.APPROVE, amount=amount,
                                       reasons=reasons, conditions=conditions, decided_by=actor,
                                       needs_second_approval=needs_second)
    previous = application.status
    application.amount_awarded = amount
    application.save(update_fields=["amount_awarded", "updated_at"])
    if needs_second:
        transition(application, ApplicationStatus.AWAITING_SECOND_APPROVAL)
        notify_administrators(application, "funds.second_approval_needed", {"amount": pounds(amount)},
                              key=f"second_approval:{decision.pk}", exclude=[actor])
    else:
        _award(actor, application, decision)
    audit_record(actor=actor, action="funds.application_approved", target=application,
                 changes={"status": [previous, application.status]},
                 metadata={"amount": amount, "requested": application.amount_requested, "reasons": reasons,
                           "conditions": conditions, "needs_second_approval": needs_second,
                           "transaction": entry.pk, "decision": decision.pk})
    return decision


@refusals_audited("funds.decision_confirm")
@transaction.atomic
def decision_confirm(*, actor, application: Application) -> Decision:
    """The second approval of a large award, by an administrator other than the one who approved it first (and
    under the same separation of duties). The grant is then approved and its agreement issued."""
    fund, round_, application = lock_for_money(application)
    require(actor, "funds.decide_application", application)
    decision = _pending_approval(application)
    if decision.decided_by_id == actor.pk:
        raise ValidationError(_("A different administrator must give the second approval: you approved it first"))
    if problem := separation_problem(actor, application, doing=_("approve")):
        raise ValidationError(problem)
    decision.confirmed_by, decision.confirmed_at = actor, timezone.now()
    decision.save(update_fields=["confirmed_by", "confirmed_at"])
    _award(actor, application, decision)
    audit_record(actor=actor, action="funds.approval_confirmed", target=application,
                 changes={"status": [ApplicationStatus.AWAITING_SECOND_APPROVAL, ApplicationStatus.APPROVED]},
                 metadata={"decision": decision.pk, "amount": decision.amount, "first_approver": decision.decided_by_id})
    return decision


@refusals_audited("funds.decision_return")
@transaction.atomic
def decision_return(*, actor, application: Application, reason: str) -> Decision:
    """The second administrator does not confirm: the approval is sent back with a reason, its money returns to
    the round's budget, and the application goes back to the panel's recommendation to be decided again."""
    fund, round_, application = lock_for_money(application)
    require(actor, "funds.decide_application", application)
    decision = _pending_approval(application)
    if decision.decided_by_id == actor.pk:
        raise ValidationError(_("A different administrator must review the approval: you approved it first"))
    if problem := separation_problem(actor, application, doing=_("approve")):
        raise ValidationError(problem)
    reason = clean_text(reason, "reason", empty=_("Enter why you are sending the approval back"),
                        maximum=REASONS_MAX)
    release_commitment(actor, fund, round_, application,
                       description=_("Approval sent back: %(title)s") % {"title": application.title})
    decision.returned_by, decision.returned_at, decision.returned_reason = actor, timezone.now(), reason
    decision.save(update_fields=["returned_by", "returned_at", "returned_reason"])
    latest = application.recommendations.order_by("-recorded_at", "-id").first()
    target = (ApplicationStatus.RECOMMENDED if latest is None or latest.recommended
              else ApplicationStatus.NOT_RECOMMENDED)
    transition(application, target)
    application.amount_awarded = None
    application.save(update_fields=["amount_awarded", "updated_at"])
    audit_record(actor=actor, action="funds.approval_returned", target=application,
                 changes={"status": [ApplicationStatus.AWAITING_SECOND_APPROVAL, target]},
                 metadata={"decision": decision.pk, "reason": reason})
    notify_person(decision.decided_by, application, "funds.approval_returned", {"reason": reason},
                  key=f"returned:{decision.pk}")
    return decision


@refusals_audited("funds.application_reject")
@transaction.atomic
def application_reject(*, actor, application: Application, reasons: str) -> Decision:
    """Reject, with reasons the applicant sees."""
    application = lock_application(application.pk)
    _deciding(actor, application, doing=_("decide"))
    if application.status not in DECIDABLE_STATES:
        raise ValidationError(_("An application can be decided only after the panel's recommendation, and only "
                                "once"))
    reasons = clean_text(reasons, "reasons", empty=_("Enter the reasons for the decision, which the applicant "
                                                     "will see"), maximum=REASONS_MAX)
    decision = Decision.objects.create(application=application, outcome=DecisionOutcome.REJECT, reasons=reasons,
                                       decided_by=actor)
    previous = transition(application, ApplicationStatus.REJECTED)
    application.decided_at = timezone.now()
    application.save(update_fields=["decided_at", "updated_at"])
    audit_record(actor=actor, action="funds.application_rejected", target=application,
                 changes={"status": [previous, ApplicationStatus.REJECTED]},
                 metadata={"reasons": reasons, "decision": decision.pk})
    notify_applicants(application, "funds.application_rejected", {"reasons": reasons,
                                                                  "decided_on": day(application.decided_at)},
                      key=f"rejected:{decision.pk}")
    return decision

