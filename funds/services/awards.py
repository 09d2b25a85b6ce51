"""Writes after an award: accepting the grant agreement, the tranche schedule and releasing payments (through
the ledger, with who released them), monitoring reports, variations, underspends and clawbacks, and closing
the grant when its final report is approved."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.audit.services import audit_record
from covenant.organisations.selectors import is_member

from ..models import (
    AccountKind,
    Application,
    ApplicationStatus,
    BankDetails,
    Clawback,
    MonitoringReport,
    Payment,
    ReportStatus,
    Tranche,
    TrancheCondition,
    TransactionKind,
    Underspend,
    Variation,
    VariationStatus,
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
    parse_money,
    pounds,
    refusals_audited,
    require,
)
from .publishing import open_data_changed
from .transitions import transition

AWARDED = frozenset({ApplicationStatus.APPROVED, ApplicationStatus.ACCEPTED, ApplicationStatus.ACTIVE})
RUNNING = frozenset({ApplicationStatus.ACCEPTED, ApplicationStatus.ACTIVE})
MAX_TRANCHES = 40
MAX_REPORTS = 40


def _real_date(value, field: str, errors: dict, *, label: str):
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        errors[field] = _("Enter %(label)s as a real date, like 1 4 2027") % {"label": label}
        return None
    return value


@refusals_audited("funds.agreement_accept")
@transaction.atomic
def agreement_accept(*, actor, application: Application, full_name: str, role: str):
    """An administrator of the applicant organisation accepts the grant agreement online, giving their name and
    role; bank details must be in place first, since payments follow."""
    application = lock_application(application.pk)
    require(actor, "funds.accept_agreement", application)
    if application.status != ApplicationStatus.APPROVED:
        raise ValidationError(_("You have accepted the grant agreement already")
                              if application.status in RUNNING
                              else _("The grant agreement can be accepted only once the grant is approved"))
    errors: dict[str, str] = {}
    full_name = clean_text(" ".join((full_name or "").split()), "full_name", empty=_("Enter your full name"),
                           maximum=150, errors=errors)
    role = clean_text(" ".join((role or "").split()), "role",
                      empty=_("Enter your role in the organisation, like Chair of trustees"), maximum=150,
                      errors=errors)
    if not BankDetails.objects.filter(application=application).exists():
        errors["bank_details"] = _("Add your organisation's bank details before you accept the grant")
    if errors:
        raise ValidationError(errors)
    agreement = application.agreement
    agreement.accepted_at, agreement.accepted_by = timezone.now(), actor
    agreement.accepted_name, agreement.accepted_role = full_name, role
    agreement.save(update_fields=["accepted_at", "accepted_by", "accepted_name", "accepted_role"])
    transition(application, ApplicationStatus.ACCEPTED)
    audit_record(actor=actor, action="funds.agreement_accepted", target=application,
                 changes={"status": [ApplicationStatus.APPROVED, ApplicationStatus.ACCEPTED]},
                 metadata={"full_name": full_name, "role": role})
    notify_administrators(application, "funds.agreement_accepted", {"name": full_name},
                          key=f"accepted:{application.pk}")
    return agreement


@refusals_audited("funds.tranches_schedule")
@transaction.atomic
def tranches_schedule(*, actor, application: Application, tranches: list[dict]) -> list[Tranche]:
    """Set the tranches still to be paid: dicts of amount, due_on and condition (TrancheCondition; agreement
    accepted unless given). With those already paid they must add up to the award. Errors are keyed
    tranches-<index>-<field>."""
    fund, round_, application = lock_for_money(application)
    require(actor, "funds.schedule_payments", application)
    if application.status not in AWARDED:
        raise ValidationError(_("Payments can be scheduled only for an approved grant that has not closed"))
    if not tranches or len(tranches) > MAX_TRANCHES:
        raise ValidationError({"tranches": _("Add between 1 and %(max)s tranches") % {"max": MAX_TRANCHES}})
    released = list(application.tranches.filter(released_at__isnull=False))
    errors: dict[str, str] = {}
    clean = []
    previous_due = max((tranche.due_on for tranche in released), default=None)
    for index, entry in enumerate(tranches):
        prefix = f"tranches-{index}-"
        amount = parse_money(entry.get("amount"), prefix + "amount",
                             label=_("the amount of tranche %(n)s") % {"n": index + 1}, errors=errors)
        due_on = _real_date(entry.get("due_on"), prefix + "due_on", errors,
                            label=_("when tranche %(n)s is due") % {"n": index + 1})
        condition = entry.get("condition") or TrancheCondition.AGREEMENT_ACCEPTED
        if condition not in TrancheCondition.values:
            errors[prefix + "condition"] = _("Select the condition for releasing tranche %(n)s") % {"n": index + 1}
        if due_on and previous_due and due_on < previous_due:
            errors[prefix + "due_on"] = _("Tranche %(n)s must be due on or after the tranche before it") % {
                "n": index + 1}
        previous_due = due_on or previous_due
        clean.append((amount, due_on, condition))
    if errors:
        raise ValidationError(errors)
    total = sum((tranche.amount for tranche in released), 0) + sum(amount for amount, _due, _condition in clean)
    if total != application.amount_awarded:
        raise ValidationError({"tranches": _(
            "The tranches add up to %(total)s but the award is %(award)s: make them the same") % {
            "total": pounds(total), "award": pounds(application.amount_awarded)}})
    application.tranches.filter(released_at__isnull=True).delete()
    first = len(released) + 1
    created = Tranche.objects.bulk_create(
        Tranche(application=application, number=first + index, amount=amount, due_on=due_on, condition=condition)
        for index, (amount, due_on, condition) in enumerate(clean))
    audit_record(actor=actor, action="funds.tranches_scheduled", target=application,
                 metadata={"tranches": [{"number": t.number, "amount": t.amount, "due_on": t.due_on,
                                         "condition": t.condition} for t in created]})
    return created


def _condition_problem(tranche: Tranche, application: Application) -> str | None:
    earlier = application.tranches.filter(number__lt=tranche.number, released_at__isnull=True).order_by("number")
    if earlier.exists():
        return _("Release tranche %(n)s first") % {"n": earlier.first().number}
    if tranche.condition == TrancheCondition.PREVIOUS_REPORT_APPROVED:
        report = (application.reports.filter(due_on__lte=tranche.due_on).order_by("-due_on", "-number").first())
        if report is None:
            return _("This tranche is paid once the previous monitoring report is approved, and no report is due "
                     "before it: schedule one, or change the tranche's condition")
        if report.status != ReportStatus.APPROVED:
            return _("This tranche is paid once monitoring report %(n)s (due %(due)s) is approved") % {
                "n": report.number, "due": day(report.due_on)}
    return None


@refusals_audited("funds.tranche_release")
@transaction.atomic
def tranche_release(*, actor, tranche: Tranche, reference: str = "") -> Payment:
    """Pay a tranche once its condition is met and the earlier ones are paid, recorded in the ledger with who
    released it. Refused above what is left to pay on the award. The first payment makes the grant active."""
    fund, round_, application = lock_for_money(tranche.application)
    tranche = Tranche.objects.select_for_update().get(pk=tranche.pk)
    require(actor, "funds.release_payment", application)
    if tranche.released_at is not None:
        raise ValidationError(_("This tranche was paid on %(day)s") % {"day": day(tranche.released_at)})
    if application.status not in RUNNING:
        raise ValidationError(_("Payments can be made only once the grant agreement is accepted, and until the "
                                "grant closes"))
    if is_member(user=actor, organisation=application.organisation):
        raise ValidationError(_("You belong to the applicant organisation, so you cannot pay this grant"))
    if not BankDetails.objects.filter(application=application).exists():
        raise ValidationError(_("The applicant has not given bank details to pay the grant into"))
    if problem := _condition_problem(tranche, application):
        raise ValidationError(problem)
    reference = clean_text(reference, "reference", empty="", required=False, maximum=60)
    left = ledger.application_balance(application, AccountKind.COMMITTED)
    if tranche.amount > left:
        raise ValidationError({"amount": _(
            "This payment of %(amount)s is more than the %(left)s left to pay on this award") % {
            "amount": pounds(tranche.amount), "left": pounds(left)}})
    entry = ledger.transfer(
        actor=actor, fund=fund, kind=TransactionKind.PAYMENT, application=application,
        description=_("Tranche %(n)s to %(organisation)s") % {"n": tranche.number,
                                                              "organisation": application.organisation.name},
        debit=ledger.account(fund, AccountKind.PAID, round_),
        credit=ledger.account(fund, AccountKind.COMMITTED, round_), amount=tranche.amount)
    payment = Payment.objects.create(application=application, tranche=tranche, amount=tranche.amount,
                                     reference=reference, released_by=actor, transaction=entry)
    tranche.released_at, tranche.released_by = payment.released_at, actor
    tranche.save(update_fields=["released_at", "released_by"])
    previous = application.status
    if previous == ApplicationStatus.ACCEPTED:
        transition(application, ApplicationStatus.ACTIVE)
    audit_record(actor=actor, action="funds.payment_released", target=application,
                 changes={"status": [previous, application.status]} if previous != application.status else None,
                 metadata={"tranche": tranche.number, "amount": tranche.amount, "reference": reference,
                           "payment": payment.pk, "transaction": entry.pk})
    notify_applicants(application, "funds.payment_released",
                      {"amount": pounds(tranche.amount), "tranche": tranche.number},
                      key=f"payment:{payment.pk}")
    open_data_changed()
    return payment


@refusals_audited("funds.reports_schedule")
@transaction.atomic
def reports_schedule(*, actor, application: Application, due_dates: list[datetime.date]) -> list[MonitoringReport]:
    """Set the monitoring reports still to come, by the dates they fall due (in order; the last is the final
    report). Reports submitted or approved already stay. Errors are keyed due_dates-<index>."""
    application = lock_application(application.pk)
    require(actor, "funds.review_report", application)
    if application.status not in AWARDED:
        raise ValidationError(_("Reports can be scheduled only for an approved grant that has not closed"))
    if not due_dates or len(due_dates) > MAX_REPORTS:
        raise ValidationError({"due_dates": _("Add between 1 and %(max)s reports") % {"max": MAX_REPORTS}})
    kept = list(application.reports.exclude(status=ReportStatus.DUE).order_by("number"))
    if any(report.is_final for report in kept):
        raise ValidationError(_("The final report has been submitted: no more reports can be scheduled"))
    errors: dict[str, str] = {}
    today = timezone.localdate()
    previous = max((report.due_on for report in kept), default=None)
    clean = []
    for index, value in enumerate(due_dates):
        field = f"due_dates-{index}"
        due_on = _real_date(value, field, errors, label=_("when report %(n)s is due") % {"n": index + 1})
        if due_on and due_on < today:
            errors[field] = _("Report %(n)s must be due today or in the future") % {"n": index + 1}
        elif due_on and previous and due_on <= previous:
            errors[field] = _("Report %(n)s must be due after the report before it") % {"n": index + 1}
        previous = due_on or previous
        clean.append(due_on)
    if errors:
        raise ValidationError(errors)
    application.reports.filter(status=ReportStatus.DUE).delete()
    first = len(kept) + 1
    created = MonitoringReport.objects.bulk_create(
        MonitoringReport(application=application, number=first + index, due_on=due_on,
                         is_final=index == len(clean) - 1)
        for index, due_on in enumerate(clean))
    audit_record(actor=actor, action="funds.reports_scheduled", target=application,
                 metadata={"due": [report.due_on for report in created]})
    return created


def _report(report: MonitoringReport) -> tuple[Application, MonitoringReport]:
    application = lock_application(report.application_id)
    return application, MonitoringReport.objects.select_for_update().get(pk=report.pk)


@refusals_audited("funds.report_submit")
@transaction.atomic
def report_submit(*, actor, report: MonitoringReport, progress: str, spent_to_date) -> MonitoringReport:
    """The grantee reports progress and what it has spent so far, when the report is due or sent back."""
    application, report = _report(report)
    require(actor, "funds.submit_report", application)
    if application.status != ApplicationStatus.ACTIVE:
        raise ValidationError(_("Reports can be submitted once the grant has had its first payment, and until it "
                                "closes"))
    if report.status not in (ReportStatus.DUE, ReportStatus.SENT_BACK):
        raise ValidationError(_("This report has been submitted already"))
    errors: dict[str, str] = {}
    progress = clean_text(progress, "progress", empty=_("Enter what the project has done so far"), errors=errors)
    spent = parse_money(spent_to_date, "spent_to_date", label=_("how much of the grant you have spent"),
                        errors=errors, allow_zero=True)
    if errors:
        raise ValidationError(errors)
    previous = report.status
    report.progress, report.spent_to_date = progress, spent
    report.status, report.submitted_at, report.submitted_by = ReportStatus.SUBMITTED, timezone.now(), actor
    report.save()
    audit_record(actor=actor, action="funds.report_submitted", target=application,
                 changes={"status": [previous, ReportStatus.SUBMITTED]},
                 metadata={"report": report.pk, "number": report.number, "spent_to_date": spent})
    notify_administrators(application, "funds.report_submitted", {"number": report.number},
                          key=f"report_submitted:{report.pk}:{report.submitted_at.isoformat()}")
    return report


def _reviewing(actor, report: MonitoringReport):
    fund, round_, application = lock_for_money(report.application)
    report = MonitoringReport.objects.select_for_update().get(pk=report.pk)
    require(actor, "funds.review_report", application)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be reviewed"))
    if is_member(user=actor, organisation=application.organisation):
        raise ValidationError(_("You belong to the applicant organisation, so you cannot review its reports"))
    return fund, round_, application, report


@refusals_audited("funds.report_approve")
@transaction.atomic
def report_approve(*, actor, report: MonitoringReport, note: str = "") -> MonitoringReport:
    """Approve a submitted report. Approving the final report closes the grant: anything committed and not paid
    is released back to the round's budget as an underspend."""
    fund, round_, application, report = _reviewing(actor, report)
    note = clean_text(note, "note", empty="", required=False)
    report.status, report.reviewed_at, report.reviewed_by, report.review_note = (
        ReportStatus.APPROVED, timezone.now(), actor, note)
    report.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note"])
    audit_record(actor=actor, action="funds.report_approved", target=application,
                 changes={"status": [ReportStatus.SUBMITTED, ReportStatus.APPROVED]},
                 metadata={"report": report.pk, "number": report.number, "final": report.is_final})
    if report.is_final:
        _close(actor, fund, round_, application)
    notify_applicants(application, "funds.report_approved", {"number": report.number, "final": report.is_final,
                                                             "note": note},
                      key=f"report_approved:{report.pk}")
    return report


