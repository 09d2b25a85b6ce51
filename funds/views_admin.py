"""Fund administrators' pages on funds and rounds: a fund's position (capital, drawdown, ledger), setting up programmes and rounds (questions, criteria, budget, publishing) and the dashboards with their CSV."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.accounts.decorators import staff_area
from covenant.core.forms import add_service_errors
from covenant.core.permissions import get_object_or_404_for
from covenant.organisations.models import OrganisationType
from covenant.organisations.predicates import is_fund_administrator

from . import charts
from .forms_admin import (
    AmountForm,
    CapitalForm,
    ConfirmForm,
    CriterionForm,
    DrawdownForm,
    FundSettingsForm,
    LeftBehindImportForm,
    ProgrammeForm,
    QuestionForm,
    QuestionKindForm,
    RoundForm,
    ValuationForm,
)
from .models import (
    Criterion,
    EndowmentEvent,
    Fund,
    IncomeBand,
    LeftBehindNeighbourhood,
    Programme,
    Question,
    QuestionKind,
    Round,
    Valuation,
)
from .selectors import (
    drawdown_left,
    drawn_down,
    fund_dashboard,
    fund_position,
    funds_administered_by,
    round_position,
    spending_limit,
    yearly_valuations,
)
from .selectors.dashboard import DASHBOARD_SECTIONS, dashboard_section_csv, rounds_money
from .services import (
    criterion_add,
    criterion_remove,
    endowment_drawdown,
    endowment_return_record,
    endowment_valuation_record,
    fund_capital_record,
    fund_update,
    left_behind_import,
    programme_create,
    question_add,
    question_remove,
    round_budget_allocate,
    round_budget_return,
    round_create,
    round_publish,
    round_update,
)
from .services.common import pounds

ADMINISTER = "funds.administer_fund"


def _posted(request):
    return request.POST if request.method == "POST" else None


def _service_errors(form, error: ValidationError, rename: dict | None = None) -> None:
    """The service's errors on the form, with its field names turned into the form's where they differ."""
    if rename and hasattr(error, "error_dict"):
        error = ValidationError({rename.get(field, field): messages_ for field, messages_ in
                                 error.message_dict.items()})
    add_service_errors(form, error)


def _fund(request, slug) -> Fund:
    return get_object_or_404_for(request.user, ADMINISTER, Fund.objects.select_related("organisation"), slug=slug)


def _round(request, pk) -> Round:
    return get_object_or_404_for(request.user, ADMINISTER,
                                 Round.objects.select_related("programme__fund__organisation"), pk=pk)


def _fund_url(fund: Fund) -> str:
    return reverse("funds:manage-fund", kwargs={"slug": fund.slug})


def _round_url(round_: Round) -> str:
    return reverse("funds:manage-round", kwargs={"pk": round_.pk})


def _optional_url(name: str, **kwargs) -> str:
    """A page another part of the funds' pages may not have built yet: its address, or nothing."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _form_page(request, form, *, title: str, caption: str, back_url: str, intro=(), template="form.html",
               **extra):
    return render(request, f"funds/admin/{template}", {
        "form": form, "title": title, "caption": caption, "back_url": back_url, "intro": intro, **extra})


# Funds ---------------------------------------------------------------------------------------------------------

@staff_area
def funds_page(request):
    """The funds the person administers."""
    if not is_fund_administrator(request.user):
        raise Http404
    funds = list(funds_administered_by(request.user))
    return render(request, "funds/admin/funds.html", {
        "funds": [(fund, fund_position(fund)) for fund in funds],
        "may_import_left_behind": request.user.has_perm("funds.import_left_behind"),
        "left_behind_count": LeftBehindNeighbourhood.objects.count(),
    })


