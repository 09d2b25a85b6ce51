"""Officers' pages of co-design: their processes, opening and editing one with its budget and phases, moving to
the next phase, publishing and closing; moderation, responses, computing and publishing the result, and
following up results; the queue of residents' reports, and showing again what was hidden by mistake. Everyone but the officers of the service's council gets a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from covenant.accounts.decorators import staff_area
from covenant.core.permissions import get_object_or_404_for, permission_required_or_404
from services.catalogue.selectors import managed_organisations

from . import dates, selectors
from .forms import (
    NO,
    YES,
    BudgetForm,
    CloseForm,
    ConfirmForm,
    DismissReportsForm,
    FollowUpUpdateForm,
    HideForm,
    PhaseForm,
    ProcessForm,
    ResponseForm,
    RestoreForm,
)
from .models import PHASE_ORDER, Comment, Contribution, FollowUp, FollowUpStatus, Phase, Process
from .services import (
    comment_hide,
    comment_restore,
    contribution_hide,
    contribution_restore,
    follow_up_update,
    follow_ups_start,
    phase_add,
    phase_advance,
    phase_remove,
    phase_update,
    process_close,
    process_create,
    process_publish,
    process_set_budget,
    process_update,
    reports_dismiss,
    response_publish,
    result_compute,
    result_publish,
)
from .services.common import contribution_url


def _posted(request):
    return request.POST if request.method == "POST" else None


def _managed(request, slug) -> Process:
    queryset = Process.objects.select_related("service", "service__owner", "service__local_authority")
    return get_object_or_404_for(request.user, "services_codesign.manage_process", queryset, slug=slug)


def _manage_url(process: Process) -> str:
    return reverse("services:codesign-manage", kwargs={"slug": process.slug})


def _question(request, process: Process, form, *, title: str, intro=(), back: str = "", status=None):
    """A one-question page of the officers' pages, with its error summary."""
    return render(request, "services/codesign/officers/question.html", {
        "process": process, "form": form, "title": title, "intro": intro, "back": back or _manage_url(process),
    }, status=status if status is not None else (400 if form.errors else 200))


# Officers' home and a new process -------------------------------------------------------------------------------

@staff_area
@permission_required_or_404("services_codesign.view_officer_pages")
def officer_home(request):
    """The officer's processes, drafts first, with what each has waiting: its phase's deadline, ideas and proposals
    awaiting a response, a vote to count."""
    today = dates.today()
    rows = []
    for process in selectors.officer_processes(request.user).prefetch_related("phases"):
        phases = list(process.phases.all())
        current = dates.current_phase(phases, today)
        vote = next((p for p in phases if p.kind == "vote"), None)
        result = selectors.result_of(process, published_only=False)
        rows.append({
            "process": process, "current": current,
            "timing": dates.phase_timing(current, today) if current else None,
            "count_due": (vote is not None and dates.phase_state(vote, today) == dates.ENDED
                          and (result is None or not result.is_published)),
        })
    return render(request, "services/codesign/officers/home.html", {"rows": rows})


@staff_area
@permission_required_or_404("services_codesign.view_officer_pages")
def process_new(request):
    from services.catalogue.models import Service

    services = (Service.objects.filter(owner__in=managed_organisations(request.user), is_published=True)
                .select_related("owner").order_by("owner__name", "name"))
    # Opened from a service's catalogue page, the service comes chosen.
    service_id = request.GET.get("service", "")
    chosen = services.filter(pk=service_id).first() if service_id.isdigit() else None
    form = ProcessForm(_posted(request), services=services, button=_("Create the draft"),
                       initial={"service": chosen.pk} if chosen else None)
    if request.method == "POST" and form.is_valid():
        try:
            process = process_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The draft is created. Add its phases, then publish it"))
            return redirect(_manage_url(process))
    return render(request, "services/codesign/officers/new.html", {"form": form, "has_services": services.exists()},
                  status=400 if form.errors else 200)


# Managing a process ---------------------------------------------------------------------------------------------

@staff_area
def manage(request, slug):
    process = _managed(request, slug)
    today = dates.today()
    phases = selectors.phase_views(process, today)
    current = next((p for p in phases if p.is_current), None)
    used = {p.phase.kind for p in phases}
    return render(request, "services/codesign/officers/manage.html", {
        "process": process, "phases": phases, "current": current,
        "upcoming": dates.next_phase([p.phase for p in phases], today),
        "may_add_phase": not process.is_closed and any(kind not in used for kind in PHASE_ORDER),
        "awaiting": selectors.awaiting_response(process).count(),
        "reported": selectors.open_reports_count(process),
        "result": selectors.result_of(process, published_only=False),
        "vote_closed": selectors.vote_closed(process),
        "follow_ups": process.follow_ups.count(),
    })