def _close(actor, fund, round_, application: Application) -> None:
    unpaid = ledger.application_balance(application, AccountKind.COMMITTED)
    if unpaid > 0:
        reason = _("Not paid when the grant closed")
        entry = release_commitment(actor, fund, round_, application, description=reason, amount=unpaid)
        Underspend.objects.create(application=application, amount=unpaid, reason=reason, recorded_by=actor,
                                  transaction=entry)
    transition(application, ApplicationStatus.CLOSED)
    application.closed_at = timezone.now()
    application.save(update_fields=["closed_at", "updated_at"])
    audit_record(actor=actor, action="funds.grant_closed", target=application,
                 changes={"status": [ApplicationStatus.ACTIVE, ApplicationStatus.CLOSED]},
                 metadata={"released": unpaid})
    open_data_changed()


@refusals_audited("funds.report_send_back")
@transaction.atomic
def report_send_back(*, actor, report: MonitoringReport, note: str) -> MonitoringReport:
    """Send a submitted report back to the grantee, saying what to change."""
    _fund, _round, application, report = _reviewing(actor, report)
    note = clean_text(note, "note", empty=_("Enter what the grantee needs to change"))
    report.status, report.reviewed_at, report.reviewed_by, report.review_note = (
        ReportStatus.SENT_BACK, timezone.now(), actor, note)
    report.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note"])
    audit_record(actor=actor, action="funds.report_sent_back", target=application,
                 changes={"status": [ReportStatus.SUBMITTED, ReportStatus.SENT_BACK]},
                 metadata={"report": report.pk, "note": note})
    notify_applicants(application, "funds.report_sent_back", {"number": report.number, "note": note},
                      key=f"report_sent_back:{report.pk}:{report.reviewed_at.isoformat()}")
    return report


