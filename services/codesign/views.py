"""Public and residents' pages of co-design: processes and their phases, ideas and proposals with their comment
threads, co-authors and supports, the ballot with its running total, the result and accountability."""

from __future__ import annotations

import csv
import json
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from covenant.core.permissions import get_object_or_404_for
from services.catalogue.selectors import council_key, residence_in
from services.following import follow_add, follow_remove, is_following

from . import selectors
from .forms import (
    BallotForm,
    CoauthorForm,
    CommentForm,
    FilterForm,
    IdeaForm,
    ProposalForm,
    ReportForm,
)
from .models import Comment, Contribution, ContributionKind, PhaseKind, Process, VotingMethod
from .services import (
    ballot_cast,
    ballot_change,
    coauthor_answer,
    coauthor_invite,
    comment_post,
    idea_post,
    proposal_submit,
    proposal_update,
    report_submit,
    support_add,
    support_withdraw,
)
from .services.common import MAX_COMMENT_DEPTH, contribution_url, process_url

PAGE_SIZE = 20
KIND_OF_SEGMENT = {"ideas": ContributionKind.IDEA, "proposals": ContributionKind.PROPOSAL}


def _posted(request):
    return request.POST if request.method == "POST" else None


def _process(request, slug, perm: str = "services_codesign.view_process") -> Process:
    """The process if the person may `perm` it; the same 404 for missing and forbidden (a draft, to the public)."""
    queryset = Process.objects.select_related("service", "service__owner", "service__local_authority")
    return get_object_or_404_for(request.user, perm, queryset, slug=slug)


def _contribution(request, slug, pk, kind: str) -> Contribution:
    process = _process(request, slug)
    contribution = get_object_or_404(Contribution.objects.select_related("author"), process=process, pk=pk, kind=kind)
    contribution.process = process
    return contribution


def _residence(request, process: Process):
    """Whether the signed-in person lives in the area (with the reason if not), for the pages to say up front."""
    if not request.user.is_authenticated:
        return None
    return residence_in(request.user, process.service)


def _not_taking_part(request, process: Process) -> str:
    """Why the person cannot take part at all (closed process, unconfirmed email), or "" when they may."""
    if request.user.has_perm("services_codesign.take_part", process):
        return ""
    if process.is_closed:
        return _("This process is closed. It no longer takes part from residents")
    return _("Confirm your email address before you take part")


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


# The list and a process -----------------------------------------------------------------------------------------

def process_list(request):
    """Every published process, newest first, filtered by council, service and status."""
    form = FilterForm(request.GET or None)
    processes = selectors.public_processes()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        council = selectors.councils_with_processes().filter(pk=data["council"]).first() if data["council"] else None
        service = selectors.services_with_processes().filter(pk=data["service"]).first() if data["service"] else None
        processes = selectors.filter_processes(processes, council=council, service=service, status=data["status"])
    page = _page(request, processes.prefetch_related("phases"))
    rows = [{"process": p, "status": selectors.process_public_status(p), "current": selectors.current_phase(p)}
            for p in page]
    return render(request, "services/codesign/list.html", {
        "form": form, "page": page, "rows": rows, "statuses": dict(selectors.public_status_choices()),
        "is_officer": request.user.has_perm("services_codesign.view_officer_pages"),
    }, status=400 if form.is_bound and not form.is_valid() else 200)


def _process_context(request, process: Process) -> dict:
    user = request.user
    phases = selectors.phase_views(process)
    return {
        "process": process, "phases": phases, "current": next((p for p in phases if p.is_current), None),
        "status": selectors.process_public_status(process),
        "statuses": dict(selectors.public_status_choices()),
        "ideas": Contribution.objects.filter(process=process, kind=ContributionKind.IDEA).count(),
        "proposals": Contribution.objects.filter(process=process, kind=ContributionKind.PROPOSAL).count(),
        "has_ideas_phase": any(p.phase.kind == PhaseKind.IDEAS for p in phases),
        "has_proposals_phase": any(p.phase.kind == PhaseKind.PROPOSALS for p in phases),
        "result": selectors.result_of(process),
        "following": is_following(user, process),
        "may_follow": user.has_perm("services_codesign.follow_process", process),
        "may_manage": user.has_perm("services_codesign.manage_process", process),
        "residence": _residence(request, process),
        "ideas_open": selectors.phase_is_open(process, PhaseKind.IDEAS),
        "proposals_open": selectors.phase_is_open(process, PhaseKind.PROPOSALS),
        "vote_open": selectors.phase_is_open(process, PhaseKind.VOTE),
        "follow_ups": process.follow_ups.count(),
        "service_url": _service_url(request, process),
    }


