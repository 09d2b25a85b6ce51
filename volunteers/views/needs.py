"""Pages for needs: an organisation's needs, posting and editing them, their shifts and states, its dashboard."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from covenant.core.permissions import get_object_or_404_for
from covenant.organisations.models import Organisation

from ..forms.needs import NeedForm, ShiftForm, ShiftsUploadForm, WeeklyShiftForm
from ..selectors.needs import (
    dashboard,
    export_rows,
    need_of_organisation,
    needs_of_organisation,
    organisations_posting_needs,
    shift_of_need,
)
from ..services import needs as services


def _posted(request):
    return request.POST if request.method == "POST" else None


def _organisation(request, pk) -> Organisation:
    return get_object_or_404_for(request.user, "volunteers.manage_needs", Organisation, pk=pk)


def _need(request, pk, need_pk):
    organisation = _organisation(request, pk)
    need = need_of_organisation(organisation, need_pk)
    if need is None or not request.user.has_perm("volunteers.change_need", need):
        raise Http404
    return organisation, need


@login_required
def organisations_page(request):
    """Where a coordinator starts: straight to their organisation's needs, or a choice of organisations."""
    organisations = list(organisations_posting_needs(request.user))
    if len(organisations) == 1:
        return redirect("volunteers:needs-list", organisations[0].pk)
    return render(request, "volunteers/needs/organisations.html", {"organisations": organisations})


@login_required
def list_page(request, pk):
    organisation = _organisation(request, pk)
    return render(request, "volunteers/needs/list.html", {
        "organisation": organisation, "needs": needs_of_organisation(organisation),
    })


@login_required
def create_page(request, pk):
    organisation = _organisation(request, pk)
    form = NeedForm(_posted(request), submit_label=_("Save as draft"))
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_create(actor=request.user, organisation=organisation, checks=form.checks(),
                                        **form.details())
        except ValidationError as errors:
            form.add_service_errors(errors)
        else:
            messages.success(request, _("Need saved as a draft. Add shifts, then publish it"))
            return redirect("volunteers:needs-detail", pk=organisation.pk, need_pk=need.pk)
    return render(request, "volunteers/needs/form.html", {
        "form": form, "organisation": organisation, "heading": _("Post a need"),
    })


@login_required
def detail_page(request, pk, need_pk):
    organisation, need = _need(request, pk, need_pk)
    return render(request, "volunteers/needs/detail.html", {
        "organisation": organisation, "need": need, "actions": services.allowed_actions(need),
        "action_labels": {"publish": _("Publish"), "pause": _("Pause"), "close": _("Close"),
                          "reopen": _("Reopen as a draft")},
        "now": timezone.now(),
    })


@login_required
def edit_page(request, pk, need_pk):
    organisation, need = _need(request, pk, need_pk)
    form = NeedForm(_posted(request), initial=NeedForm.initial_for(need))
    if request.method == "POST" and form.is_valid():
        try:
            details = form.details()
            services.need_update(actor=request.user, need=need, skills=details.pop("skills"), **details)
            services.need_set_checks(actor=request.user, need=need, checks=form.checks())
        except ValidationError as errors:
            form.add_service_errors(errors)
        else:
            messages.success(request, _("Need updated"))
            return redirect("volunteers:needs-detail", pk=organisation.pk, need_pk=need.pk)
    return render(request, "volunteers/needs/form.html", {
        "form": form, "organisation": organisation, "need": need, "heading": _("Change the need"),
    })


@login_required
@require_POST
def action_page(request, pk, need_pk, action):
    organisation, need = _need(request, pk, need_pk)
    service = {"publish": services.need_publish, "pause": services.need_pause, "close": services.need_close,
               "reopen": services.need_reopen}.get(action)
    if service is None:
        raise Http404
    try:
        need = service(actor=request.user, need=need)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The need is now %(status)s") % {"status": need.get_status_display().lower()})
    return redirect("volunteers:needs-detail", pk=organisation.pk, need_pk=need.pk)