@staff_area
def fund_page(request, slug):
    """A fund's position, from the ledger, and its programmes and rounds."""
    fund = _fund(request, slug)
    context = {"fund": fund, "position": fund_position(fund), "rounds": rounds_money(fund),
               "programmes": fund.programmes.order_by("name", "pk")}
    if fund.is_endowment:
        year = timezone.localdate().year
        valuations = yearly_valuations(fund)
        context.update({
            "year": year, "limit": spending_limit(fund, year), "drawn": drawn_down(fund, year),
            "left": drawdown_left(fund, year), "rate_percent": f"{(fund.drawdown_rate * 100).normalize():f}",
            "averaged_years": [(y, valuations.get(y)) for y in range(year - fund.drawdown_years, year)],
            "valuations": Valuation.objects.filter(fund=fund).order_by("-valued_on", "-pk")[:10],
            "events": EndowmentEvent.objects.filter(fund=fund).order_by("-occurred_on", "-pk")[:10],
        })
    return render(request, "funds/admin/fund.html", context)


def _money_page(request, slug, *, kind: str):
    fund = _fund(request, slug)
    if kind != "capital" and not fund.is_endowment:
        raise Http404
    posted = _posted(request)
    if kind == "valuation":
        form = ValuationForm(posted)
        title = _("Record a valuation")
    elif kind == "return":
        form = CapitalForm(posted, button=_("Record the return"), amount_label=_("Return, in pounds"),
                           date_label=_("When was it received?"))
        title = _("Record an investment return")
    elif kind == "drawdown":
        form = DrawdownForm(posted)
        title = _("Draw down this year's spending")
    else:
        form = CapitalForm(posted)
        title = _("Record capital received")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "valuation":
                endowment_valuation_record(actor=request.user, fund=fund, valued_on=data["valued_on"],
                                           value=data["value"], note=data["note"])
                done = _("Valuation of %(value)s recorded") % {"value": data["value"]}
            elif kind == "return":
                endowment_return_record(actor=request.user, fund=fund, amount=data["amount"],
                                        received_on=data["received_on"], note=data["note"])
                done = _("Investment return recorded")
            elif kind == "drawdown":
                endowment_drawdown(actor=request.user, fund=fund, amount=data["amount"], note=data["note"])
                done = _("Drawdown made: the money is available to allocate to rounds")
            else:
                fund_capital_record(actor=request.user, fund=fund, amount=data["amount"],
                                    received_on=data["received_on"], note=data["note"])
                done = _("Capital recorded")
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, done)
            return redirect(_fund_url(fund))
    intro = ()
    if kind == "capital":
        intro = ((_("An endowment invests its capital: only each year's drawdown can be allocated to rounds."),)
                 if fund.is_endowment else (_("The capital is available to allocate to rounds at once."),))
    elif kind == "drawdown":
        year = timezone.localdate().year
        intro = (_("The drawdown rule allows %(limit)s in %(year)s; %(left)s of it is left.") % {
            "limit": pounds(spending_limit(fund, year)), "year": year, "left": pounds(drawdown_left(fund, year))},)
    return _form_page(request, form, title=title, caption=fund.name, back_url=_fund_url(fund), intro=intro)


@staff_area
def capital_page(request, slug):
    return _money_page(request, slug, kind="capital")


@staff_area
def return_page(request, slug):
    return _money_page(request, slug, kind="return")


@staff_area
def valuation_page(request, slug):
    return _money_page(request, slug, kind="valuation")


@staff_area
def drawdown_page(request, slug):
    return _money_page(request, slug, kind="drawdown")