def _service_url(request, process: Process) -> str:
    """The service's page in the catalogue, when the person may see it."""
    service = process.service
    if not request.user.has_perm("services_catalogue.view_service", service):
        return ""
    return reverse("services:catalogue-service", kwargs={"council": council_key(service.owner),
                                                         "reference": service.reference})


def process_detail(request, slug):
    process = _process(request, slug)
    return render(request, "services/codesign/process.html", _process_context(request, process))


@login_required
@require_POST
def process_follow(request, slug):
    """Follow a process (or stop following it), to be told when its phase changes, the council responds, the
    result is published or an accountability update is posted."""
    process = _process(request, slug, "services_codesign.follow_process")
    if request.POST.get("action") == "unfollow":
        follow_remove(actor=request.user, target=process)
        messages.success(request, _("You no longer follow %(title)s") % {"title": process.title})
    else:
        follow_add(actor=request.user, target=process)
        messages.success(request, _("You follow %(title)s. We will tell you when it moves on") % {
            "title": process.title})
    return redirect(process_url(process))


# Ideas and proposals --------------------------------------------------------------------------------------------

def contribution_list(request, slug, kind):
    process = _process(request, slug)
    order = "supports" if kind == ContributionKind.PROPOSAL and request.GET.get("order") != "newest" else "newest"
    page = _page(request, selectors.contributions(process, kind, order=order))
    is_open = selectors.phase_is_open(process, PhaseKind.IDEAS if kind == ContributionKind.IDEA
                                      else PhaseKind.PROPOSALS)
    return render(request, "services/codesign/contributions.html", {
        "process": process, "kind": kind, "page": page, "order": order, "is_open": is_open,
        "items": [{"item": c, "authors": selectors.contribution_authors(c)} for c in page],
        "may_take_part": request.user.has_perm("services_codesign.take_part", process),
        "residence": _residence(request, process),
    })


def _refused(request, process: Process, form) -> bool:
    reason = _not_taking_part(request, process)
    if reason:
        form.add_error(None, reason)
    return bool(reason)


def _new_contribution_page(request, process: Process, form, kind: str):
    return render(request, "services/codesign/contribution_form.html", {
        "process": process, "form": form, "kind": kind, "residence": _residence(request, process),
        "is_open": selectors.phase_is_open(process, PhaseKind.IDEAS if kind == ContributionKind.IDEA
                                           else PhaseKind.PROPOSALS),
    }, status=400 if form.errors else 200)


