"""Residents' pages for pop-up parishes: the public list and proposal pages, drafting, publishing and signing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from covenant.core.permissions import get_object_or_404_for, permission_required_or_404

from . import (
    selectors,
    selectors_council,
    selectors_pages,
    selectors_reviews,
    views_active,
    views_council,
)
from .forms import (
    AreaForm,
    AreaPostcodesForm,
    ConfirmForm,
    ConstitutionForm,
    CoproposerForm,
    NameForm,
    PowersForm,
    SunsetForm,
)
from .models import FoundingMember, Proposal, ProposalStatus, Proposer, ProposerRole, RequestedPower
from .services import (
    MIN_FOUNDING_MEMBERS,
    founding_member_join,
    founding_member_leave,
    petition_sign,
    petition_withdraw,
    proposal_add_coproposer,
    proposal_create,
    proposal_publish,
    proposal_set_powers,
    proposal_update,
)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _proposal(request, slug, perm: str) -> Proposal:
    """The proposal if the person may `perm` it; the same 404 for missing and forbidden."""
    return get_object_or_404_for(request.user, perm, Proposal, slug=slug)


def _tasks_url(proposal: Proposal) -> str:
    return reverse("parishes:draft", kwargs={"slug": proposal.slug})


def _public_url(proposal: Proposal) -> str:
    return reverse("parishes:proposal", kwargs={"slug": proposal.slug})


# Public pages ---------------------------------------------------------------------------------------------------

def proposal_list(request):
    """Every proposal past its draft and every active parish, on a map and as a list."""
    proposals = list(selectors.public_proposals())
    active = [p for p in proposals if selectors_pages.is_active(p)]
    proposed = [p for p in proposals if not selectors_pages.is_active(p)]
    areas = [selectors_pages.map_area(p, description=p.get_status_display()) for p in proposals if p.area]
    return render(request, "parishes/list.html", {
        "active": active, "proposed": proposed, "areas": areas,
        "can_propose": request.user.has_perm("parishes.add_proposal"),
        "councils": selectors_council.councils_with_parishes(),
    })


def _proposal_page(request, proposal: Proposal, *, errors=(), status: int = 200):
    user = request.user
    progress = None if proposal.is_draft else selectors.petition_progress(proposal)
    return render(request, "parishes/proposal.html", {
        "proposal": proposal,
        "areas": [selectors_pages.map_area(proposal, description=proposal.get_status_display(), link=False)]
        if proposal.area else [],
        "requested_powers": proposal.requested_powers.select_related("power"),
        "covering_authorities": proposal.covering_authorities.order_by("name"),
        "progress": progress, "steps": selectors_reviews.proposal_timeline(proposal),
        "has_signed": selectors.has_signed(user, proposal),
        "can_sign": user.has_perm("parishes.sign_petition", proposal),
        "can_withdraw": user.has_perm("parishes.withdraw_signature", proposal),
        "is_proposer": selectors.is_proposer(user, proposal),
        "petition_open": proposal.status == ProposalStatus.PUBLISHED,
        "errors": errors,
        **views_council.proposal_page_extras(request, proposal),
        **views_active.proposal_page_extras(request, proposal),
    }, status=status)


def proposal_detail(request, slug):
    """A proposal's public page; a draft only for its proposers (and platform staff)."""
    return _proposal_page(request, _proposal(request, slug, "parishes.view_proposal"))


@login_required
@require_POST
def proposal_sign(request, slug):
    proposal = _proposal(request, slug, "parishes.view_proposal")
    if not request.user.has_perm("parishes.sign_petition", proposal):
        return _proposal_page(request, proposal, errors=[_(
            "You cannot sign this petition: it is not open, or you need to confirm your email address first")])
    try:
        petition_sign(actor=request.user, proposal=proposal)
    except ValidationError as error:
        # Shown on the page the resident signed from, GOV.UK style, instead of a bare error.
        return _proposal_page(request, proposal, errors=error.messages)
    messages.success(request, _("You have signed the petition for %(name)s") % {"name": proposal.name})
    return redirect(_public_url(proposal))


