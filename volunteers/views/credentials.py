"""Pages for the credentials part of the Volunteer Passport: the holder's question pages with check-your-answers,
and the verifier's list and check page for credentials shared with their organisation."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from covenant.core.permissions import get_object_or_404_for, permission_required_or_404
from covenant.organisations.models import Organisation

from ..forms.credentials import CredentialForm, KindForm, RemoveForm, VerificationForm, initial_from
from ..models import (
    BarredLists,
    CredentialKind,
    DBSLevel,
    IdentityMethod,
    QualificationType,
    Workforce,
)
from ..selectors import credentials as selectors
from ..selectors.passport import passport_of
from ..services import credentials as services
from ..services.sharing import passport_view_record
from ..validation import KIND_FIELDS

DRAFT = "volunteers-credential-draft"
HEADINGS = {
    CredentialKind.IDENTITY: gettext_lazy("About your identity check"),
    CredentialKind.DBS: gettext_lazy("About your DBS check"),
    CredentialKind.TRAINING: gettext_lazy("About your training"),
    CredentialKind.QUALIFICATION: gettext_lazy("About your qualification"),
    CredentialKind.OCCUPATIONAL_HEALTH: gettext_lazy("About your occupational health clearance"),
}
# Answers left empty are not shown on check-your-answers; every other question is required.
OPTIONAL_ROWS = ("dbs_barred_lists", "dbs_workforce", "expires_on", "licence_categories", "provider", "title")
CHOICE_LABELS = {
    "identity_method": IdentityMethod, "dbs_level": DBSLevel, "dbs_barred_lists": BarredLists,
    "dbs_workforce": Workforce, "qualification_type": QualificationType,
}


def _posted(request):
    return request.POST if request.method == "POST" else None


def _kind_or_404(kind: str) -> str:
    if kind not in CredentialKind.values:
        raise Http404
    return kind


def _display(field: str, value) -> str:
    if field in CHOICE_LABELS:
        return str(CHOICE_LABELS[field](value).label) if value in CHOICE_LABELS[field].values else ""
    if field == "update_service_subscribed":
        return _("Yes") if value else _("No")
    if field in ("issued_on", "expires_on", "evidence_seen_on"):
        if isinstance(value, str) and value:
            value = datetime.date.fromisoformat(value)
        return date_format(value, "j F Y") if value else ""
    if field == "licence_categories":
        return ", ".join(value.split(",")) if value else ""
    return str(value or "")


def answer_rows(kind: str, details: dict) -> list[dict]:
    """Rows of a GOV.UK summary list for a credential's details, in the order of the question page."""
    form = CredentialForm(kind=kind)
    rows = []
    for field in KIND_FIELDS[kind]:
        value = details.get(field)
        if field == "update_service_id" and not details.get("update_service_subscribed"):
            continue
        if field in OPTIONAL_ROWS and not value:
            continue
        rows.append({"field": field, "label": form.fields[field].label, "value": _display(field, value)})
    return rows


def _serialisable(details: dict) -> dict:
    return {key: value.isoformat() if isinstance(value, datetime.date) else value for key, value in details.items()}


def _draft(request, *, kind: str, pk: int | None) -> dict | None:
    draft = request.session.get(DRAFT)
    if not isinstance(draft, dict) or draft.get("kind") != kind or draft.get("pk") != pk:
        return None
    return draft.get("details") if isinstance(draft.get("details"), dict) else None


def _own_credential(request, pk):
    return get_object_or_404_for(request.user, "volunteers.change_credential",
                                 selectors.credentials_of(passport_of(request.user)).select_related("passport"),
                                 pk=pk)


@login_required
def credential_list(request):
    passport = passport_of(request.user)
    today = timezone.localdate()
    credentials = list(selectors.credentials_of(passport).select_related("verified_organisation"))
    for credential in credentials:
        credential.shown_status = selectors.effective_status(credential, on=today)
        credential.rows = answer_rows(credential.kind, {f: getattr(credential, f) for f in KIND_FIELDS[credential.kind]})
    return render(request, "volunteers/credentials/list.html", {"credentials": credentials})


