"""Pages of organisations: register, directory, your organisations, members, invitations and verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from covenant.accounts.decorators import staff_area
from covenant.core.permissions import get_object_or_404_for, permission_required_or_404

from . import selectors, services
from .forms import (
    ConfirmForm,
    InvitationForm,
    OrganisationDetailsForm,
    OrganisationTypeForm,
    ReasonForm,
    RolesForm,
)
from .models import Invitation, Membership, Organisation, OrganisationType, Role, VerificationStatus


def _posted(request):
    # An empty POST (a confirmation button, no boxes ticked) must still bind the form.
    return request.POST if request.method == "POST" else None


def _organisation(request, pk, perm: str) -> Organisation:
    return get_object_or_404_for(request.user, perm, Organisation, pk=pk)


def _type_or_404(value: str) -> str:
    if value not in OrganisationType.values:
        raise Http404
    return value


def directory(request):
    """The public list of verified organisations, searchable by name and type."""
    text = request.GET.get("q", "").strip()[:200]
    organisation_type = request.GET.get("type", "")
    if organisation_type not in OrganisationType.values:
        organisation_type = ""
    organisations = selectors.verified_organisations(type=organisation_type, text=text)[:200]
    return render(request, "organisations/directory.html", {
        "organisations": organisations, "q": text, "selected_type": organisation_type,
        "types": OrganisationType.choices,
    })


@login_required
@permission_required_or_404("organisations.add_organisation")
def register_type(request):
    form = OrganisationTypeForm(_posted(request), initial={"type": request.GET.get("type")})
    if request.method == "POST" and form.is_valid():
        return redirect("organisations:register_details", organisation_type=form.cleaned_data["type"])
    return render(request, "organisations/register_type.html", {"form": form})


@login_required
@permission_required_or_404("organisations.add_organisation")
def register_details(request, organisation_type):
    organisation_type = _type_or_404(organisation_type)
    form = OrganisationDetailsForm(
        _posted(request), organisation_type=organisation_type, submit_label=_("Register organisation"),
        initial={"contact_email": request.user.email},
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(actor=request.user, **form.details())
        except ValidationError as errors:
            form.add_service_errors(errors)
        else:
            messages.success(request, _("%(name)s is registered. We will check its details and tell you when it "
                                        "is verified") % {"name": organisation.name})
            return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/register_details.html", {
        "form": form, "type_label": OrganisationType(organisation_type).label,
    })


@login_required
def mine(request):
    organisations = selectors.organisations_for_user(request.user)
    return render(request, "organisations/mine.html", {"organisations": organisations})


def detail(request, pk):
    organisation = _organisation(request, pk, "organisations.view_organisation")
    user = request.user
    return render(request, "organisations/detail.html", {
        "organisation": organisation,
        "my_roles": [Role(r).label for r in sorted(selectors.organisation_roles(user=user, organisation=organisation),
                                                   key=Role.values.index)],
        "can_change": user.has_perm("organisations.change_organisation", organisation),
        "can_verify": user.has_perm("organisations.verify_organisation", organisation),
        "is_member": selectors.is_member(user=user, organisation=organisation),
        "statuses": VerificationStatus,
    })


@login_required
def edit_type(request, pk):
    organisation = _organisation(request, pk, "organisations.change_organisation")
    form = OrganisationTypeForm(_posted(request), initial={"type": organisation.type})
    form.fields["type"].label = _("What type of organisation is %(name)s?") % {"name": organisation.name}
    if request.method == "POST" and form.is_valid():
        return redirect(f"{reverse('organisations:edit', kwargs={'pk': pk})}?type={form.cleaned_data['type']}")
    return render(request, "organisations/edit_type.html", {"form": form, "organisation": organisation})


@login_required
def edit(request, pk):
    organisation = _organisation(request, pk, "organisations.change_organisation")
    organisation_type = _type_or_404(request.GET.get("type") or organisation.type)
    initial = {field: getattr(organisation, field) for field in services.EDITABLE_FIELDS if field != "type"}
    form = OrganisationDetailsForm(
        _posted(request), organisation_type=organisation_type, exclude_pk=organisation.pk,
        submit_label=_("Save changes"), initial=initial,
    )
    # Keep the chosen type when the form is posted back.
    form.helper.form_action = f"{reverse('organisations:edit', kwargs={'pk': pk})}?type={organisation_type}"
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(actor=request.user, organisation=organisation, **form.details())
        except ValidationError as errors:
            form.add_service_errors(errors)
        else:
            messages.success(request, _("Your changes have been saved"))
            return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/edit.html", {
        "form": form, "organisation": organisation, "type_label": OrganisationType(organisation_type).label,
        "type_changed": organisation_type != organisation.type,
        "reverify": organisation.verification_status == VerificationStatus.VERIFIED,
    })


@login_required
def members(request, pk):
    organisation = _organisation(request, pk, "organisations.manage_members")
    return render(request, "organisations/members.html", {
        "organisation": organisation,
        "memberships": selectors.members_of(organisation),
        "invitations": selectors.pending_invitations(organisation),
    })


@login_required
def invite(request, pk):
    organisation = _organisation(request, pk, "organisations.manage_members")
    form = InvitationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=request.user, organisation=organisation, email=form.cleaned_data["email"],
                roles=form.cleaned_data["roles"],
            )
        except ValidationError as errors:
            form.add_service_errors(errors)
        else:
            messages.success(request, _("Invitation sent to %(email)s") % {"email": invitation.email})
            return redirect("organisations:members", pk=organisation.pk)
    return render(request, "organisations/invite.html", {"form": form, "organisation": organisation})


def _membership(request, pk, membership_pk) -> tuple[Organisation, Membership]:
    organisation = _organisation(request, pk, "organisations.manage_members")
    try:
        membership = Membership.objects.select_related("user").get(pk=membership_pk, organisation=organisation)
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    return organisation, membership


@login_required
def member_roles(request, pk, membership_pk):
    organisation, membership = _membership(request, pk, membership_pk)
    legend = _("What roles should %(name)s have?") % {"name": membership.user.display_name}
    form = RolesForm(_posted(request), legend=legend, initial={"roles": membership.role_names})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_set_roles(actor=request.user, membership=membership, roles=form.cleaned_data["roles"])
        except ValidationError as errors:
            form.add_service_errors(errors)
        else:
            messages.success(request, _("Roles saved for %(name)s") % {"name": membership.user.display_name})
            return redirect("organisations:members", pk=organisation.pk)
    return render(request, "organisations/member_roles.html", {
        "form": form, "organisation": organisation, "membership": membership,
    })


@login_required
def member_remove(request, pk, membership_pk):
    organisation, membership = _membership(request, pk, membership_pk)
    form = ConfirmForm(_posted(request), button=_("Remove member"), warning=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_remove(actor=request.user, membership=membership)
        except ValidationError as errors:
            form.add_service_errors(errors)
        else:
            messages.success(request, _("%(name)s has been removed") % {"name": membership.user.display_name})
            if membership.user_id == request.user.pk:
                return redirect("organisations:mine")
            return redirect("organisations:members", pk=organisation.pk)
    return render(request, "organisations/member_remove.html", {
        "form": form, "organisation": organisation, "membership": membership,
    })


def _invitation(request, pk, invitation_pk) -> tuple[Organisation, Invitation]:
    organisation = _organisation(request, pk, "organisations.manage_members")
    try:
        invitation = Invitation.objects.get(pk=invitation_pk, organisation=organisation)
    except (Invitation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    return organisation, invitation


@login_required
@require_POST
def invitation_resend(request, pk, invitation_pk):
    organisation, invitation = _invitation(request, pk, invitation_pk)
    try:
        services.invitation_resend(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("A new invitation has been sent to %(email)s") % {"email": invitation.email})
    return redirect("organisations:members", pk=organisation.pk)


@login_required
@require_POST
def invitation_revoke(request, pk, invitation_pk):
    organisation, invitation = _invitation(request, pk, invitation_pk)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The invitation to %(email)s has been withdrawn") % {"email": invitation.email})
    return redirect("organisations:members", pk=organisation.pk)


@login_required
def invitation_accept(request, token):
    invitation = selectors.invitation_by_token(token)
    problem = services.invitation_problem(invitation=invitation, user=request.user)
    form = ConfirmForm(_posted(request), button=_("Join organisation"))
    if problem is None and request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_accept(actor=request.user, token=token)
        except ValidationError as error:
            problem = error.messages[0]
        else:
            messages.success(request, _("You have joined %(name)s") % {"name": membership.organisation.name})
            return redirect("organisations:detail", pk=membership.organisation_id)
    status = 200 if problem is None else (404 if invitation is None else 400)
    return render(request, "organisations/invitation_accept.html", {
        "invitation": invitation if problem is None else None, "problem": problem, "form": form,
    }, status=status)


@staff_area
@permission_required_or_404("organisations.view_verification_queue")
def verification_queue(request):
    return render(request, "organisations/verification_queue.html", {
        "organisations": selectors.verification_queue(),
    })


def _staff_action(request, pk, *, action: str):
    organisation = _organisation(request, pk, "organisations.verify_organisation")
    if action == "verify":
        form = ConfirmForm(_posted(request), button=_("Verify organisation"))
    elif action == "reject":
        form = ReasonForm(_posted(request), required_message=_("Enter the reason for rejecting this "
                                                                   "organisation"), button=_("Reject organisation"))
    else:
        form = ReasonForm(_posted(request), required_message=_("Enter the reason for suspending this "
                                                                   "organisation"), button=_("Suspend organisation"))
    if request.method == "POST" and form.is_valid():
        try:
            if action == "verify":
                services.organisation_verify(actor=request.user, organisation=organisation)
            elif action == "reject":
                services.organisation_reject(actor=request.user, organisation=organisation,
                                             reason=form.cleaned_data["reason"])
            else:
                services.organisation_suspend(actor=request.user, organisation=organisation,
                                              reason=form.cleaned_data["reason"])
        except ValidationError as errors:
            form.add_service_errors(errors)
        else:
            done = {"verify": _("%(name)s is verified"), "reject": _("%(name)s has been rejected"),
                    "suspend": _("%(name)s has been suspended")}[action]
            messages.success(request, done % {"name": organisation.name})
            return redirect("organisations:verification_queue")
    return render(request, f"organisations/{action}.html", {"form": form, "organisation": organisation})


@staff_area
def verify(request, pk):
    return _staff_action(request, pk, action="verify")


@staff_area
def reject(request, pk):
    return _staff_action(request, pk, action="reject")


@staff_area
def suspend(request, pk):
    return _staff_action(request, pk, action="suspend")