@login_required
@require_POST
def proposal_withdraw(request, slug):
    proposal = _proposal(request, slug, "parishes.view_proposal")
    if not request.user.has_perm("parishes.withdraw_signature", proposal):
        return _proposal_page(request, proposal, errors=[_("The petition is closed, so signatures can no longer "
                                                           "be withdrawn")])
    try:
        petition_withdraw(actor=request.user, proposal=proposal)
    except ValidationError as error:
        return _proposal_page(request, proposal, errors=error.messages)
    messages.success(request, _("You have withdrawn your signature"))
    return redirect(_public_url(proposal))


# The founding group ---------------------------------------------------------------------------------------------

@login_required
def founding_join(request, slug):
    """Joining a draft's founding group, from the link its proposers share (drafts are not listed anywhere)."""
    proposal = _proposal(request, slug, "parishes.join_founding_group")
    is_member = FoundingMember.objects.filter(proposal=proposal, user=request.user).exists()
    is_proposer = selectors.is_proposer(request.user, proposal)
    form = ConfirmForm(_posted(request), button=_("Leave the founding group") if is_member
                       else _("Join the founding group"), warning=is_member)
    if request.method == "POST" and form.is_valid():
        try:
            if is_member:
                founding_member_leave(actor=request.user, proposal=proposal)
            else:
                founding_member_join(actor=request.user, proposal=proposal)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            text = (_("You have left the founding group of %(name)s") if is_member
                    else _("You have joined the founding group of %(name)s"))
            messages.success(request, text % {"name": proposal.name})
            return redirect(reverse("parishes:join", kwargs={"slug": proposal.slug}))
    return render(request, "parishes/join.html", {
        "proposal": proposal, "form": form, "is_member": is_member, "is_proposer": is_proposer,
        "members": proposal.founding_members.count(), "minimum": MIN_FOUNDING_MEMBERS,
    })


# Drafting -------------------------------------------------------------------------------------------------------

@login_required
@permission_required_or_404("parishes.add_proposal")
def proposal_start(request):
    form = NameForm(_posted(request), button=_("Start the proposal"))
    if request.method == "POST" and form.is_valid():
        try:
            proposal = proposal_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(_tasks_url(proposal))
    return render(request, "parishes/start.html", {"form": form})


def _draft(request, slug) -> Proposal:
    return _proposal(request, slug, "parishes.change_proposal")


@login_required
def draft_tasks(request, slug):
    """The draft's task list: what is done and what still blocks publishing."""
    proposal = _proposal(request, slug, "parishes.view_proposal")
    if not proposal.is_draft and selectors.is_proposer(request.user, proposal):
        return redirect(_public_url(proposal))
    if not request.user.has_perm("parishes.change_proposal", proposal):
        raise Http404
    state = selectors_pages.draft_state(proposal)
    coproposers = proposal.proposers.filter(role=ProposerRole.CO_PROPOSER).count()
    areas = []
    if state.conflicts:
        areas = [selectors_pages.map_area(proposal, description=_("This proposal"), link=False),
                 *[selectors_pages.map_area(p, description=_("Active pop-up parish")) for p in state.conflicts]]
    return render(request, "parishes/tasks.html", {
        "proposal": proposal, "state": state, "coproposers": coproposers, "minimum": MIN_FOUNDING_MEMBERS,
        "conflict_areas": areas,
        "join_url": request.build_absolute_uri(reverse("parishes:join", kwargs={"slug": proposal.slug})),
        "is_lead": proposal.created_by_id == request.user.pk,
    })