@login_required
def idea_new(request, slug):
    process = _process(request, slug)
    form = IdeaForm(_posted(request))
    if request.method == "POST" and form.is_valid() and not _refused(request, process, form):
        try:
            idea = idea_post(actor=request.user, process=process, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your idea is posted"))
            return redirect(contribution_url(idea))
    return _new_contribution_page(request, process, form, ContributionKind.IDEA)


@login_required
def proposal_new(request, slug):
    process = _process(request, slug)
    form = ProposalForm(_posted(request), budget=process.budget, button=_("Submit your proposal"))
    if request.method == "POST" and form.is_valid() and not _refused(request, process, form):
        try:
            proposal = proposal_submit(actor=request.user, process=process, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your proposal is submitted"))
            return redirect(contribution_url(proposal))
    return _new_contribution_page(request, process, form, ContributionKind.PROPOSAL)


def _contribution_page(request, contribution: Contribution, *, errors=(), comment_form=None):
    user = request.user
    process = contribution.process
    context = {
        "process": process, "item": contribution, "kind": contribution.kind, "errors": errors,
        "authors": selectors.contribution_authors(contribution),
        "responses": list(selectors.responses_of(contribution)),
        "thread": selectors.comment_thread(contribution),
        "max_depth": MAX_COMMENT_DEPTH,
        "comment_form": comment_form or CommentForm(action=_comment_url(contribution)),
        "may_take_part": user.has_perm("services_codesign.take_part", process),
        "may_manage": user.has_perm("services_codesign.manage_process", process),
        "may_report": not user.is_authenticated or user.has_perm("services_codesign.report_content", process),
        "has_reported": selectors.has_reported(user, contribution),
        "residence": _residence(request, process),
    }
    if contribution.is_proposal:
        context.update({
            "supports": selectors.supports_count(contribution),
            "has_supported": selectors.has_supported(user, contribution),
            "supports_open": selectors.phase_is_open(process, PhaseKind.PROPOSALS),
            "may_change": user.has_perm("services_codesign.change_proposal", contribution)
            and selectors.phase_is_open(process, PhaseKind.PROPOSALS),
            "may_invite": user.has_perm("services_codesign.invite_coauthor", contribution)
            and selectors.phase_is_open(process, PhaseKind.PROPOSALS),
            "invitation": selectors.pending_invitation(user, contribution),
            "invited": contribution.coauthorships.filter(accepted_at__isnull=True).select_related("user")
            if contribution.author_id == getattr(user, "pk", None) else [],
            "on_ballot": selectors.ballot_options(process).filter(pk=contribution.pk).exists(),
            "result_row": _result_row(process, contribution),
        })
    return render(request, "services/codesign/contribution.html", context, status=400 if errors else 200)


def _result_row(process: Process, contribution: Contribution):
    result = selectors.result_of(process)
    return result.rows.filter(proposal=contribution).first() if result is not None else None


def _comment_url(contribution: Contribution) -> str:
    name = "proposal" if contribution.is_proposal else "idea"
    return reverse(f"services:codesign-{name}-comment", kwargs={"slug": contribution.process.slug,
                                                                "pk": contribution.pk})


def contribution_detail(request, slug, pk, kind):
    return _contribution_page(request, _contribution(request, slug, pk, kind))


@login_required
@require_POST
def contribution_comment(request, slug, pk, kind):
    contribution = _contribution(request, slug, pk, kind)
    form = CommentForm(request.POST, action=_comment_url(contribution))
    if form.is_valid() and not _refused(request, contribution.process, form):
        try:
            comment_post(actor=request.user, contribution=contribution, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your comment is posted"))
            return redirect(contribution_url(contribution) + "#comments")
    errors = [message for messages_ in form.errors.values() for message in messages_]
    return _contribution_page(request, contribution, errors=errors, comment_form=form)


@login_required
def comment_reply(request, slug, pk, kind, comment):
    """Replying to a comment, on a page of its own so it works without JavaScript."""
    contribution = _contribution(request, slug, pk, kind)
    parent = get_object_or_404(Comment.objects.select_related("author"), pk=comment, contribution=contribution)
    form = CommentForm(_posted(request), label=_("Your reply"), button=_("Post your reply"))
    if request.method == "POST" and form.is_valid() and not _refused(request, contribution.process, form):
        try:
            comment_post(actor=request.user, contribution=contribution, body=form.cleaned_data["body"],
                         parent=parent)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your reply is posted"))
            return redirect(contribution_url(contribution) + "#comments")
    return render(request, "services/codesign/reply.html", {
        "process": contribution.process, "item": contribution, "parent": parent, "form": form,
        "parent_author": selectors.public_name(parent.author), "residence": _residence(request, contribution.process),
    }, status=400 if form.errors else 200)


def _report_page(request, contribution: Contribution, target, *, quoted: str, title: str):
    form = ReportForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        if not request.user.has_perm("services_codesign.report_content", contribution.process):
            form.add_error(None, _("Confirm your email address before you report something"))
        else:
            try:
                report_submit(actor=request.user, target=target, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Thank you. Your report is sent to the council, who will look at it"))
                return redirect(contribution_url(contribution))
    return render(request, "services/codesign/report.html", {
        "process": contribution.process, "item": contribution, "form": form, "title": title, "quoted": quoted,
    }, status=400 if form.errors else 200)


@login_required
def contribution_report(request, slug, pk, kind):
    """Report an idea or proposal to the council, on a page of its own."""
    contribution = _contribution(request, slug, pk, kind)
    title = _("Report the idea") if kind == ContributionKind.IDEA else _("Report the proposal")
    return _report_page(request, contribution, contribution, quoted=contribution.title, title=title)


@login_required
def comment_report(request, slug, pk, kind, comment):
    contribution = _contribution(request, slug, pk, kind)
    target = get_object_or_404(Comment.objects.select_related("author"), pk=comment, contribution=contribution)
    target.contribution = contribution
    return _report_page(request, contribution, target, quoted=target.body, title=_("Report the comment"))


def _proposal(request, slug, pk) -> Contribution:
    return _contribution(request, slug, pk, ContributionKind.PROPOSAL)


@login_required
def proposal_edit(request, slug, pk):
    proposal = _proposal(request, slug, pk)
    if not (request.user.has_perm("services_codesign.change_proposal", proposal)
            and selectors.phase_is_open(proposal.process, PhaseKind.PROPOSALS)):
        raise Http404
    initial = {"title": proposal.title, "body": proposal.body, "cost": proposal.cost if proposal.cost else ""}
    form = ProposalForm(_posted(request), initial=initial, budget=proposal.process.budget,
                        button=_("Save the changes"))
    if request.method == "POST" and form.is_valid():
        try:
            proposal_update(actor=request.user, proposal=proposal, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your proposal is changed"))
            return redirect(contribution_url(proposal))
    return render(request, "services/codesign/proposal_edit.html", {
        "process": proposal.process, "item": proposal, "form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def proposal_support(request, slug, pk):
    proposal = _proposal(request, slug, pk)
    withdraw = request.POST.get("action") == "withdraw"
    reason = _not_taking_part(request, proposal.process)
    if reason:
        return _contribution_page(request, proposal, errors=[reason])
    try:
        if withdraw:
            support_withdraw(actor=request.user, proposal=proposal)
        else:
            support_add(actor=request.user, proposal=proposal)
    except ValidationError as error:
        return _contribution_page(request, proposal, errors=error.messages)
    messages.success(request, _("You no longer support this proposal") if withdraw
                     else _("You support this proposal"))
    return redirect(contribution_url(proposal))


@login_required
def proposal_coauthors(request, slug, pk):
    """The author invites co-authors (residents of the area), who accept on the proposal's page."""
    proposal = _proposal(request, slug, pk)
    if not request.user.has_perm("services_codesign.invite_coauthor", proposal):
        raise Http404
    form = CoauthorForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        person = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        try:
            coauthor_invite(actor=request.user, proposal=proposal, user=person)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Invitation sent to %(email)s. They become a co-author when they accept") % {
                "email": form.cleaned_data["email"]})
            return redirect(contribution_url(proposal))
    return render(request, "services/codesign/coauthors.html", {
        "process": proposal.process, "item": proposal, "form": form,
        "coauthors": proposal.coauthorships.select_related("user"),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def proposal_coauthor_answer(request, slug, pk):
    proposal = _proposal(request, slug, pk)
    if not request.user.has_perm("services_codesign.answer_coauthorship", proposal):
        raise Http404
    accept = request.POST.get("answer") == "accept"
    try:
        coauthor_answer(actor=request.user, proposal=proposal, accept=accept)
    except ValidationError as error:
        return _contribution_page(request, proposal, errors=error.messages)
    messages.success(request, _("You are a co-author of this proposal") if accept
                     else _("You have declined the invitation"))
    return redirect(contribution_url(proposal))


# The vote -------------------------------------------------------------------------------------------------------

def _budgeted(request, slug) -> Process:
    process = _process(request, slug)
    if not process.has_budget:
        raise Http404
    return process


def _totals(process: Process, options, chosen: set[int]) -> dict:
    """The running total the ballot page shows beside the choices: spent and left (spending the budget), or
    chosen and left to choose (approving)."""
    picked = [o for o in options if o.pk in chosen]
    spent = sum((o.cost for o in picked), Decimal("0"))
    if process.voting_method == VotingMethod.KNAPSACK:
        return {"count": len(picked), "spent": spent, "left": process.budget - spent, "over": spent > process.budget}
    return {"count": len(picked), "spent": spent, "left": process.approval_limit - len(picked),
            "over": len(picked) > process.approval_limit}


def _ballot_page(request, process: Process, form: BallotForm, *, checked: bool = False, status: int = 200):
    ballot = selectors.ballot_of(request.user, process)
    phase = next((p for p in selectors.phase_views(process) if p.phase.kind == PhaseKind.VOTE), None)
    return render(request, "services/codesign/ballot.html", {
        "process": process, "form": form, "options": form.options, "chosen": form.chosen_ids(),
        "totals": _totals(process, form.options, form.chosen_ids()), "ballot": ballot, "vote": phase,
        "vote_open": selectors.phase_is_open(process, PhaseKind.VOTE), "checked": checked,
        "may_take_part": request.user.has_perm("services_codesign.take_part", process),
        "residence": _residence(request, process), "is_knapsack": process.voting_method == VotingMethod.KNAPSACK,
    }, status=status)


def ballot(request, slug):
    """The ballot: every proposal on it with its cost, chosen by checkboxes, and the running total. Without
    JavaScript, "Check the total" recounts on the server; with it, the total follows each choice (htmx)."""
    process = _budgeted(request, slug)
    options = list(selectors.ballot_options(process))
    if request.method != "POST":
        ballot_ = selectors.ballot_of(request.user, process)
        form = BallotForm(options=options, initial={"choices": selectors.ballot_choice_ids(ballot_)})
        return _ballot_page(request, process, form)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    form = BallotForm(request.POST, options=options)
    if not form.is_valid():
        return _ballot_page(request, process, form, status=400)
    if request.POST.get("action") == "check":
        return _ballot_page(request, process, form, checked=True)
    if _refused(request, process, form):
        return _ballot_page(request, process, form, status=400)
    existing = selectors.ballot_of(request.user, process)
    try:
        if existing is None:
            ballot_cast(actor=request.user, process=process, choices=form.cleaned_data["choices"])
        else:
            ballot_change(actor=request.user, process=process, choices=form.cleaned_data["choices"])
    except ValidationError as error:
        form.add_service_errors(error)
        return _ballot_page(request, process, form, status=400)
    messages.success(request, _("Your vote is changed") if existing else _("Your vote is recorded. You can change it "
                                                                           "until the vote closes"))
    return redirect(reverse("services:codesign-ballot", kwargs={"slug": process.slug}))


@require_GET
def ballot_total(request, slug):
    """The running total for the choices in the address, as the piece of the ballot page htmx swaps in."""
    process = _budgeted(request, slug)
    options = list(selectors.ballot_options(process))
    known = {o.pk for o in options}
    chosen = {int(v) for v in request.GET.getlist("choices") if str(v).isdigit() and int(v) in known}
    return render(request, "services/codesign/_ballot_total.html", {
        "process": process, "totals": _totals(process, options, chosen),
        "is_knapsack": process.voting_method == VotingMethod.KNAPSACK})


# The result and accountability ----------------------------------------------------------------------------------

def results(request, slug):
    process = _budgeted(request, slug)
    result = selectors.result_of(process)
    rows = selectors.result_rows(result) if result is not None else []
    return render(request, "services/codesign/results.html", {
        "process": process, "result": result, "rows": rows,
        "vote": next((p for p in selectors.phase_views(process) if p.phase.kind == PhaseKind.VOTE), None),
    })


def _published_result(request, slug):
    process = _budgeted(request, slug)
    result = selectors.result_of(process)
    if result is None:
        raise Http404
    return process, result


def results_json(request, slug):
    """The anonymised ballots and the result, to recount: the data's SHA-256 is the one on the results page."""
    process, result = _published_result(request, slug)
    response = JsonResponse(selectors.result_download(result), json_dumps_params={"indent": 2,
                                                                                 "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{process.slug}-ballots.json"'
    return response


def results_csv(request, slug):
    """One line per choice on each anonymised ballot (ballot, proposal), and the proposals' costs beside."""
    process, result = _published_result(request, slug)
    data = json.loads(result.data)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{process.slug}-ballots.csv"'
    writer = csv.writer(response)
    writer.writerow(["ballot", "proposal", "cost", "submitted_at"])
    proposals = {p["id"]: p for p in data["proposals"]}
    for ballot_ in data["ballots"]:
        for proposal_id in ballot_["choices"]:
            proposal = proposals[proposal_id]
            writer.writerow([ballot_["ballot"], proposal_id, proposal["cost"], proposal["submitted_at"]])
    return response


def accountability(request, slug):
    process = _process(request, slug)
    return render(request, "services/codesign/accountability.html", {
        "process": process, "follow_ups": list(selectors.follow_ups(process)),
        "may_manage": request.user.has_perm("services_codesign.manage_process", process),
    })

