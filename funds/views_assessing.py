"""Assessors' and fund administrators' pages on applications: assigning assessors, conflict declarations, scoring, ranking and the panel, decisions and second approvals, releasing tranches, reviewing reports and variations.

Thin over the services: every page finds its application through `get_object_or_404_for` with the rule for what
it does, so missing and forbidden both answer 404, and shows a service's refusal (separation of duties included)
in the GOV.UK error summary, saving nothing. Staff pages (`@staff_area`) ask for the authenticator app first.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from covenant.accounts.decorators import staff_area
from covenant.core.permissions import get_object_or_404_for
from covenant.organisations.models import Role
from covenant.organisations.selectors import organisations_where_role

from . import selectors
from .forms_assessing import (
    ApproveForm,
    AssignForm,
    ConfirmForm,
    DeclarationForm,
    ModerationForm,
    MoneyReasonForm,
    QueueFilterForm,
    RecommendForm,
    ReleaseForm,
    ReportsScheduleForm,
    ReviewForm,
    ScoresForm,
    TextForm,
    TranchesForm,
)
from .models import (
    DECIDABLE_STATES,
    Application,
    ApplicationStatus,
    Clawback,
    Decision,
    DecisionOutcome,
    MonitoringReport,
    ReportStatus,
    Round,
    Tranche,
    Variation,
    VariationStatus,
)
from .selectors.applications import application_audit_trail, assessor_choices, next_deadline
from .selectors.scoring import round_scores
from .services import (
    application_approve,
    application_recommend,
    application_reject,
    assessor_assign,
    clawback_receive,
    clawback_request,
    conflict_declare,
    decision_confirm,
    decision_return,
    moderation_record,
    report_approve,
    report_send_back,
    reports_schedule,
    scores_record,
    separation_problem,
    tranche_release,
    tranches_schedule,
    underspend_record,
    variation_approve,
    variation_refuse,
)
from .services.common import pounds

APPROVE, REFUSE = "approve", "refuse"


def _posted(request):
    return request.POST if request.method == "POST" else None


def _application(request, pk, perm: str) -> Application:
    """The application if the person may `perm` it; the same 404 for missing and forbidden."""
    return get_object_or_404_for(request.user, perm, selectors.application_for_page(pk), pk=pk)


def case_url(application: Application, anchor: str = "") -> str:
    return reverse("funds:manage-application", kwargs={"pk": application.pk}) + (f"#{anchor}" if anchor else "")


def _question(request, application: Application, form, *, title: str, heading: str = "", intro=(),
              quote: str = "", warning: str = "", back_url: str = "", summary=()):
    """A one-question page about an application, back to its case page."""
    return render(request, "funds/assessing/question.html", {
        "application": application, "form": form, "title": title, "heading": heading, "intro": intro,
        "quote": quote, "warning": warning, "summary": summary, "back_url": back_url or case_url(application),
    })


def _separation_warning(user, application: Application, doing: str) -> str:
    return separation_problem(user, application, doing=doing) or ""


# The round's queue and ranking ---------------------------------------------------------------------------------

def _round(request, round_id) -> Round:
    return get_object_or_404_for(request.user, "funds.administer_fund",
                                 Round.objects.select_related("programme__fund__organisation"), pk=round_id)


@staff_area
def round_applications(request, round_id):
    """A round's submitted applications for its administrators: status, amount, fraud-risk rating, IMD decile,
    score and what is due next."""
    round_ = _round(request, round_id)
    statuses = [choice for choice in ApplicationStatus.choices if choice[0] != ApplicationStatus.DRAFT]
    form = QueueFilterForm(request.GET or None, statuses=statuses)
    status = form.cleaned_data["status"] if form.is_bound and form.is_valid() else ""
    applications = list(selectors.round_applications(round_, status=status).select_related("round")
                        .prefetch_related("tranches", "reports"))
    scores = round_scores(round_, applications)
    rows = [{"application": application, "score": scores[application.pk],
             "due_diligence": getattr(application, "due_diligence", None),
             "deadline": next_deadline(application),
             "assessors": [a for a in application.assignments.all() if a.removed_at is None]}
            for application in applications]
    return render(request, "funds/assessing/round_applications.html", {
        "round": round_, "form": form, "rows": rows, "position": selectors.round_position(round_),
    })


@staff_area
def round_ranking(request, round_id):
    """The round's applications in assessment or awaiting a decision, best first, against the budget left."""
    round_ = _round(request, round_id)
    return render(request, "funds/assessing/ranking.html", {
        "round": round_, "ranking": selectors.round_ranking(round_), "criteria": round_.criteria.all(),
    })


