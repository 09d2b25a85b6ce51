"""Pages for references: the holder asks referees, the referee answers without an account, organisations read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from covenant.core.permissions import get_object_or_404_for
from covenant.organisations.models import Organisation

from ..forms.references import ConfirmForm, ReferenceAnswerForm, ReferenceRequestForm
from ..models import Passport, Reference, ReferenceStatus, Section
from ..selectors.passport import passport_of
from ..selectors.references import (
    SharedPassport,
    answer_visible_to_holder,
    answered_references_of,
    reference_by_token,
    reference_problem,
    reference_state,
    references_of,
)
from ..services.passport import passport_get_or_create
from ..services.references import (
    reference_answer,
    reference_request,
    reference_resend,
    reference_withdraw,
)
from ..services.sharing import passport_view_record


def _posted(request):
    return request.POST if request.method == "POST" else None


def _own_reference(request, pk) -> Reference:
    return get_object_or_404_for(
        request.user, "volunteers.change_reference", Reference.objects.select_related("passport"), pk=pk
    )


def _rows(references) -> list[dict]:
    return [
        {"reference": reference, "state": reference_state(reference),
         "state_label": ReferenceStatus(reference_state(reference)).label,
         "show_answer": answer_visible_to_holder(reference)}
        for reference in references
    ]


@login_required
def reference_list(request):
    """The holder's referees and where each request has got to; confidential answers stay hidden."""
    passport = passport_of(request.user)
    return render(request, "volunteers/references/list.html", {
        "rows": _rows(references_of(passport)),
        "can_request": request.user.has_perm("volunteers.request_reference", passport or Passport(
            holder=request.user)),
        "states": ReferenceStatus,
    })


@login_required
def reference_add(request):
    passport = passport_of(request.user)
    # Before the passport exists, ask about an unsaved one: only the holder's own standing matters here.
    if not request.user.has_perm("volunteers.request_reference", passport or Passport(holder=request.user)):
        raise Http404
    form = ReferenceRequestForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            reference = reference_request(
                actor=request.user, passport=passport or passport_get_or_create(holder=request.user),
                **form.cleaned_data,
            )
        except ValidationError as errors:
            form.add_service_errors(errors)
        else:
            messages.success(request, _("We have emailed %(name)s at %(email)s") % {
                "name": reference.referee_name, "email": reference.referee_email})
            return redirect("volunteers:references-list")
    return render(request, "volunteers/references/add.html", {"form": form})


@login_required
def reference_withdraw_page(request, pk):
    reference = _own_reference(request, pk)
    form = ConfirmForm(_posted(request), button=_("Withdraw request"), warning=True)
    problem = None
    if reference_state(reference) not in {ReferenceStatus.REQUESTED, ReferenceStatus.EXPIRED}:
        problem = (_("The referee has already answered, so the request cannot be withdrawn")
                   if reference.status == ReferenceStatus.ANSWERED else _("You have already withdrawn this request"))
    if problem is None and request.method == "POST" and form.is_valid():
        try:
            reference_withdraw(actor=request.user, reference=reference)
        except ValidationError as errors:
            form.add_service_errors(errors)
        else:
            messages.success(request, _("Your request to %(name)s has been withdrawn") % {
                "name": reference.referee_name})
            return redirect("volunteers:references-list")
    return render(request, "volunteers/references/withdraw.html", {
        "form": form, "reference": reference, "problem": problem,
    }, status=400 if problem else 200)


@login_required
@require_POST
def reference_resend_page(request, pk):
    reference = _own_reference(request, pk)
    try:
        reference = reference_resend(actor=request.user, reference=reference)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("We have sent a new link to %(email)s. The old link no longer works") % {
            "email": reference.referee_email})
    return redirect("volunteers:references-list")


def reference_answer_page(request, token):
    """The referee's form. It needs no account: the single-use link is the referee's proof."""
    reference = reference_by_token(token)
    problem = reference_problem(reference)
    form = ReferenceAnswerForm(_posted(request))
    if problem is None and request.method == "POST" and form.is_valid():
        try:
            reference_answer(token=token, **form.answer())
        except ValidationError as errors:
            if getattr(errors, "code", None) == "unusable_link":
                problem = errors.messages[0]
            else:
                form.add_service_errors(errors)
        else:
            return render(request, "volunteers/references/answered.html", {
                "volunteer_name": reference.passport.holder.display_name,
            })
    return render(request, "volunteers/references/answer.html", {
        "form": form, "problem": problem,
        "volunteer_name": reference.passport.holder.display_name if problem is None else "",
        "reference": reference if problem is None else None,
    }, status=200 if problem is None else 400)


@login_required
def references_shared(request, organisation_pk, passport_pk):
    """A volunteer's answered references, for an organisation they share the references section with."""
    try:
        organisation = Organisation.objects.get(pk=organisation_pk)
        passport = Passport.objects.select_related("holder").get(pk=passport_pk)
    except (Organisation.DoesNotExist, Passport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    shared = SharedPassport(organisation=organisation, passport=passport)
    if not request.user.has_perm("volunteers.view_shared_references", shared):
        raise Http404
    references = list(answered_references_of(passport))
    passport_view_record(viewer=request.user, organisation=organisation, passport=passport,
                         sections=[Section.REFERENCES], channel="page")
    return render(request, "volunteers/references/shared.html", {
        "organisation": organisation, "passport": passport, "references": references,
    })


urlpatterns = [
    path("passport/references/", reference_list, name="references-list"),
    path("passport/references/add/", reference_add, name="references-add"),
    path("passport/references/<int:pk>/withdraw/", reference_withdraw_page, name="references-withdraw"),
    path("passport/references/<int:pk>/resend/", reference_resend_page, name="references-resend"),
    path("references/answer/<str:token>/", reference_answer_page, name="references-answer"),
    path("organisations/<int:organisation_pk>/passports/<int:passport_pk>/references/", references_shared,
         name="references-shared"),
]