@staff_area
def fund_settings_page(request, slug):
    fund = _fund(request, slug)
    initial = {"name": fund.name, "description": fund.description, "source": fund.source,
               "fast_track_limit": f"{fund.fast_track_limit:f}",
               "second_approval_threshold": f"{fund.second_approval_threshold:f}",
               "drawdown_rate": f"{(fund.drawdown_rate * 100).normalize():f}%",
               "drawdown_years": fund.drawdown_years}
    form = FundSettingsForm(_posted(request), initial=initial, endowment=fund.is_endowment)
    if request.method == "POST" and form.is_valid():
        try:
            fund_update(actor=request.user, fund=fund, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The fund's settings are saved"))
            return redirect(_fund_url(fund))
    return _form_page(request, form, title=_("Change the fund's settings"), caption=fund.name,
                      back_url=_fund_url(fund),
                      intro=(_("Changes apply from now on: awards already decided keep the limits they were "
                               "decided under."),))


# Programmes and rounds -----------------------------------------------------------------------------------------

@staff_area
def programme_add_page(request, slug):
    fund = _fund(request, slug)
    form = ProgrammeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            programme = programme_create(actor=request.user, fund=fund, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(name)s added. Add its first round") % {"name": programme.name})
            return redirect(_fund_url(fund) + f"#programme-{programme.pk}")
    return _form_page(request, form, title=_("Add a programme"), caption=fund.name, back_url=_fund_url(fund))


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0, 0)))


def _day_end(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59)))


def _round_arguments(data: dict) -> dict:
    """The round form's answers as round_create's and round_update's arguments."""
    arguments = dict(data)
    if "opens_at" in arguments:
        arguments["opens_at"] = _day_start(arguments["opens_at"])
    if "closes_at" in arguments:
        arguments["closes_at"] = _day_end(arguments["closes_at"])
    if "fast_track" in arguments:
        arguments["fast_track"] = arguments["fast_track"] == "yes"
    if "deprivation_weight" in arguments:
        arguments["deprivation_weight"] = (arguments["deprivation_weight"] or "0").strip()
    return arguments


@staff_area
def round_add_page(request, slug, programme):
    fund = _fund(request, slug)
    programme = Programme.objects.filter(fund=fund, slug=programme).first()
    if programme is None:
        raise Http404
    initial = {"fast_track": "no", "deprivation_rule": "none", "deprivation_max_decile": 3, "deprivation_weight": "0",
               "max_months": 12}
    form = RoundForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        arguments = _round_arguments(form.cleaned_data)
        arguments["budget"] = (arguments.get("budget") or "0").strip() or "0"
        try:
            round_ = round_create(actor=request.user, programme=programme, **arguments)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(name)s added. Add its questions and criteria, then publish it") % {
                "name": round_.name})
            return redirect(_round_url(round_))
    return _form_page(request, form, title=_("Add a round"), back_url=_fund_url(fund),
                      caption=f"{fund.name}: {programme.name}",
                      intro=(_("Dates are in UK time. A round opens at the start of its opening day and closes at "
                               "11:59pm on its closing day."),))


@staff_area
def round_page(request, pk):
    """A round's settings, budget, questions and criteria, and whether it can be published."""
    round_ = _round(request, pk)
    fund = round_.programme.fund
    questions = list(round_.questions.order_by("position", "pk"))
    criteria = list(round_.criteria.order_by("position", "pk"))
    problems = []
    if not round_.published_at:
        if round_.budget <= 0:
            problems.append(_("Give the round a budget"))
        if not criteria:
            problems.append(_("Add at least one assessment criterion"))
        if round_.closes_at <= timezone.now():
            problems.append(_("Move the closing date later: it has passed"))
    total_weight = sum((criterion.weight for criterion in criteria), 0)
    return render(request, "funds/admin/round.html", {
        "round": round_, "fund": fund, "position": round_position(round_), "questions": questions,
        "criteria": [(criterion, criterion.weight * 100 / total_weight if total_weight else 0)
                     for criterion in criteria],
        "problems": problems, "is_open": round_.is_open(),
        "organisation_types": [label for value, label in OrganisationType.choices
                               if value in (round_.organisation_types or [])],
        "income_bands": [label for value, label in IncomeBand.choices if value in (round_.income_bands or [])],
        "local_authorities": list(round_.local_authorities.order_by("name", "code")),
        "applications_url": _optional_url("funds:manage-round-applications", round_id=round_.pk),
        "ranking_url": _optional_url("funds:manage-round-ranking", round_id=round_.pk),
        "public_url": _optional_url("funds:round", pk=round_.pk),
    })