@refusals_audited("funds.variation_request")
@transaction.atomic
def variation_request(*, actor, application: Application, reason: str, new_amount=None,
                      new_start: datetime.date | None = None, new_end: datetime.date | None = None) -> Variation:
    """Ask to change an award's amount or dates (the grantee or an administrator); it takes effect when a
    different administrator approves it. One request at a time."""
    application = lock_application(application.pk)
    require(actor, "funds.request_variation", application)
    if application.status not in AWARDED:
        raise ValidationError(_("Only an approved grant that has not closed can be varied"))
    if application.variations.filter(status=VariationStatus.REQUESTED).exists():
        raise ValidationError(_("There is already a variation waiting for a decision"))
    errors: dict[str, str] = {}
    reason = clean_text(reason, "reason", empty=_("Enter why the grant needs to change"), errors=errors)
    if new_amount not in (None, ""):
        new_amount = parse_money(new_amount, "new_amount", label=_("the new amount"), errors=errors)
        if new_amount is not None and new_amount == application.amount_awarded:
            errors["new_amount"] = _("The new amount is the same as the award")
    else:
        new_amount = None
    if new_start is not None:
        new_start = _real_date(new_start, "new_start", errors, label=_("the new start date"))
    if new_end is not None:
        new_end = _real_date(new_end, "new_end", errors, label=_("the new end date"))
    start, end = new_start or application.project_start, new_end or application.project_end
    if start and end and end < start and "new_end" not in errors:
        errors["new_end"] = _("The project must end on or after the day it starts")
    if new_amount is None and new_start is None and new_end is None and not errors:
        errors["new_amount"] = _("Enter a new amount or new dates")
    if errors:
        raise ValidationError(errors)
    variation = Variation.objects.create(application=application, new_amount=new_amount, new_start=new_start,
                                         new_end=new_end, reason=reason, requested_by=actor)
    audit_record(actor=actor, action="funds.variation_requested", target=application,
                 metadata={"variation": variation.pk, "new_amount": new_amount, "new_start": new_start,
                           "new_end": new_end, "reason": reason})
    notify_administrators(application, "funds.variation_requested", {"reason": reason},
                          key=f"variation:{variation.pk}", exclude=[actor])
    return variation


