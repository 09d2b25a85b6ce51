"""Applicants' pages on community funds: a round's application, its task list, question pages, check your answers, and the grant after the award (agreement, payments, monitoring reports, variations).

Every page about an application is for members of the applicant organisation (verified): anyone else, and any
application that does not exist, gets the same 404. Views stay thin: the services check everything again and
say why something cannot be done, and their messages land on the form's fields.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from covenant.core.forms import add_service_errors

from . import open_data, permissions
from .forms_applying import (
    AcceptForm,
    AnswerForm,
    AreasForm,
    BankDetailsForm,
    BudgetForm,
    DeclarationForm,
    DetailsForm,
    ReportForm,
    StartForm,
    VariationForm,
    WithdrawForm,
    is_blank,
    lines_data,
    money_text,
    posted_lines,
    removed_line,
)
from .models import Application, ApplicationStatus, QuestionKind, ReportStatus, VariationStatus
from .selectors import (
    application_for_page,
    applications_of_organisations,
    award_money,
    masked_bank_details,
    open_rounds,
)
from .selectors import applying as selectors
from .services import (
    agreement_accept,
    amount_limits,
    answer_save,
    answer_upload,
    application_start,
    application_submit,
    application_update,
    application_withdraw,
    bank_details_set,
    beneficiary_areas_set,
    budget_set,
    report_submit,
    variation_request,
)
from .services.common import pounds, when

DETAIL_KEYS = frozenset(selectors.DETAIL_FIELDS)
# Where the fund's people go from an application's address here (an old link, or one passed on): by what they
# may do with it, the first that applies.
STAFF_PAGES = (("funds.administer_fund", "funds:manage-application"), ("funds.declare_conflict", "funds:assess-declare"),
               ("funds.view_application", "funds:assess-score"))


def _posted(request):
    return request.POST if request.method == "POST" else None


def _application(request, pk: int) -> Application:
    """The application, for a member of its (verified) applicant organisation; the same 404 for anyone else
    and for one that does not exist."""
    application = application_for_page(pk).first()
    if application is None or not permissions.is_applicant_member(request.user, application):
        raise Http404
    return application


def _draft(request, pk: int) -> Application:
    """A draft the person may change; once submitted, its pages lead back to the application's page."""
    application = _application(request, pk)
    if not request.user.has_perm("funds.change_application", application):
        raise Http404
    return application


def _url(name: str, application: Application, **kwargs) -> str:
    return reverse(f"funds:{name}", kwargs={"pk": application.pk, **kwargs})


def _tasks_url(application: Application) -> str:
    return _url("application", application)


def _limits(round_) -> str:
    low, high = amount_limits(round_)
    return _("between %(low)s and %(high)s") % {"low": pounds(low), "high": pounds(high)}


# A round, and starting an application -------------------------------------------------------------------------

@require_GET
def round_detail(request, pk: int):
    """A published round as anyone sees it, with a way to apply for those who can (and why not, for those
    who cannot)."""
    round_ = get_object_or_404(selectors.public_rounds(), pk=pk)
    state, state_text = selectors.round_state(round_)
    options = selectors.apply_options(request.user, round_) if request.user.is_authenticated else []
    return render(request, "funds/applying/round.html", {
        "round": round_, "fund": round_.programme.fund, "programme": round_.programme, "state": state,
        "state_text": state_text, "facts": selectors.round_facts(round_), "options": options,
        "opens": when(round_.opens_at), "closes": when(round_.closes_at),
        "can_apply": state == "open" and any(option.can_apply for option in options),
        "questions": list(round_.questions.all()),
    })


@login_required
def round_apply(request, pk: int):
    """Name the project (and choose the organisation, if the person may apply for several) to start a draft."""
    round_ = get_object_or_404(selectors.public_rounds(), pk=pk)
    state, state_text = selectors.round_state(round_)
    options = selectors.apply_options(request.user, round_)
    eligible = [option.organisation for option in options if option.can_apply]
    if state != "open" or not eligible:
        # Nothing to start: the round's page says why.
        return redirect(reverse("funds:round", kwargs={"pk": round_.pk}))
    form = StartForm(_posted(request), organisations=eligible)
    if request.method == "POST" and form.is_valid():
        organisation = next(o for o in eligible if o.pk == form.cleaned_data["organisation"])
        try:
            application = application_start(actor=request.user, round=round_, organisation=organisation,
                                            title=form.cleaned_data["title"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your application has been started. You can leave it at any time and come "
                                        "back to it from Your applications"))
            return redirect(_tasks_url(application))
    return render(request, "funds/applying/start.html", {
        "round": round_, "form": form, "organisation": eligible[0] if len(eligible) == 1 else None,
    })