@staff_area
def round_edit_page(request, pk):
    round_ = _round(request, pk)
    published = bool(round_.published_at)
    initial = {
        "name": round_.name, "description": round_.description,
        "opens_at": timezone.localtime(round_.opens_at).date(), "closes_at": timezone.localtime(round_.closes_at).date(),
        "min_amount": f"{round_.min_amount:f}", "max_amount": f"{round_.max_amount:f}",
        "max_months": round_.max_months, "fast_track": "yes" if round_.fast_track else "no",
        "organisation_types": round_.organisation_types, "income_bands": round_.income_bands,
        "local_authorities": ", ".join(round_.local_authorities.values_list("code", flat=True)),
        "deprivation_rule": round_.deprivation_rule, "deprivation_max_decile": round_.deprivation_max_decile,
        "deprivation_weight": f"{round_.deprivation_weight:f}", "left_behind_counts": round_.left_behind_counts,
    }
    form = RoundForm(_posted(request), initial=initial, published=published, creating=False)
    if request.method == "POST" and form.is_valid():
        changes = _round_arguments(form.cleaned_data)
        # A date left as it was keeps the round's exact time.
        for field in ("opens_at", "closes_at"):
            if field in changes and form.cleaned_data[field] == initial[field]:
                changes.pop(field)
        try:
            round_update(actor=request.user, round=round_, **changes)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The round's settings are saved"))
            return redirect(_round_url(round_))
    intro = [_("Dates are in UK time. A round opens at the start of its opening day and closes at 11:59pm on its "
               "closing day.")]
    if published:
        intro.insert(0, _("This round has been published: applicants rely on its rules, so only its description "
                          "can change, and its closing date can only move later."))
    return _form_page(request, form, title=_("Change the round's settings"), back_url=_round_url(round_),
                      caption=f"{round_.programme.fund.name}: {round_.name}", intro=intro)


def _published_already(request, round_: Round):
    """A published round's form and criteria are fixed: back to the round, saying so, instead of a form."""
    messages.info(request, _("This round has been published: its questions and criteria can no longer change"))
    return redirect(_round_url(round_))


@staff_area
def question_kind_page(request, pk):
    round_ = _round(request, pk)
    if round_.published_at:
        return _published_already(request, round_)
    form = QuestionKindForm(request.GET if "kind" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect(reverse("funds:manage-question-add", kwargs={"pk": round_.pk,
                                                                      "kind": form.cleaned_data["kind"]}))
    form.helper.form_method = "get"
    return _form_page(request, form, title=_("Add a question"), caption=round_.name, back_url=_round_url(round_))


@staff_area
def question_add_page(request, pk, kind):
    round_ = _round(request, pk)
    if kind not in QuestionKind.values:
        raise Http404
    if round_.published_at:
        return _published_already(request, round_)
    form = QuestionForm(_posted(request), kind=kind, initial={"required": "yes"})
    if request.method == "POST" and form.is_valid():
        try:
            question = question_add(actor=request.user, round=round_, **form.service_arguments())
        except ValidationError as error:
            _service_errors(form, error, {"max_file_bytes": "max_file_mb"})
        else:
            messages.success(request, _("Question added: %(label)s") % {"label": question.label})
            return redirect(_round_url(round_) + "#questions")
    return _form_page(request, form, title=_("Add a question: %(kind)s") % {"kind": QuestionKind(kind).label},
                      caption=round_.name,
                      back_url=reverse("funds:manage-question-kind", kwargs={"pk": round_.pk}))


def _remove_page(request, round_, thing, *, service, keyword: str, title: str, what: str, done: str,
                 anchor: str):
    form = ConfirmForm(_posted(request), button=_("Remove"), warning=True)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, **{keyword: thing})
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, done)
            return redirect(_round_url(round_) + f"#{anchor}")
    return _form_page(request, form, title=title, caption=round_.name, back_url=_round_url(round_),
                      intro=(what,))