def _deciding_variation(actor, variation: Variation):
    fund, round_, application = lock_for_money(variation.application)
    variation = Variation.objects.select_for_update().get(pk=variation.pk)
    require(actor, "funds.decide_variation", application)
    if variation.status != VariationStatus.REQUESTED:
        raise ValidationError(_("This variation has been decided already"))
    if variation.requested_by_id == actor.pk:
        raise ValidationError(_("A different administrator must decide a variation you asked for"))
    if problem := separation_problem(actor, application, doing=_("vary")):
        raise ValidationError(problem)
    return fund, round_, application, variation


@refusals_audited("funds.variation_approve")
@transaction.atomic
def variation_approve(*, actor, variation: Variation, note: str = "") -> Variation:
    """Approve a variation. A larger amount commits more from the round's budget (refused beyond what is left);
    a smaller one releases the difference, never below what has been paid. Reschedule the tranches after."""
    fund, round_, application, variation = _deciding_variation(actor, variation)
    note = clean_text(note, "note", empty="", required=False)
    if application.status not in AWARDED:
        raise ValidationError(_("Only an approved grant that has not closed can be varied"))
    before = {"amount_awarded": application.amount_awarded, "project_start": application.project_start,
              "project_end": application.project_end}
    if variation.new_amount is not None:
        change = variation.new_amount - application.amount_awarded
        if change > 0:
            ledger.transfer(
                actor=actor, fund=fund, kind=TransactionKind.COMMITMENT, application=application,
                description=_("Variation: %(title)s") % {"title": application.title},
                debit=ledger.account(fund, AccountKind.COMMITTED, round_),
                credit=ledger.account(fund, AccountKind.ROUND_BUDGET, round_), amount=change, field="new_amount",
                refusal=_("The round has %(available)s left to commit: the award can grow by that much at most"))
        elif change < 0:
            unpaid = ledger.application_balance(application, AccountKind.COMMITTED)
            if -change > unpaid:
                raise ValidationError({"new_amount": _(
                    "The award can be reduced by %(unpaid)s at most: the rest has been paid or released") % {
                    "unpaid": pounds(unpaid)}})
            release_commitment(actor, fund, round_, application, amount=-change,
                               description=_("Variation: %(title)s") % {"title": application.title})
        application.amount_awarded = variation.new_amount
    if variation.new_start is not None:
        application.project_start = variation.new_start
    if variation.new_end is not None:
        application.project_end = variation.new_end
    if application.project_start and application.project_end and application.project_end < application.project_start:
        raise ValidationError({"new_end": _("The project must end on or after the day it starts")})
    application.save()
    variation.status, variation.decided_by, variation.decided_at, variation.decision_note = (
        VariationStatus.APPROVED, actor, timezone.now(), note)
    variation.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    after = {field: getattr(application, field) for field in before}
    audit_record(actor=actor, action="funds.variation_approved", target=application,
                 changes={field: [before[field], value] for field, value in after.items() if before[field] != value},
                 metadata={"variation": variation.pk, "note": note})
    notify_applicants(application, "funds.variation_decided", {"approved": True, "note": note},
                      key=f"variation_decided:{variation.pk}")
    open_data_changed()
    return variation


