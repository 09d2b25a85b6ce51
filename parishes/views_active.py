"""An active pop-up parish's pages: members, officers, meetings, decisions, budget, renewal and evaluation.

Every page hangs off the parish's own address (/parishes/<slug>/...). Reading is public for any parish, active or
ended; acting needs the permission, and whoever lacks it gets the same 404 as for a parish that does not exist.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from covenant.core.permissions import get_object_or_404_for

from . import selectors_active
from .forms_active import (
    AppointForm,
    DecisionForm,
    DelegateForm,
    EvaluationForm,
    MeetingForm,
    RenewalDecisionForm,
    RenewalForm,
    SpendingForm,
    StandDownForm,
    TextForm,
)
from .models import Meeting, ParishDecision, Proposal, RenewalRequest, RenewalStatus
from .services.active import officer_appoint, officer_stand_down, parish_join, parish_leave
from .services.budget import budget_delegate, spending_record
from .services.meetings import (
    decision_record,
    meeting_cancel,
    meeting_publish_agenda,
    meeting_publish_minutes,
    meeting_schedule,
)
from .services.renewal import evaluation_publish, renewal_decide, renewal_request


def proposal_page_extras(request, proposal) -> dict:
    """What the proposal's public page needs from this part, added to its context: for a parish, its summary."""
    if not selectors_active.is_parish(proposal):
        return {}
    return {"parish": selectors_active.parish_summary(proposal, request.user),
            "parish_can_join": request.user.has_perm("parishes.join_parish", proposal)}


def _posted(request):
    return request.POST if request.method == "POST" else None


def _parish(request, slug, perm: str = "parishes.view_parish") -> Proposal:
    """The parish if the person may `perm` it; the same 404 for missing, not a parish, and forbidden."""
    return get_object_or_404_for(request.user, perm, Proposal, slug=slug)


def _url(name: str, parish: Proposal, *args) -> str:
    return reverse(f"parishes:{name}", args=[parish.slug, *args])


def _context(request, parish: Proposal, **extra) -> dict:
    """What every parish page shows around its own content: the parish, whether it is active, and what the
    person may do, for links."""
    user = request.user
    return {
        "parish": parish, "active": selectors_active.is_active(parish),
        "may": {name: user.has_perm(f"parishes.{name}", parish) for name in (
            "run_meetings", "record_decision", "record_spending", "delegate_budget", "appoint_officer",
            "stand_down", "request_renewal", "decide_renewal", "publish_evaluation", "view_parish_members")},
        **extra,
    }


def _form_page(request, parish: Proposal, form, *, heading: str = "", caption: str = "", back: str, intro: str = "",
               status: int = 200, template: str = "parishes/active/form.html"):
    return render(request, template, _context(request, parish, form=form, heading=heading, caption=caption,
                                              back=back, intro=intro), status=status)


# Members -------------------------------------------------------------------------------------------------------

def _members_page(request, parish: Proposal, *, errors=(), status: int = 200):
    user = request.user
    may_see_names = user.has_perm("parishes.view_parish_members", parish)
    return render(request, "parishes/active/members.html", _context(
        request, parish, errors=errors, count=selectors_active.member_count(parish),
        officers=selectors_active.current_officers(parish),
        members=selectors_active.members_for_roll(parish) if may_see_names else None,
        is_member=selectors_active.is_member(user, parish),
        can_join=user.has_perm("parishes.join_parish", parish),
        can_leave=user.has_perm("parishes.leave_parish", parish),
    ), status=status)


def members(request, slug):
    """How many members the parish has and who holds office; members' names for those who may see them."""
    return _members_page(request, _parish(request, slug))


@login_required
@require_POST
def join(request, slug):
    parish = _parish(request, slug)
    if not request.user.has_perm("parishes.join_parish", parish):
        return _members_page(request, parish, errors=[_(
            "You cannot join this parish: it no longer holds its powers, or you need to confirm your email address "
            "first")])
    try:
        parish_join(actor=request.user, parish=parish)
    except ValidationError as error:
        return _members_page(request, parish, errors=error.messages)
    messages.success(request, _("You have joined %(name)s") % {"name": parish.name})
    return redirect(_url("parish-members", parish))