@staff_area
def manage_details(request, slug):
    process = _managed(request, slug)
    if process.is_closed:
        raise Http404
    form = ProcessForm(_posted(request), initial={"title": process.title, "description": process.description},
                       button=_("Save the changes"))
    if request.method == "POST" and form.is_valid():
        try:
            process_update(actor=request.user, process=process, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The process is changed"))
            return redirect(_manage_url(process))
    return _question(request, process, form, title=_("Change the title and description"))


@staff_area
def manage_budget(request, slug):
    process = _managed(request, slug)
    if process.is_closed:
        raise Http404
    initial = {"has_budget": YES if process.has_budget else NO, "budget": process.budget or "",
               "voting_method": process.voting_method, "approval_limit": process.approval_limit or ""}
    form = BudgetForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            process_set_budget(actor=request.user, process=process, **form.values())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The participatory budget is saved"))
            return redirect(_manage_url(process))
    return _question(request, process, form, title=_("Participatory budget"), intro=[
        _("Residents vote on the proposals on the ballot once the vote phase opens. After it closes you compute the "
          "result: proposals are ranked by votes and chosen in that order while their costs fit in the budget.")])


@staff_area
def phase_add_page(request, slug):
    process = _managed(request, slug)
    if process.is_closed:
        raise Http404
    used = set(process.phases.values_list("kind", flat=True))
    kinds = [kind for kind in PHASE_ORDER if kind not in used]
    if not kinds:
        raise Http404
    form = PhaseForm(_posted(request), kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            phase_add(actor=request.user, process=process, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The phase is added"))
            return redirect(_manage_url(process))
    return _question(request, process, form, title=_("Add a phase"), intro=[
        _("Phases follow one another without overlapping, in this order: ideas, deliberation, proposals, vote, "
          "implementation. Use the ones the process needs.")])


def _phase(request, slug, pk) -> tuple[Process, Phase]:
    process = _managed(request, slug)
    return process, get_object_or_404(Phase, process=process, pk=pk)


@staff_area
def phase_edit_page(request, slug, pk):
    process, phase = _phase(request, slug, pk)
    if process.is_closed or dates.phase_state(phase, dates.today()) == dates.ENDED:
        raise Http404
    initial = {"starts_on": phase.starts_on, "ends_on": phase.ends_on, "description": phase.description}
    form = PhaseForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            phase_update(actor=request.user, phase=phase, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The %(phase)s phase is changed") % {
                "phase": phase.get_kind_display().lower()})
            return redirect(_manage_url(process))
    return _question(request, process, form, title=_("Change the %(phase)s phase") % {
        "phase": phase.get_kind_display().lower()})


@staff_area
def phase_remove_page(request, slug, pk):
    process, phase = _phase(request, slug, pk)
    form = ConfirmForm(_posted(request), button=_("Remove the phase"), warning=True)
    if request.method == "POST" and form.is_valid():
        try:
            phase_remove(actor=request.user, phase=phase)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The phase is removed"))
            return redirect(_manage_url(process))
    return _question(request, process, form, title=_("Remove the %(phase)s phase?") % {
        "phase": phase.get_kind_display().lower()})


@staff_area
def phase_next_page(request, slug):
    process = _managed(request, slug)
    today = dates.today()
    phases = list(process.phases.all())
    current, upcoming = dates.current_phase(phases, today), dates.next_phase(phases, today)
    form = ConfirmForm(_posted(request), button=_("Start the next phase now"))
    if request.method == "POST" and form.is_valid():
        try:
            started = phase_advance(actor=request.user, process=process)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The %(phase)s phase has started. Followers are told") % {
                "phase": started.get_kind_display().lower()})
            return redirect(_manage_url(process))
    intro = []
    if upcoming is not None:
        intro.append(_("The %(next)s phase will start today.") % {"next": upcoming.get_kind_display().lower()})
    if current is not None:
        intro.append(_("The %(phase)s phase will end yesterday, so residents can no longer take part in it.") % {
            "phase": current.get_kind_display().lower()})
    return _question(request, process, form, title=_("Start the next phase now?"), intro=intro)