def _shift_page(request, pk, need_pk, form_class, heading, add):
    organisation, need = _need(request, pk, need_pk)
    if form_class is ShiftsUploadForm:
        form = form_class(_posted(request), request.FILES if request.method == "POST" else None)
    else:
        form = form_class(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            count = add(need, form.cleaned_data)
        except ValidationError as errors:
            form.add_service_errors(errors)
        else:
            messages.success(request, _("%(count)s shifts added") % {"count": count} if count != 1
                             else _("Shift added"))
            return redirect("volunteers:needs-detail", pk=organisation.pk, need_pk=need.pk)
    return render(request, "volunteers/needs/shift_form.html", {
        "form": form, "organisation": organisation, "need": need, "heading": heading,
        "upload": form_class is ShiftsUploadForm,
    })


@login_required
def shift_add_page(request, pk, need_pk):
    def add(need, data):
        services.shift_add(actor=request.user, need=need, starts_at=data["starts_at"], ends_at=data["ends_at"],
                           places=data["places"])
        return 1
    return _shift_page(request, pk, need_pk, ShiftForm, _("Add a shift"), add)


@login_required
def shift_weekly_page(request, pk, need_pk):
    def add(need, data):
        return len(services.shifts_add_recurring(actor=request.user, need=need, starts_at=data["starts_at"],
                                                 ends_at=data["ends_at"], places=data["places"], weeks=data["weeks"]))
    return _shift_page(request, pk, need_pk, WeeklyShiftForm, _("Add a weekly shift"), add)


@login_required
def shift_upload_page(request, pk, need_pk):
    def add(need, data):
        return len(services.shifts_import_csv(actor=request.user, need=need, content=data["file"]))
    return _shift_page(request, pk, need_pk, ShiftsUploadForm, _("Upload shifts"), add)


@login_required
def shift_remove_page(request, pk, need_pk, shift_pk):
    organisation, need = _need(request, pk, need_pk)
    shift = shift_of_need(need, shift_pk)
    if shift is None:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            services.shift_remove(actor=request.user, shift=shift)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("Shift removed"))
            return redirect("volunteers:needs-detail", pk=organisation.pk, need_pk=need.pk)
    return render(request, "volunteers/needs/shift_remove.html", {
        "organisation": organisation, "need": need, "shift": shift, "error": error,
    })


@login_required
def dashboard_page(request, pk):
    """How the organisation's volunteering is going: open shifts, applications and hours waiting, top volunteers."""
    organisation = _organisation(request, pk)
    return render(request, "volunteers/needs/dashboard.html", {
        "organisation": organisation, "dashboard": dashboard(organisation),
    })


@login_required
def export_page(request, pk):
    """The organisation's needs and their shifts as CSV, one line per shift."""
    organisation = _organisation(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="needs-{organisation.pk}.csv"'
    # A byte order mark so spreadsheet programs read the file as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("need id"), _("title"), _("status"), _("activity type"), _("cause"), _("postcode"),
                     _("remote"), _("shift id"), _("start"), _("end"), _("places"), _("booked"),
                     _("applications waiting")])
    for need, shift in export_rows(organisation):
        writer.writerow([
            need.pk, _safe(need.title), need.get_status_display(), need.get_activity_type_display(),
            need.cause.name if need.cause else "", need.postcode, _("yes") if need.location_kind == "remote" else _("no"),
            shift.pk if shift else "",
            f"{timezone.localtime(shift.starts_at):%Y-%m-%d %H:%M}" if shift else "",
            f"{timezone.localtime(shift.ends_at):%Y-%m-%d %H:%M}" if shift else "",
            shift.places if shift else "", shift.booked if shift else "", shift.applied if shift else "",
        ])
    return response


def _safe(text: str) -> str:
    # A title starting with = + - @ would run as a formula when the file is opened in a spreadsheet.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


urlpatterns = [
    path("your-needs/", organisations_page, name="needs-organisations"),
    path("organisations/<int:pk>/needs/", list_page, name="needs-list"),
    path("organisations/<int:pk>/needs/new/", create_page, name="needs-create"),
    path("organisations/<int:pk>/needs/export.csv", export_page, name="needs-export"),
    path("organisations/<int:pk>/needs/dashboard/", dashboard_page, name="needs-dashboard"),
    path("organisations/<int:pk>/needs/<int:need_pk>/", detail_page, name="needs-detail"),
    path("organisations/<int:pk>/needs/<int:need_pk>/edit/", edit_page, name="needs-edit"),
    path("organisations/<int:pk>/needs/<int:need_pk>/<str:action>/", action_page, name="needs-action"),
    path("organisations/<int:pk>/needs/<int:need_pk>/shifts/add/", shift_add_page, name="needs-shift-add"),
    path("organisations/<int:pk>/needs/<int:need_pk>/shifts/weekly/", shift_weekly_page, name="needs-shift-weekly"),
    path("organisations/<int:pk>/needs/<int:need_pk>/shifts/upload/", shift_upload_page, name="needs-shift-upload"),
    path("organisations/<int:pk>/needs/<int:need_pk>/shifts/<int:shift_pk>/remove/", shift_remove_page,
         name="needs-shift-remove"),
]