# One application's case page -----------------------------------------------------------------------------------

@staff_area
def application_case(request, pk):
    """The whole application, due diligence, assessment, decisions and what followed, for the fund's
    administrators and for assessors who have declared no conflict."""
    application = _application(request, pk, "funds.view_due_diligence")
    user = request.user
    is_admin = user.has_perm("funds.administer_fund", application)
    score = selectors.application_score(application)
    pending = next((d for d in application.decisions.all() if d.needs_second_approval and d.confirmed_at is None
                    and d.returned_at is None), None)
    status = application.status
    context = {
        "application": application, "is_admin": is_admin, "score": score,
        "due_diligence": getattr(application, "due_diligence", None),
        "assignments": list(application.assignments.all()),
        "pending": pending if status == ApplicationStatus.AWAITING_SECOND_APPROVAL else None,
        "may_assess": user.has_perm("funds.assess_application", application),
    }
    if is_admin:
        context.update({
            "bank": selectors.masked_bank_details(application)
            if user.has_perm("funds.view_bank_details", application) else None,
            "individual_scores": _individual_scores(application),
            "audit": application_audit_trail(application)[:200],
            "money": selectors.award_money(application),
            "underspends": application.underspends.select_related("recorded_by"),
            "clawbacks": application.clawbacks.select_related("requested_by", "received_by"),
            "may_assign": status in (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_ASSESSMENT),
            "may_moderate": status in (ApplicationStatus.IN_ASSESSMENT, ApplicationStatus.RECOMMENDED,
                                       ApplicationStatus.NOT_RECOMMENDED),
            "may_decide": status in DECIDABLE_STATES,
            "awarded": status in (ApplicationStatus.APPROVED, ApplicationStatus.ACCEPTED, ApplicationStatus.ACTIVE),
            "running": status in (ApplicationStatus.ACCEPTED, ApplicationStatus.ACTIVE),
        })
    return render(request, "funds/assessing/case.html", context)


@staff_area
def answer_file(request, pk, answer_id):
    """A file the applicant uploaded, for those who may see the whole application; always a download, never shown
    in the browser, since its content is the applicant's."""
    application = _application(request, pk, "funds.view_due_diligence")
    answer = application.answers.filter(pk=answer_id).exclude(file="").first()
    if answer is None:
        raise Http404
    try:
        handle = answer.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=answer.file_name or "upload")


def _individual_scores(application: Application) -> list:
    """Each assessor's scores and comments (a conflicted assessor has none to show)."""
    return [(assignment, list(assignment.scores.select_related("criterion")))
            for assignment in application.assignments.all() if assignment.removed_at is None]


# Assessors -----------------------------------------------------------------------------------------------------

@staff_area
def assessor_assign_page(request, pk):
    application = _application(request, pk, "funds.assign_assessor")
    fund = application.round.programme.fund
    form = AssignForm(_posted(request), assessors=assessor_choices(application),
                      organisation=fund.organisation.name)
    if request.method == "POST" and form.is_valid():
        try:
            assessor_assign(actor=request.user, application=application, assessor=form.cleaned_data["assessor"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(name)s is asked to assess this application. They declare their "
                                        "interests before they see it") % {
                "name": form.cleaned_data["assessor"].display_name})
            return redirect(case_url(application, "assessment"))
    intro = [] if form.fields["assessor"].queryset.exists() else [
        _("Everyone with the assessor or fund administrator role in %(organisation)s is assigned already, declared "
          "a conflict or belongs to the applicant. Give someone the assessor role first.") % {
            "organisation": fund.organisation.name}]
    return _question(request, application, form, title=_("Who should assess this application?"), intro=intro)