@login_required
@require_GET
def your_applications(request):
    return render(request, "funds/applying/yours.html", {
        "applications": applications_of_organisations(request.user), "open_rounds": open_rounds()})


# The application's page: the task list while it is a draft, then where it has got to ---------------------------

@login_required
@require_GET
def application_page(request, pk: int):
    application = application_for_page(pk).first()
    if application is not None and not permissions.is_applicant_member(request.user, application):
        # The fund's administrators and assessors follow the same links from their messages to their own pages.
        for perm, name in STAFF_PAGES:
            if request.user.has_perm(perm, application):
                try:
                    return redirect(reverse(name, kwargs={"pk": application.pk}))
                except NoReverseMatch:
                    break
    application = _application(request, pk)
    if application.status == ApplicationStatus.DRAFT:
        return _task_list(request, application)
    return _overview(request, application)


def _task_list(request, application: Application):
    may_bank = request.user.has_perm("funds.set_bank_details", application)
    tasks, problems = selectors.application_tasks(application, may_set_bank_details=may_bank)
    for task in tasks:
        task.url = _task_url(application, task)
    state, state_text = selectors.round_state(application.round)
    return render(request, "funds/applying/tasks.html", {
        "application": application, "round": application.round, "tasks": tasks,
        "completed": sum(1 for task in tasks if task.status == selectors.COMPLETED),
        "ready": not problems, "state": state, "state_text": state_text,
        "closes": when(application.round.closes_at),
        "can_withdraw": request.user.has_perm("funds.withdraw_application", application),
    })


def _task_url(application: Application, task) -> str:
    if task.key == "details":
        return _url("application-details", application)
    if task.key == "budget":
        return _url("application-budget", application)
    if task.key == "areas":
        return _url("application-areas", application)
    if task.key == "bank":
        return _url("application-bank-details", application)
    return _url("application-question", application, key=task.question)


def _overview(request, application: Application):
    user = request.user
    decision = selectors.final_decision(application)
    agreement = getattr(application, "agreement", None) if application.is_award else None
    return render(request, "funds/applying/application.html", {
        "application": application, "round": application.round, "decision": decision, "agreement": agreement,
        "reference": open_data.grant_id(application),
        "reduced": bool(decision and decision.amount and application.amount_requested
                        and decision.amount < application.amount_requested),
        "money": award_money(application) if application.is_award else None,
        "tranches": selectors.tranche_rows(application),
        "reports": list(application.reports.all()),
        "reports_due": selectors.reports_due(application),
        "variations": list(application.variations.all()),
        "can_withdraw": user.has_perm("funds.withdraw_application", application),
        "can_vary": application.status in (ApplicationStatus.APPROVED, ApplicationStatus.ACCEPTED,
                                           ApplicationStatus.ACTIVE),
        "can_accept": application.status == ApplicationStatus.APPROVED
        and user.has_perm("funds.accept_agreement", application),
        "may_bank": user.has_perm("funds.set_bank_details", application)
        and application.status not in (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN,
                                       ApplicationStatus.CLOSED),
        "bank": masked_bank_details(application) if user.has_perm("funds.view_bank_details", application)
        else None,
    })


# Question pages -------------------------------------------------------------------------------------------------

