"""Pages for volunteering history: the holder's hours and certificate, and an organisation's confirmation queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from covenant.core.permissions import get_object_or_404_for
from covenant.organisations.models import Organisation

from ..forms.history import CertificatePeriodForm, HoursConfirmForm, HoursDeclineForm, HoursLogForm
from ..models import HoursStatus, Passport
from ..selectors.history import (
    hours_certificate,
    hours_of,
    hours_queue,
    hours_totals,
    hours_years,
    queue_entry,
)
from ..selectors.passport import passport_of
from ..services.history import hours_confirm, hours_decline, hours_log
from ..services.passport import passport_get_or_create


def _posted(request):
    return request.POST if request.method == "POST" else None


def _may_log(user, passport) -> bool:
    # Before the passport exists, ask about an unsaved one: only the person's own standing matters here.
    return user.has_perm("volunteers.log_hours", passport or Passport(holder=user))


@login_required
def history_page(request):
    """The holder's hours: confirmed totals per year, organisation and cause, and what is still unconfirmed."""
    passport = passport_of(request.user)
    entries = list(hours_of(passport))
    return render(request, "volunteers/history/page.html", {
        "totals": hours_totals(passport),
        "unconfirmed": [entry for entry in entries if entry.status == HoursStatus.UNCONFIRMED],
        "entries": entries,
        "statuses": HoursStatus,
        "can_log": _may_log(request.user, passport),
    })


@login_required
def hours_log_page(request):
    passport = passport_of(request.user)
    if not _may_log(request.user, passport):
        raise Http404
    form = HoursLogForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            entry = hours_log(actor=request.user, passport=passport or passport_get_or_create(holder=request.user),
                              **form.cleaned_data)
        except ValidationError as errors:
            form.add_service_errors(errors)
        else:
            if entry.organisation_id:
                messages.success(request, _("Your hours are saved. We have asked %(name)s to confirm them") % {
                    "name": entry.organisation.name})
            else:
                messages.success(request, _("Your hours are saved"))
            return redirect("volunteers:history-page")
    return render(request, "volunteers/history/log.html", {"form": form})


@login_required
def certificate_page(request):
    """A printable certificate of confirmed hours per organisation, for one year or all time."""
    passport = passport_of(request.user)
    if passport is None:
        return render(request, "volunteers/history/certificate.html", {"form": None, "certificate": None})
    form = CertificatePeriodForm(request.GET or None, years=hours_years(passport))
    year = None
    if form.is_bound:
        if not form.is_valid():
            return render(request, "volunteers/history/certificate.html", {"form": form, "certificate": None},
                          status=400)
        year = form.chosen_year()
    return render(request, "volunteers/history/certificate.html", {
        "form": form, "certificate": hours_certificate(passport, year=year), "holder": request.user,
        "issued_on": timezone.localdate(),
    })


def _organisation(request, pk) -> Organisation:
    return get_object_or_404_for(request.user, "volunteers.view_hours_queue", Organisation, pk=pk)


@login_required
def queue_page(request, pk):
    """Hours volunteers say they gave this organisation, waiting for a coordinator to confirm or decline them."""
    organisation = _organisation(request, pk)
    return render(request, "volunteers/history/queue.html", {
        "organisation": organisation, "entries": hours_queue(organisation),
    })


def _entry(request, pk, entry_pk):
    organisation = _organisation(request, pk)
    entry = queue_entry(organisation, entry_pk)
    if entry is None or not request.user.has_perm("volunteers.confirm_hours", entry):
        raise Http404
    return organisation, entry


@login_required
def confirm_page(request, pk, entry_pk):
    organisation, entry = _entry(request, pk, entry_pk)
    form = HoursConfirmForm(_posted(request), initial={"hours": entry.hours.normalize()})
    if request.method == "POST" and form.is_valid():
        try:
            entry = hours_confirm(actor=request.user, entry=entry, hours=form.cleaned_data["hours"])
        except ValidationError as errors:
            form.add_service_errors(errors)
        else:
            messages.success(request, _("%(hours)s hours confirmed for %(name)s") % {
                "hours": entry.hours.normalize(), "name": entry.passport.holder.display_name})
            return redirect("volunteers:history-queue", pk=organisation.pk)
    return render(request, "volunteers/history/confirm.html", {
        "form": form, "organisation": organisation, "entry": entry,
    })


@login_required
def decline_page(request, pk, entry_pk):
    organisation, entry = _entry(request, pk, entry_pk)
    form = HoursDeclineForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            hours_decline(actor=request.user, entry=entry, reason=form.cleaned_data["reason"])
        except ValidationError as errors:
            form.add_service_errors(errors)
        else:
            messages.success(request, _("You did not confirm the hours of %(name)s. We have told them") % {
                "name": entry.passport.holder.display_name})
            return redirect("volunteers:history-queue", pk=organisation.pk)
    return render(request, "volunteers/history/decline.html", {
        "form": form, "organisation": organisation, "entry": entry,
    })


urlpatterns = [
    path("passport/hours/", history_page, name="history-page"),
    path("passport/hours/log/", hours_log_page, name="history-log"),
    path("passport/hours/certificate/", certificate_page, name="history-certificate"),
    path("organisations/<int:pk>/hours/", queue_page, name="history-queue"),
    path("organisations/<int:pk>/hours/<int:entry_pk>/confirm/", confirm_page, name="history-confirm"),
    path("organisations/<int:pk>/hours/<int:entry_pk>/decline/", decline_page, name="history-decline"),
]