def _is_assessing_person(user) -> bool:
    return any(organisations_where_role(user, role).exists() for role in (Role.ASSESSOR, Role.FUND_ADMINISTRATOR))


@staff_area
def assess_queue(request):
    """An assessor's own applications (those to declare on first), and awards waiting for a second approval."""
    assignments = list(selectors.assignments_of(request.user))
    if not assignments and not _is_assessing_person(request.user):
        raise Http404
    rounds = (Round.objects.filter(programme__fund__in=selectors.funds_administered_by(request.user))
              .exclude(published_at__isnull=True).select_related("programme__fund").order_by("-opens_at", "pk"))
    return render(request, "funds/assessing/assess_queue.html", {
        "rounds": rounds,
        "to_declare": [a for a in assignments if not hasattr(a, "declaration")],
        "declared": [a for a in assignments if hasattr(a, "declaration")],
        "second_approvals": selectors.awaiting_second_approval(request.user),
    })


@staff_area
def conflict_declare_page(request, pk):
    """Before seeing anything of the application but who applied and for what, the assessor declares."""
    application = get_object_or_404_for(
        request.user, "funds.declare_conflict",
        Application.objects.select_related("organisation", "round__programme__fund"), pk=pk)
    form = DeclarationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            conflict_declare(actor=request.user, application=application, has_conflict=form.conflict,
                             details=form.cleaned_data["details"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if form.conflict:
                messages.success(request, _("You have declared a conflict of interest, so you will not assess this "
                                            "application. The fund's administrators have been told"))
                return redirect(reverse("funds:assess"))
            messages.success(request, _("You have declared no conflict of interest. You can now assess the "
                                        "application"))
            return redirect(reverse("funds:assess-score", kwargs={"pk": application.pk}))
    return render(request, "funds/assessing/declare.html", {"application": application, "form": form})


@staff_area
def scores_page(request, pk):
    application = _application(request, pk, "funds.assess_application")
    criteria = list(application.round.criteria.order_by("position", "id"))
    assignment = application.assignments.get(assessor=request.user, removed_at__isnull=True)
    initial = {}
    for score in assignment.scores.all():
        initial[f"criterion-{score.criterion_id}-score"] = str(score.score)
        initial[f"criterion-{score.criterion_id}-comment"] = score.comment
    form = ScoresForm(_posted(request), criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = scores_record(actor=request.user, application=application, scores=form.scores())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            left = len(criteria) - assignment.scores.count()
            messages.success(request, (_("Your scores are saved") if not left else
                                       _("%(saved)s scores saved: %(left)s criteria still to score") % {
                                           "saved": len(saved), "left": left}))
            return redirect(case_url(application, "assessment"))
    return render(request, "funds/assessing/scores.html", {"application": application, "form": form,
                                                           "criteria": criteria})


@staff_area
def moderation_page(request, pk, criterion_id):
    application = _application(request, pk, "funds.moderate_application")
    criterion = application.round.criteria.filter(pk=criterion_id).first()
    if criterion is None:
        raise Http404
    existing = application.moderations.filter(criterion=criterion).first()
    form = ModerationForm(_posted(request), initial={"score": existing.score, "reason": existing.reason}
                          if existing else None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation_record(actor=request.user, application=application, criterion=criterion,
                              score=form.cleaned_data["score"], reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The moderated score for %(criterion)s is saved") % {
                "criterion": criterion.name})
            return redirect(case_url(application, "scores"))
    found = next((c for c in selectors.application_score(application).criteria if c.criterion.pk == criterion.pk),
                 None)
    summary = [(_("Assessors' scores"), ", ".join(str(s) for s in found.scores) or _("None yet")),
               (_("Mean"), found.mean if found.mean is not None else _("None yet"))] if found else []
    return _question(request, application, form, title=_("Moderate the score for %(criterion)s") % {
        "criterion": criterion.name}, heading=_("Moderate the score for %(criterion)s") % {"criterion": criterion.name},
        intro=[_("The agreed score replaces the assessors' mean for this criterion.")], summary=summary,
        warning=_separation_warning(request.user, application, _("moderate")))


@staff_area
def recommend_page(request, pk):
    application = _application(request, pk, "funds.recommend_application")
    form = RecommendForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            application_recommend(actor=request.user, application=application, recommended=form.is_recommended,
                                  notes=form.cleaned_data["notes"], amount=form.cleaned_data["amount"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The panel's recommendation is recorded") if form.is_recommended
                             else _("The panel's recommendation against is recorded"))
            return redirect(case_url(application, "decision"))
    score = selectors.application_score(application)
    summary = [(_("Amount asked for"), pounds(application.amount_requested)),
               (_("Weighted score"), f"{score.weighted} / 5" if score.complete else _("Not fully scored yet"))]
    return _question(request, application, form, title=_("The panel's recommendation"),
                     heading=_("The panel's recommendation"), summary=summary)


# Deciding ------------------------------------------------------------------------------------------------------

def _decision_summary(application: Application) -> list:
    latest = application.recommendations.order_by("-recorded_at", "-id").first()
    summary = [(_("Amount asked for"), pounds(application.amount_requested))]
    if latest is not None:
        summary.append((_("The panel"), (_("Recommends") if latest.recommended else _("Does not recommend"))
                        + (f" ({pounds(latest.amount)})" if latest.amount else "")))
        summary.append((_("The panel's reasons"), latest.notes))
    fund = application.round.programme.fund
    summary.append((_("Second approval"), _("Needed for awards of %(threshold)s or more") % {
        "threshold": pounds(fund.second_approval_threshold)}))
    return summary


@staff_area
def approve_page(request, pk):
    application = _application(request, pk, "funds.decide_application")
    latest = application.recommendations.order_by("-recorded_at", "-id").first()
    suggested = latest.amount if latest is not None and latest.amount else application.amount_requested
    form = ApproveForm(_posted(request), initial={"amount": f"{suggested:f}" if suggested is not None else ""})
    if request.method == "POST" and form.is_valid():
        try:
            decision = application_approve(actor=request.user, application=application, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if decision.needs_second_approval:
                messages.success(request, _("Approved for %(amount)s. It now needs a second approval by another "
                                            "administrator, who has been told") % {"amount": pounds(decision.amount)})
            else:
                messages.success(request, _("Approved for %(amount)s. The applicant has been told and sent the "
                                            "grant agreement") % {"amount": pounds(decision.amount)})
            return redirect(case_url(application, "decision"))
    return _question(request, application, form, title=_("Approve the grant"), heading=_("Approve the grant"),
                     summary=_decision_summary(application),
                     warning=_separation_warning(request.user, application, _("decide")))


@staff_area
def reject_page(request, pk):
    application = _application(request, pk, "funds.decide_application")
    form = TextForm(_posted(request), field="reasons", label=_("Reasons for the decision"),
                    help_text=_("The applicant sees these"), button=_("Reject the application"), warning=True)
    if request.method == "POST" and form.is_valid():
        try:
            application_reject(actor=request.user, application=application, reasons=form.text)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The application is rejected. The applicant has been told, with your "
                                        "reasons"))
            return redirect(case_url(application, "decision"))
    return _question(request, application, form, title=_("Reject the application"),
                     heading=_("Reject the application"), summary=_decision_summary(application),
                     warning=_separation_warning(request.user, application, _("decide")))


def _pending_decision(application: Application) -> Decision:
    decision = (application.decisions.filter(outcome=DecisionOutcome.APPROVE, needs_second_approval=True,
                                             confirmed_at__isnull=True, returned_at__isnull=True)
                .select_related("decided_by").order_by("-decided_at", "-id").first())
    if application.status != ApplicationStatus.AWAITING_SECOND_APPROVAL or decision is None:
        raise Http404
    return decision


def _second_summary(decision: Decision) -> list:
    return [(_("Amount"), pounds(decision.amount)),
            (_("First approved by"), f"{decision.decided_by.display_name}, {decision.decided_at:%d/%m/%Y}"),
            (_("Reasons"), decision.reasons), (_("Conditions"), decision.conditions or _("None"))]


@staff_area
def second_approval_page(request, pk):
    """The second administrator confirms a large award, or goes on to send it back."""
    application = _application(request, pk, "funds.decide_application")
    decision = _pending_decision(application)
    form = ConfirmForm(_posted(request), button=_("Confirm the award"))
    if request.method == "POST" and form.is_valid():
        try:
            decision_confirm(actor=request.user, application=application)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The award of %(amount)s is confirmed. The applicant has been told and sent "
                                        "the grant agreement") % {"amount": pounds(decision.amount)})
            return redirect(case_url(application, "decision"))
    warning = (_("You approved this award first: a different administrator must give the second approval")
               if decision.decided_by_id == request.user.pk
               else _separation_warning(request.user, application, _("approve")))
    return render(request, "funds/assessing/second_approval.html", {
        "application": application, "decision": decision, "form": form, "warning": warning,
        "summary": _second_summary(decision),
    })


@staff_area
def second_approval_return_page(request, pk):
    application = _application(request, pk, "funds.decide_application")
    decision = _pending_decision(application)
    form = TextForm(_posted(request), field="reason", label=_("Why are you sending the approval back?"),
                    help_text=_("The administrator who approved it is told"), button=_("Send the approval back"),
                    warning=True)
    if request.method == "POST" and form.is_valid():
        try:
            decision_return(actor=request.user, application=application, reason=form.text)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The approval is sent back and its money returned to the round's budget. "
                                        "The application can be decided again"))
            return redirect(case_url(application, "decision"))
    return _question(request, application, form, title=_("Send the approval back"),
                     heading=_("Send the approval back"), summary=_second_summary(decision),
                     back_url=reverse("funds:manage-second-approval", kwargs={"pk": application.pk}))