@login_required
def application_details(request, pk: int):
    application = _draft(request, pk)
    form = DetailsForm(_posted(request), limits=_limits(application.round), max_months=application.round.max_months,
                       initial={"title": application.title, "summary": application.summary,
                                "amount_requested": money_text(application.amount_requested),
                                "project_start": application.project_start, "project_end": application.project_end,
                                "organisation_income": money_text(application.organisation_income)})
    if request.method == "POST" and form.is_valid():
        try:
            application_update(actor=request.user, application=application, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(_tasks_url(application))
    return render(request, "funds/applying/details.html", {"application": application, "form": form})


def _answer_initial(question, answer):
    if answer is None:
        return {}
    if question.kind == QuestionKind.DATE and answer.value:
        import datetime

        try:
            return {"value": datetime.date.fromisoformat(answer.value)}
        except ValueError:
            return {}
    return {"value": answer.value}


@login_required
def application_question(request, pk: int, key: str):
    """One configured question; saving goes on to the next question of its section, then to the task list."""
    application = _draft(request, pk)
    questions = list(application.round.questions.all())
    question = next((q for q in questions if q.key == key), None)
    if question is None:
        raise Http404
    if question.kind == QuestionKind.BUDGET:
        return redirect(_url("application-budget", application))
    answer = next((a for a in application.answers.all() if a.question_id == question.pk), None)
    form = AnswerForm(_posted(request), request.FILES if request.method == "POST" else None, question=question,
                      initial=_answer_initial(question, answer))
    if request.method == "POST" and form.is_valid():
        try:
            if question.kind == QuestionKind.FILE:
                upload = form.cleaned_data.get("upload")
                if upload is not None or not (answer and answer.file):
                    answer_upload(actor=request.user, application=application, question=question, upload=upload)
            else:
                answer_save(actor=request.user, application=application, question=question,
                            value=form.cleaned_data.get("value"))
        except ValidationError as error:
            _value_errors(form, error)
        else:
            return redirect(_next_in_section(application, questions, question))
    return render(request, "funds/applying/question.html", {
        "application": application, "question": question, "answer": answer, "form": form,
    })


def _value_errors(form, error: ValidationError) -> None:
    """The services key an answer's problems value or upload: both are this page's one field."""
    field = "upload" if "upload" in form.fields else "value"
    if hasattr(error, "error_dict"):
        for key, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if key in ("value", "upload") else None, problem)
    else:
        add_service_errors(form, error)


def _next_in_section(application: Application, questions, question) -> str:
    if question.section:
        # The questions come in the form's order: the next one of the same section, if any.
        later = questions[questions.index(question) + 1:]
        following = next((q for q in later if q.section == question.section and q.kind != QuestionKind.BUDGET),
                         None)
        if following is not None:
            return _url("application-question", application, key=following.key)
    return _tasks_url(application)


@login_required
def application_budget(request, pk: int):
    """The budget table: add and remove lines (nothing is saved until Save and continue), each line's cost met by
    this grant and match funding, with the totals against the amount asked for."""
    application = _draft(request, pk)
    saved = list(application.budget_lines.all())
    if request.method == "POST":
        lines = posted_lines(request.POST)
        removed = removed_line(request.POST)
        if removed is not None or "add" in request.POST:
            if removed is not None and removed < len(lines):
                lines.pop(removed)
            if "add" in request.POST:
                lines.append({})
            form = BudgetForm(initial=lines_data(lines), count=max(1, len(lines)))
        else:
            lines = [line for line in lines if not is_blank(line)]
            form = BudgetForm(lines_data(lines), count=max(1, len(lines)))
            if form.is_valid():
                try:
                    budget_set(actor=request.user, application=application,
                               lines=[{name: form.cleaned_data[f"lines-{n}-{name}"] for name in line}
                                      for n, line in enumerate(lines)])
                except ValidationError as error:
                    form.add_service_errors(error)
                else:
                    messages.success(request, _("Your budget has been saved"))
                    return redirect(_tasks_url(application))
    else:
        lines = [{"item": line.item, "cost": line.cost, "requested": line.requested,
                  "match_funding": line.match_funding, "match_source": line.match_source} for line in saved]
        form = BudgetForm(initial=lines_data(lines), count=max(1, len(lines)))
    totals = selectors.budget_totals(saved)
    return render(request, "funds/applying/budget.html", {
        "application": application, "form": form, "saved": saved, "totals": totals,
        "question": next((q for q in application.round.questions.all() if q.kind == QuestionKind.BUDGET), None),
        "differs": bool(saved) and application.amount_requested is not None
        and totals.requested != application.amount_requested,
    })


