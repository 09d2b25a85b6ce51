"""Council officers' pages on pop-up parishes: the queue, the review, the consultation and the decision; the
electorate and powers councils keep; residents' comments and proposers' answers; and each council's public map."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from covenant.accounts.decorators import staff_area
from covenant.core.permissions import get_object_or_404_for, permission_required_or_404
from covenant.places.models import LocalAuthority

from . import selectors, selectors_active, selectors_council, selectors_pages, selectors_reviews
from .forms_council import (
    AnswerForm,
    CaseOfficerForm,
    ChangesForm,
    ChecklistItemForm,
    CommentForm,
    ConditionsForm,
    ConsultationForm,
    DecisionForm,
    DeclineForm,
    ElectorateForm,
    ElectorateImportForm,
    HideCommentForm,
    PowerForm,
    QueueFilterForm,
    ResponseForm,
)
from .models import ChangeRequest, ConsultationComment, Proposal, ProposalStatus, Review
from .services import (
    change_request_answer,
    consultation_close,
    consultation_comment,
    consultation_comment_hide,
    consultation_open,
    consultation_respond,
    consultation_weeks,
    electorate_import,
    electorate_record,
    petition_decline_recent_review,
    power_add,
    review_assign_case_officer,
    review_check,
    review_conditions_check,
    review_decide,
    review_request_changes,
    review_start,
)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _proposal(request, slug, perm: str) -> Proposal:
    """The proposal if the person may `perm` it; the same 404 for missing and forbidden."""
    return get_object_or_404_for(request.user, perm, Proposal, slug=slug)


def _reviewing(request, slug) -> tuple[Proposal, Review]:
    """A proposal under review by a council the officer is an officer of, with its review."""
    proposal = _proposal(request, slug, "parishes.review_proposal")
    review = selectors_reviews.review_of(proposal)
    if review is None:  # a valid petition whose review has not started: nothing to act on yet
        raise Http404
    return proposal, review


def _review_url(proposal: Proposal) -> str:
    return reverse("parishes:review", kwargs={"slug": proposal.slug})


def _public_url(proposal: Proposal) -> str:
    return reverse("parishes:proposal", kwargs={"slug": proposal.slug})


def _council_name(review: Review) -> str:
    return review.local_authority.name or review.local_authority.code


def _question(request, proposal: Proposal, form, *, title: str, heading: str = "", intro=(), quote: str = "",
              back_url: str = ""):
    """A one-question page of the review, back to the review page."""
    return render(request, "parishes/council/question.html", {
        "proposal": proposal, "form": form, "title": title, "heading": heading, "intro": intro, "quote": quote,
        "back_url": back_url or _review_url(proposal),
    })


# The public proposal page's part -------------------------------------------------------------------------------

def proposal_page_extras(request, proposal) -> dict:
    """What the proposal's public page needs from this part, added to its context: the link to the review for
    its officers, the requests for changes its proposers still have to answer, and the public consultation."""
    user = request.user
    extras = {"council_may_review": user.has_perm("parishes.view_review", proposal)}
    if proposal.status in {ProposalStatus.DRAFT, ProposalStatus.PUBLISHED}:
        return extras
    review = selectors_reviews.review_of(proposal)
    if review is None:
        return extras
    if user.has_perm("parishes.answer_changes", proposal):
        extras["council_changes"] = [
            (change, AnswerForm(auto_id=f"change-{change.pk}-%s",
                                action=reverse("parishes:answer-changes", kwargs={"slug": proposal.slug,
                                                                                  "pk": change.pk})))
            for change in review.change_requests.filter(answered_at__isnull=True)
        ]
    if review.consultation_opened_at is not None:
        extras["council_consultation"] = {
            "review": review,
            "is_open": proposal.status == ProposalStatus.CONSULTATION,
            "comments": selectors_reviews.consultation_comments(review, include_hidden=True),
            "general_responses": selectors_reviews.general_responses(review),
            "may_comment": _may_comment(user, proposal, review),
            "form": CommentForm(action=reverse("parishes:comment", kwargs={"slug": proposal.slug})),
            "council": _council_name(review),
        }
    return extras


def _may_comment(user, proposal: Proposal, review: Review) -> bool:
    return (user.has_perm("parishes.comment_consultation", proposal)
            and timezone.localdate() <= review.consultation_closes_on)


@login_required
def consultation_comment_page(request, slug):
    """A resident comments in the public consultation (the form is on the proposal's page; errors come here)."""
    proposal = _proposal(request, slug, "parishes.view_proposal")
    review = selectors_reviews.review_of(proposal)
    form = CommentForm(_posted(request))
    problem = ""
    if review is None or proposal.status != ProposalStatus.CONSULTATION:
        problem = _("The public consultation is not open, so comments cannot be added")
    elif not request.user.has_perm("parishes.comment_consultation", proposal):
        problem = _("Confirm your email address to comment in the consultation")
    elif request.method == "POST" and form.is_valid():
        try:
            consultation_comment(actor=request.user, proposal=proposal, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your comment is published"))
            return redirect(_public_url(proposal) + "#consultation")
    if problem and request.method == "POST":
        form.is_valid()  # so the form holds the problem below, said in the error summary
        form.add_error(None, problem)
    return render(request, "parishes/council/comment.html", {
        "proposal": proposal, "form": form, "problem": problem, "review": review,
    })


@login_required
def change_answer_page(request, slug, pk):
    """A proposer answers the council's request for changes."""
    proposal = _proposal(request, slug, "parishes.answer_changes")
    change = ChangeRequest.objects.filter(pk=pk, review__proposal=proposal).first()
    if change is None:
        raise Http404
    form = AnswerForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            change_request_answer(actor=request.user, change=change, answer=form.cleaned_data["answer"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your answer is sent to the council"))
            return redirect(_public_url(proposal))
    return render(request, "parishes/council/answer.html", {"proposal": proposal, "change": change, "form": form})


# The queue -----------------------------------------------------------------------------------------------------

@staff_area
@permission_required_or_404("parishes.view_council_queue")
def council_queue(request):
    """Valid petitions and reviews in the officer's councils, soonest deadline first; renewals the active parishes
    asked for; open petitions to come."""
    form = QueueFilterForm(request.GET or None, statuses=selectors_council.queue_statuses())
    status = form.cleaned_data["status"] if form.is_bound and form.is_valid() else ""
    return render(request, "parishes/council/queue.html", {
        "form": form, "rows": selectors_council.council_queue_rows(request.user, status=status),
        "petitions": selectors.council_petitions(request.user),
        "renewals": selectors_active.renewals_for_officer(request.user),
        "authorities": selectors_council.officer_authorities(request.user),
    })


# The review ----------------------------------------------------------------------------------------------------

def _review_page(request, proposal: Proposal, *, errors=(), status: int = 200):
    user = request.user
    review = selectors_reviews.review_of(proposal)
    may_act = review is not None and user.has_perm("parishes.review_proposal", proposal)
    context = {
        "proposal": proposal, "review": review, "errors": errors,
        "progress": selectors.petition_progress(proposal),
        "deadline": selectors_reviews.review_deadline(proposal),
        "areas": [selectors_pages.map_area(proposal, description=proposal.get_status_display(), link=False)],
        "requested_powers": proposal.requested_powers.select_related("power"),
        "covering_authorities": proposal.covering_authorities.order_by("name"),
        "steps": selectors_reviews.proposal_timeline(proposal),
        "may_start": user.has_perm("parishes.start_review", proposal),
        "may_decline": user.has_perm("parishes.decline_petition", proposal),
        "may_act": may_act,
    }
    if review is not None:
        today = timezone.localdate()
        under_review = proposal.status == ProposalStatus.UNDER_REVIEW
        in_consultation = proposal.status == ProposalStatus.CONSULTATION
        context.update({
            "checklist": review.checklist.select_related("checked_by"),
            "changes": review.change_requests.select_related("requested_by", "answered_by"),
            "comments": selectors_reviews.consultation_comments(review, include_hidden=True)
            .select_related("hidden_by").prefetch_related("responses__author"),
            "general_responses": selectors_reviews.general_responses(review).select_related("author"),
            "conditions": selectors_reviews.decision_conditions(review),
            "council": _council_name(review),
            "may_request_changes": may_act and under_review,
            "may_open_consultation": may_act and under_review and review.consultation_opened_at is None,
            "in_consultation": may_act and in_consultation,
            "may_close": may_act and in_consultation and today >= review.consultation_closes_on,
            "may_decide": may_act and under_review and review.consultation_closed_at is not None,
        })
    return render(request, "parishes/council/review.html", context, status=status)


@staff_area
def review_page(request, slug):
    """A proposal's review for the officers of a council covering it: every step, and what they can do next."""
    return _review_page(request, _proposal(request, slug, "parishes.view_review"))


@staff_area
@require_POST
def review_start_page(request, slug):
    proposal = _proposal(request, slug, "parishes.view_review")
    if not request.user.has_perm("parishes.start_review", proposal):
        return _review_page(request, proposal, errors=[_("The review has started already, or the petition is no "
                                                         "longer waiting for one")])
    try:
        review = review_start(actor=request.user, proposal=proposal)
    except ValidationError as error:
        return _review_page(request, proposal, errors=error.messages)
    messages.success(request, _("You have started the review for %(council)s. The proposers have been told")
                     % {"council": _council_name(review)})
    return redirect(_review_url(proposal))


@staff_area
def review_decline_page(request, slug):
    """Decline a valid petition because the council reviewed the area in the last 2 years."""
    proposal = _proposal(request, slug, "parishes.decline_petition")
    form = DeclineForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            petition_decline_recent_review(actor=request.user, proposal=proposal, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("You have declined the petition. The proposers have been told"))
            return redirect(_review_url(proposal))
    return _question(request, proposal, form, title=_("Decline the petition for a recent review"),
                     heading=_("Decline the petition for a recent review"),
                     intro=[_("A council may decline a valid petition if it reviewed the area in the last 2 years. "
                              "Otherwise, start the review.")])


@staff_area
def review_case_officer_page(request, slug):
    proposal, review = _reviewing(request, slug)
    form = CaseOfficerForm(_posted(request), officers=selectors_reviews.case_officer_choices(review),
                           council=_council_name(review), initial={"officer": review.case_officer_id})
    if request.method == "POST" and form.is_valid():
        try:
            review_assign_case_officer(actor=request.user, proposal=proposal, officer=form.cleaned_data["officer"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(name)s is the case officer") % {
                "name": form.cleaned_data["officer"].display_name})
            return redirect(_review_url(proposal))
    return _question(request, proposal, form, title=_("Who is the case officer?"))


@staff_area
def review_checklist_page(request, slug, key):
    proposal, review = _reviewing(request, slug)
    item = review.checklist.filter(key=key).first()
    if item is None:
        raise Http404
    form = ChecklistItemForm(_posted(request), label=item.label,
                             initial={"done": "yes" if item.done else "no", "note": item.note})
    if request.method == "POST" and form.is_valid():
        try:
            review_check(actor=request.user, proposal=proposal, key=item.key, done=form.is_done,
                         note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The checklist is saved"))
            return redirect(_review_url(proposal) + "#checklist")
    return _question(request, proposal, form, title=item.label)


@staff_area
def review_changes_page(request, slug):
    proposal, _review = _reviewing(request, slug)
    form = ChangesForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            review_request_changes(actor=request.user, proposal=proposal, message=form.cleaned_data["message"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The proposers have been asked for the changes"))
            return redirect(_review_url(proposal) + "#changes")
    return _question(request, proposal, form, title=_("Ask the proposers for changes"))


# The consultation ----------------------------------------------------------------------------------------------

@staff_area
def consultation_open_page(request, slug):
    proposal, _review = _reviewing(request, slug)
    form = ConsultationForm(_posted(request), initial={"weeks": consultation_weeks()})
    if request.method == "POST" and form.is_valid():
        try:
            review = consultation_open(actor=request.user, proposal=proposal, weeks=form.cleaned_data["weeks"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The public consultation is open until %(day)s") % {
                "day": date_format(review.consultation_closes_on, "j F Y")})
            return redirect(_review_url(proposal) + "#consultation")
    return _question(request, proposal, form, title=_("Open the public consultation"),
                     intro=[_("Residents comment on the proposal's public page while the consultation runs, and you "
                              "publish the council's responses. You can close it on or after its closing date, then "
                              "decide.")])


def _comment(proposal: Proposal, pk) -> ConsultationComment:
    comment = ConsultationComment.objects.filter(pk=pk, review__proposal=proposal).first()
    if comment is None:
        raise Http404
    return comment


@staff_area
def consultation_hide_page(request, slug, pk):
    proposal, _review = _reviewing(request, slug)
    comment = _comment(proposal, pk)
    form = HideCommentForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            consultation_comment_hide(actor=request.user, comment=comment, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The comment is hidden from the public, with your reason"))
            return redirect(_review_url(proposal) + "#consultation")
    return _question(request, proposal, form, title=_("Hide a comment"), heading=_("Hide a comment"),
                     quote=comment.body)


@staff_area
def consultation_respond_page(request, slug, pk=None):
    """Publish the council's response to one comment, or to the consultation as a whole."""
    proposal, _review = _reviewing(request, slug)
    comment = _comment(proposal, pk) if pk is not None else None
    form = ResponseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            consultation_respond(actor=request.user, proposal=proposal, body=form.cleaned_data["body"],
                                 comment=comment)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The council's response is published"))
            return redirect(_review_url(proposal) + "#consultation")
    title = _("Respond to a comment") if comment else _("Respond to the consultation")
    return _question(request, proposal, form, title=title, heading=title, quote=comment.body if comment else "")


@staff_area
@require_POST
def consultation_close_page(request, slug):
    proposal, _review = _reviewing(request, slug)
    try:
        consultation_close(actor=request.user, proposal=proposal)
    except ValidationError as error:
        return _review_page(request, proposal, errors=error.messages)
    messages.success(request, _("The consultation is closed. You can now make the decision"))
    return redirect(_review_url(proposal) + "#decision")


# The decision: what was decided and why, its conditions, then check and confirm ----------------------------------

def _decision_key(proposal: Proposal) -> str:
    return f"parishes_decision_{proposal.pk}"


def _deciding(request, slug) -> tuple[Proposal, Review] | None:
    """The proposal and its review when a decision can be made now; None once it cannot (the caller goes back)."""
    proposal, review = _reviewing(request, slug)
    if proposal.status != ProposalStatus.UNDER_REVIEW or review.consultation_closed_at is None:
        messages.info(request, _("Hold the public consultation and close it before deciding"))
        return None
    return proposal, review


def _back_to_review(request, slug):
    return redirect(reverse("parishes:review", kwargs={"slug": slug}))


@staff_area
def decision_page(request, slug):
    deciding = _deciding(request, slug)
    if deciding is None:
        return _back_to_review(request, slug)
    proposal, _review = deciding
    answers = request.session.get(_decision_key(proposal), {})
    form = DecisionForm(_posted(request), initial=answers)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        keep = answers.get("conditions") if decision == answers.get("decision") else None
        request.session[_decision_key(proposal)] = {"decision": decision, "reasons": form.cleaned_data["reasons"],
                                                    "conditions": keep}
        name = "parishes:decision-conditions" if decision == ProposalStatus.APPROVED_WITH_CONDITIONS \
            else "parishes:decision-check"
        return redirect(reverse(name, kwargs={"slug": proposal.slug}))
    return _question(request, proposal, form, title=_("What has the council decided?"))


def _stored_conditions(conditions: dict | None) -> dict:
    """The conditions kept in the session as the service takes them (the date was stored as text)."""
    if not conditions:
        return {"granted_powers": None, "sunset_on": None, "budget_cap": None}
    sunset_on = conditions.get("sunset_on")
    return {"granted_powers": conditions.get("granted_powers"),
            "sunset_on": datetime.date.fromisoformat(sunset_on) if sunset_on else None,
            "budget_cap": conditions.get("budget_cap")}


@staff_area
def decision_conditions_page(request, slug):
    deciding = _deciding(request, slug)
    if deciding is None:
        return _back_to_review(request, slug)
    proposal, _review = deciding
    answers = request.session.get(_decision_key(proposal))
    if not answers or answers.get("decision") != ProposalStatus.APPROVED_WITH_CONDITIONS:
        return redirect(reverse("parishes:decision", kwargs={"slug": proposal.slug}))
    requested = list(proposal.requested_powers.select_related("power"))
    stored = _stored_conditions(answers.get("conditions"))
    granted = stored["granted_powers"] if stored["granted_powers"] is not None else [rp.power_id for rp in requested]
    form = ConditionsForm(_posted(request), requested=requested, asked_sunset_on=proposal.sunset_on, initial={
        "granted_powers": [str(pk) for pk in granted], "sunset_on": stored["sunset_on"],
        "budget_cap": stored["budget_cap"] or ""})
    if request.method == "POST" and form.is_valid():
        conditions = form.conditions()
        try:
            review_conditions_check(proposal=proposal, **conditions)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            sunset_on = conditions["sunset_on"]
            answers["conditions"] = {**conditions, "sunset_on": sunset_on.isoformat() if sunset_on else None}
            request.session[_decision_key(proposal)] = answers
            return redirect(reverse("parishes:decision-check", kwargs={"slug": proposal.slug}))
    return _question(request, proposal, form, title=_("The conditions of the approval"),
                     heading=_("The conditions of the approval"),
                     intro=[_("Set at least one: grant only some of the powers, end them earlier, or cap the "
                              "budget.")],
                     back_url=reverse("parishes:decision", kwargs={"slug": proposal.slug}))


@staff_area
def decision_check_page(request, slug):
    """Check the decision before it is final: nothing is decided until the officer confirms here."""
    deciding = _deciding(request, slug)
    if deciding is None:
        return _back_to_review(request, slug)
    proposal, _review = deciding
    answers = request.session.get(_decision_key(proposal))
    if not answers:
        return redirect(reverse("parishes:decision", kwargs={"slug": proposal.slug}))
    with_conditions = answers["decision"] == ProposalStatus.APPROVED_WITH_CONDITIONS
    if with_conditions and not answers.get("conditions"):
        return redirect(reverse("parishes:decision-conditions", kwargs={"slug": proposal.slug}))
    conditions = _stored_conditions(answers.get("conditions"))
    errors = []
    if request.method == "POST":
        try:
            review_decide(actor=request.user, proposal=proposal, decision=answers["decision"],
                          reasons=answers["reasons"], **(conditions if with_conditions else {}))
        except ValidationError as error:
            errors = error.messages
        else:
            request.session.pop(_decision_key(proposal), None)
            messages.success(request, _("The decision is made and published. The proposers have been told"))
            return redirect(_review_url(proposal) + "#decision")
    requested = list(proposal.requested_powers.select_related("power"))
    granted = conditions["granted_powers"]
    return render(request, "parishes/council/check.html", {
        "proposal": proposal, "errors": errors, "answers": answers, "with_conditions": with_conditions,
        "decision_label": ProposalStatus(answers["decision"]).label,
        "granted": [rp.power for rp in requested if granted is None or rp.power_id in granted],
        "refused": [rp.power for rp in requested if granted is not None and rp.power_id not in granted],
        "sunset_on": conditions["sunset_on"], "budget_cap": conditions["budget_cap"],
    })


# Electorate ----------------------------------------------------------------------------------------------------

def _authority(request, code, perm: str) -> LocalAuthority:
    return get_object_or_404_for(request.user, perm, LocalAuthority, code=(code or "").upper())


@staff_area
@permission_required_or_404("parishes.view_council_queue")
def electorate_index(request):
    authorities = [(authority, selectors_council.electorate_summary(authority))
                   for authority in selectors_council.officer_authorities(request.user)]
    return render(request, "parishes/council/electorate_index.html", {"authorities": authorities})


@staff_area
def electorate_authority(request, code):
    """What a council has recorded, newest first in each ward and LSOA."""
    authority = _authority(request, code, "parishes.record_electorate")
    page = Paginator(selectors_council.electorate_figures(authority), 100).get_page(request.GET.get("page"))
    return render(request, "parishes/council/electorate.html", {"authority": authority, "page": page})


def _recorded(request, authority: LocalAuthority, before: set[int], text: str):
    """Tell the officer what was recorded and which petitions the new figures made valid; back to the list."""
    messages.success(request, text)
    for proposal in selectors_council.made_valid(before):
        messages.success(request, _("The petition for %(name)s has reached its threshold with these figures and is "
                                    "now valid") % {"name": proposal.name})
    return redirect(reverse("parishes:council-electorate-authority", kwargs={"code": authority.code}))


@staff_area
def electorate_record_page(request, code):
    authority = _authority(request, code, "parishes.record_electorate")
    wards, lsoas = selectors_council.council_areas(authority)
    form = ElectorateForm(_posted(request), wards=wards, lsoas=lsoas, council=str(authority))
    if request.method == "POST" and form.is_valid():
        before = selectors_council.open_petition_ids(authority)
        try:
            row = electorate_record(actor=request.user, local_authority=authority, electors=form.cleaned_data[
                "electors"], as_of=form.cleaned_data["as_of"], **form.area_kwargs())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return _recorded(request, authority, before, _("%(electors)s electors recorded for %(area)s") % {
                "electors": f"{row.electors:,}", "area": row.ward or row.lsoa})
    return render(request, "parishes/council/electorate_form.html", {
        "authority": authority, "form": form, "title": _("Record the number of electors")})


@staff_area
def electorate_import_page(request, code):
    authority = _authority(request, code, "parishes.record_electorate")
    form = ElectorateImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        before = selectors_council.open_petition_ids(authority)
        try:
            count = electorate_import(actor=request.user, local_authority=authority, text=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return _recorded(request, authority, before, _("%(count)s figures imported") % {"count": f"{count:,}"})
    return render(request, "parishes/council/electorate_form.html", {
        "authority": authority, "form": form, "title": _("Import electors from a CSV file"), "upload": True})


# Powers --------------------------------------------------------------------------------------------------------

@staff_area
@permission_required_or_404("parishes.view_council_queue")
def powers_page(request):
    """The catalogue proposals in the officer's councils choose from: the standard powers and each council's."""
    authorities = list(selectors_council.officer_authorities(request.user))
    powers = list(selectors.powers_for([a.code for a in authorities]))
    return render(request, "parishes/council/powers.html", {
        "standard": [p for p in powers if p.is_standard],
        "authorities": [(a, [p for p in powers if p.local_authority_id == a.code]) for a in authorities],
    })


@staff_area
def power_add_page(request, code):
    authority = _authority(request, code, "parishes.add_power")
    form = PowerForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            power = power_add(actor=request.user, local_authority=authority, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(name)s is in the catalogue. Proposals in %(council)s can ask for it") % {
                "name": power.name, "council": authority.name or authority.code})
            return redirect(reverse("parishes:council-powers"))
    return render(request, "parishes/council/power_add.html", {"authority": authority, "form": form})


# A council's area, in public -----------------------------------------------------------------------------------

def council_map(request, code):
    """Every proposed and active pop-up parish in a council's area, on a map and in lists."""
    authority = get_object_or_404(LocalAuthority, code=(code or "").upper())
    parishes = selectors_council.council_parishes(authority)
    return render(request, "parishes/council/map.html", {
        "authority": authority, "parishes": parishes, "areas": parishes.areas(),
    })