def _question(request, slug, form_class, template: str, *, initial):
    """A draft's question page: the form, the service's errors against its fields, back to the task list."""
    proposal = _draft(request, slug)
    form = form_class(_posted(request), initial=initial(proposal))
    if request.method == "POST" and form.is_valid():
        try:
            proposal_update(actor=request.user, proposal=proposal, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(_tasks_url(proposal))
    return render(request, template, {"form": form, "proposal": proposal})


@login_required
def draft_details(request, slug):
    proposal = _draft(request, slug)
    form = NameForm(_posted(request), button=_("Save and continue"),
                    initial={"name": proposal.name, "purpose": proposal.purpose})
    if request.method == "POST" and form.is_valid():
        try:
            proposal_update(actor=request.user, proposal=proposal, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(_tasks_url(proposal))
    return render(request, "parishes/details.html", {"form": form, "proposal": proposal})


@login_required
def draft_area(request, slug):
    return _question(request, slug, AreaForm, "parishes/area.html", initial=lambda p: {"area": p.area})


@login_required
def draft_area_postcodes(request, slug):
    """The area assembled from postcodes instead of drawn; the map page then shows it to adjust."""
    proposal = _draft(request, slug)
    form = AreaPostcodesForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            area = selectors.area_from_postcodes(form.postcode_list())
            proposal_update(actor=request.user, proposal=proposal, area=area)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The area now goes round the postcodes you entered. Check it on the map"))
            return redirect(reverse("parishes:area", kwargs={"slug": proposal.slug}))
    return render(request, "parishes/area_postcodes.html", {"form": form, "proposal": proposal})


@login_required
def draft_sunset(request, slug):
    return _question(request, slug, SunsetForm, "parishes/sunset.html", initial=lambda p: {"sunset_on": p.sunset_on})


@login_required
def draft_constitution(request, slug):
    return _question(request, slug, ConstitutionForm, "parishes/constitution.html",
                     initial=lambda p: {"constitution": p.constitution})


@login_required
def draft_powers(request, slug):
    proposal = _draft(request, slug)
    area = selectors.proposal_area(proposal)
    # A council's own powers are offered only where that council covers the area.
    codes = selectors.local_authorities_for_area(area).values_list("code", flat=True) if area is not None else ()
    powers = selectors.powers_for(list(codes)).order_by("local_authority_id", "name")
    chosen = dict(RequestedPower.objects.filter(proposal=proposal).values_list("power_id", "justification"))
    form = PowersForm(_posted(request), powers=powers, chosen=chosen)
    if request.method == "POST" and form.is_valid():
        try:
            proposal_set_powers(actor=request.user, proposal=proposal, powers=form.chosen())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(_tasks_url(proposal))
    return render(request, "parishes/powers.html", {"form": form, "proposal": proposal})


@login_required
def draft_coproposers(request, slug):
    proposal = _draft(request, slug)
    may_add = request.user.has_perm("parishes.add_coproposer", proposal)
    form = CoproposerForm(_posted(request))
    if request.method == "POST":
        if not may_add:
            raise Http404
        if form.is_valid():
            person = selectors_pages.person_by_email(form.cleaned_data["email"])
            try:
                proposer = proposal_add_coproposer(actor=request.user, proposal=proposal, user=person)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("%(name)s is now a co-proposer") % {"name": proposer.user.display_name})
                return redirect(reverse("parishes:coproposers", kwargs={"slug": proposal.slug}))
    return render(request, "parishes/coproposers.html", {
        "form": form, "proposal": proposal, "may_add": may_add,
        "proposers": proposal.proposers.select_related("user"),
    })


# Which task page each of the publishing service's error keys is fixed on.
_FIX_ON = {"area": "parishes:area", "sunset_on": "parishes:sunset", "powers": "parishes:powers",
           "founding_members": "parishes:draft"}


@login_required
def draft_publish(request, slug):
    """Check your answers, then open the petition; what still blocks it is listed with where to fix it."""
    proposal = _proposal(request, slug, "parishes.publish_proposal")
    errors = []
    if request.method == "POST":
        try:
            proposal_publish(actor=request.user, proposal=proposal)
        except ValidationError as error:
            fields = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            for key, problems in fields.items():
                href = reverse(_FIX_ON[key], kwargs={"slug": proposal.slug}) if key in _FIX_ON else ""
                errors += [{"text": problem, "href": href} for problem in problems]
        else:
            messages.success(request, _("The petition for %(name)s is open. Share this page with residents of "
                                        "the area") % {"name": proposal.name})
            return redirect(_public_url(proposal))
    return render(request, "parishes/publish.html", {
        "proposal": proposal, "errors": errors, "state": selectors_pages.draft_state(proposal),
        "requested_powers": proposal.requested_powers.select_related("power"),
    })


# The resident's own ---------------------------------------------------------------------------------------------

@login_required
def your_proposals(request):
    proposals = selectors.proposals_of(request.user).prefetch_related(
        Prefetch("proposers", queryset=Proposer.objects.filter(user=request.user), to_attr="mine"))
    return render(request, "parishes/yours.html", {
        "proposals": proposals, "can_propose": request.user.has_perm("parishes.add_proposal"),
    })