@refusals_audited("funds.variation_refuse")
@transaction.atomic
def variation_refuse(*, actor, variation: Variation, note: str) -> Variation:
    _fund, _round, application, variation = _deciding_variation(actor, variation)
    note = clean_text(note, "note", empty=_("Enter why the variation is refused"))
    variation.status, variation.decided_by, variation.decided_at, variation.decision_note = (
        VariationStatus.REFUSED, actor, timezone.now(), note)
    variation.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(actor=actor, action="funds.variation_refused", target=application,
                 metadata={"variation": variation.pk, "note": note})
    notify_applicants(application, "funds.variation_decided", {"approved": False, "note": note},
                      key=f"variation_decided:{variation.pk}")
    return variation


@refusals_audited("funds.underspend_record")
@transaction.atomic
def underspend_record(*, actor, application: Application, amount, reason: str) -> Underspend:
    """Part of the award that will not be paid (the project cost less): released back to the round's budget."""
    fund, round_, application = lock_for_money(application)
    require(actor, "funds.record_underspend", application)
    if application.status not in AWARDED:
        raise ValidationError(_("An underspend can be recorded only on an approved grant that has not closed"))
    errors: dict[str, str] = {}
    amount = parse_money(amount, "amount", label=_("the underspend"), errors=errors)
    reason = clean_text(reason, "reason", empty=_("Enter the reason for the underspend"), maximum=REASONS_MAX,
                        errors=errors)
    if errors:
        raise ValidationError(errors)
    unpaid = ledger.application_balance(application, AccountKind.COMMITTED)
    if amount > unpaid:
        raise ValidationError({"amount": _("Only %(unpaid)s of the award is still to be paid: enter that or less")
                               % {"unpaid": pounds(unpaid)}})
    entry = release_commitment(actor, fund, round_, application, amount=amount,
                               description=_("Underspend: %(title)s") % {"title": application.title})
    underspend = Underspend.objects.create(application=application, amount=amount, reason=reason,
                                           recorded_by=actor, transaction=entry)
    audit_record(actor=actor, action="funds.underspend_recorded", target=application,
                 metadata={"amount": amount, "reason": reason, "transaction": entry.pk})
    return underspend