@login_required
@require_POST
def leave(request, slug):
    parish = _parish(request, slug)
    if not request.user.has_perm("parishes.leave_parish", parish):
        raise Http404
    try:
        parish_leave(actor=request.user, parish=parish)
    except ValidationError as error:
        return _members_page(request, parish, errors=error.messages)
    messages.success(request, _("You have left %(name)s") % {"name": parish.name})
    return redirect(_url("parish-members", parish))


# Officers ------------------------------------------------------------------------------------------------------

def officers(request, slug):
    """The officers today and every term before, with who appointed them and by which decision."""
    parish = _parish(request, slug)
    return render(request, "parishes/active/officers.html", _context(
        request, parish, officers=selectors_active.current_officers(parish),
        history=selectors_active.officer_history(parish)))


@login_required
def appoint(request, slug):
    parish = _parish(request, slug, "parishes.appoint_officer")
    form = AppointForm(_posted(request), members=selectors_active.members_for_roll(parish),
                       decisions=selectors_active.carried_decisions(parish))
    if request.method == "POST" and form.is_valid():
        try:
            holder = officer_appoint(actor=request.user, parish=parish, **form.values())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(name)s is now the %(office)s") % {
                "name": holder.user.display_name, "office": holder.get_office_display().lower()})
            return redirect(_url("parish-officers", parish))
    return _form_page(request, parish, form, heading=_("Appoint an officer"), back=_url("parish-officers", parish),
                      intro=_("Appointing someone to an office ends the current holder's term. The record of every "
                              "term is kept and public."))


@login_required
def stand_down(request, slug):
    parish = _parish(request, slug, "parishes.stand_down")
    form = StandDownForm(_posted(request), offices=selectors_active.offices_of(request.user, parish))
    if request.method == "POST" and form.is_valid():
        try:
            officer_stand_down(actor=request.user, parish=parish, office=form.cleaned_data["office"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("You have stood down"))
            return redirect(_url("parish-officers", parish))
    return _form_page(request, parish, form, back=_url("parish-officers", parish))


# Meetings ------------------------------------------------------------------------------------------------------

def meetings(request, slug):
    parish = _parish(request, slug)
    return render(request, "parishes/active/meetings.html", _context(
        request, parish, upcoming=selectors_active.upcoming_meetings(parish),
        past=selectors_active.meetings_with_decisions(selectors_active.past_meetings(parish))))


@login_required
def meeting_new(request, slug):
    parish = _parish(request, slug, "parishes.run_meetings")
    form = MeetingForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_schedule(actor=request.user, parish=parish, **form.values())
        except ValidationError as error:
            # The date and time are asked for as two fields; the service judges them as one.
            if hasattr(error, "error_dict") and "starts_at" in error.error_dict:
                error.error_dict["date"] = error.error_dict.pop("starts_at")
            form.add_service_errors(error)
        else:
            messages.success(request, _("The meeting is scheduled and members are being told"))
            return redirect(_url("parish-meeting", parish, meeting.pk))
    return _form_page(request, parish, form, heading=_("Schedule a meeting"), back=_url("parish-meetings", parish))


def _meeting(parish: Proposal, pk) -> Meeting:
    return get_object_or_404(Meeting, parish=parish, pk=pk)


def meeting(request, slug, pk):
    """A meeting: when and where, its agenda and minutes, and the decisions taken there with their votes."""
    parish = _parish(request, slug)
    item = _meeting(parish, pk)
    decisions = [(decision, selectors_active.outcome_reason(decision))
                 for decision in item.decisions.order_by("recorded_at", "id")]
    started = selectors_active.has_started(item)
    return render(request, "parishes/active/meeting.html", _context(
        request, parish, meeting=item, decisions=decisions, started=started))


def _meeting_text(request, slug, pk, *, service, label: str, button: str, done: str, help_text: str = "",
                  warning: bool = False, initial=lambda meeting: ""):
    """A meeting's one-text page (agenda, minutes, the reason for cancelling) for its parish's chair or clerk."""
    parish = _parish(request, slug, "parishes.run_meetings")
    item = _meeting(parish, pk)
    form = TextForm(_posted(request), label=label, button=button, help_text=help_text, warning=warning,
                    initial={"text": initial(item)})
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, meeting=item, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, done)
            return redirect(_url("parish-meeting", parish, item.pk))
    return _form_page(request, parish, form, caption=item.title, back=_url("parish-meeting", parish, item.pk))