@login_required
def application_areas(request, pk: int):
    application = _draft(request, pk)
    areas = list(application.beneficiary_areas.all())
    form = AreasForm(_posted(request), initial={"codes": "\n".join(area.code for area in areas)})
    if request.method == "POST" and form.is_valid():
        codes = form.code_list()
        try:
            beneficiary_areas_set(actor=request.user, application=application, codes=codes)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for key, problems in error.message_dict.items():
                    index = key.removeprefix("areas-")
                    for problem in problems:
                        prefix = f"{codes[int(index)]}: " if index.isdigit() and int(index) < len(codes) else ""
                        form.add_error("codes", prefix + problem)
            else:
                form.add_service_errors(error)
        else:
            return redirect(_tasks_url(application))
    problems = selectors.submission_problems(application) if areas else {}
    return render(request, "funds/applying/areas.html", {
        "application": application, "form": form, "areas": areas,
        "facts": selectors.round_facts(application.round), "problem": problems.get("beneficiary_areas", ""),
    })


@login_required
def application_bank_details(request, pk: int):
    """Where the grant is paid: only the organisation's administrators set it; it is shown masked after."""
    application = _application(request, pk)
    may_set = request.user.has_perm("funds.set_bank_details", application) and application.status not in (
        ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN, ApplicationStatus.CLOSED)
    if request.method == "POST" and not may_set:
        raise Http404
    form = BankDetailsForm(_posted(request)) if may_set else None
    if request.method == "POST" and form.is_valid():
        try:
            bank_details_set(actor=request.user, application=application, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your bank details have been saved"))
            return redirect(_url("application", application))
    if form is not None and form.is_bound and form.errors:
        form.forget_numbers()
    return render(request, "funds/applying/bank_details.html", {
        "application": application, "form": form, "may_set": may_set,
        "bank": masked_bank_details(application) if request.user.has_perm("funds.view_bank_details", application)
        else None,
    })


# Check your answers, submit, withdraw ---------------------------------------------------------------------------

def _fix_url(application: Application, key: str) -> str:
    if key in DETAIL_KEYS:
        # A date's first box carries the field's name with _0.
        anchor = f"id_{key}_0" if key in ("project_start", "project_end") else f"id_{key}"
        return _url("application-details", application) + f"#{anchor}"
    if key.startswith("question-"):
        return _url("application-question", application, key=key.removeprefix("question-"))
    if key == "budget":
        return _url("application-budget", application)
    if key == "beneficiary_areas":
        return _url("application-areas", application)
    return ""


def _problem_list(application: Application, problems: dict) -> list[dict]:
    return [{"text": text, "href": _fix_url(application, key)} for key, texts in problems.items()
            for text in (texts if isinstance(texts, list) else [texts])]


@login_required
def application_check(request, pk: int):
    """Check your answers: what still stops submitting comes first, each with a link to fix it; then the
    declaration and submit."""
    application = _draft(request, pk)
    form = DeclarationForm(_posted(request))
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            application_submit(actor=request.user, application=application)
        except ValidationError as error:
            problems = _problem_list(application, error.message_dict if hasattr(error, "error_dict")
                                     else {"": error.messages})
        else:
            return redirect(_url("application-submitted", application))
    if not problems:
        problems = _problem_list(application, selectors.submission_problems(application))
        state, state_text = selectors.round_state(application.round)
        if state != "open":
            problems.insert(0, {"text": state_text, "href": ""})
    answers = {answer.question_id: answer for answer in application.answers.all()}
    questions = [(question, answers.get(question.pk)) for question in application.round.questions.all()
                 if question.kind != QuestionKind.BUDGET]
    lines = list(application.budget_lines.all())
    return render(request, "funds/applying/check.html", {
        "application": application, "form": form, "problems": problems, "questions": questions,
        "lines": lines, "totals": selectors.budget_totals(lines), "areas": list(application.beneficiary_areas.all()),
        "has_budget": any(q.kind == QuestionKind.BUDGET for q in application.round.questions.all()),
        "bank": masked_bank_details(application) if request.user.has_perm("funds.view_bank_details", application)
        else None,
    })


@login_required
@require_GET
def application_submitted(request, pk: int):
    application = _application(request, pk)
    if application.status == ApplicationStatus.DRAFT:
        return redirect(_tasks_url(application))
    return render(request, "funds/applying/submitted.html", {
        "application": application, "reference": open_data.grant_id(application),
    })


@login_required
def application_withdraw_page(request, pk: int):
    application = _application(request, pk)
    if not request.user.has_perm("funds.withdraw_application", application):
        raise Http404
    form = WithdrawForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            application_withdraw(actor=request.user, application=application, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your application %(title)s has been withdrawn") % {
                "title": application.title})
            return redirect(reverse("funds:applications"))
    return render(request, "funds/applying/withdraw.html", {"application": application, "form": form})