@staff_area
def question_remove_page(request, pk, question):
    round_ = _round(request, pk)
    question = Question.objects.filter(round=round_, pk=question).first()
    if question is None:
        raise Http404
    return _remove_page(request, round_, question, service=question_remove, keyword="question",
                        title=_("Remove this question?"), what=question.label,
                        done=_("Question removed: %(label)s") % {"label": question.label}, anchor="questions")


@staff_area
def criterion_add_page(request, pk):
    round_ = _round(request, pk)
    if round_.published_at:
        return _published_already(request, round_)
    form = CriterionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            criterion = criterion_add(actor=request.user, round=round_, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Criterion added: %(name)s") % {"name": criterion.name})
            return redirect(_round_url(round_) + "#criteria")
    return _form_page(request, form, title=_("Add an assessment criterion"), caption=round_.name,
                      back_url=_round_url(round_),
                      intro=(_("Assessors score each criterion from 0 to 5. The weighted score is the mean of "
                               "the scores weighted by these weights."),))


@staff_area
def criterion_remove_page(request, pk, criterion):
    round_ = _round(request, pk)
    criterion = Criterion.objects.filter(round=round_, pk=criterion).first()
    if criterion is None:
        raise Http404
    return _remove_page(request, round_, criterion, service=criterion_remove, keyword="criterion",
                        title=_("Remove this criterion?"), what=criterion.name,
                        done=_("Criterion removed: %(name)s") % {"name": criterion.name}, anchor="criteria")


def _budget_page(request, pk, *, returning: bool):
    round_ = _round(request, pk)
    fund = round_.programme.fund
    position = round_position(round_)
    if returning:
        form = AmountForm(_posted(request), label=_("How much do you return to the fund, in pounds?"),
                          button=_("Return the budget"))
        intro = (_("The round has %(left)s of its budget not committed to awards.") % {
            "left": pounds(position.uncommitted)},)
    else:
        form = AmountForm(_posted(request), label=_("How much do you add to the budget, in pounds?"),
                          button=_("Add to the budget"))
        intro = (_("The fund has %(available)s available to allocate.") % {
            "available": pounds(fund_position(fund).available)},)
    if request.method == "POST" and form.is_valid():
        service = round_budget_return if returning else round_budget_allocate
        try:
            service(actor=request.user, round=round_, amount=form.cleaned_data["amount"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            round_.refresh_from_db()
            messages.success(request, _("The round's budget is now %(budget)s") % {"budget": pounds(round_.budget)})
            return redirect(_round_url(round_))
    return _form_page(request, form, back_url=_round_url(round_), caption=round_.name, intro=intro,
                      title=_("Return budget to the fund") if returning else _("Add to the round's budget"))


@staff_area
def budget_allocate_page(request, pk):
    return _budget_page(request, pk, returning=False)


@staff_area
def budget_return_page(request, pk):
    return _budget_page(request, pk, returning=True)


@staff_area
def round_publish_page(request, pk):
    round_ = _round(request, pk)
    if round_.published_at:
        return redirect(_round_url(round_))
    form = ConfirmForm(_posted(request), button=_("Publish the round"))
    if request.method == "POST" and form.is_valid():
        try:
            round_publish(actor=request.user, round=round_)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(name)s is published") % {"name": round_.name})
            return redirect(_round_url(round_))
    return _form_page(request, form, title=_("Publish the round"), caption=round_.name, back_url=_round_url(round_),
                      intro=(_("Once published, verified organisations can apply from its opening date. Its "
                               "questions, criteria and eligibility rules can no longer change; only its "
                               "description, and its closing date to a later one."),))


# The list of left-behind neighbourhoods -------------------------------------------------------------------------

@staff_area
def left_behind_page(request):
    if not request.user.has_perm("funds.import_left_behind"):
        raise Http404
    form = LeftBehindImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            count = left_behind_import(actor=request.user, csv_text=form.cleaned_data["file"],
                                       list_name=form.cleaned_data["list_name"])
        except ValidationError as error:
            _service_errors(form, error, {"csv_text": "file"})
        else:
            messages.success(request, _("The list of left-behind neighbourhoods now holds %(count)s wards") % {
                "count": f"{count:,}"})
            return redirect("funds:manage-left-behind")
    wards = LeftBehindNeighbourhood.objects.order_by("ward_code")
    return render(request, "funds/admin/left_behind.html", {
        "form": form, "count": wards.count(), "wards": wards[:50], "latest": wards.order_by("-imported_at").first(),
        "back_url": reverse("funds:manage")})


# Dashboards ----------------------------------------------------------------------------------------------------

@staff_area
def dashboards_page(request):
    """Which fund's dashboard: straight to it when the person administers only one."""
    if not is_fund_administrator(request.user):
        raise Http404
    funds = list(funds_administered_by(request.user))
    if len(funds) == 1:
        return redirect("funds:manage-dashboard", slug=funds[0].slug)
    return render(request, "funds/admin/dashboards.html", {"funds": funds})


def _dashboard(request, slug):
    fund = get_object_or_404_for(request.user, "funds.view_fund_dashboard",
                                 Fund.objects.select_related("organisation"), slug=slug)
    return fund, fund_dashboard(fund)


def _spread_chart(title: str, spreads) -> charts.Chart:
    return charts.bar_chart(title, [_("Awarded"), _("Paid")],
                            [(spread.label, [spread.awarded, spread.paid]) for spread in spreads], formatter=pounds)


@staff_area
def dashboard_page(request, slug):
    fund, dashboard = _dashboard(request, slug)
    times = dashboard.decision_times
    target = settings.FUNDS_FAST_TRACK_TARGET_WORKING_DAYS
    budget = charts.bar_chart(
        _("Committed and paid against budget"), [_("Budget"), _("Committed"), _("Paid")],
        [(figures.round.name, [figures.budget, figures.committed, figures.paid]) for figures in dashboard.rounds],
        formatter=pounds)
    deciles = [(spread, _("Decile %(decile)s") % {"decile": spread.label} if spread.label.isdigit()
                else _("Not known")) for spread in dashboard.by_decile]
    decile_chart = charts.bar_chart(_("Awards by IMD decile"), [_("Awarded"), _("Paid")],
                                    [(label, [spread.awarded, spread.paid]) for spread, label in deciles],
                                    formatter=pounds)
    times_rows = []
    if times.median_days is not None:
        times_rows = [(_("Median"), [times.median_days]), (_("Mean"), [times.mean_days])]
    times_chart = charts.bar_chart(_("Days from application to decision"), [_("Days")], times_rows,
                                   formatter=lambda value: _("%(days)s days") % {"days": value})
    return render(request, "funds/admin/dashboard.html", {
        "fund": fund, "dashboard": dashboard, "budget_chart": budget, "decile_chart": decile_chart,
        "deciles": deciles, "nation_chart": _spread_chart(_("Awards by nation"), dashboard.by_nation),
        "authority_chart": _spread_chart(_("Awards by local authority"), dashboard.by_local_authority),
        "nation_rows": [(spread.label, spread) for spread in dashboard.by_nation],
        "authority_rows": [(spread.label, spread) for spread in dashboard.by_local_authority],
        "times_chart": times_chart, "times": times, "target": target,
        "fast_track_outside": times.fast_track_decided - times.fast_track_within_target,
    })


@staff_area
def dashboard_csv_page(request, slug, section):
    if section not in DASHBOARD_SECTIONS:
        raise Http404
    fund, dashboard = _dashboard(request, slug)
    response = HttpResponse(dashboard_section_csv(dashboard, section), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{fund.slug}-{section}.csv"'
    return response