@login_required
def meeting_agenda(request, slug, pk):
    return _meeting_text(
        request, slug, pk, label=_("Agenda"), button=_("Publish the agenda"), done=_("The agenda is published"),
        help_text=_("What the meeting will discuss and decide, in order"), initial=lambda meeting: meeting.agenda,
        service=lambda *, actor, meeting, text: meeting_publish_agenda(actor=actor, meeting=meeting, agenda=text))


@login_required
def meeting_minutes(request, slug, pk):
    return _meeting_text(
        request, slug, pk, label=_("Minutes"), button=_("Publish the minutes"), done=_("The minutes are published"),
        help_text=_("Who attended, what was discussed and what was decided"), initial=lambda meeting: meeting.minutes,
        service=lambda *, actor, meeting, text: meeting_publish_minutes(actor=actor, meeting=meeting, minutes=text))


@login_required
def meeting_cancel_page(request, slug, pk):
    return _meeting_text(
        request, slug, pk, label=_("Why is the meeting cancelled?"), button=_("Cancel the meeting"), warning=True,
        done=_("The meeting is cancelled and members are being told"),
        help_text=_("Members are told this, and it is shown on the meeting's page"),
        service=lambda *, actor, meeting, text: meeting_cancel(actor=actor, meeting=meeting, reason=text))


# Decisions -----------------------------------------------------------------------------------------------------

@login_required
def decision_new(request, slug, pk):
    parish = _parish(request, slug, "parishes.record_decision")
    item = _meeting(parish, pk)
    form = DecisionForm(_posted(request), members=selectors_active.members_for_roll(parish))
    if request.method == "POST" and form.is_valid():
        try:
            decision = decision_record(actor=request.user, meeting=item, title=form.cleaned_data["title"],
                                       motion=form.cleaned_data["motion"], votes=form.votes())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, selectors_active.outcome_reason(decision))
            return redirect(_url("parish-decision", parish, decision.pk))
    quorum = selectors_active.quorum_for(selectors_active.member_count(parish))
    return _form_page(request, parish, form, heading=_("Record a decision"), caption=item.title,
                      back=_url("parish-meeting", parish, item.pk),
                      intro=_("Record the vote of each member present; abstaining counts as present. With %(members)s "
                              "members, at least %(quorum)s must be present for a decision.") % {
                          "members": selectors_active.member_count(parish), "quorum": quorum})


def decisions(request, slug):
    parish = _parish(request, slug)
    rows = [(decision, selectors_active.outcome_reason(decision)) for decision in selectors_active.decisions_of(parish)]
    return render(request, "parishes/active/decisions.html", _context(request, parish, decisions=rows))


def decision(request, slug, pk):
    """A decision's motion, counts and outcome; how each member voted for those who may see members' names."""
    parish = _parish(request, slug)
    item = get_object_or_404(ParishDecision.objects.select_related("meeting"), parish=parish, pk=pk)
    votes = (selectors_active.votes_of(item) if request.user.has_perm("parishes.view_parish_members", parish)
             else None)
    return render(request, "parishes/active/decision.html", _context(
        request, parish, decision=item, reason=selectors_active.outcome_reason(item), votes=votes))


# The budget ----------------------------------------------------------------------------------------------------

def budget(request, slug):
    parish = _parish(request, slug)
    return render(request, "parishes/active/budget.html", _context(
        request, parish, summary=selectors_active.budget_summary(parish),
        spending=selectors_active.spending_of(parish)))


class _Echo:
    def write(self, value):
        return value