@refusals_audited("funds.clawback_request")
@transaction.atomic
def clawback_request(*, actor, application: Application, amount, reason: str) -> Clawback:
    """Ask the grantee to repay money paid (misspent, or not spent by the end); the ledger records it when it
    arrives (`clawback_receive`)."""
    application = lock_application(application.pk)
    require(actor, "funds.record_clawback", application)
    errors: dict[str, str] = {}
    amount = parse_money(amount, "amount", label=_("the amount to repay"), errors=errors)
    reason = clean_text(reason, "reason", empty=_("Enter why the money must be repaid"), maximum=REASONS_MAX,
                        errors=errors)
    if errors:
        raise ValidationError(errors)
    paid = ledger.application_balance(application, AccountKind.PAID)
    asked = sum(application.clawbacks.values_list("amount", flat=True), 0)
    if amount > paid - asked:
        raise ValidationError({"amount": _(
            "%(paid)s has been paid and %(asked)s asked back already: enter %(left)s or less") % {
            "paid": pounds(paid), "asked": pounds(asked), "left": pounds(paid - asked)}})
    clawback = Clawback.objects.create(application=application, amount=amount, reason=reason, requested_by=actor)
    audit_record(actor=actor, action="funds.clawback_requested", target=application,
                 metadata={"clawback": clawback.pk, "amount": amount, "reason": reason})
    notify_applicants(application, "funds.clawback_requested", {"amount": pounds(amount), "reason": reason},
                      key=f"clawback:{clawback.pk}")
    return clawback