# After the award -----------------------------------------------------------------------------------------------

@staff_area
def tranches_page(request, pk):
    application = _application(request, pk, "funds.schedule_payments")
    unpaid = list(application.tranches.filter(released_at__isnull=True).order_by("number"))
    initial = {}
    for index, tranche in enumerate(unpaid[:6]):
        initial.update({f"tranches-{index}-amount": f"{tranche.amount:f}", f"tranches-{index}-due_on": tranche.due_on,
                        f"tranches-{index}-condition": tranche.condition})
    form = TranchesForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        tranches = form.tranches()
        try:
            created = tranches_schedule(actor=request.user, application=application, tranches=tranches)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(count)s tranches are scheduled") % {"count": len(created)})
            return redirect(reverse("funds:manage-payments", kwargs={"pk": application.pk}))
    money = selectors.award_money(application)
    summary = [(_("Award"), pounds(application.amount_awarded)), (_("Paid so far"), pounds(money.paid)),
               (_("Still to schedule and pay"), pounds((application.amount_awarded or 0) - money.paid))]
    return _question(request, application, form, title=_("Schedule the payments"),
                     heading=_("Schedule the payments"), summary=summary,
                     intro=[_("With the tranches paid already, they must add up to the award. Tranches are paid in "
                              "order, each once its condition is met. Leave rows you do not need empty.")])