@login_required
@permission_required_or_404("volunteers.add_credential")
def credential_add(request):
    form = KindForm(_posted(request), initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        request.session.pop(DRAFT, None)
        return redirect("volunteers:credentials-add-details", kind=form.cleaned_data["kind"])
    return render(request, "volunteers/credentials/kind.html", {"form": form})


def _details_page(request, *, kind: str, credential=None):
    pk = credential.pk if credential else None
    stored = _draft(request, kind=kind, pk=pk)
    if stored is None and credential is not None:
        stored = {field: getattr(credential, field) for field in KIND_FIELDS[kind]}
    form = CredentialForm(_posted(request), kind=kind, initial=initial_from(_serialisable(stored or {})))
    if request.method == "POST" and form.is_valid():
        request.session[DRAFT] = {"kind": kind, "pk": pk, "details": _serialisable(form.details)}
        if credential is None:
            return redirect("volunteers:credentials-add-check", kind=kind)
        return redirect("volunteers:credentials-change-check", pk=pk)
    return render(request, "volunteers/credentials/details.html", {
        "form": form, "kind": kind, "heading": HEADINGS[kind], "credential": credential,
    })


def _check_page(request, *, kind: str, credential=None):
    pk = credential.pk if credential else None
    details = _draft(request, kind=kind, pk=pk)
    if details is None:
        # Nothing answered yet (or answers for something else): start the questions again.
        if credential is None:
            return redirect("volunteers:credentials-add-details", kind=kind)
        return redirect("volunteers:credentials-change", pk=pk)
    errors = None
    if request.method == "POST":
        try:
            if credential is None:
                services.credential_create(actor=request.user, kind=kind, details=details)
                message = _("%(kind)s added. It is not verified yet") % {"kind": CredentialKind(kind).label}
            else:
                services.credential_update(actor=request.user, credential=credential, details=details)
                message = _("%(kind)s changed") % {"kind": CredentialKind(kind).label}
        except ValidationError as error:
            # The answers were fine when given but no longer are (a date passed): ask again.
            errors = error.messages
        except PermissionDenied:
            raise Http404 from None
        else:
            request.session.pop(DRAFT, None)
            messages.success(request, message)
            return redirect("volunteers:credentials-list")
    change_url = (
        redirect("volunteers:credentials-add-details", kind=kind).url if credential is None
        else redirect("volunteers:credentials-change", pk=pk).url
    )
    return render(request, "volunteers/credentials/check.html", {
        "rows": answer_rows(kind, details), "kind_label": CredentialKind(kind).label, "credential": credential,
        "change_url": change_url, "errors": errors,
        "resets_verification": credential is not None and credential.status != "self_declared",
    })


@login_required
@permission_required_or_404("volunteers.add_credential")
def credential_add_details(request, kind):
    return _details_page(request, kind=_kind_or_404(kind))


@login_required
@permission_required_or_404("volunteers.add_credential")
def credential_add_check(request, kind):
    return _check_page(request, kind=_kind_or_404(kind))


@login_required
def credential_change(request, pk):
    credential = _own_credential(request, pk)
    return _details_page(request, kind=credential.kind, credential=credential)


@login_required
def credential_change_check(request, pk):
    credential = _own_credential(request, pk)
    return _check_page(request, kind=credential.kind, credential=credential)


@login_required
def credential_remove(request, pk):
    credential = get_object_or_404_for(request.user, "volunteers.delete_credential",
                                       selectors.credentials_of(passport_of(request.user)).select_related("passport"),
                                       pk=pk)
    form = RemoveForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["confirm"] == "yes":
            services.credential_remove(actor=request.user, credential=credential)
            messages.success(request, _("%(name)s removed") % {"name": credential})
        return redirect("volunteers:credentials-list")
    return render(request, "volunteers/credentials/remove.html", {"form": form, "credential": credential})


@login_required
def verifier_home(request):
    """Where a verifier starts: the organisations they check credentials for."""
    organisations = list(selectors.verifier_organisations(request.user))
    if not organisations:
        raise Http404
    if len(organisations) == 1:
        return redirect("volunteers:credentials-verify-list", organisation_pk=organisations[0].pk)
    return render(request, "volunteers/credentials/verifier_home.html", {"organisations": organisations})


def _verifier_organisation(request, organisation_pk) -> Organisation:
    return get_object_or_404_for(request.user, "volunteers.verify_credentials_for", Organisation,
                                 pk=organisation_pk)


@login_required
def verify_list(request, organisation_pk):
    organisation = _verifier_organisation(request, organisation_pk)
    today = timezone.localdate()
    credentials = [c for c in selectors.credentials_shared_with(organisation, on=today)
                   if c.passport.holder_id != request.user.pk]
    # The list shows each holder's name, kinds and states only: it is a look at their passports, so it is logged.
    seen: dict = {}
    for credential in credentials:
        seen.setdefault(credential.passport, set()).add(selectors.section_of(credential))
    for passport, sections in seen.items():
        passport_view_record(viewer=request.user, organisation=organisation, passport=passport,
                             sections=sections, channel="page")
    to_check = [c for c in credentials if c.shown_status in selectors.VERIFIABLE_STATUSES]
    checked = [c for c in credentials if c.shown_status not in selectors.VERIFIABLE_STATUSES]
    return render(request, "volunteers/credentials/verify_list.html", {
        "organisation": organisation, "to_check": to_check, "checked": checked,
    })


@login_required
def verify(request, organisation_pk, pk):
    organisation = _verifier_organisation(request, organisation_pk)
    credential = selectors.credential_shared_with(organisation, pk)
    if credential is None or not request.user.has_perm("volunteers.verify_credential", credential):
        raise Http404
    if credential.passport.holder_id == request.user.pk:
        raise Http404
    today = timezone.localdate()
    passport_view_record(viewer=request.user, organisation=organisation, passport=credential.passport,
                         sections=[selectors.section_of(credential)], channel="page")
    form = VerificationForm(_posted(request), issued_on=credential.issued_on)
    if request.method == "POST" and form.is_valid():
        try:
            services.credential_check(actor=request.user, organisation=organisation, credential=credential,
                                      outcome=form.values["outcome"], evidence_seen=form.values["evidence_seen"],
                                      evidence_seen_on=form.values["evidence_seen_on"], reason=form.values["reason"])
        except ValidationError as errors:
            form.add_service_errors(errors)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Check saved. %(name)s has been told") % {
                "name": credential.passport.holder.full_name or credential.passport.holder.email})
            return redirect("volunteers:credentials-verify-list", organisation_pk=organisation.pk)
    return render(request, "volunteers/credentials/verify.html", {
        "organisation": organisation, "credential": credential, "form": form,
        "shown_status": selectors.effective_status(credential, on=today),
        "rows": answer_rows(credential.kind, {f: getattr(credential, f) for f in KIND_FIELDS[credential.kind]}),
        "checkable": selectors.effective_status(credential, on=today) in (
            *selectors.VERIFIABLE_STATUSES, *selectors.REJECTABLE_STATUSES),
    })


urlpatterns = [
    path("passport/credentials/", credential_list, name="credentials-list"),
    path("passport/credentials/add/", credential_add, name="credentials-add"),
    path("passport/credentials/add/<str:kind>/", credential_add_details, name="credentials-add-details"),
    path("passport/credentials/add/<str:kind>/check/", credential_add_check, name="credentials-add-check"),
    path("passport/credentials/<int:pk>/change/", credential_change, name="credentials-change"),
    path("passport/credentials/<int:pk>/change/check/", credential_change_check, name="credentials-change-check"),
    path("passport/credentials/<int:pk>/remove/", credential_remove, name="credentials-remove"),
    path("verify/", verifier_home, name="credentials-verifier-home"),
    path("organisations/<int:organisation_pk>/credentials/", verify_list, name="credentials-verify-list"),
    path("organisations/<int:organisation_pk>/credentials/<int:pk>/", verify, name="credentials-verify"),
]