@refusals_audited("funds.clawback_receive")
@transaction.atomic
def clawback_receive(*, actor, clawback: Clawback) -> Clawback:
    """The repayment has arrived: it goes back to the round's budget, recorded in the ledger."""
    fund, round_, application = lock_for_money(clawback.application)
    clawback = Clawback.objects.select_for_update().get(pk=clawback.pk)
    require(actor, "funds.record_clawback", application)
    if clawback.received_at is not None:
        raise ValidationError(_("This repayment was recorded on %(day)s") % {"day": day(clawback.received_at)})
    entry = ledger.transfer(actor=actor, fund=fund, kind=TransactionKind.CLAWBACK, application=application,
                            description=_("Repaid by %(organisation)s") % {
                                "organisation": application.organisation.name},
                            debit=ledger.account(fund, AccountKind.ROUND_BUDGET, round_),
                            credit=ledger.account(fund, AccountKind.RECOVERED), amount=clawback.amount)
    clawback.received_at, clawback.received_by, clawback.transaction = timezone.now(), actor, entry
    clawback.save(update_fields=["received_at", "received_by", "transaction"])
    audit_record(actor=actor, action="funds.clawback_received", target=application,
                 metadata={"clawback": clawback.pk, "amount": clawback.amount, "transaction": entry.pk})
    open_data_changed()
    return clawback