@staff_area
def payments_page(request, pk):
    """The award's tranches and payments, for administrators and finance staff who release them."""
    return _payments(request, _application(request, pk, "funds.release_payment"))


def _payments(request, application: Application, *, errors=()):
    return render(request, "funds/assessing/payments.html", {
        "application": application, "money": selectors.award_money(application), "errors": errors,
        "clawbacks": application.clawbacks.select_related("requested_by", "received_by"),
        "underspends": application.underspends.select_related("recorded_by"),
        "tranches": application.tranches.select_related("released_by").order_by("number"),
        "payments": application.payments.select_related("released_by", "tranche"),
        "bank": selectors.masked_bank_details(application),
        "may_schedule": request.user.has_perm("funds.schedule_payments", application),
        "is_admin": request.user.has_perm("funds.administer_fund", application),
    })


@staff_area
def tranche_release_page(request, pk, tranche_id):
    application = _application(request, pk, "funds.release_payment")
    tranche = Tranche.objects.filter(pk=tranche_id, application=application).first()
    if tranche is None:
        raise Http404
    form = ReleaseForm(_posted(request), button=_("Release %(amount)s") % {"amount": pounds(tranche.amount)})
    if request.method == "POST" and form.is_valid():
        try:
            tranche_release(actor=request.user, tranche=tranche, reference=form.cleaned_data["reference"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Tranche %(n)s of %(amount)s is released. The applicant has been told") % {
                "n": tranche.number, "amount": pounds(tranche.amount)})
            return redirect(reverse("funds:manage-payments", kwargs={"pk": application.pk}))
    money = selectors.award_money(application)
    bank = selectors.masked_bank_details(application)
    summary = [(_("Tranche"), str(tranche.number)), (_("Amount"), pounds(tranche.amount)),
               (_("Due on"), f"{tranche.due_on:%d/%m/%Y}"), (_("Paid once"), tranche.get_condition_display()),
               (_("Left to pay on the award"), pounds(money.committed)),
               (_("Pay into"), f"{bank.account_name}, {bank.sort_code}, {bank.account_number}" if bank
                else _("No bank details given"))]
    return _question(request, application, form, title=_("Release tranche %(n)s") % {"n": tranche.number},
                     heading=_("Release tranche %(n)s") % {"n": tranche.number}, summary=summary,
                     back_url=reverse("funds:manage-payments", kwargs={"pk": application.pk}))