@staff_area
def publish_page(request, slug):
    process = _managed(request, slug)
    form = ConfirmForm(_posted(request), button=_("Publish the process"))
    if request.method == "POST" and form.is_valid():
        try:
            process_publish(actor=request.user, process=process)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The process is published"))
            return redirect(_manage_url(process))
    return _question(request, process, form, title=_("Publish the process?"), intro=[
        _("Everyone can then see it, and residents of the area take part in each phase on its dates.")])


@staff_area
def close_page(request, slug):
    process = _managed(request, slug)
    form = CloseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            process_close(actor=request.user, process=process, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The process is closed"))
            return redirect(_manage_url(process))
    return _question(request, process, form, title=_("Close the process?"), intro=[
        _("Residents can no longer post, comment, support or vote. Its pages stay, and you can still follow up "
          "its results.")])


# Moderation and responses ---------------------------------------------------------------------------------------

@staff_area
def moderation(request, slug):
    process = _managed(request, slug)
    items = selectors.moderation_items(process)
    return render(request, "services/codesign/officers/moderation.html", {
        "process": process, "contributions": items["contributions"], "reported": selectors.open_reports_count(process),
        "comments": [{"comment": c, "author": selectors.public_name(c.author)} for c in items["comments"]],
    })


def _moderated(process: Process, what: str, pk: int):
    """The idea, proposal or comment of the process that `what` and `pk` name, or 404."""
    if what == "comment":
        target = get_object_or_404(Comment.objects.select_related("contribution", "author"), pk=pk,
                                   contribution__process=process)
        target.contribution.process = process
    else:
        target = get_object_or_404(Contribution.objects.select_related("author"), pk=pk, process=process, kind=what)
        target.process = process
    return target


def _moderation_back(request, process: Process) -> str:
    """Back to the reports' queue when the officer came from it, otherwise to moderation."""
    name = "services:codesign-reports" if request.GET.get("from") == "reports" else "services:codesign-moderation"
    return reverse(name, kwargs={"slug": process.slug})


@staff_area
def hide_page(request, slug, what, pk):
    """Hide an idea, proposal or comment with a reason everyone reads in its place."""
    process = _managed(request, slug)
    target = _moderated(process, what, pk)
    form = HideForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            if what == "comment":
                comment_hide(actor=request.user, comment=target, reason=form.cleaned_data["reason"])
            else:
                contribution_hide(actor=request.user, contribution=target, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("It is hidden. Its author is told why"))
            return redirect(_moderation_back(request, process))
    titles = {"idea": _("Hide the idea?"), "proposal": _("Hide the proposal?"), "comment": _("Hide the comment?")}
    quoted = target.body if what == "comment" else target.title
    return _question(request, process, form, title=titles[what], intro=[f"“{quoted}”"],
                     back=_moderation_back(request, process))


@staff_area
def restore_page(request, slug, what, pk):
    """Show again an idea, proposal or comment hidden by mistake, with the reason for undoing the hide."""
    process = _managed(request, slug)
    target = _moderated(process, what, pk)
    form = RestoreForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            if what == "comment":
                comment_restore(actor=request.user, comment=target, reason=form.cleaned_data["reason"])
            else:
                contribution_restore(actor=request.user, contribution=target, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("It is shown again. Its author is told why"))
            return redirect(_moderation_back(request, process))
    titles = {"idea": _("Show the idea again?"), "proposal": _("Show the proposal again?"),
              "comment": _("Show the comment again?")}
    quoted = target.body if what == "comment" else target.title
    intro = [f"“{quoted}”"]
    if target.is_hidden:
        intro.append(_("It was hidden on %(date)s because: %(reason)s") % {
            "date": date_format(timezone.localtime(target.hidden_at), "j F Y"), "reason": target.hidden_reason})
    return _question(request, process, form, title=titles[what], intro=intro, back=_moderation_back(request, process))


@staff_area
def reports_page(request, slug):
    """The moderation queue: what residents reported, most reported first, each with its reasons and details, to
    hide or to keep by dismissing the reports."""
    process = _managed(request, slug)
    items = selectors.reported_items(process)
    return render(request, "services/codesign/officers/reports.html", {
        "process": process, "items": [{"item": item, "author": selectors.public_name(
            (item.comment or item.contribution).author)} for item in items]})


@staff_area
def dismiss_page(request, slug, what, pk):
    """Keep a reported idea, proposal or comment: its open reports close as dismissed, with the reason."""
    process = _managed(request, slug)
    target = _moderated(process, what, pk)
    form = DismissReportsForm(_posted(request))
    back = reverse("services:codesign-reports", kwargs={"slug": process.slug})
    if request.method == "POST" and form.is_valid():
        try:
            count = reports_dismiss(actor=request.user, target=target, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, ngettext("%(count)s report is dismissed. The person who made it is told why",
                                               "%(count)s reports are dismissed. The people who made them are told "
                                               "why", count) % {"count": count})
            return redirect(back)
    quoted = target.body if what == "comment" else target.title
    return _question(request, process, form, title=_("Dismiss the reports?"), back=back, intro=[
        f"“{quoted}”", _("It stays as it is. Hide it instead if it breaks the rules.")])


@staff_area
def responses(request, slug):
    process = _managed(request, slug)
    return render(request, "services/codesign/officers/responses.html", {
        "process": process, "awaiting": selectors.awaiting_response(process),
        "responded": selectors.responded(process),
    })


@staff_area
def respond_page(request, slug, pk):
    process = _managed(request, slug)
    contribution = get_object_or_404(Contribution, pk=pk, process=process)
    contribution.process = process
    form = ResponseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            response_publish(actor=request.user, contribution=contribution, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The response is published. Its authors and the process's followers are "
                                        "told"))
            return redirect(reverse("services:codesign-responses", kwargs={"slug": process.slug}))
    return _question(request, process, form, title=_("Respond to “%(title)s”") % {"title": contribution.title},
                     intro=[contribution.body], back=contribution_url(contribution))