def spending_csv(request, slug):
    """Every spending record as CSV, for anyone to download and check."""
    parish = _parish(request, slug)
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse((writer.writerow(row) for row in selectors_active.spending_csv_rows(parish)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{parish.slug}-spending.csv"'
    return response


@login_required
def spend(request, slug):
    parish = _parish(request, slug, "parishes.record_spending")
    form = SpendingForm(_posted(request), decisions=selectors_active.carried_decisions(parish))
    if request.method == "POST" and form.is_valid():
        try:
            spending_record(actor=request.user, parish=parish, **form.values())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The spending is recorded"))
            return redirect(_url("parish-budget", parish))
    summary = selectors_active.budget_summary(parish)
    return _form_page(request, parish, form, heading=_("Record spending"), back=_url("parish-budget", parish),
                      intro=_("%(left)s is left of the delegated budget.") % {"left": f"£{summary.remaining:,.2f}"})


@login_required
def delegate(request, slug):
    parish = _parish(request, slug, "parishes.delegate_budget")
    summary = selectors_active.budget_summary(parish)
    form = DelegateForm(_posted(request), initial={"amount": f"{summary.delegated:.2f}"})
    if request.method == "POST" and form.is_valid():
        try:
            budget_delegate(actor=request.user, parish=parish, amount=form.cleaned_data["amount"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The delegated budget is saved and the parish is told"))
            return redirect(_url("parish-budget", parish))
    intro = (_("The council's decision capped the budget at %(cap)s.") % {"cap": f"£{summary.cap:,.2f}"}
             if summary.cap is not None else _("The council's decision set no cap."))
    return _form_page(request, parish, form, back=_url("parish-budget", parish),
                      intro=intro + " " + _("The parish has spent %(spent)s.") % {"spent": f"£{summary.spent:,.2f}"})


# Renewal and evaluation -----------------------------------------------------------------------------------------

def renewal(request, slug):
    """The parish's requests for renewal and the council's decisions on them."""
    parish = _parish(request, slug)
    return render(request, "parishes/active/renewal.html", _context(
        request, parish, renewals=selectors_active.renewals_of(parish),
        pending=selectors_active.pending_renewal(parish), expiry=selectors_active.powers_expiry(parish)))


@login_required
def renewal_new(request, slug):
    parish = _parish(request, slug, "parishes.request_renewal")
    earliest, latest = selectors_active.renewal_range(parish)
    form = RenewalForm(_posted(request), earliest=earliest, latest=latest)
    if request.method == "POST" and form.is_valid():
        try:
            renewal_request(actor=request.user, parish=parish, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("You have asked the council to renew the parish. It has been told"))
            return redirect(_url("parish-renewal", parish))
    return _form_page(request, parish, form, heading=_("Ask the council to renew the parish"),
                      back=_url("parish-renewal", parish))


@login_required
def renewal_decide_page(request, slug, pk):
    parish = _parish(request, slug, "parishes.decide_renewal")
    item = get_object_or_404(RenewalRequest, parish=parish, pk=pk, status=RenewalStatus.PENDING)
    form = RenewalDecisionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            renewal_decide(actor=request.user, renewal=item, decision=data["decision"], reasons=data["reasons"],
                           sunset_on=data["sunset_on"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The decision is saved and the parish is told"))
            return redirect(_url("parish-renewal", parish))
    return render(request, "parishes/active/renewal_decide.html", _context(
        request, parish, form=form, renewal=item, back=_url("parish-renewal", parish)))


def evaluation(request, slug):
    parish = _parish(request, slug)
    return render(request, "parishes/active/evaluation.html", _context(
        request, parish, evaluation=selectors_active.evaluation_of(parish)))


@login_required
def evaluation_edit(request, slug):
    parish = _parish(request, slug, "parishes.publish_evaluation")
    current = selectors_active.evaluation_of(parish)
    initial = ({"achievements": current.achievements, "evidence": current.evidence,
                "seeks_permanent": "yes" if current.seeks_permanent else "no"} if current else {})
    form = EvaluationForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_publish(actor=request.user, parish=parish, **form.values())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The evaluation is published"))
            return redirect(_url("parish-evaluation", parish))
    return _form_page(request, parish, form, heading=_("Publish the parish's evaluation"),
                      back=_url("parish-evaluation", parish),
                      intro=_("Say what the parish has achieved and how you know. It is shown to the public."))