@staff_area
def reports_schedule_page(request, pk):
    application = _application(request, pk, "funds.review_report")
    due = list(application.reports.filter(status=ReportStatus.DUE).order_by("number"))
    form = ReportsScheduleForm(_posted(request), initial={f"due_dates-{i}": r.due_on for i, r in enumerate(due[:6])})
    if request.method == "POST" and form.is_valid():
        try:
            created = reports_schedule(actor=request.user, application=application, due_dates=form.due_dates())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(count)s monitoring reports are scheduled; the last is the final report")
                             % {"count": len(created)})
            return redirect(case_url(application, "reports"))
    return _question(request, application, form, title=_("Schedule monitoring reports"),
                     heading=_("Schedule monitoring reports"),
                     intro=[_("The dates the grantee's reports fall due, in order. The last is the final report: "
                              "approving it closes the grant. Reports already submitted stay.")])


@staff_area
def report_review_page(request, pk, report_id):
    application = _application(request, pk, "funds.review_report")
    report = MonitoringReport.objects.filter(pk=report_id, application=application).first()
    if report is None or report.status != ReportStatus.SUBMITTED:
        raise Http404
    final = report.is_final
    form = ReviewForm(_posted(request), label=_("What is your decision on this report?"),
                      choices=[(APPROVE, _("Approve it") + (_(" and close the grant") if final else "")),
                               (REFUSE, _("Send it back for changes"))],
                      required_message=_("Select whether to approve the report or send it back"),
                      note_help=_("The grantee sees these. Say what to change if you send it back"),
                      button=_("Save the decision"))
    if request.method == "POST" and form.is_valid():
        approving = form.cleaned_data["outcome"] == APPROVE
        try:
            if approving:
                report_approve(actor=request.user, report=report, note=form.cleaned_data["note"])
            else:
                report_send_back(actor=request.user, report=report, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if approving and final:
                messages.success(request, _("The final report is approved and the grant is closed"))
            elif approving:
                messages.success(request, _("Report %(n)s is approved") % {"n": report.number})
            else:
                messages.success(request, _("Report %(n)s is sent back to the grantee") % {"n": report.number})
            return redirect(case_url(application, "reports"))
    summary = [(_("Due on"), f"{report.due_on:%d/%m/%Y}"),
               (_("Spent to date"), pounds(report.spent_to_date) if report.spent_to_date is not None else "")]
    title = (_("Review the final report") if final else _("Review report %(n)s") % {"n": report.number})
    return _question(request, application, form, title=title, heading=title, quote=report.progress, summary=summary)


@staff_area
def variation_decide_page(request, pk, variation_id):
    application = _application(request, pk, "funds.decide_variation")
    variation = Variation.objects.filter(pk=variation_id, application=application,
                                         status=VariationStatus.REQUESTED).select_related("requested_by").first()
    if variation is None:
        raise Http404
    form = ReviewForm(_posted(request), label=_("What is your decision on this variation?"),
                      choices=[(APPROVE, _("Approve it")), (REFUSE, _("Refuse it"))],
                      required_message=_("Select whether to approve or refuse the variation"),
                      note_help=_("The grantee sees these. Needed when you refuse"), button=_("Save the decision"))
    if request.method == "POST" and form.is_valid():
        approving = form.cleaned_data["outcome"] == APPROVE
        try:
            if approving:
                variation_approve(actor=request.user, variation=variation, note=form.cleaned_data["note"])
            else:
                variation_refuse(actor=request.user, variation=variation, note=form.cleaned_data["note"])
        except ValidationError as error:
            if hasattr(error, "error_dict") and "new_amount" in error.error_dict:
                error = ValidationError(error.message_dict["new_amount"])
            form.add_service_errors(error)
        else:
            messages.success(request, _("The variation is approved. Reschedule the payments if the amount changed")
                             if approving else _("The variation is refused. The grantee has been told"))
            return redirect(case_url(application, "variations"))
    summary = [(_("Asked by"), variation.requested_by.display_name), (_("Reason"), variation.reason)]
    if variation.new_amount is not None:
        summary.append((_("New amount"), f"{pounds(variation.new_amount)} "
                        + _("(now %(award)s)") % {"award": pounds(application.amount_awarded)}))
    if variation.new_start:
        summary.append((_("New start"), f"{variation.new_start:%d/%m/%Y}"))
    if variation.new_end:
        summary.append((_("New end"), f"{variation.new_end:%d/%m/%Y}"))
    warning = (_("You asked for this variation: a different administrator must decide it")
               if variation.requested_by_id == request.user.pk
               else _separation_warning(request.user, application, _("vary")))
    return _question(request, application, form, title=_("Decide the variation"), heading=_("Decide the variation"),
                     summary=summary, warning=warning)


@staff_area
def underspend_page(request, pk):
    application = _application(request, pk, "funds.record_underspend")
    form = MoneyReasonForm(_posted(request), button=_("Record the underspend"),
                           reason_help=_("For example, the project cost less than planned"))
    if request.method == "POST" and form.is_valid():
        try:
            underspend_record(actor=request.user, application=application, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The underspend is recorded and returned to the round's budget"))
            return redirect(reverse("funds:manage-payments", kwargs={"pk": application.pk}))
    money = selectors.award_money(application)
    return _question(request, application, form, title=_("Record an underspend"),
                     heading=_("Record an underspend"),
                     summary=[(_("Award"), pounds(application.amount_awarded)), (_("Paid"), pounds(money.paid)),
                              (_("Still to pay"), pounds(money.committed))],
                     intro=[_("Part of the award that will not be paid. Reschedule the tranches afterwards.")])


@staff_area
def clawback_page(request, pk):
    application = _application(request, pk, "funds.record_clawback")
    form = MoneyReasonForm(_posted(request), button=_("Ask for the repayment"),
                           reason_help=_("The grantee sees this. For example, money spent outside the agreement"))
    if request.method == "POST" and form.is_valid():
        try:
            clawback_request(actor=request.user, application=application, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The grantee has been asked to repay the money. Record it when it arrives"))
            return redirect(reverse("funds:manage-payments", kwargs={"pk": application.pk}))
    money = selectors.award_money(application)
    return _question(request, application, form, title=_("Ask for money to be repaid"),
                     heading=_("Ask for money to be repaid"), summary=[(_("Paid"), pounds(money.paid))])


@staff_area
@require_POST
def clawback_received_page(request, pk, clawback_id):
    application = _application(request, pk, "funds.record_clawback")
    clawback = Clawback.objects.filter(pk=clawback_id, application=application).first()
    if clawback is None:
        raise Http404
    try:
        clawback_receive(actor=request.user, clawback=clawback)
    except ValidationError as error:
        return _payments(request, application, errors=error.messages)
    messages.success(request, _("The repayment of %(amount)s is recorded") % {"amount": pounds(clawback.amount)})
    return redirect(reverse("funds:manage-payments", kwargs={"pk": application.pk}))