# The result -----------------------------------------------------------------------------------------------------

@staff_area
def result_page(request, slug):
    process = _managed(request, slug)
    if not process.has_budget:
        raise Http404
    result = selectors.result_of(process, published_only=False)
    return render(request, "services/codesign/officers/result.html", {
        "process": process, "result": result, "rows": selectors.result_rows(result) if result else [],
        "vote_closed": selectors.vote_closed(process), "errors": [],
        "ballots": process.ballots.count(),
    })


def _result_action(request, slug, action, done: str):
    process = _managed(request, slug)
    if not process.has_budget:
        raise Http404
    try:
        action(actor=request.user, process=process)
    except ValidationError as error:
        result = selectors.result_of(process, published_only=False)
        return render(request, "services/codesign/officers/result.html", {
            "process": process, "result": result, "rows": selectors.result_rows(result) if result else [],
            "vote_closed": selectors.vote_closed(process), "errors": error.messages,
            "ballots": process.ballots.count(),
        }, status=400)
    messages.success(request, done)
    return redirect(reverse("services:codesign-result", kwargs={"slug": process.slug}))


@staff_area
@require_POST
def result_compute_page(request, slug):
    return _result_action(request, slug, result_compute, _("The result is computed. Check it, then publish it"))


@staff_area
@require_POST
def result_publish_page(request, slug):
    return _result_action(request, slug, result_publish, _("The result is published. Followers are told"))


# Accountability -------------------------------------------------------------------------------------------------

@staff_area
def follow_ups_page(request, slug):
    process = _managed(request, slug)
    errors = []
    if request.method == "POST":
        try:
            added = follow_ups_start(actor=request.user, process=process)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("%(count)s results added to the accountability page") % {"count": added})
            return redirect(reverse("services:codesign-follow-ups", kwargs={"slug": process.slug}))
    return render(request, "services/codesign/officers/follow_ups.html", {
        "process": process, "follow_ups": list(selectors.follow_ups(process)), "errors": errors,
    }, status=400 if errors else 200)


@staff_area
def follow_up_page(request, slug, pk):
    process = _managed(request, slug)
    follow_up = get_object_or_404(FollowUp, pk=pk, process=process)
    follow_up.process = process
    initial = {"status": follow_up.status, "progress": follow_up.progress, "posted_on": dates.today(),
               "dropped_reason": follow_up.dropped_reason}
    form = FollowUpUpdateForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up_update(actor=request.user, follow_up=follow_up, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The update is posted. Followers are told"))
            return redirect(reverse("services:codesign-follow-ups", kwargs={"slug": process.slug}))
    return _question(request, process, form, title=_("Update “%(title)s”") % {"title": follow_up.title},
                     intro=[_("Now: %(status)s, %(progress)s%%") % {
                         "status": FollowUpStatus(follow_up.status).label, "progress": follow_up.progress}],
                     back=reverse("services:codesign-follow-ups", kwargs={"slug": process.slug}))