# After the decision ---------------------------------------------------------------------------------------------

@login_required
def application_agreement(request, pk: int):
    """The grant agreement, and accepting it online (the organisation's administrators)."""
    application = _application(request, pk)
    agreement = getattr(application, "agreement", None)
    if agreement is None:
        raise Http404
    may_accept = (application.status == ApplicationStatus.APPROVED
                  and request.user.has_perm("funds.accept_agreement", application))
    if request.method == "POST" and not may_accept:
        raise Http404
    form = AcceptForm(_posted(request)) if may_accept else None
    if request.method == "POST" and form.is_valid():
        try:
            agreement_accept(actor=request.user, application=application, full_name=form.cleaned_data["full_name"],
                             role=form.cleaned_data["role"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("You have accepted the grant agreement. We will pay the grant as its "
                                        "schedule says"))
            return redirect(_url("application", application))
    has_bank = masked_bank_details(application) is not None
    return render(request, "funds/applying/agreement.html", {
        "application": application, "agreement": agreement, "form": form, "may_accept": may_accept,
        "decision": selectors.final_decision(application), "has_bank": has_bank,
        "may_bank": request.user.has_perm("funds.set_bank_details", application),
    })


@login_required
@require_GET
def application_payments(request, pk: int):
    application = _application(request, pk)
    if not application.is_award:
        raise Http404
    return render(request, "funds/applying/payments.html", {
        "application": application, "tranches": selectors.tranche_rows(application),
        "money": award_money(application), "payments": list(application.payments.all()),
    })


@login_required
def application_report(request, pk: int, number: int):
    """A monitoring report: submitted when it is due or has been sent back (with the reviewer's comments)."""
    application = _application(request, pk)
    report = next((r for r in application.reports.all() if r.number == number), None)
    if report is None:
        raise Http404
    may_submit = (application.status == ApplicationStatus.ACTIVE
                  and report.status in (ReportStatus.DUE, ReportStatus.SENT_BACK)
                  and request.user.has_perm("funds.submit_report", application))
    if request.method == "POST" and not may_submit:
        raise Http404
    form = ReportForm(_posted(request), initial={"progress": report.progress,
                                                 "spent_to_date": money_text(report.spent_to_date)}) \
        if may_submit else None
    if request.method == "POST" and form.is_valid():
        try:
            report_submit(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Monitoring report %(n)s has been submitted") % {"n": report.number})
            return redirect(_url("application", application))
    return render(request, "funds/applying/report.html", {
        "application": application, "report": report, "form": form, "may_submit": may_submit,
    })


@login_required
def application_variation(request, pk: int):
    """Ask to change the award's amount or dates; an administrator decides."""
    application = _application(request, pk)
    if application.status not in (ApplicationStatus.APPROVED, ApplicationStatus.ACCEPTED, ApplicationStatus.ACTIVE):
        raise Http404
    waiting = next((v for v in application.variations.all() if v.status == VariationStatus.REQUESTED), None)
    form = VariationForm(_posted(request)) if waiting is None else None
    if request.method == "POST" and form is None:
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            variation_request(actor=request.user, application=application, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your request to change the grant has been sent. We will tell you when it "
                                        "is decided"))
            return redirect(_url("application", application))
    return render(request, "funds/applying/variation.html", {
        "application": application, "form": form, "waiting": waiting,
        "variations": list(application.variations.all()),
    })
